"""Remote actors as the federation stores them, for tests that need one."""

from __future__ import annotations

from pathlib import Path

from federation.models import RemoteActor
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
