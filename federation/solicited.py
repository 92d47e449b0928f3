"""Whether content from elsewhere was asked for here (minimal version; see CONTRACTS.md).

Content is stored when someone here asked for it: its author is followed here, it
mentions or addresses a local person, it replies to something of ours, or it is being
ingested inside `asked_here()` (a look-up or a backfill someone here started).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from federation import ids

_asked: contextvars.ContextVar[bool] = contextvars.ContextVar("asked_here", default=False)


@contextlib.contextmanager
def asked_here() -> Iterator[None]:
    """Inside: what is ingested was asked for by someone here, followed or not."""
    token = _asked.set(True)
    try:
        yield
    finally:
        _asked.reset(token)


def is_followed_here(actor_url: str) -> bool:
    """A local person (or this node) follows that actor."""
    from federation.models import NodeFollow, NodeFollowState, RemoteActor
    from profiles.models import Follow, FollowState

    actor = RemoteActor.objects.filter(uri=actor_url).first()
    if actor is None:
        return False
    if NodeFollow.objects.filter(actor=actor, state=NodeFollowState.ACCEPTED).exists():
        return True
    return actor.profile_id is not None and (
        Follow.objects.filter(
            followed_id=actor.profile_id, state=FollowState.ACCEPTED, follower__domain=""
        ).exists()
    )


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict) and isinstance(item.get("id") or item.get("href"), str):
            found.append(item.get("id") or item.get("href"))
    return found


def is_solicited(actor_url: str, obj: dict[str, Any]) -> bool:
    """Someone here asked for this object of that actor (see the module's docstring)."""
    if _asked.get() or is_followed_here(actor_url):
        return True
    named = _ids(obj.get("to")) + _ids(obj.get("cc")) + _ids(obj.get("tag"))
    if any(ids.is_local(uri) for uri in named):
        return True
    return any(ids.is_local(uri) for uri in _ids(obj.get("inReplyTo")))
