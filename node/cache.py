"""A Redis cache that a Redis restart cannot turn into errors.

Why: in Tremplin the cache only holds what can be rebuilt (cached pages and cards,
rate-limit counters, the worker's wake-up flag); the database is the queue and the
record. Django's Redis backend raises on a lost connection, so while Redis restarts
every page, every publication (whose signal retires cached pages) and every inbox
POST from a peer would fail, and the peer would have to retry. This backend answers
as an empty cache instead: reads miss, writes are dropped, `add` succeeds (so a rate
limit lets the request through rather than refusing everyone), and a warning is logged.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY_SECONDS = 10
_last_warning = 0.0


def _warn(operation: str, error: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning("Redis unreachable (%s: %s); the cache answers as empty", operation, error)


def _tolerant(method: Callable[..., Any], fallback: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _warn(method.__name__, error)
            return fallback(*args, **kwargs)

    return call


def _default(key: str, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _true(*args: Any, **kwargs: Any) -> bool:
    return True


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _empty(*args: Any, **kwargs: Any) -> dict:
    return {}


def _missing(key: str, *args: Any, **kwargs: Any) -> int:
    raise ValueError(f"Key {key!r} not found (Redis unreachable)")


def _no_keys_failed(data: Any, *args: Any, **kwargs: Any) -> list:
    return []


class TolerantRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis is unreachable."""

    get = _tolerant(RedisCache.get, _default)
    get_many = _tolerant(RedisCache.get_many, _empty)
    has_key = _tolerant(RedisCache.has_key, _false)
    add = _tolerant(RedisCache.add, _true)
    set = _tolerant(RedisCache.set, _nothing)
    set_many = _tolerant(RedisCache.set_many, _no_keys_failed)
    touch = _tolerant(RedisCache.touch, _false)
    incr = _tolerant(RedisCache.incr, _missing)
    delete = _tolerant(RedisCache.delete, _false)
    delete_many = _tolerant(RedisCache.delete_many, _nothing)
    clear = _tolerant(RedisCache.clear, _false)
