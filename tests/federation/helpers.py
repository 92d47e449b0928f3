"""Remote actors as the federation stores them, for tests that need one."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from federation.models import RemoteActor
from federation.peers.fetch import FetchError
from profiles.models import Profile, ProfileKind

PUBLIC_PEM = (Path(__file__).parent / "data" / "test_key.pub.pem").read_text()


def make_remote_actor(
    handle: str = "rosa",
    domain: str = "peer.example",
    *,
    actor_type: str = "Person",
    kind: str = ProfileKind.PERSON,
) -> RemoteActor:
    """A person (or organisation) of another node, known here with their actor, so no
    network is needed to check their key: every one signs with the test key pair
    (tests/federation/data)."""
    uri = f"https://{domain}/users/{handle}"
    profile = Profile.objects.create(handle=handle, domain=domain, url=uri, visibility=3, kind=kind)
    return RemoteActor.objects.create(
        uri=uri,
        profile=profile,
        actor_type=actor_type,
        username=handle,
        domain=domain,
        inbox=f"{uri}/inbox",
        shared_inbox=f"https://{domain}/inbox",
        followers=f"{uri}/followers",
        key_id=f"{uri}#main-key",
        public_key_pem=PUBLIC_PEM,
    )


def remote_person(handle: str = "rosa", domain: str = "peer.example") -> Profile:
    """A person of another node, known here with their actor (shared inbox included)."""
    return make_remote_actor(handle, domain).profile


def actor_document(
    handle: str = "rosa",
    domain: str = "peer.example",
    *,
    public_pem: str = PUBLIC_PEM,
    name: str = "Rosa",
    summary: str = "Apprentie boulangère",
) -> dict[str, Any]:
    """The actor document a peer serves for one of its people (Mastodon's shape)."""
    uri = f"https://{domain}/users/{handle}"
    return {
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": uri,
        "type": "Person",
        "preferredUsername": handle,
        "name": name,
        "summary": f"<p>{summary}</p>",
        "inbox": f"{uri}/inbox",
        "followers": f"{uri}/followers",
        "endpoints": {"sharedInbox": f"https://{domain}/inbox"},
        "publicKey": {"id": f"{uri}#main-key", "owner": uri, "publicKeyPem": public_pem},
    }


def serve_actors(monkeypatch: Any, documents: dict[str, dict[str, Any]]) -> list[str]:
    """Peers answering actor fetches with `documents` (by URL; changes to the dict are
    seen); the network edge only. Returns the list of URLs fetched, in order."""
    fetched: list[str] = []

    def fetch_json(url: str, **kwargs: Any) -> dict[str, Any]:
        fetched.append(url)
        if url not in documents:
            raise FetchError("not found", status=404)
        return copy.deepcopy(documents[url])

    monkeypatch.setattr("federation.peers.actors.fetch_json", fetch_json)
    return fetched


def followed_here(actor: RemoteActor, handle: str = "fan") -> RemoteActor:
    """Someone of this node follows `actor` (accepted): what it posts was asked for here
    and is kept (unsolicited content is not: federation/incoming/solicited.py)."""
    from profiles.models import Follow, FollowState
    from tests.conftest import make_person

    follower = Profile.objects.filter(handle=handle, domain="").first() or make_person(handle)
    Follow.objects.get_or_create(
        follower=follower, followed=actor.profile, defaults={"state": FollowState.ACCEPTED}
    )
    return actor


def tremplin_experience(document: dict[str, Any]) -> dict[str, Any]:
    """An Article as a Tremplin peer sends an experience: our context and our marker."""
    from federation.protocol.context import DOCUMENT_CONTEXT

    return {"@context": DOCUMENT_CONTEXT, "experienceKind": "other", **document}
