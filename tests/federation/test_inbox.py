"""The inbox through its real view: each way to be refused, and nothing stored when refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from federation.models import DomainRule, InboxItem, RemoteActor
from federation.protocol.signatures import generate_keypair, load_private_key, sign_request
from federation.worker import run_single_cycle
from profiles.models import Experience, Follow
from tests.federation.helpers import (  # noqa: F401 - shared
    PUBLIC_PEM,
    followed_here,
    make_remote_actor,
    tremplin_experience,
)

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
PEER = "https://peer.example"
ACTOR = f"{PEER}/users/rosa"
PRIVATE_PEM = (DATA / "test_key.pem").read_text()


@pytest.fixture
def remote_actor(db: None) -> RemoteActor:
    """A peer's actor already known (so no network is needed to check its key)."""
    return make_remote_actor()


def activity(**changes: object) -> dict:
    body = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{PEER}/activities/1",
        "type": "Follow",
        "actor": ACTOR,
        "object": "http://127.0.0.1:8000/@alice/",
    }
    body.update(changes)
    return body


def post(
    client: Client,
    body: dict | bytes,
    *,
    key: str = PRIVATE_PEM,
    key_id: str = f"{ACTOR}#main-key",
    content_type: str = "application/activity+json",
    tamper: bool = False,
    path: str = "/inbox/",
) -> int:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = sign_request(
        "POST",
        f"http://testserver{path}",
        {"Content-Type": content_type},
        data,
        key_id=key_id,
        private_key=load_private_key(key),
    )
    if tamper:
        data = data.replace(b"Follow", b"Block")
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v
        for k, v in headers.items()
        if k.lower() != "content-type"
    }
    return client.post(path, data=data, content_type=content_type, **extra).status_code


def test_a_signed_follow_is_accepted_stored_once_and_processed(client, person, remote_actor):
    assert post(client, activity()) == 202
    assert post(client, activity()) == 202  # the same id again: deduplicated
    assert InboxItem.objects.count() == 1
    run_single_cycle()
    assert Follow.objects.get(followed=person).follower == remote_actor.profile


def test_an_unsigned_post_is_refused(client, person, remote_actor):
    response = client.post(
        "/inbox/", data=json.dumps(activity()), content_type="application/activity+json"
    )
    assert response.status_code == 401
    assert InboxItem.objects.count() == 0


def test_a_body_changed_after_signing_is_refused(client, person, remote_actor):
    assert post(client, activity(), tamper=True) == 401
    assert InboxItem.objects.count() == 0


def test_a_signature_by_another_key_is_refused(client, person, remote_actor, monkeypatch):
    other_private, _public = generate_keypair()
    # The refetch of the actor (key rotation) answers with the same known key.
    monkeypatch.setattr("federation.peers.actors.fetch_actor", lambda uri: remote_actor)
    assert post(client, activity(), key=other_private) == 401
    assert InboxItem.objects.count() == 0


def test_the_signer_must_be_the_activitys_actor(client, person, remote_actor):
    body = activity(actor="https://peer.example/users/someone-else")
    assert post(client, body) == 401
    assert InboxItem.objects.count() == 0


def test_an_activity_id_on_another_host_is_refused(client, person, remote_actor):
    assert post(client, activity(id="https://elsewhere.example/activities/1")) == 403
    assert InboxItem.objects.count() == 0


@pytest.mark.parametrize("content_type", ["text/html", "application/json", "multipart/form-data"])
def test_a_wrong_content_type_is_refused(client, person, remote_actor, content_type):
    assert post(client, activity(), content_type=content_type) == 415


def test_a_body_over_one_mebibyte_is_refused(client, person, remote_actor):
    big = activity(padding="x" * (1024 * 1024))
    assert post(client, big) == 413
    assert InboxItem.objects.count() == 0


def test_deeply_nested_json_is_refused(client, person, remote_actor):
    nested = b'{"a":' * 200 + b"1" + b"}" * 200
    assert post(client, nested) == 400


def test_a_blocked_domain_gets_403_and_nothing_is_stored(client, person, remote_actor):
    DomainRule.objects.create(domain="peer.example", rule=DomainRule.BLOCK)
    assert post(client, activity()) == 403
    assert InboxItem.objects.count() == 0


def test_allowlist_mode_refuses_unlisted_nodes(client, person, remote_actor, settings):
    settings.TREMPLIN_FEDERATION_MODE = "allowlist"
    assert post(client, activity()) == 403
    DomainRule.objects.create(domain="peer.example", rule=DomainRule.ALLOW)
    assert post(client, activity()) == 202


def test_a_create_of_someone_elses_object_changes_nothing(client, person, remote_actor):
    article = {
        "id": "https://elsewhere.example/objects/1",
        "type": "Article",
        "name": "Fake",
        "content": "x",
        "attributedTo": ACTOR,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }
    assert post(client, activity(id=f"{PEER}/activities/2", type="Create", object=article)) == 403
    run_single_cycle()
    assert not InboxItem.objects.exists()
    assert not Experience.objects.exists()


def test_a_create_of_an_article_stores_a_sanitised_experience(client, remote_actor, vocabulary):
    followed_here(remote_actor)
    article = tremplin_experience(
        {
            "id": f"{ACTOR}/articles/1",
            "type": "Article",
            "attributedTo": ACTOR,
            "name": "Cambrer",
            "content": "<p>Servia taules <script>alert(1)</script><b>cada dia</b></p>",
            "contentMap": {"ca": "<p>Servia taules</p>"},
            "published": "2025-06-01T10:00:00Z",
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "tag": [{"type": "Hashtag", "name": "#cuina", "href": f"{PEER}/tags/cuina"}],
        }
    )
    assert post(client, activity(id=f"{PEER}/activities/3", type="Create", object=article)) == 202
    run_single_cycle()
    experience = Experience.objects.get()
    assert experience.published.language == "ca"
    assert (
        "<" not in experience.published.what_i_did and "cada dia" in experience.published.what_i_did
    )
    assert experience.published.tags.get().concept.slug == "cooking"
    # Listed on the tag page: someone here follows its author (profiles.belonging).
    assert "Cambrer" in Client().get("/tags/cooking/").content.decode()


def signed_headers(body: bytes, **kwargs: object) -> dict[str, str]:
    return sign_request(
        "POST",
        "http://testserver/inbox/",
        {"Content-Type": "application/activity+json"},
        body,
        key_id=f"{ACTOR}#main-key",
        private_key=load_private_key(PRIVATE_PEM),
        **kwargs,
    )


def _without(name: str):
    return lambda headers, body: {k: v for k, v in headers.items() if k.lower() != name}


def _replace(name: str, value: str):
    return lambda headers, body: {**headers, name: value}


def _drop_signed(header: str):
    """Re-sign without `header` in the signed list (the verifier must demand it)."""

    def change(headers: dict[str, str], body: bytes) -> dict[str, str]:
        signature = headers["Signature"]
        names = signature.split('headers="', 1)[1].split('"', 1)[0]
        return {**headers, "Signature": signature.replace(names, names.replace(header, "").strip())}

    return change


def _stale(hours: float):
    def change(headers: dict[str, str], body: bytes) -> dict[str, str]:
        import datetime

        moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=hours)
        return signed_headers(body, now=moment)

    return change


BAD_SIGNATURES = {
    "no Signature header": _without("signature"),
    "malformed Signature header": _replace("Signature", 'keyId="x",,signature'),
    "unknown algorithm": lambda h, b: {
        **h,
        "Signature": h["Signature"].replace("rsa-sha256", "hmac-sha256"),
    },
    "(request-target) not signed": _drop_signed("(request-target)"),
    "host not signed": _drop_signed("host"),
    "date not signed": _drop_signed("date"),
    "digest not signed": _drop_signed("digest"),
    "no Digest header": _without("digest"),
    "wrong digest": _replace("Digest", "SHA-256=" + "A" * 43 + "="),
    "stale date": _stale(-13),
    "date in the future": _stale(2),
    "unparsable date": _replace("Date", "yesterday"),
    "tampered signature": lambda h, b: {
        **h,
        "Signature": h["Signature"].replace('signature="', 'signature="AAAA'),
    },
}


@pytest.mark.parametrize("way", list(BAD_SIGNATURES))
def test_each_way_a_signature_can_be_wrong_is_refused_by_the_inbox(
    client, person, remote_actor, way
):
    body = json.dumps(activity()).encode()
    headers = BAD_SIGNATURES[way](signed_headers(body), body)
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v
        for k, v in headers.items()
        if k.lower() != "content-type"
    }
    response = client.post("/inbox/", data=body, content_type="application/activity+json", **extra)
    assert response.status_code == 401, (way, response.content)
    assert InboxItem.objects.count() == 0


def test_undo_of_a_follow_ends_it(client, person, remote_actor):
    post(client, activity())
    run_single_cycle()
    undo = activity(id=f"{PEER}/activities/undo", type="Undo", object=activity())
    assert post(client, undo) == 202
    run_single_cycle()
    assert not Follow.objects.exists()


def test_delete_of_an_article_removes_it_and_it_never_comes_back(client, remote_actor, vocabulary):
    followed_here(remote_actor)
    article = tremplin_experience(
        {
            "id": f"{ACTOR}/articles/9",
            "type": "Article",
            "attributedTo": ACTOR,
            "name": "Gone",
            "content": "<p>text</p>",
            "published": "2025-06-01T10:00:00Z",
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
        }
    )
    post(client, activity(id=f"{PEER}/activities/c1", type="Create", object=article))
    run_single_cycle()
    assert Experience.objects.count() == 1
    post(client, activity(id=f"{PEER}/activities/d1", type="Delete", object=article["id"]))
    run_single_cycle()
    assert Experience.objects.count() == 0
    post(client, activity(id=f"{PEER}/activities/c2", type="Create", object=article))
    run_single_cycle()
    assert Experience.objects.count() == 0


def test_an_item_whose_processing_failed_waits_for_its_retry_whatever_wakes_it(
    client, person, remote_actor, monkeypatch
):
    from federation.incoming import inbox_processing

    def peer_away(body: dict, actor: RemoteActor) -> None:
        raise ConnectionError("the peer did not answer")

    assert post(client, activity()) == 202
    item = InboxItem.objects.get()
    monkeypatch.setitem(inbox_processing.HANDLERS, "Follow", peer_away)
    assert inbox_processing.process(item.pk) is True
    monkeypatch.undo()
    item.refresh_from_db()
    assert item.attempts == 1 and item.next_attempt_at > timezone.now()
    assert inbox_processing.process(item.pk) is False  # woken again at once
    assert run_single_cycle() == 0
    assert not Follow.objects.filter(followed=person).exists()
    assert inbox_processing.process(item.pk, item.next_attempt_at) is True
    assert Follow.objects.get(followed=person).follower == remote_actor.profile
