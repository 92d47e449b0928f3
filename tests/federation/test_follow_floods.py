"""A follow flood from one host: capped per hour (per person and node-wide), answered
with Rejects, counted for moderators, told as one grouped notification. Through the real
signed inbox, with fake actors on one host (each signing with the test key)."""

from __future__ import annotations

import pytest
from django.test import Client

from federation.incoming import inbox_processing
from federation.models import OutboxActivity, RefusedFollows
from federation.protocol import ids
from network.models import Notification, NotificationKind
from profiles.models import Follow, Profile
from tests.conftest import client_for, make_person
from tests.federation.helpers import make_remote_actor
from tests.federation.test_inbox import activity, post

pytestmark = pytest.mark.django_db
FLOOD = "flood.example"


@pytest.fixture
def caps(settings) -> None:
    settings.TREMPLIN_FOLLOWS_PER_HOST_PERSON_HOUR = 10
    settings.TREMPLIN_FOLLOWS_PER_HOST_HOUR = 30
    settings.TREMPLIN_RATE_LIMITS = {**settings.TREMPLIN_RATE_LIMITS, "inbox_host": "0"}


def follow_from(handle: str, target: Profile, domain: str = FLOOD) -> int:
    """A Follow of `target` signed by handle@domain, posted to the inbox."""
    actor = make_remote_actor(handle, domain)
    body = activity(
        id=f"https://{domain}/activities/follow-{handle}",
        actor=actor.uri,
        object=ids.actor_uri(target),
    )
    return post(Client(), body, key_id=actor.key_id)


def process_all(capture) -> None:  # noqa: ANN001
    with capture(execute=True):
        inbox_processing.run_due(limit=1000)


def rejects_to(domain: str) -> list[OutboxActivity]:
    return list(OutboxActivity.objects.filter(activity_type="Reject", deliveries__domain=domain))


def test_a_flood_on_one_person_is_capped_rejected_and_counted(
    caps, person, django_capture_on_commit_callbacks
):
    codes = [follow_from(f"fake{n}", person) for n in range(25)]
    assert set(codes) == {202}
    process_all(django_capture_on_commit_callbacks)
    assert Follow.objects.filter(followed=person).count() == 10
    rejected = rejects_to(FLOOD)
    assert len(rejected) == 15
    assert rejected[0].body["object"]["type"] == "Follow"
    assert RefusedFollows.objects.get(domain=FLOOD).count == 15
    # Another host is not held back by the flood.
    assert follow_from("rosa", person, "peer.example") == 202
    process_all(django_capture_on_commit_callbacks)
    assert Follow.objects.filter(followed=person).count() == 11


def test_the_node_wide_cap_holds_across_people(
    settings, caps, person, django_capture_on_commit_callbacks
):
    settings.TREMPLIN_FOLLOWS_PER_HOST_HOUR = 12
    bob = make_person("bob")
    for n in range(8):
        follow_from(f"a{n}", person)
        follow_from(f"b{n}", bob)
    process_all(django_capture_on_commit_callbacks)
    assert Follow.objects.filter(follower__domain=FLOOD).count() == 12
    assert len(rejects_to(FLOOD)) == 4


def test_a_follow_sent_again_by_a_follower_is_not_refused(
    settings, caps, person, django_capture_on_commit_callbacks
):
    settings.TREMPLIN_FOLLOWS_PER_HOST_PERSON_HOUR = 1
    follow_from("fake0", person)
    process_all(django_capture_on_commit_callbacks)
    body = activity(
        id=f"https://{FLOOD}/activities/again",
        actor=f"https://{FLOOD}/users/fake0",
        object=ids.actor_uri(person),
    )
    post(Client(), body, key_id=f"https://{FLOOD}/users/fake0#main-key")
    process_all(django_capture_on_commit_callbacks)
    assert Follow.objects.filter(followed=person).count() == 1
    assert not rejects_to(FLOOD)


def test_new_followers_are_one_notification_that_counts_them(
    caps, person, django_capture_on_commit_callbacks
):
    for n in range(12):
        follow_from(f"fake{n}", person, f"host{n % 2}.example")
    process_all(django_capture_on_commit_callbacks)
    told = Notification.objects.get(recipient=person)
    assert told.kind == NotificationKind.FOLLOW and told.count == 12
    page = client_for(person).get("/me/notifications/").content.decode()
    assert "12 new followers" in page
    assert 'href="/me/followers/"' in page
    # Once read, the next follower is a notification of its own.
    client_for(person).post("/me/notifications/read/")
    follow_from("late", person, "host9.example")
    process_all(django_capture_on_commit_callbacks)
    latest = Notification.objects.filter(recipient=person).first()
    assert latest.count == 1 and latest.read_at is None
    assert Notification.objects.filter(recipient=person).count() == 2


def test_a_person_removes_a_remote_follower_and_their_node_is_told(
    caps, person, django_capture_on_commit_callbacks
):
    follow_from("fake0", person)
    follow_from("fake1", person)
    process_all(django_capture_on_commit_callbacks)
    client = client_for(person)
    page = client.get("/me/followers/").content.decode()
    assert "2 followers" in page and "fake0@flood.example" in page
    relation = Follow.objects.get(follower__handle="fake0", followed=person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/me/followers/{relation.pk}/", {"answer": "remove", "back": "followers"}
        )
    assert response.status_code == 302 and response.url == "/me/followers/"
    assert not Follow.objects.filter(pk=relation.pk).exists()
    reject = OutboxActivity.objects.get(activity_type="Reject")
    assert reject.body["object"]["id"] == f"https://{FLOOD}/activities/follow-fake0"
    assert reject.body["object"]["actor"] == f"https://{FLOOD}/users/fake0"
    assert list(reject.deliveries.values_list("inbox", flat=True)) == [
        f"https://{FLOOD}/users/fake0/inbox"
    ]
    page = client.get("/me/followers/").content.decode()
    assert "1 follower" in page and "fake0@flood.example" not in page


def test_one_cannot_remove_someone_elses_follower(caps, person, django_capture_on_commit_callbacks):
    follow_from("fake0", person)
    process_all(django_capture_on_commit_callbacks)
    relation = Follow.objects.get(followed=person)
    intruder = client_for(make_person("mallory"))
    assert intruder.post(f"/me/followers/{relation.pk}/", {"answer": "remove"}).status_code == 404
    assert Follow.objects.filter(pk=relation.pk).exists()
