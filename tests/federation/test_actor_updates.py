"""Changing what others see of a person sends an actor Update to their followers."""

from __future__ import annotations

import pytest
from django.test import Client

from federation.models import OutboxActivity
from profiles.models import Follow, Profile
from tests.conftest import PASSWORD
from tests.federation.helpers import remote_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def remote_follower(person: Profile) -> Profile:
    remote = remote_person()
    Follow.objects.create(follower=remote, followed=person, state="accepted")
    return remote


def test_turning_contact_off_tells_the_followers_nodes(
    person, remote_follower, django_capture_on_commit_callbacks
):
    client = Client()
    client.login(username="alice", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/me/settings/", {"default_visibility": 3})
    update = OutboxActivity.objects.get(activity_type="Update")
    assert update.body["object"]["acceptsContact"] is False
    assert list(update.deliveries.values_list("inbox", flat=True)) == ["https://peer.example/inbox"]


def test_changing_only_the_default_visibility_sends_nothing(
    person, remote_follower, django_capture_on_commit_callbacks
):
    client = Client()
    client.login(username="alice", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/me/settings/", {"default_visibility": 2, "accepts_contact": "on"})
    assert not OutboxActivity.objects.filter(activity_type="Update").exists()
