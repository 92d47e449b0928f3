"""Remote actors as the federation stores them, for tests that need one."""

from __future__ import annotations

from federation.models import RemoteActor
from profiles.models import Profile


def remote_person(handle: str = "rosa", domain: str = "peer.example") -> Profile:
    """A person of another node, known here with their actor (shared inbox included)."""
    profile = Profile.objects.create(handle=handle, domain=domain, visibility=3)
    RemoteActor.objects.create(
        uri=f"https://{domain}/users/{handle}",
        profile=profile,
        actor_type="Person",
        username=handle,
        domain=domain,
        inbox=f"https://{domain}/users/{handle}/inbox",
        shared_inbox=f"https://{domain}/inbox",
        key_id=f"https://{domain}/users/{handle}#main-key",
        public_key_pem="x",
    )
    return profile
