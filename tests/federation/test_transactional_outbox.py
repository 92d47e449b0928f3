"""What must be sent is written in the same transaction as the change it tells of.

`django_capture_on_commit_callbacks(execute=False)` stands for a process that dies the
moment its commit returns: whatever waited for the commit never runs. The fault suite
does the same with a real process (tests/faults).
"""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.urls import reverse

from federation.models import OutboxActivity
from federation.outgoing import outbox
from jobs import offers
from profiles import events
from profiles.models import Experience, Follow, Profile
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience
from tests.federation.helpers import remote_person
from tests.federation.test_offers_outbox import audience, make_offer  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def remote_follower(person: Profile) -> Profile:
    remote = remote_person()
    Follow.objects.create(follower=remote, followed=person, state="accepted")
    return remote


def publish(person: Profile, experience: Experience):  # noqa: ANN201 - a test response
    url = reverse("profiles:experience-publish", args=[experience.pk])
    return client_for(person).post(url, {"visibility": Visibility.PUBLIC})


def inboxes(activity: OutboxActivity) -> list[tuple[str, str]]:
    return sorted(activity.deliveries.values_list("inbox", "state"))


def test_a_publication_commits_with_its_activity_and_deliveries(
    person, remote_follower, vocabulary, django_capture_on_commit_callbacks
):
    experience = make_experience(person, visibility=None)
    with django_capture_on_commit_callbacks(execute=False):
        assert publish(person, experience).status_code == 302
    create = OutboxActivity.objects.get(activity_type="Create")
    assert create.object_uri.endswith(f"/@alice/experiences/{experience.pk}/")
    assert inboxes(create) == [("https://peer.example/inbox", "queued")]


def test_a_deletion_commits_with_its_delete(
    person, remote_follower, vocabulary, django_capture_on_commit_callbacks
):
    experience = make_experience(person)
    with django_capture_on_commit_callbacks(execute=False):
        url = reverse("profiles:experience-delete", args=[experience.pk])
        assert client_for(person).post(url).status_code == 302
    assert not Experience.objects.filter(pk=experience.pk).exists()
    delete = OutboxActivity.objects.get(activity_type="Delete")
    assert inboxes(delete) == [("https://peer.example/inbox", "queued")]


def test_an_offer_commits_with_its_create_and_the_nodes_announce(
    audience,  # noqa: F811 - the fixture
    vocabulary,
    django_capture_on_commit_callbacks,
):
    node, rosa = audience
    draft = make_offer(publish=False)
    Follow.objects.create(
        follower=rosa.profile, followed=draft.organisation.profile, state="accepted"
    )
    with django_capture_on_commit_callbacks(execute=False):
        offers.publish(draft)
    create = OutboxActivity.objects.get(activity_type="Create")
    assert inboxes(create) == [("https://peer.example/inbox", "queued")]
    announce = OutboxActivity.objects.get(activity_type="Announce")
    assert inboxes(announce) == [("https://node.example/inbox", "queued")]


def test_when_what_must_be_sent_cannot_be_written_nothing_is_published(
    person, remote_follower, vocabulary, monkeypatch, django_capture_on_commit_callbacks
):
    """A database blip while writing the outbox: the page must not say "published"."""
    experience = make_experience(person, visibility=None)

    def database_blip(*args: object, **kwargs: object) -> int:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(outbox, "enqueue", database_blip)
    with django_capture_on_commit_callbacks(execute=True):
        response = publish(person, experience)
    assert response.status_code == 503  # "The database is unavailable, try again in a moment."
    experience.refresh_from_db()
    assert experience.published is None and experience.published_at is None
    assert not OutboxActivity.objects.exists()
    assert client_for(None).get(f"/@alice/experiences/{experience.pk}/").status_code == 404


def test_a_domain_event_sent_outside_a_transaction_is_refused(person, vocabulary):
    """Sent after the commit, its receivers' rows would not be part of the change."""
    experience = make_experience(person, visibility=None)
    with pytest.raises(events.OutsideTransaction):
        events.experience_published.send(Experience, experience=experience, first_time=True)
    assert not OutboxActivity.objects.exists()
