"""Authorized-fetch mode through the real views: who may read a person's ActivityPub documents."""

from __future__ import annotations

import pytest
from django.test import Client

from federation.models import DomainRule, RemoteActor
from federation.peers.actors import signed_fetch_headers
from federation.peers.keys import key_for
from federation.protocol import ids
from federation.protocol.signatures import generate_keypair, load_private_key, sign_request
from node.accounts.models import NodeSettings
from profiles.visibility import Visibility
from tests.conftest import make_experience
from tests.federation.helpers import make_remote_actor
from tests.federation.test_inbox import ACTOR, PRIVATE_PEM

pytestmark = pytest.mark.django_db
AP = "application/activity+json"


def make_peer_actor(domain: str = "peer.example", name: str = "rosa") -> RemoteActor:
    return make_remote_actor(name, domain)


@pytest.fixture
def peer_actor(db: None) -> RemoteActor:
    return make_peer_actor()


def set_authorized_fetch(on: bool) -> None:
    node = NodeSettings.current()
    node.authorized_fetch = on
    node.save()


def ap_headers(extra: dict[str, str]) -> dict[str, str]:
    """Test-client keyword arguments for these HTTP headers, plus Accept: activity+json."""
    headers = {"HTTP_ACCEPT": AP}
    for name, value in extra.items():
        if name.lower() != "accept":
            headers[f"HTTP_{name.upper().replace('-', '_')}"] = value
    return headers


def signed_get(
    client: Client,
    path: str,
    *,
    key: str = PRIVATE_PEM,
    key_id: str = f"{ACTOR}#main-key",
):
    """A GET signed as a peer's fetcher signs it: (request-target) host date, rsa-sha256."""
    signed = sign_request(
        "GET",
        f"http://testserver{path}",
        {"Accept": AP},
        None,
        key_id=key_id,
        private_key=load_private_key(key),
    )
    return client.get(path, **ap_headers(signed))


def unsigned_get(client: Client, path: str):
    return client.get(path, HTTP_ACCEPT=AP)


@pytest.fixture
def public_item(person, vocabulary):
    return make_experience(person, Visibility.PUBLIC, title="Signed reading only")


def ap_paths(item) -> list[str]:
    handle = item.owner.handle
    return [
        f"/@{handle}/",
        item.get_absolute_url(),
        f"/@{handle}/outbox/",
        f"/@{handle}/followers/",
        f"/@{handle}/following/",
        f"/@{handle}/featured/",
        "/actor/outbox/",
    ]


def test_with_the_mode_off_anyone_reads_public_documents(client, public_item):
    for path in ap_paths(public_item):
        assert unsigned_get(client, path).status_code == 200, path


def test_with_the_mode_on_an_unsigned_read_is_refused_with_a_reason(client, public_item):
    set_authorized_fetch(True)
    for path in ap_paths(public_item):
        response = unsigned_get(client, path)
        assert response.status_code == 401, path
        assert "signed" in response.json()["error"]
        assert b"Signed reading only" not in response.content


def test_with_the_mode_on_a_peer_signing_its_get_reads_everything_public(
    client, public_item, peer_actor
):
    set_authorized_fetch(True)
    for path in ap_paths(public_item):
        assert signed_get(client, path).status_code == 200, path
    assert b"Signed reading only" in signed_get(client, public_item.get_absolute_url()).content


def test_the_node_actor_and_discovery_stay_readable_unsigned(client, person):
    set_authorized_fetch(True)
    assert unsigned_get(client, "/actor/").status_code == 200
    assert client.get("/.well-known/webfinger?resource=acct:alice@127.0.0.1:8000").status_code in (
        200,
        404,
    )
    assert client.get("/.well-known/nodeinfo").status_code == 200
    assert client.get("/.well-known/host-meta").status_code == 200


def test_html_pages_for_people_are_not_concerned(client, public_item):
    set_authorized_fetch(True)
    response = client.get(public_item.get_absolute_url())
    assert response.status_code == 200
    assert b"Signed reading only" in response.content


def test_a_signature_by_another_key_is_refused(client, public_item, peer_actor, monkeypatch):
    set_authorized_fetch(True)
    other_private, _public = generate_keypair()
    monkeypatch.setattr("federation.peers.actors.fetch_actor", lambda uri: peer_actor)
    response = signed_get(client, public_item.get_absolute_url(), key=other_private)
    assert response.status_code == 401
    assert b"Signed reading only" not in response.content


def test_a_signer_whose_actor_cannot_be_fetched_is_refused(client, public_item):
    set_authorized_fetch(True)
    response = signed_get(
        client, public_item.get_absolute_url(), key_id="https://nowhere.invalid/actor#main-key"
    )
    assert response.status_code == 401
    assert "signer unknown" in response.json()["error"]


def test_a_stale_signature_is_refused(client, public_item, peer_actor):
    set_authorized_fetch(True)
    path = public_item.get_absolute_url()
    signed = sign_request(
        "GET",
        f"http://testserver{path}",
        {},
        None,
        key_id=f"{ACTOR}#main-key",
        private_key=load_private_key(PRIVATE_PEM),
    )
    signed["Date"] = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert client.get(path, **ap_headers(signed)).status_code == 401


def test_a_blocked_node_is_refused_whether_or_not_the_mode_is_on(client, public_item, peer_actor):
    DomainRule.objects.create(domain="peer.example", rule=DomainRule.BLOCK)
    for on in (False, True):
        set_authorized_fetch(on)
        response = signed_get(client, public_item.get_absolute_url())
        assert response.status_code == 403, on
        assert b"Signed reading only" not in response.content


def test_an_unknown_signer_is_fetched_then_checked_like_the_inbox_does(
    client, public_item, peer_actor, monkeypatch
):
    """The signer's key is looked up by actor_for_key: a new peer is fetched once."""
    set_authorized_fetch(True)
    fetched = []
    peer_actor_key = peer_actor.key_id
    RemoteActor.objects.filter(pk=peer_actor.pk).update(key_id="")  # not known by key yet

    def fetch(uri: str) -> RemoteActor:
        fetched.append(uri)
        RemoteActor.objects.filter(pk=peer_actor.pk).update(key_id=peer_actor_key)
        return RemoteActor.objects.get(pk=peer_actor.pk)

    monkeypatch.setattr("federation.peers.actors.fetch_actor", fetch)
    assert signed_get(client, public_item.get_absolute_url()).status_code == 200
    assert fetched == [ACTOR]


def test_two_nodes_in_the_mode_can_still_federate(client, public_item):
    """Our fetches are signed by our instance actor; a peer in the mode reads our /actor/
    unsigned to get that key, then accepts our signed GET. Both halves run here: the
    instance actor is read unsigned, its key stored as the peer would store it, and a GET
    signed exactly as federation.peers.fetch signs ours (signed_fetch_headers) is accepted."""
    set_authorized_fetch(True)
    document = unsigned_get(client, "/actor/").json()
    key = document["publicKey"]
    assert key["id"] == ids.key_id(None)
    assert key["publicKeyPem"] == key_for(None).public_pem
    from profiles.models import Profile

    peer_view = Profile.objects.create(handle="node", domain="other.example", url=document["id"])
    RemoteActor.objects.create(
        uri=document["id"],
        profile=peer_view,
        actor_type=document["type"],
        username="node",
        domain="other.example",
        inbox=document["inbox"],
        key_id=key["id"],
        public_key_pem=key["publicKeyPem"],
    )
    path = public_item.get_absolute_url()
    headers = signed_fetch_headers("GET", f"http://testserver{path}", {"Accept": AP})
    response = client.get(path, **ap_headers(headers))
    assert response.status_code == 200
    assert b"Signed reading only" in response.content
