"""Backfill: following or looking someone up brings their earlier public items, bounded."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from federation.incoming import backfill
from federation.models import Backfill, DomainRule, RemoteObject
from federation.peers.fetch import FetchError
from federation.worker import run_single_cycle
from profiles import following
from profiles.models import Experience
from tests.federation.helpers import (
    followed_here,
    make_remote_actor,
    tremplin_experience,
)

PEER = "https://peer.example"
ACTOR = f"{PEER}/users/rosa"
OUTBOX = f"{ACTOR}/outbox"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def article(number: int, *, days_ago: int = 1) -> dict[str, Any]:
    """A Tremplin peer's experience (a Mastodon status would be a post, not an experience)."""
    published = timezone.now() - datetime.timedelta(days=days_ago)
    return tremplin_experience(
        {
            "id": f"{ACTOR}/articles/{number}",
            "type": "Article",
            "attributedTo": ACTOR,
            "name": f"Experience {number}",
            "content": f"<p>What I did, number {number}</p>",
            "published": published.isoformat().replace("+00:00", "Z"),
            "to": [PUBLIC],
        }
    )


def create(obj: dict[str, Any]) -> dict[str, Any]:
    return {"id": obj["id"] + "#create", "type": "Create", "actor": ACTOR, "object": obj}


class Peer:
    """The peer's documents by URL, as its server would serve them (the network edge)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, documents: dict[str, Any]) -> None:
        self.documents = documents
        self.fetched: list[str] = []
        monkeypatch.setattr("federation.incoming.backfill.fetch_json", self.fetch_json)

    def fetch_json(self, url: str, **kwargs: Any) -> dict[str, Any]:
        self.fetched.append(url)
        if url not in self.documents:
            raise FetchError("not found", status=404)
        return copy.deepcopy(self.documents[url])


def actor_doc() -> dict[str, Any]:
    return {"id": ACTOR, "type": "Person", "outbox": OUTBOX}


@pytest.fixture
def rosa(db: None):
    return make_remote_actor()


def run_backfill(actor) -> Backfill:
    assert backfill.request_backfill(actor)
    run_single_cycle()
    return Backfill.objects.get(actor=actor)


def titles() -> set[str]:
    return {e.published.role for e in Experience.objects.select_related("published")}


def test_a_paged_outbox_brings_inline_and_fetched_items_as_experiences(person, rosa, monkeypatch):
    first, second, third = article(1), article(2, days_ago=3), article(3, days_ago=5)
    peer = Peer(
        monkeypatch,
        {
            ACTOR: actor_doc(),
            OUTBOX: {"id": OUTBOX, "type": "OrderedCollection", "first": f"{OUTBOX}?page=1"},
            f"{OUTBOX}?page=1": {
                "id": f"{OUTBOX}?page=1",
                "type": "OrderedCollectionPage",
                "orderedItems": [create(first), third["id"] + "#create"],
                "next": f"{OUTBOX}?page=2",
            },
            third["id"] + "#create": create(third),
            f"{OUTBOX}?page=2": {
                "id": f"{OUTBOX}?page=2",
                "type": "OrderedCollectionPage",
                "orderedItems": [create(second)],
            },
        },
    )
    row = run_backfill(rosa)

    assert row.items == 3 and not row.pending and row.done_at is not None
    assert RemoteObject.objects.filter(actor=rosa).count() == 3
    assert Experience.objects.filter(owner=rosa.profile).count() == 3
    assert f"{OUTBOX}?page=2" in peer.fetched
    browser = Client()
    browser.force_login(person.user)
    # Listed once someone here follows her (profiles.belonging), as following her does.
    followed_here(rosa, handle=person.handle)
    page = browser.get("/explore/").content.decode()
    assert all(f"What I did, number {n}" in page for n in (1, 2, 3))


def test_a_collection_listing_objects_directly_is_read_and_an_object_id_is_fetched(
    rosa, monkeypatch
):
    one, two = article(1), article(2)
    Peer(
        monkeypatch,
        {
            ACTOR: actor_doc(),
            OUTBOX: {"id": OUTBOX, "type": "OrderedCollection", "orderedItems": [one, two["id"]]},
            two["id"]: two,
        },
    )
    assert run_backfill(rosa).items == 2
    assert Experience.objects.filter(owner=rosa.profile).count() == 2


def test_items_older_than_twelve_months_are_left_where_they_are(rosa, monkeypatch):
    recent, old, older = article(1), article(2, days_ago=400), article(3, days_ago=500)
    Peer(
        monkeypatch,
        {
            ACTOR: actor_doc(),
            OUTBOX: {"id": OUTBOX, "orderedItems": [create(recent), create(old), create(older)]},
        },
    )
    assert run_backfill(rosa).items == 1
    assert list(RemoteObject.objects.values_list("uri", flat=True)) == [recent["id"]]


def test_at_most_fifty_items_are_brought(rosa, monkeypatch):
    monkeypatch.setattr(backfill, "MAX_ITEMS", 4)
    items = [create(article(n)) for n in range(10)]
    Peer(monkeypatch, {ACTOR: actor_doc(), OUTBOX: {"id": OUTBOX, "orderedItems": items}})
    assert run_backfill(rosa).items == 4
    assert Experience.objects.count() == 4


def test_a_run_makes_a_bounded_number_of_requests(rosa, monkeypatch):
    monkeypatch.setattr(backfill, "MAX_REQUESTS", 4)
    items = [f"{ACTOR}/articles/{n}" for n in range(10)]
    documents = {ACTOR: actor_doc(), OUTBOX: {"id": OUTBOX, "orderedItems": items}}
    documents.update({f"{ACTOR}/articles/{n}": article(n) for n in range(10)})
    peer = Peer(monkeypatch, documents)
    row = run_backfill(rosa)
    assert len(peer.fetched) == 4 and row.requests == 4
    assert row.items == 2 and row.error == "out of budget"


def test_a_backfill_runs_at_most_once_a_day_per_actor(rosa, monkeypatch):
    peer = Peer(monkeypatch, {ACTOR: actor_doc(), OUTBOX: {"id": OUTBOX, "orderedItems": []}})
    run_backfill(rosa)
    assert not backfill.request_backfill(rosa)
    run_single_cycle()
    assert peer.fetched == [ACTOR, OUTBOX]
    Backfill.objects.update(done_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    assert backfill.request_backfill(rosa)


def test_an_item_of_another_host_is_not_fetched_nor_kept(rosa, monkeypatch):
    forged = {**article(1), "id": "https://elsewhere.example/articles/1"}
    peer = Peer(
        monkeypatch,
        {
            ACTOR: actor_doc(),
            OUTBOX: {
                "id": OUTBOX,
                "orderedItems": ["https://elsewhere.example/activities/1", create(forged)],
            },
        },
    )
    run_backfill(rosa)
    assert "https://elsewhere.example/activities/1" not in peer.fetched
    assert not Experience.objects.exists()


def test_a_blocked_node_is_not_asked_anything(rosa, monkeypatch):
    peer = Peer(monkeypatch, {ACTOR: actor_doc()})
    DomainRule.objects.create(domain="peer.example", rule=DomainRule.BLOCK)
    run_backfill(rosa)
    assert peer.fetched == []


def test_following_someone_elsewhere_asks_for_their_earlier_items(person, rosa):
    following.follow(person, rosa.profile)
    assert Backfill.objects.filter(actor=rosa, pending=True).exists()


def test_someone_elsewhere_following_us_asks_for_nothing(person, rosa):
    following.follow(rosa.profile, person)
    assert not Backfill.objects.exists()
