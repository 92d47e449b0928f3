"""While Redis is unreachable the cache answers as an empty one: pages, rate limits
and the inbox keep working, and nothing raises (the fault suite restarts a real Redis)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from node import ratelimit
from node.cache import TolerantRedisCache

UNREACHABLE_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


@pytest.fixture
def cache() -> TolerantRedisCache:
    return TolerantRedisCache(
        UNREACHABLE_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )


def test_reads_miss_and_writes_are_dropped_without_an_error(cache):
    assert cache.get("page", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("page") is False
    assert cache.set("page", "html", 30) is None
    assert cache.set_many({"a": 1}) == []
    assert cache.delete("page") is False
    cache.delete_many(["a", "b"])
    assert cache.touch("page") is False


def test_add_succeeds_so_a_rate_limit_lets_the_request_through(cache):
    assert cache.add("ratelimit:login:x", 1, 60) is True
    with pytest.raises(ValueError):
        cache.incr("ratelimit:login:x")


def test_a_rate_limit_counted_in_an_unreachable_redis_allows_the_hit(cache, monkeypatch):
    monkeypatch.setattr(ratelimit, "cache", cache)
    for _ in range(5):
        assert ratelimit.hit("login", "127.0.0.1", ratelimit.Limit(hits=2, window=60)) == 0


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "node.cache.TolerantRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
)
@pytest.mark.django_db
def test_pages_are_served_while_redis_is_unreachable(client):
    assert client.get("/").status_code == 200
    assert client.get("/about/").status_code == 200
