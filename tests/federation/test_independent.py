"""Our actors, objects and HTTP signatures, checked by code that is not ours.

The checking side is only ever an independent implementation from PyPI:

- apsig (fedi-libs/apsig): a draft-cavage-http-signatures-12 `Signer` and `Verifier`, written
  for ActivityPub servers. It verifies what our `sign_request` makes, and signs what our
  `verify_request` and our real inbox view must accept.
- PyLD (Digital Bazaar's JSON-LD processor, which apsig depends on): expands our documents
  with the W3C ActivityStreams and security/v1 contexts, so each property is read by the IRI it
  really means, as any JSON-LD consumer reads it, not by the key names our serializer wrote.
  The two contexts are the copies PyLD 3 bundles (data/independent/), served by a loader that
  refuses every other URL: the tests never touch the network.

The ActivityStreams context maps every undefined term to a blank-node IRI ("@vocab": "_:"),
so a property expanded to "_:…" is one our @context forgot to define.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from apsig.draft import Signer, Verifier
from apsig.exceptions import VerificationFailedError
from django.test import Client
from pyld import jsonld

from federation.models import InboxItem, RemoteActor
from federation.peers.keys import private_key_for
from federation.protocol.signatures import (
    generate_keypair,
    load_private_key,
    sign_request,
    verify_request,
)
from profiles.models import Profile
from profiles.visibility import Visibility
from tests.conftest import make_experience

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
CONTEXTS = {
    "https://www.w3.org/ns/activitystreams": DATA / "independent" / "activitystreams.jsonld",
    "https://w3id.org/security/v1": DATA / "independent" / "security-v1.jsonld",
}
AS = "https://www.w3.org/ns/activitystreams#"
SEC = "https://w3id.org/security#"
LDP = "http://www.w3.org/ns/ldp#"  # ActivityPub's inbox is ldp:inbox
TREMPLIN = "https://tremplin.social/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PUBLIC = f"{AS}Public"
AP = {"HTTP_ACCEPT": "application/activity+json"}
BASE = "http://127.0.0.1:8000"  # the node's SITE_URL under the test settings

PEER = "https://peer.example"
PEER_ACTOR = f"{PEER}/users/rosa"
PEER_KEY_ID = f"{PEER_ACTOR}#main-key"
PEER_PRIVATE_PEM = (DATA / "test_key.pem").read_text()
PEER_PUBLIC_PEM = (DATA / "test_key.pub.pem").read_text()


# -- JSON-LD, read by PyLD ------------------------------------------------------------------------


def load_context(url: str, options: dict | None = None) -> dict[str, Any]:
    """PyLD document loader: the two bundled W3C contexts, nothing else, never the network."""
    if url not in CONTEXTS:
        raise jsonld.JsonLdError(
            "context outside the bundled set", "jsonld.LoadDocumentError", {"url": url}
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXTS[url].read_text(encoding="utf-8")),
    }


def expand(document: dict[str, Any], url: str) -> dict[str, Any]:
    """The one node PyLD reads out of `document`, fetched at `url` (its base IRI)."""
    expanded = jsonld.expand(document, {"documentLoader": load_context, "base": url})
    assert len(expanded) == 1
    return expanded[0]


def undefined_terms(node: Any) -> set[str]:
    """Every property or type, at any depth, that expanded to a blank-node IRI."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= undefined_terms(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("_:"):
                found.add(key)
            if key == "@type":
                found |= {t for t in value if t.startswith("_:")}
            else:
                found |= undefined_terms(value)
    return found


def ids(node: dict[str, Any], prop: str) -> list[str]:
    return [item["@id"] for item in node.get(prop, [])]


def values(node: dict[str, Any], prop: str) -> list[Any]:
    return [item["@value"] for item in node.get(prop, [])]


def fetch(client: Client, path: str) -> dict[str, Any]:
    response = client.get(path, **AP)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/activity+json")
    return response.json()


def public_key(node: dict[str, Any]) -> tuple[str, str, str]:
    """(key id, owner, PEM) as JSON-LD reads the actor's security:publicKey."""
    [key] = node[f"{SEC}publicKey"]
    [owner] = ids(key, f"{SEC}owner")
    [pem] = values(key, f"{SEC}publicKeyPem")
    return key["@id"], owner, pem


# -- the documents ----------------------------------------------------------------------------


def test_our_person_actor_reads_as_an_activitystreams_person_with_a_key(client, person):
    url = f"{BASE}/@alice/"
    node = expand(fetch(client, "/@alice/"), url)

    assert node["@id"] == url
    assert node["@type"] == [f"{AS}Person"]
    assert values(node, f"{AS}preferredUsername") == ["alice"]
    assert ids(node, f"{LDP}inbox") == [f"{url}inbox/"]
    assert ids(node, f"{AS}outbox") == [f"{url}outbox/"]
    assert ids(node, f"{AS}followers") == [f"{url}followers/"]
    assert ids(node, f"{AS}following") == [f"{url}following/"]
    [endpoints] = node[f"{AS}endpoints"]
    assert ids(endpoints, f"{AS}sharedInbox") == [f"{BASE}/inbox/"]
    assert values(node, f"{AS}manuallyApprovesFollowers") == [False]
    key_id, owner, pem = public_key(node)
    assert key_id == f"{url}#main-key"
    assert owner == url
    assert pem.startswith("-----BEGIN PUBLIC KEY-----\n")


def test_the_instance_actor_reads_as_an_actor_with_an_inbox_and_a_key(client, db):
    document = fetch(client, "/actor/")
    node = expand(document, document["id"])

    assert node["@id"] == f"{BASE}/actor/"
    assert node["@type"] == [f"{AS}Service"]
    assert values(node, "https://tremplin.social/ns#isTerritory") == [True]
    assert ids(node, f"{LDP}inbox") and ids(node, f"{AS}outbox")
    assert values(node, f"{AS}preferredUsername")
    key_id, owner, pem = public_key(node)
    assert key_id.startswith(f"{BASE}/actor/#")
    assert owner == node["@id"]
    assert pem.startswith("-----BEGIN PUBLIC KEY-----\n")


def test_our_public_experience_reads_as_an_article(client, person, vocabulary):
    experience = make_experience(person, Visibility.PUBLIC, tags=["cooking", "teamwork"])
    url = BASE + experience.get_absolute_url()
    node = expand(fetch(client, experience.get_absolute_url()), url)

    assert node["@id"] == url
    assert node["@type"] == [f"{AS}Article"]
    assert ids(node, f"{AS}attributedTo") == [f"{BASE}/@alice/"]
    assert ids(node, f"{AS}to") == [PUBLIC]
    assert ids(node, f"{AS}cc") == [f"{BASE}/@alice/followers/"]
    # `content` and `contentMap` are one property: once plain, once tagged with the language.
    contents = node[f"{AS}content"]
    assert {c.get("@language") for c in contents} == {None, "en"}
    assert all("I helped the cook" in c["@value"] for c in contents)
    [published] = node[f"{AS}published"]
    assert published["@type"] == f"{XSD}dateTime"
    assert datetime.fromisoformat(published["@value"]).tzinfo is not None
    tags = node[f"{AS}tag"]
    assert [t["@type"] for t in tags] == [[f"{AS}Hashtag"]] * 2
    assert sorted(v for t in tags for v in values(t, f"{AS}name")) == ["#cooking", "#teamwork"]
    assert sorted(i for t in tags for i in ids(t, f"{AS}href")) == [
        f"{BASE}/tags/cooking/",
        f"{BASE}/tags/teamwork/",
    ]


DEFINED_TERMS_CASES = [
    pytest.param("/@alice/", id="person"),
    pytest.param("/actor/", id="instance-actor"),
    pytest.param(None, id="article"),
]


@pytest.mark.parametrize("path", DEFINED_TERMS_CASES)
def test_every_term_of_our_documents_is_defined_by_its_context(client, person, vocabulary, path):
    if path is None:
        path = make_experience(person, Visibility.PUBLIC).get_absolute_url()
    assert undefined_terms(expand(fetch(client, path), BASE + path)) == set()


def test_a_tags_concept_means_the_same_whatever_document_carries_it(client, person, vocabulary):
    experience = make_experience(person, Visibility.PUBLIC, tags=["cooking"])
    document = fetch(client, experience.get_absolute_url())
    concept = f"{TREMPLIN}concept"
    [here] = expand(document, BASE + experience.get_absolute_url())[f"{AS}tag"]
    [elsewhere] = expand(document, f"{BASE}/outbox/page-1/")[f"{AS}tag"]
    assert here[concept] == elsewhere[concept]


# -- HTTP signatures ----------------------------------------------------------------------------


def apsig_verify(pem: str, method: str, url: str, headers: dict[str, str], body: bytes | None):
    """apsig's verdict: the keyId when the signature holds, else VerificationFailedError."""
    return Verifier(pem, method, url, headers, body).verify(raise_on_fail=True)


def test_apsig_verifies_a_post_our_node_signs_with_the_key_in_our_actor(client, person):
    """The whole chain as a peer walks it: our actor's key (read by PyLD) verifies our POST."""
    key_id, _owner, pem = public_key(expand(fetch(client, "/@alice/"), f"{BASE}/@alice/"))
    body = json.dumps({"type": "Follow", "actor": f"{BASE}/@alice/"}).encode()
    url = f"{PEER}/users/rosa/inbox"
    headers = sign_request(
        "POST",
        url,
        {"Content-Type": "application/activity+json"},
        body,
        key_id=key_id,
        private_key=private_key_for(person),
    )

    assert apsig_verify(pem, "POST", url, headers, body) == key_id
    with pytest.raises(VerificationFailedError, match="Digest mismatch"):
        apsig_verify(pem, "POST", url, headers, body.replace(b"Follow", b"Block"))
    _other_private, other_public = generate_keypair()
    with pytest.raises(VerificationFailedError, match="Invalid signature"):
        apsig_verify(other_public, "POST", url, headers, body)


def test_apsig_verifies_a_get_our_node_signs_for_an_authorised_fetch():
    private_pem, public_pem = generate_keypair()
    url = f"{PEER}/users/rosa"
    headers = sign_request(
        "GET",
        url,
        {"Accept": "application/activity+json"},
        None,
        key_id=f"{BASE}/actor/#main-key",
        private_key=load_private_key(private_pem),
    )
    assert "Digest" not in headers
    assert apsig_verify(public_pem, "GET", url, headers, None) == f"{BASE}/actor/#main-key"


def apsig_sign(method: str, url: str, body: bytes, headers: dict[str, str]) -> dict[str, str]:
    return Signer(
        headers=headers,
        private_key=load_private_key(PEER_PRIVATE_PEM),
        method=method,
        url=url,
        key_id=PEER_KEY_ID,
        body=body,
    ).sign()


def test_our_verifier_accepts_a_post_and_a_get_apsig_signs():
    body = json.dumps({"type": "Follow", "actor": PEER_ACTOR}).encode()
    headers = apsig_sign(
        "POST", f"{BASE}/inbox/", body, {"Content-Type": "application/activity+json"}
    )
    now = datetime.now(UTC)
    params = verify_request("POST", "/inbox/", headers, body, PEER_PUBLIC_PEM, now)
    assert params.key_id == PEER_KEY_ID
    assert params.headers == ("(request-target)", "date", "host", "digest")

    headers = apsig_sign("GET", f"{BASE}/@alice/", b"", {"Accept": "application/activity+json"})
    params = verify_request("GET", "/@alice/", headers, b"", PEER_PUBLIC_PEM, now)
    assert params.headers == ("(request-target)", "date", "host")


@pytest.fixture
def peer_actor(db: None) -> RemoteActor:
    """The peer already known, so our inbox checks its key without any network."""
    profile = Profile.objects.create(
        handle="rosa", domain="peer.example", url=PEER_ACTOR, visibility=3
    )
    return RemoteActor.objects.create(
        uri=PEER_ACTOR,
        profile=profile,
        actor_type="Person",
        username="rosa",
        domain="peer.example",
        inbox=f"{PEER_ACTOR}/inbox",
        shared_inbox=f"{PEER}/inbox",
        followers=f"{PEER_ACTOR}/followers",
        key_id=PEER_KEY_ID,
        public_key_pem=PEER_PUBLIC_PEM,
    )


def post_signed_by_apsig(client: Client, path: str, body: bytes) -> int:
    content_type = "application/activity+json"
    headers = apsig_sign("POST", f"http://testserver{path}", body, {"Content-Type": content_type})
    extra = {
        f"HTTP_{name.upper().replace('-', '_')}": value
        for name, value in headers.items()
        if name.lower() != "content-type"
    }
    return client.post(path, data=body, content_type=content_type, **extra).status_code


def test_our_inbox_accepts_a_follow_apsig_signs(client, person, peer_actor):
    follow = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{PEER}/activities/independent-1",
        "type": "Follow",
        "actor": PEER_ACTOR,
        "object": f"{BASE}/@alice/",
    }
    body = json.dumps(follow).encode()

    assert post_signed_by_apsig(client, "/inbox/", body) == 202
    assert InboxItem.objects.count() == 1
    # Personal inbox too; the same activity id is stored once.
    assert post_signed_by_apsig(client, "/@alice/inbox/", body) == 202
    assert InboxItem.objects.count() == 1
