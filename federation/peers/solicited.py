"""Whether someone here asked for a remote item: unsolicited content is not stored.

Any server can post to our inbox. As Mastodon does, a public item is kept only when
someone here asked for it: a member (or this node, following a territory) follows its
author, it mentions or addresses a person here, it replies to something of ours, or it
arrives inside `asked_here()` (a look-up or a backfill made for someone here). The rest
is dropped, logged at info: no row, no page, no cost but the reading.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from federation.models import NodeFollow, NodeFollowState, RemoteActor
from federation.protocol import ids
from federation.protocol.remote_content import as_list, object_id, read_content
from profiles.models import Follow, FollowState, Profile, ProfileKind

_asked: contextvars.ContextVar[bool] = contextvars.ContextVar("asked_here", default=False)

# Other ways an id can name something of ours than a local address (a remote comment
# kept under one of our experiences, say): modules add a check `(uri) -> bool`.
OURS: list[Callable[[str], bool]] = []


def register_ours(check: Callable[[str], bool]) -> None:
    """Called from an app's ready(): replies to what `check` recognises are solicited."""
    if check not in OURS:
        OURS.append(check)


@contextlib.contextmanager
def asked_here() -> Iterator[None]:
    """What is ingested inside was asked for by someone here (a look-up, a backfill)."""
    token = _asked.set(True)
    try:
        yield
    finally:
        _asked.reset(token)


def inside_asked_here() -> bool:
    return _asked.get()


def _domain(url: str) -> str:
    return urlsplit(url).netloc.lower()


def is_followed_here(actor_url: str) -> bool:
    """A member of this node follows this actor (accepted), or follows its territory, or
    this node itself follows its node: following a territory follows its accounts."""
    if not actor_url:
        return False
    domain = _domain(actor_url)
    followed = Follow.objects.filter(state=FollowState.ACCEPTED, follower__domain="")
    actor = RemoteActor.objects.filter(uri=actor_url).only("profile_id", "domain").first()
    if actor is not None:
        domain = actor.domain or domain
        if actor.profile_id and followed.filter(followed_id=actor.profile_id).exists():
            return True
    if followed.filter(followed__kind=ProfileKind.NODE, followed__domain=domain).exists():
        return True
    return NodeFollow.objects.filter(state=NodeFollowState.ACCEPTED, actor__domain=domain).exists()


def local_person(uri: str) -> Profile | None:
    """The person (or organisation) of this node an actor id names, if any."""
    if not uri or not ids.is_local(uri):
        return None
    path = uri[len(ids.base_url()) :]
    if not path.startswith("/@") or path.count("/") != 2:
        return None
    return Profile.objects.local_actors().filter(handle=path[2:-1].lower()).first()


def addressed_people(obj: dict[str, Any]) -> list[Profile]:
    """People of this node the object names: mentioned in `tag`, or in to/cc/bcc."""
    named = list(read_content(obj).mentions)
    for key in ("to", "cc", "bcc", "audience"):
        named.extend(object_id(value) for value in as_list(obj.get(key))[:200])
    people: list[Profile] = []
    for uri in dict.fromkeys(u for u in named if u and ids.is_local(u)):
        person = local_person(uri)
        if person is not None and person not in people:
            people.append(person)
    return people


def is_ours(uri: str | None) -> bool:
    """Something of this node (or that a registered check says belongs to us)."""
    if not uri:
        return False
    return ids.is_local(uri) or any(check(uri) for check in OURS)


def is_solicited(actor_url: str, obj: dict[str, Any]) -> bool:
    """Someone here asked for this object: see the module's docstring."""
    if inside_asked_here() or is_followed_here(actor_url):
        return True
    if is_ours(read_content(obj).in_reply_to):
        return True
    return bool(addressed_people(obj))
