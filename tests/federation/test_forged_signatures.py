"""Forged signatures cost nothing: a known key is refetched at most once a while, and a
refetch that finds nothing new writes nothing. Through the real signed inbox."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from federation.models import InboxItem, RemoteActor
from federation.peers.actors import store_actor
from federation.protocol.signatures import generate_keypair
from profiles.models import ProfileRevision
from tests.federation.helpers import actor_document, serve_actors
from tests.federation.test_inbox import ACTOR, activity, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_actor(db: None) -> RemoteActor:
    """Rosa of peer.example, fetched once (one profile revision)."""
    actor = store_actor(actor_document())
    assert ProfileRevision.objects.filter(profile=actor.profile).count() == 1
    return actor


def forged(n: int) -> dict:
    return activity(id=f"https://peer.example/activities/forged-{n}")


def test_thirty_forged_signatures_make_one_fetch_and_no_revision(
    settings, monkeypatch, person, known_actor
):
    settings.TREMPLIN_RATE_LIMITS = {**settings.TREMPLIN_RATE_LIMITS, "inbox_unverified": "0"}
    fetched = serve_actors(monkeypatch, {ACTOR: actor_document()})
    forger_key = generate_keypair()[0]
    codes = [post(Client(), forged(n), key=forger_key) for n in range(30)]
    assert codes == [401] * 30
    assert fetched == [ACTOR]
    assert ProfileRevision.objects.filter(profile=known_actor.profile).count() == 1
    assert not InboxItem.objects.exists()


def test_refetching_an_unchanged_actor_writes_nothing(known_actor):
    with CaptureQueriesContext(connection) as queries:
        again = store_actor(actor_document())
    writes = [
        q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert again.pk == known_actor.pk


def test_a_changed_actor_is_written_once(known_actor):
    store_actor(actor_document(summary="Boulangère diplômée"))
    store_actor(actor_document(summary="Boulangère diplômée"))
    revisions = ProfileRevision.objects.filter(profile=known_actor.profile)
    assert revisions.count() == 2
    assert (
        "diplômée"
        in known_actor.profile.__class__.objects.get(pk=known_actor.profile_id).published.about
    )


def test_a_rotated_key_is_believed_at_the_first_failure(monkeypatch, person, known_actor):
    new_private, new_public = generate_keypair()
    fetched = serve_actors(monkeypatch, {ACTOR: actor_document(public_pem=new_public)})
    assert post(Client(), activity(), key=new_private) == 202
    assert fetched == [ACTOR]
    assert RemoteActor.objects.get(uri=ACTOR).public_key_pem == new_public


def test_a_rotated_key_is_believed_once_the_window_has_passed(
    settings, monkeypatch, person, known_actor
):
    """A forger spent the refetch; the peer's real new key is taken after the window."""
    settings.TREMPLIN_KEY_REFETCH_SECONDS = 1
    documents = {ACTOR: actor_document()}
    fetched = serve_actors(monkeypatch, documents)
    assert post(Client(), forged(1), key=generate_keypair()[0]) == 401
    new_private, new_public = generate_keypair()
    documents[ACTOR] = actor_document(public_pem=new_public)  # the peer rotates its key
    assert post(Client(), activity(), key=new_private) == 401  # within the window
    time.sleep(1.1)
    assert post(Client(), activity(), key=new_private) == 202
    assert fetched == [ACTOR, ACTOR]
