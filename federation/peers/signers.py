"""Who signed a request: the actor whose key verifies it, refetched at most once a while.

Why: a signature that fails with a known key may mean the key rotated, so the actor is
fetched again. Anyone can send a bad signature naming any actor; without a ceiling each
one made this node fetch that actor again (and write it again). The key is refetched
at most once per TREMPLIN_KEY_REFETCH_SECONDS; in between, a failing signature is just
refused (a peer whose key rotated retries its delivery later, and is then believed).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings

from federation.models import RemoteActor
from federation.peers.actors import actor_for_key
from federation.protocol.signatures import SignatureMismatch, verify_request
from node import ratelimit


def verified_signer(
    method: str,
    path: str,
    headers: Mapping[str, str | Iterable[str]],
    body: bytes,
    key_id: str,
    now: datetime.datetime,
) -> RemoteActor:
    """The actor owning `key_id`, once its key verifies the request.

    Raises ActorError (the signer cannot be known) or SignatureError (it did not sign).
    """
    scheme = settings.TREMPLIN_SCHEME
    actor = actor_for_key(key_id)
    try:
        verify_request(method, path, headers, body, actor.public_key_pem, now, scheme=scheme)
    except SignatureMismatch:
        if not ratelimit.once_per("key-refetch", key_id, settings.TREMPLIN_KEY_REFETCH_SECONDS):
            raise
        actor = actor_for_key(key_id, refresh=True)  # the key may have rotated
        verify_request(method, path, headers, body, actor.public_key_pem, now, scheme=scheme)
    return actor
