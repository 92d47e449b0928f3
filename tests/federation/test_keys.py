"""Keys: one per actor, made once, parsed once, rotated with an actor Update."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from federation.models import ActorKey, OutboxActivity
from federation.peers.keys import key_for, private_key_for
from profiles.models import Follow
from tests.federation.helpers import remote_person

pytestmark = pytest.mark.django_db


def test_each_actor_gets_one_rsa_2048_key(person):
    key = key_for(person)
    assert key_for(person).pk == key.pk
    assert private_key_for(person).key_size == 2048
    assert private_key_for(person) is private_key_for(person)  # parsed once per process
    assert key_for(None).pk != key.pk  # the node's own actor has its own


def test_rotating_a_key_sends_an_actor_update_to_followers(person):
    before = key_for(person).public_pem
    remote = remote_person()
    Follow.objects.create(follower=remote, followed=person, state="accepted")
    call_command("rotate_key", "alice")
    assert ActorKey.objects.get(profile=person).public_pem != before
    update = OutboxActivity.objects.get(activity_type="Update")
    assert update.body["object"]["publicKey"]["publicKeyPem"] == key_for(person).public_pem
    assert list(update.deliveries.values_list("inbox", flat=True)) == ["https://peer.example/inbox"]
