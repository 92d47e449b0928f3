"""A catalogue of attacks on the inbox, each through the real view (and worker).

Every attack asserts the refusal (status and reason) and that nothing was stored or
changed: inbox items, remote actors, experiences, follows, remote objects, tombstones.
Each one is recorded (tests/hostile/figures.py) as tried, and as accepted if it got
through. Helpers come from tests/federation/test_inbox.py, the inbox's own tests.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from federation.models import DomainRule, InboxItem, RemoteActor, RemoteObject, Tombstone
from federation.protocol.signatures import generate_keypair, load_private_key, sign_request
from federation.worker import run_single_cycle
from profiles.models import Experience, Follow, Profile
from tests.federation.helpers import followed_here, tremplin_experience
from tests.federation.test_fetch import RecordingServer, serve_json
from tests.federation.test_inbox import (
    ACTOR,
    BAD_SIGNATURES,
    PEER,
    PRIVATE_PEM,
    activity,
    remote_actor,  # noqa: F401  (fixture)
    signed_headers,
)
from tests.hostile import figures

pytestmark = pytest.mark.django_db
AP = "application/activity+json"


def snapshot() -> dict[str, Any]:
    """Everything an accepted activity could have created or changed."""
    return {
        "inbox": list(InboxItem.objects.values_list("uri", "state")),
        "actors": list(
            RemoteActor.objects.values_list(
                "uri", "public_key_pem", "key_id", "inbox", "profile_id"
            )
        ),
        "experiences": list(
            Experience.objects.values_list("pk", "published_id", "published_at", "visibility")
        ),
        "follows": Follow.objects.count(),
        "objects": list(RemoteObject.objects.values_list("uri", "actor_id")),
        "tombstones": list(Tombstone.objects.values_list("uri", flat=True)),
        "profiles": Profile.objects.count(),
    }


def deliver(
    client: Client, body: bytes, headers: dict[str, str], content_type: str = AP
) -> HttpResponse:
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v
        for k, v in headers.items()
        if k.lower() != "content-type"
    }
    return client.post("/inbox/", data=body, content_type=content_type, **extra)


def signed(body: bytes, content_type: str = AP, **kwargs: Any) -> dict[str, str]:
    return sign_request(
        "POST",
        "http://testserver/inbox/",
        {"Content-Type": content_type},
        body,
        key_id=kwargs.pop("key_id", f"{ACTOR}#main-key"),
        private_key=load_private_key(kwargs.pop("key", PRIVATE_PEM)),
        **kwargs,
    )


def refused(
    name: str, response: HttpResponse, status: int, reason: str, before: dict[str, Any]
) -> None:
    """Record the attack, then assert it was refused as expected and changed nothing."""
    error = (
        response.json().get("error", "")
        if response.get("Content-Type") == "application/json"
        else ""
    )
    ok = response.status_code == status and reason in error and snapshot() == before
    figures.attack("inbox", name, accepted=not ok, detail=f"{response.status_code} {error}")
    assert response.status_code == status, (name, response.status_code, error)
    assert reason in error, (name, error)
    assert snapshot() == before, name


BODY = json.dumps(activity()).encode()


@dataclass(frozen=True)
class Attack:
    """A request built from a valid signed Follow; the expected refusal."""

    build: Callable[[], tuple[bytes, dict[str, str], str]]
    status: int
    reason: str


def _bad_signature(way: str) -> Attack:
    return Attack(
        lambda: (BODY, BAD_SIGNATURES[way](signed_headers(BODY), BODY), AP), 401, "signature"
    )


def _deep(levels: int, opener: bytes = b"[", closer: bytes = b"]") -> bytes:
    return (
        b'{"id": "' + PEER.encode() + b'/a/deep", "a": ' + opener * levels + closer * levels + b"}"
    )


def _signed(body: bytes, content_type: str = AP) -> tuple[bytes, dict[str, str], str]:
    return body, signed(body, content_type), content_type


OTHER_PRIVATE, OTHER_PUBLIC = generate_keypair()

ATTACKS: dict[str, Attack] = {
    **{f"signature: {way}": _bad_signature(way) for way in BAD_SIGNATURES},
    "unsigned": Attack(lambda: (BODY, {}, AP), 401, "signature"),
    "body changed after signing": Attack(
        lambda: (BODY.replace(b"Follow", b"Block"), signed(BODY), AP), 401, "signature"
    ),
    "signed by a key that is not the actor's": Attack(
        lambda: (BODY, signed(BODY, key=OTHER_PRIVATE), AP), 401, "signature"
    ),
    "activity's actor is not the signer": Attack(
        lambda: _signed(json.dumps(activity(actor=f"{PEER}/users/someone")).encode()),
        401,
        "not the signer",
    ),
    "activity id on another host (origin spoofing)": Attack(
        lambda: _signed(json.dumps(activity(id="https://victim.example/a/1")).encode()),
        403,
        "not on its actor's host",
    ),
    "no activity id": Attack(
        lambda: _signed(json.dumps({**activity(), "id": None}).encode()), 400, "needs an id"
    ),
    "content type text/html": Attack(lambda: _signed(BODY, "text/html"), 415, "content type"),
    "content type application/json": Attack(
        lambda: _signed(BODY, "application/json"), 415, "content type"
    ),
    "content type multipart/form-data": Attack(
        lambda: _signed(BODY, "multipart/form-data"), 415, "content type"
    ),
    "body over 1 MiB": Attack(
        lambda: _signed(json.dumps(activity(pad="x" * (1024 * 1024))).encode()), 413, "over 1 MiB"
    ),
    "deeply nested JSON, 100,000 levels of [": Attack(
        lambda: _signed(_deep(100_000)), 400, "bad JSON"
    ),
    "deeply nested JSON, 100,000 levels of {": Attack(
        lambda: _signed(b'{"a":' * 100_000 + b"1" + b"}" * 100_000), 400, "bad JSON"
    ),
    "nesting just over the limit (65 levels)": Attack(lambda: _signed(_deep(64)), 400, "bad JSON"),
    "not JSON": Attack(lambda: _signed(b"<html>hello</html>"), 400, "bad JSON"),
    "JSON with NaN": Attack(lambda: _signed(b'{"id": NaN}'), 400, "bad JSON"),
    "JSON list at the top": Attack(lambda: _signed(b"[1, 2]"), 400, "bad JSON"),
    "not UTF-8": Attack(lambda: _signed(b'{"id": "\xff\xfe"}'), 400, "bad JSON"),
    # PostgreSQL cannot store U+0000 in text or jsonb: it must be refused at the door,
    # not fail (500) when the activity is stored. Found by the inbox fuzzing.
    "NUL character in a key": Attack(
        lambda: _signed(json.dumps(activity(object={"\x00": None})).encode()), 400, "bad JSON"
    ),
    "NUL character in a value": Attack(
        lambda: _signed(json.dumps(activity(summary="a\x00b")).encode()), 400, "bad JSON"
    ),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_is_refused_and_nothing_is_stored(
    client,
    person,
    remote_actor,  # noqa: F811
    monkeypatch,
    name,
):
    # A refetch of the signer (key rotation) answers with the same known key, no network.
    monkeypatch.setattr("federation.peers.actors.fetch_actor", lambda uri: remote_actor)
    attack = ATTACKS[name]
    body, headers, content_type = attack.build()
    before = snapshot()
    response = deliver(client, body, headers, content_type)
    run_single_cycle()
    refused(name, response, attack.status, attack.reason, before)


def test_an_unparsable_content_length_is_refused(client, person, remote_actor):  # noqa: F811
    before = snapshot()
    response = deliver(client, BODY, {**signed(BODY), "Content-Length": "lots"})
    refused("unparsable Content-Length", response, 400, "Content-Length", before)


def test_a_content_length_over_the_limit_is_refused_before_reading(client, person, remote_actor):  # noqa: F811
    before = snapshot()
    response = deliver(client, BODY, {**signed(BODY), "Content-Length": str(50 * 1024 * 1024)})
    refused("Content-Length over the limit", response, 413, "over 1 MiB", before)


def test_a_key_id_on_a_private_address_is_never_fetched(client, person, remote_actor):  # noqa: F811
    before = snapshot()
    headers = signed(BODY, key_id="http://127.0.0.1:9/users/x#k")
    response = deliver(client, BODY, headers)
    refused(
        "keyId of an unknown actor on a private address", response, 401, "signer unknown", before
    )


def test_a_get_is_refused(client, person, remote_actor):  # noqa: F811
    before = snapshot()
    refused("GET on the inbox", client.get("/inbox/"), 405, "POST", before)


def test_a_blocked_domain_is_refused(client, person, remote_actor):  # noqa: F811
    DomainRule.objects.create(domain="peer.example", rule=DomainRule.BLOCK)
    before = snapshot()
    response = deliver(client, BODY, signed(BODY))
    refused("blocked domain", response, 403, "does not federate", before)


def test_the_same_signed_request_replayed_is_kept_once(client, person, remote_actor):  # noqa: F811
    headers = signed(BODY)
    assert deliver(client, BODY, headers).status_code == 202
    run_single_cycle()
    before = snapshot()
    again = deliver(client, BODY, headers)  # a replay inside the window: deduplicated by id
    run_single_cycle()
    accepted = again.status_code != 202 or snapshot() != before
    figures.attack("inbox", "replay inside the window", accepted, str(again.status_code))
    assert again.status_code == 202
    assert snapshot() == before
    assert InboxItem.objects.count() == 1 and Follow.objects.count() == 1


def test_a_replay_after_the_window_is_refused(client, person, remote_actor, monkeypatch):  # noqa: F811
    body = json.dumps(activity(id=f"{PEER}/activities/replayed")).encode()
    headers = signed(body)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2)
    monkeypatch.setattr("federation.views.inbox.timezone.now", lambda: later)
    before = snapshot()
    response = deliver(client, body, headers)
    refused("replay after the window", response, 401, "signature", before)


@pytest.fixture
def mallory(remote_actor: RemoteActor) -> RemoteActor:  # noqa: F811
    """Another actor on the same host as rosa, with a key of its own."""
    uri = f"{PEER}/users/mallory"
    profile = Profile.objects.create(handle="mallory", domain="peer.example", url=uri, visibility=3)
    return RemoteActor.objects.create(
        uri=uri,
        profile=profile,
        actor_type="Person",
        username="mallory",
        domain="peer.example",
        inbox=f"{uri}/inbox",
        shared_inbox=f"{PEER}/inbox",
        followers=f"{uri}/followers",
        key_id=f"{uri}#main-key",
        public_key_pem=OTHER_PUBLIC,
    )


def test_the_key_of_another_actor_cannot_speak_for_rosa(client, person, mallory):
    before = snapshot()
    response = deliver(client, BODY, signed(BODY, key=OTHER_PRIVATE, key_id=mallory.key_id))
    refused("key of another actor", response, 401, "not the signer", before)


ARTICLE = tremplin_experience(
    {
        "id": f"{ACTOR}/articles/1",
        "type": "Article",
        "attributedTo": ACTOR,
        "name": "Cambrer",
        "content": "<p>Servia taules</p>",
        "published": "2025-06-01T10:00:00Z",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }
)


def _as_mallory(client: Client, mallory: RemoteActor, body: dict[str, Any]) -> HttpResponse:
    data = json.dumps(body).encode()
    return deliver(client, data, signed(data, key=OTHER_PRIVATE, key_id=mallory.key_id))


def _rosa_published(client: Client) -> None:
    followed_here(RemoteActor.objects.get(uri=ACTOR))  # her experiences are asked for here
    create = activity(id=f"{PEER}/activities/c1", type="Create", object=ARTICLE)
    data = json.dumps(create).encode()
    assert deliver(client, data, signed(data)).status_code == 202
    run_single_cycle()
    assert Experience.objects.count() == 1


def _processed_and_refused(name: str, item_uri: str, before: dict[str, Any]) -> None:
    """The worker refused the item; apart from that refusal nothing changed."""
    run_single_cycle()
    item = InboxItem.objects.get(uri=item_uri)
    after = snapshot()
    after["inbox"] = [entry for entry in after["inbox"] if entry[0] != item_uri]
    ok = item.state == "refused" and after == before
    figures.attack("inbox", name, accepted=not ok, detail=f"{item.state} {item.error}")
    assert item.state == "refused", (name, item.state, item.error)
    assert after == before, name


VARIANTS = {
    "as is": lambda obj: obj,
    "attributedTo removed": lambda obj: {k: v for k, v in obj.items() if k != "attributedTo"},
    "attributedTo to the attacker": lambda obj: {**obj, "attributedTo": f"{PEER}/users/mallory"},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_update_of_someone_elses_experience_changes_nothing(client, vocabulary, mallory, variant):
    _rosa_published(client)
    before = snapshot()
    forged = VARIANTS[variant]({**ARTICLE, "name": "Defaced"})
    update = {
        **activity(id=f"{PEER}/activities/u-{len(variant)}", type="Update", object=forged),
        "actor": mallory.uri,
    }
    assert _as_mallory(client, mallory, update).status_code == 202
    _processed_and_refused(f"Update of someone else's object ({variant})", update["id"], before)
    assert "Defaced" not in Client().get("/@rosa@peer.example/").content.decode()


def test_delete_of_someone_elses_experience_changes_nothing(client, vocabulary, mallory):
    _rosa_published(client)
    before = snapshot()
    delete = {
        **activity(id=f"{PEER}/activities/d-m", type="Delete", object=ARTICLE["id"]),
        "actor": mallory.uri,
    }
    assert _as_mallory(client, mallory, delete).status_code == 202
    _processed_and_refused("Delete of someone else's object", delete["id"], before)


def test_delete_of_an_object_on_another_host_changes_nothing(client, vocabulary, remote_actor):  # noqa: F811
    before = snapshot()
    delete = activity(
        id=f"{PEER}/activities/d-x", type="Delete", object="https://victim.example/o/1"
    )
    data = json.dumps(delete).encode()
    response = deliver(client, data, signed(data))
    refused("Delete of an object on another host", response, 403, "not on its actor", before)


def test_create_of_an_object_on_another_host_changes_nothing(client, vocabulary, remote_actor):  # noqa: F811
    before = snapshot()
    forged = {**ARTICLE, "id": "https://victim.example/articles/1"}
    create = activity(id=f"{PEER}/activities/c-x", type="Create", object=forged)
    data = json.dumps(create).encode()
    response = deliver(client, data, signed(data))
    refused("Create of an object on another host", response, 403, "not on its actor", before)


@pytest.fixture
def context_server():
    server = RecordingServer("127.0.0.1")
    server.routes["/context"] = serve_json({"@context": {"name": "https://evil/ns#x"}})
    yield server
    server.close()


def _nested_context(levels: int) -> Any:
    context: Any = "https://www.w3.org/ns/activitystreams"
    for _ in range(levels):
        context = [{"x": {"@context": context}}]
    return context


CONTEXTS = {
    "remote @context URL": lambda url: [url],
    "remote @context inside an object": lambda url: [
        "https://www.w3.org/ns/activitystreams",
        {"@import": url},
    ],
    "huge @context": lambda url: (
        ["https://www.w3.org/ns/activitystreams"] + [{f"t{i}": url} for i in range(5000)]
    ),
    "nested @context (30 levels)": lambda url: [_nested_context(30), url],
}


@pytest.mark.parametrize("way", list(CONTEXTS))
def test_a_crafted_context_is_never_fetched_nor_trusted(
    client,
    vocabulary,
    remote_actor,  # noqa: F811
    context_server,
    way,
):
    """The activity itself may be fine; the context is never fetched, nothing else is changed."""
    url = context_server.url("/context")
    article = {**ARTICLE, "@context": CONTEXTS[way](url)}
    create = {**activity(id=f"{PEER}/activities/ctx", type="Create", object=article)}
    create["@context"] = CONTEXTS[way](url)
    data = json.dumps(create).encode()
    response = deliver(client, data, signed(data))
    run_single_cycle()
    fetched = context_server.connections
    ok = response.status_code in (202, 400, 413) and fetched == 0
    figures.attack("inbox", f"crafted context: {way}", accepted=not ok, detail=f"{fetched} fetches")
    assert fetched == 0
    assert response.status_code in (202, 400, 413)
    # Whatever was kept reads as the plain experience: the context changed no meaning.
    assert list(Experience.objects.values_list("published__title", flat=True)) in ([], ["Cambrer"])
