"""What a node following another node receives, through the real signed inbox: items
announced by its actor (fetched from their origin, retried when the origin is busy or
down), then their edits and deletions, which only their origin may make.

The origin node is a real HTTP server on 127.0.0.2 (another host than this node); its
actor and its person Léa sign with the test key pair.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest
from django.test import Client

from federation.incoming import inbox_processing
from federation.models import InboxItem, InboxState, NodeFollow, RemoteActor, Tombstone
from federation.outgoing import delivery
from federation.protocol.context import DOCUMENT_CONTEXT
from federation.worker import run_single_cycle
from profiles.models import Experience, ExperienceRevision, Follow, Profile
from tests.federation.helpers import PUBLIC_PEM, make_remote_actor
from tests.federation.test_fetch import RecordingServer, reply, serve_json
from tests.federation.test_inbox import post

pytestmark = pytest.mark.django_db
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


class Origin:
    """The other node: its server, its actor (followed by this node), and Léa."""

    def __init__(self, server: RecordingServer) -> None:
        self.server = server
        self.base = server.url("")
        self.node = self.remote("actor/", "Application")
        self.lea = self.remote("@lea/", "Person")
        NodeFollow.objects.create(actor=self.node, uri=f"{self.base}/follows/1", state="accepted")
        self.article_path = "/@lea/experiences/7/"
        self.article_uri = self.base + self.article_path
        self.sent = 0

    def remote(self, path: str, actor_type: str) -> RemoteActor:
        uri = f"{self.base}/{path}"
        profile = Profile.objects.create(
            handle=path.strip("@/") or "actor", domain=self.server.url("")[7:], url=uri
        )
        return RemoteActor.objects.create(
            uri=uri,
            profile=profile,
            actor_type=actor_type,
            username=profile.handle,
            domain=profile.domain,
            inbox=f"{uri}inbox/",
            key_id=f"{uri}#main-key",
            public_key_pem=PUBLIC_PEM,
        )

    def article(self, title: str = "Kitchen helper", story: str = "I helped the cook.") -> dict:
        return {
            "@context": DOCUMENT_CONTEXT,  # an experience, as a Tremplin node sends it
            "experienceKind": "other",
            "id": self.article_uri,
            "type": "Article",
            "attributedTo": self.lea.uri,
            "name": title,
            "content": f"<p>{story}</p>",
            "published": "2025-06-01T10:00:00Z",
            "to": [PUBLIC],
            "cc": [f"{self.lea.uri}followers/"],
            "tag": [{"type": "Hashtag", "name": "#cooking"}],
        }

    def serve(self, *answers: int | dict) -> None:
        """The origin answers each fetch of the article in turn (the last one for ever)."""
        remaining = list(answers)

        def route(handler: Any) -> None:
            answer = remaining.pop(0) if len(remaining) > 1 else remaining[0]
            if isinstance(answer, int):
                reply(handler, answer, b"busy" if answer != 404 else b"gone", "text/plain")
            else:
                serve_json(answer)(handler)

        self.server.routes[self.article_path] = route

    def activity(self, kind: str, actor: RemoteActor, obj: Any) -> dict:
        self.sent += 1
        return {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": urljoin(actor.uri, f"/activities/{self.sent}"),
            "type": kind,
            "actor": actor.uri,
            "object": obj,
        }

    def send(self, client: Client, kind: str, obj: Any, by: RemoteActor | None = None) -> dict:
        """`kind` of `obj` posted to this node's inbox, signed by `by` (its node's actor)."""
        by = by or self.node
        body = self.activity(kind, by, obj)
        assert post(client, body, key_id=by.key_id) == 202
        return body

    def forge(self, client: Client, kind: str, obj: Any, by: RemoteActor) -> None:
        """A change `by` may not make: refused at the door (4xx) or when processed."""
        body = self.activity(kind, by, obj)
        status = post(client, body, key_id=by.key_id)
        if status == 202:
            run_single_cycle()
            assert item(body).state == InboxState.REFUSED, item(body).error
        else:
            assert 400 <= status < 500


@pytest.fixture
def origin(settings: Any, db: None) -> Iterator[Origin]:
    settings.TREMPLIN_ALLOW_PRIVATE_FETCH = True
    server = RecordingServer("127.0.0.2")
    yield Origin(server)
    server.close()


def copies(origin: Origin) -> list[tuple[str, str]]:
    return list(
        Experience.objects.filter(owner=origin.lea.profile, published__isnull=False).values_list(
            "published__title", "published__what_i_did"
        )
    )


def item(body: dict) -> InboxItem:
    return InboxItem.objects.get(uri=body["id"])


def imported(client: Client, origin: Origin) -> None:
    """Léa's experience, arrived here through the node's Announce only."""
    origin.serve(origin.article())
    origin.send(client, "Announce", origin.article_uri)
    run_single_cycle()
    assert copies(origin) == [("Kitchen helper", "I helped the cook.")]
    assert not Follow.objects.filter(followed=origin.lea.profile).exists()


# --- an announced item whose fetch fails -------------------------------------------


def test_a_busy_origin_is_asked_again_later_and_the_item_arrives(client, origin, vocabulary):
    origin.serve(503, origin.article())
    announce = origin.send(client, "Announce", origin.article_uri)
    run_single_cycle()
    waiting = item(announce)
    assert waiting.state == InboxState.RECEIVED and waiting.attempts == 1
    assert "503" in waiting.error and copies(origin) == []
    run_single_cycle()  # not due yet: the origin is not asked again at once
    assert origin.server.paths.count(origin.article_path) == 1

    assert inbox_processing.process(waiting.pk, now=waiting.next_attempt_at)
    assert item(announce).state == InboxState.DONE
    assert copies(origin) == [("Kitchen helper", "I helped the cook.")]


@pytest.mark.parametrize("status", [404, 410, 403])
def test_an_origin_that_refuses_is_not_asked_again(client, origin, status):
    origin.serve(status)
    announce = origin.send(client, "Announce", origin.article_uri)
    run_single_cycle()
    assert item(announce).state == InboxState.REFUSED and item(announce).attempts == 0
    assert copies(origin) == []


def test_an_origin_down_for_days_is_given_up_on_after_the_deliveries_schedule(client, origin):
    origin.server.close()  # connection refused, every time
    announce = origin.send(client, "Announce", origin.article_uri)
    run_single_cycle()
    first = item(announce)
    while item(announce).state == InboxState.RECEIVED:
        pending = item(announce)
        assert inbox_processing.process(pending.pk, now=pending.next_attempt_at)
    gave_up = item(announce)
    assert gave_up.state == InboxState.REFUSED
    assert gave_up.attempts == len(delivery.RETRY_DELAYS) + 1
    spent = (gave_up.next_attempt_at - first.received_at).total_seconds()
    schedule = sum(delivery.RETRY_DELAYS) * delivery.scale()  # about three days
    assert schedule <= spent < schedule + 60


# --- edits and deletions of an item that came through the node's Announce ------------


def test_an_update_from_the_author_replaces_the_words_and_keeps_no_trace(
    client, origin, vocabulary
):
    imported(client, origin)
    edited = origin.article("Head of the kitchen", "I ran it.")
    origin.send(client, "Update", edited, by=origin.lea)
    run_single_cycle()
    assert copies(origin) == [("Head of the kitchen", "I ran it.")]
    assert not ExperienceRevision.objects.filter(title="Kitchen helper").exists()


def test_an_update_announced_by_the_origin_node_is_applied(client, origin, vocabulary):
    imported(client, origin)
    update = origin.activity("Update", origin.lea, origin.article("Head of the kitchen"))
    origin.send(client, "Announce", update)
    run_single_cycle()
    assert copies(origin) == [("Head of the kitchen", "I helped the cook.")]
    assert not ExperienceRevision.objects.filter(title="Kitchen helper").exists()


def test_a_delete_announced_by_the_origin_node_removes_the_copy(client, origin, vocabulary):
    imported(client, origin)
    delete = origin.activity("Delete", origin.lea, {"id": origin.article_uri, "type": "Tombstone"})
    origin.send(client, "Announce", delete)
    run_single_cycle()
    assert copies(origin) == [] and not ExperienceRevision.objects.exists()
    assert Tombstone.objects.filter(uri=origin.article_uri).exists()


def test_an_update_of_the_copy_by_another_host_changes_nothing(client, origin, vocabulary):
    imported(client, origin)
    elsewhere = make_remote_actor("actor", "elsewhere.example", actor_type="Application")
    forged = origin.article("Forged words", "Not what Léa wrote.")
    origin.forge(client, "Update", forged, by=elsewhere)
    origin.forge(client, "Delete", origin.article_uri, by=elsewhere)
    origin.forge(client, "Announce", origin.activity("Update", origin.lea, forged), by=elsewhere)
    delete = origin.activity("Delete", origin.lea, origin.article_uri)
    origin.forge(client, "Announce", delete, by=elsewhere)
    assert copies(origin) == [("Kitchen helper", "I helped the cook.")]


def test_a_change_announced_by_a_person_of_the_origin_changes_nothing(client, origin, vocabulary):
    imported(client, origin)
    mallory = origin.remote("@mallory/", "Person")
    update = origin.activity("Update", origin.lea, origin.article("Forged words"))
    origin.forge(client, "Announce", update, by=mallory)
    origin.forge(client, "Update", origin.article("Forged words"), by=mallory)
    assert copies(origin) == [("Kitchen helper", "I helped the cook.")]


def test_an_announced_change_of_an_item_not_held_imports_nothing(client, origin, vocabulary):
    update = origin.activity("Update", origin.lea, origin.article())
    announce = origin.send(client, "Announce", update)
    run_single_cycle()
    assert item(announce).state == InboxState.DONE
    assert copies(origin) == [] and origin.server.paths == []
