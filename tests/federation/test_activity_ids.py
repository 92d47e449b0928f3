"""Every activity id we send resolves: the outbox's items dereference to the same JSON,
with `published`; once the object is deleted the activity answers 410 (Tombstone)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from federation.models import OutboxActivity
from jobs import offers
from profiles import publishing
from profiles.visibility import Visibility
from tests.conftest import make_experience
from tests.federation.test_offers_outbox import make_offer

pytestmark = pytest.mark.django_db
AP = "application/activity+json"


def get(client: Client, url: str):
    return client.get(url.replace("http://testserver", ""), HTTP_ACCEPT=AP)


def outbox_items(client: Client, handle: str) -> list[dict]:
    page = json.loads(get(client, f"/@{handle}/outbox/?page=1").content)
    return page["orderedItems"]


def test_each_outbox_item_dereferences_to_the_same_activity(client, person, vocabulary):
    make_experience(person, Visibility.PUBLIC, title="Baker")
    make_experience(person, Visibility.PUBLIC, title="Cook")
    items = outbox_items(client, "alice")
    assert len(items) == 2
    for item in items:
        assert "/activities/" in item["id"]
        response = get(client, item["id"])
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/activity+json")
        served = json.loads(response.content)
        assert {k: v for k, v in served.items() if k != "@context"} == {
            k: v for k, v in item.items() if k != "@context"
        }
        assert served["published"]


def test_an_edit_is_seen_at_the_create_id(client, person, vocabulary):
    story = make_experience(person, Visibility.PUBLIC, title="Baker")
    [item] = outbox_items(client, "alice")
    publishing.save_experience_draft(
        person, story, {"title": "Head baker", **_story_fields(story)}, ["cooking"]
    )
    publishing.publish_experience(story, Visibility.PUBLIC)
    served = json.loads(get(client, item["id"]).content)
    assert served["object"]["name"] == "Head baker"


def _story_fields(story) -> dict:
    from tests.conftest import STORY

    return {k: v for k, v in STORY.items() if k != "title"}


def test_a_deleted_experience_makes_its_activities_gone(client, person, vocabulary):
    story = make_experience(person, Visibility.PUBLIC)
    [item] = outbox_items(client, "alice")
    boost = OutboxActivity.objects.get(activity_type="Announce", object_uri=item["object"]["id"])
    publishing.delete_experience(story)
    for uri in (item["id"], boost.uri):
        response = get(client, uri)
        assert response.status_code == 410
        tombstone = json.loads(response.content)
        assert tombstone["type"] == "Tombstone" and tombstone["id"] == uri
    assert outbox_items(client, "alice") == []


def test_a_deleted_offer_makes_its_create_gone(client, vocabulary):
    offer = make_offer()
    [item] = outbox_items(client, "acme")
    assert get(client, item["id"]).status_code == 200
    offers.delete(offer)
    assert get(client, item["id"]).status_code == 410


def test_activities_not_addressed_to_everyone_and_unknown_ids_are_not_found(
    client, person, vocabulary
):
    make_experience(person, Visibility.FOLLOWERS)
    private = OutboxActivity.objects.get(activity_type="Create")
    assert get(client, private.uri).status_code == 404
    unknown = get(client, "/activities/00000000-0000-0000-0000-000000000000/")
    assert unknown.status_code == 404 and "error" in json.loads(unknown.content)


def test_create_update_and_announce_carry_published(person, vocabulary):
    story = make_experience(person, Visibility.PUBLIC)
    publishing.publish_experience(story, Visibility.PUBLIC)
    for kind in ("Create", "Announce"):
        assert OutboxActivity.objects.filter(activity_type=kind).exists()
    for sent in OutboxActivity.objects.filter(activity_type__in=["Create", "Update", "Announce"]):
        assert sent.body["published"].endswith("Z")
