"""Content negotiation as caches and peers need it: q-values, Vary, ETag and 304."""

from __future__ import annotations

import pytest

from node.web.accept import parse_accept, prefers
from tests.conftest import make_experience

pytestmark = pytest.mark.django_db
AS_PROFILE = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MASTODON = f"application/activity+json, {AS_PROFILE}, text/html;q=0.1"


@pytest.mark.parametrize(
    ("accept", "json"),
    [
        ("text/html;q=0.9, application/activity+json", True),
        ("application/activity+json;q=0.1, text/html", False),
        (AS_PROFILE, True),
        ('application/ld+json; profile="https://www.w3.org/ns/activitystreams, x"', True),
        (MASTODON, True),
        (BROWSER, False),
        ("*/*", False),
        ("", False),
        ("application/activity+json;q=0", False),
        ("application/activity+json;q=0.5, */*;q=0.4", True),
        ("application/activity+json;q=0.5, */*", False),
        ("application/activity+json;q=nonsense, text/html", False),
    ],
)
def test_accept_q_values_choose_the_variant(client, person, accept, json):
    assert prefers(accept, ("application/activity+json", "application/ld+json")) is json
    answer = client.get("/@alice/", HTTP_ACCEPT=accept)
    assert answer.status_code == 200
    kind = "application/activity+json" if json else "text/html"
    assert answer["Content-Type"].startswith(kind)
    assert "Accept" in answer["Vary"]


def test_a_quoted_comma_does_not_split_a_media_range():
    ranges = parse_accept('application/ld+json; profile="a, b";q=0.5, text/html')
    assert [(r.media_type, r.q) for r in ranges] == [("application/ld+json", 0.5), ("text/html", 1)]
    assert ranges[0].params["profile"] == "a, b"


def test_every_negotiated_page_says_vary_accept(client, person, vocabulary):
    from tests.federation.test_offers_outbox import make_offer

    experience = make_experience(person)
    offer = make_offer()
    for path in ("/@alice/", f"/@alice/experiences/{experience.pk}/", f"/offers/{offer.pk}/"):
        for accept in (BROWSER, MASTODON):
            answer = client.get(path, HTTP_ACCEPT=accept)
            assert answer.status_code == 200, (path, accept)
            assert "Accept" in answer["Vary"], (path, accept)
    assert "Accept" in client.get("/actor/", HTTP_ACCEPT=MASTODON)["Vary"]


def test_actor_and_object_json_answer_a_matching_if_none_match_with_304(client, person, vocabulary):
    experience = make_experience(person)
    for path in ("/@alice/", f"/@alice/experiences/{experience.pk}/", "/actor/"):
        first = client.get(path, HTTP_ACCEPT=MASTODON)
        etag = first["ETag"]
        assert etag.startswith('"') and etag.endswith('"')
        again = client.get(path, HTTP_ACCEPT=MASTODON, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, path
        assert again.content == b""
        assert again["ETag"] == etag and "Accept" in again["Vary"]
        other = client.get(path, HTTP_ACCEPT=MASTODON, HTTP_IF_NONE_MATCH='"stale"')
        assert other.status_code == 200


def test_the_etag_changes_when_the_actor_changes(client, person):
    from node.accounts.models import NodeSettings

    before = client.get("/actor/", HTTP_ACCEPT=MASTODON)["ETag"]
    node = NodeSettings.current()
    node.name = "Another name"
    node.save()
    after = client.get("/actor/", HTTP_ACCEPT=MASTODON, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before
