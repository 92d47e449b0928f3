# ruff: noqa: F811  (pytest fixtures imported from test_inbox)
"""Receiving the Delete of an actor: it, its experiences and offers go, and stay gone."""

from __future__ import annotations

import pytest

from federation.models import RemoteActor, RemoteObject, Tombstone
from federation.worker import run_single_cycle
from profiles.models import Experience, Profile
from tests.federation.helpers import followed_here, tremplin_experience
from tests.federation.test_inbox import (  # noqa: F401
    ACTOR,
    PEER,
    PUBLIC_PEM,
    activity,
    post,
    remote_actor,
)

pytestmark = pytest.mark.django_db

ARTICLE = tremplin_experience(
    {
        "id": f"{ACTOR}/articles/9",
        "type": "Article",
        "attributedTo": ACTOR,
        "name": "Kitchen helper",
        "content": "<p>I helped the cook.</p>",
        "published": "2025-06-01T10:00:00Z",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }
)


def test_delete_of_an_actor_removes_its_experiences_and_tombstones_them(
    client,
    remote_actor,
    vocabulary,  # noqa: F811
):
    followed_here(remote_actor)
    post(client, activity(id=f"{PEER}/activities/c1", type="Create", object=ARTICLE))
    run_single_cycle()
    assert Experience.objects.filter(owner__handle="rosa").count() == 1

    post(client, activity(id=f"{PEER}/activities/d1", type="Delete", object=ACTOR))
    run_single_cycle()
    assert not Experience.objects.exists()
    assert not Profile.objects.filter(handle="rosa", domain="peer.example").exists()
    assert not RemoteActor.objects.filter(uri=ACTOR).exists()
    assert not RemoteObject.objects.exists()
    assert Tombstone.objects.filter(uri=ACTOR).exists()
    assert Tombstone.objects.filter(uri=ARTICLE["id"]).exists()


def test_a_late_create_of_a_deleted_actors_experience_stays_dead(
    client,
    remote_actor,
    vocabulary,  # noqa: F811
):
    followed_here(remote_actor)
    post(client, activity(id=f"{PEER}/activities/c1", type="Create", object=ARTICLE))
    run_single_cycle()
    post(client, activity(id=f"{PEER}/activities/d1", type="Delete", object=ACTOR))
    run_single_cycle()
    # Its key is fetched again (the peer still serves it) and the Create is replayed.
    profile = Profile.objects.create(handle="rosa", domain="peer.example", url=ACTOR, visibility=3)
    followed_here(
        RemoteActor.objects.create(
            uri=ACTOR,
            profile=profile,
            actor_type="Person",
            username="rosa",
            domain="peer.example",
            inbox=f"{ACTOR}/inbox",
            key_id=f"{ACTOR}#main-key",
            public_key_pem=PUBLIC_PEM,
        )
    )  # followed again: only the tombstone keeps the experience out
    assert post(client, activity(id=f"{PEER}/activities/c2", type="Create", object=ARTICLE)) == 202
    run_single_cycle()
    assert not Experience.objects.exists()
