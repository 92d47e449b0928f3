"""WebFinger as RFC 7033 and Mastodon expect it; NodeInfo that claims only what exists."""

from __future__ import annotations

import pytest
from django.conf import settings

from federation.protocol import ids

pytestmark = pytest.mark.django_db
AP = {"HTTP_ACCEPT": "application/activity+json"}


def finger(client, resource: str):
    return client.get("/.well-known/webfinger", {"resource": resource})


def test_webfinger_lets_any_origin_read_it_and_may_be_cached(client, person):
    found = finger(client, f"acct:alice@{settings.TREMPLIN_DOMAIN}")
    assert found["Access-Control-Allow-Origin"] == "*"
    assert "max-age=3600" in found["Cache-Control"]
    missing = finger(client, f"acct:nobody@{settings.TREMPLIN_DOMAIN}")
    assert missing.status_code == 404
    assert missing["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in missing["Cache-Control"]


@pytest.mark.parametrize(
    "resource", ["alice", "alice@somewhere", "acct:alice", "acct:@host", "http://", "https:///x"]
)
def test_a_resource_that_is_not_a_uri_is_a_bad_request_with_a_reason(client, person, resource):
    answer = finger(client, resource)
    assert answer.status_code == 400
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert answer.json()["error"]


def test_the_node_actor_round_trips_through_webfinger(client):
    actor = client.get("/actor/", **AP).json()
    acct = f"acct:{actor['preferredUsername']}@{settings.TREMPLIN_DOMAIN}"
    answer = finger(client, acct)
    assert answer.status_code == 200
    assert answer.json()["subject"] == acct
    links = {link["rel"]: link["href"] for link in answer.json()["links"]}
    assert links["self"] == actor["id"] == ids.actor_uri(None)
    # and by its id
    assert finger(client, actor["id"]).json()["subject"] == acct


def test_host_meta_lets_any_origin_read_it(client):
    answer = client.get("/.well-known/host-meta")
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "/.well-known/webfinger?resource={uri}" in answer.content.decode()


def test_nodeinfo_claims_only_the_rss_feed_that_exists(client, person, vocabulary):
    info = client.get("/nodeinfo/2.1").json()
    assert info["services"] == {"inbound": [], "outbound": ["rss2.0"]}
    feed = client.get("/@alice/feed/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert b"<rss" in feed.content


def test_nodeinfo_2_0_is_served_and_listed(client, person):
    listed = client.get("/.well-known/nodeinfo").json()["links"]
    links = {link["rel"]: link["href"] for link in listed}
    href = links["http://nodeinfo.diaspora.software/ns/schema/2.0"]
    info = client.get(href[href.index("/nodeinfo") :])
    assert info.status_code == 200
    assert "schema/2.0" in info["Content-Type"]
    document = info.json()
    assert document["version"] == "2.0"
    assert set(document["software"]) == {"name", "version"}  # 2.0 allows nothing else
    assert document["protocols"] == ["activitypub"]
    assert document["usage"]["users"]["total"] == 1
