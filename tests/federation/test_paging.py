"""Collections as a peer walks them: the collection says how many and where the first
page is; following `next` to the end lists exactly that many items, once each."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from federation.models import InstanceFollower
from profiles.visibility import Visibility
from tests.conftest import make_experience
from tests.federation.helpers import make_remote_actor
from tests.federation.test_offers_outbox import make_offer

pytestmark = pytest.mark.django_db
AP = "application/activity+json"


def get(client: Client, url: str) -> dict:
    response = client.get(url.replace("http://testserver", ""), HTTP_ACCEPT=AP)
    assert response.status_code == 200, (url, response.status_code)
    return json.loads(response.content)


def walk(client: Client, url: str) -> tuple[dict, list]:
    """The collection and every item of its pages, first to last (prev checked on the way)."""
    collection = get(client, url)
    items, page_url, previous = [], collection["first"], None
    while page_url:
        page = get(client, page_url)
        assert page["type"] == "OrderedCollectionPage"
        assert page["partOf"] == collection["id"]
        assert page.get("prev") == previous
        items += page["orderedItems"]
        previous, page_url = page["id"], page.get("next")
    assert previous == collection["last"]
    return collection, items


def test_an_outbox_of_25_items_lists_all_25_over_its_pages(client, person, vocabulary):
    for number in range(25):
        make_experience(person, Visibility.PUBLIC, title=f"Job {number}")
    make_experience(person, Visibility.FOLLOWERS, title="Not for everyone")
    collection, items = walk(client, "/@alice/outbox/")
    assert collection["type"] == "OrderedCollection"
    assert collection["totalItems"] == 25 == len(items)
    assert len({item["id"] for item in items}) == 25
    assert {item["type"] for item in items} == {"Create"}
    titles = [item["object"]["name"] for item in items]
    assert titles[0] == "Job 24" and "Not for everyone" not in titles  # newest first


def test_the_node_outbox_lists_its_boosts_and_its_followers_are_real(client, person, vocabulary):
    for number in range(3):
        make_experience(person, Visibility.PUBLIC, title=f"Job {number}")
    for handle in ("rosa", "sam"):
        actor = make_remote_actor(handle)
        InstanceFollower.objects.create(actor=actor, follow_uri=f"{actor.uri}/follows/1")
    collection, items = walk(client, "/actor/outbox/")
    assert collection["totalItems"] == 3 == len(items)
    assert {item["type"] for item in items} == {"Announce"}
    assert all(item["actor"].endswith("/actor/") and item["published"] for item in items)
    followers, actors = walk(client, "/actor/followers/")
    assert followers["totalItems"] == 2
    assert sorted(actors) == ["https://peer.example/users/rosa", "https://peer.example/users/sam"]
    assert get(client, "/actor/following/")["totalItems"] == 0


def test_an_organisation_outbox_lists_its_offers(client, vocabulary):
    offer = make_offer()
    collection, items = walk(client, "/@acme/outbox/")
    assert collection["totalItems"] == 1
    [create] = items
    assert create["type"] == "Create"
    assert create["object"]["id"].endswith(f"/offers/{offer.pk}/")


def test_a_page_that_is_not_one_is_not_found_and_past_the_end_is_empty(client, person):
    assert client.get("/@alice/outbox/?page=abc", HTTP_ACCEPT=AP).status_code == 404
    assert client.get("/@alice/outbox/?page=0", HTTP_ACCEPT=AP).status_code == 404
    page = get(client, "/@alice/outbox/?page=9")
    assert page["orderedItems"] == [] and "next" not in page


def test_who_follows_a_person_stays_their_business(client, person):
    followers = get(client, "/@alice/followers/")
    assert followers["totalItems"] == 0
    assert "first" not in followers and "orderedItems" not in followers
