"""Visibility to addressing: the one place that decides who an activity is for."""

from __future__ import annotations

from federation.protocol import ids
from profiles.models import Profile
from profiles.visibility import Visibility


def audience(owner: Profile, visibility: int) -> dict[str, list[str]] | None:
    """`to`/`cc` for an item, or None when it never leaves this node.

    Node members, "me and my counsellors" and "only me" are never sent anywhere (a
    counsellor is always of this node); only public and followers items travel.
    """
    followers = ids.collection_uri(owner, "followers")
    if visibility == Visibility.PUBLIC:
        return {"to": [ids.PUBLIC], "cc": [followers]}
    if visibility == Visibility.FOLLOWERS:
        return {"to": [followers], "cc": []}
    return None


def visibility_of(to: list[str], cc: list[str], followers_uri: str) -> int | None:
    """The visibility a received item gets from its addressing; None if not for us to show."""
    audience_uris = set(to) | set(cc)
    if ids.PUBLIC in audience_uris or "as:Public" in audience_uris or "Public" in audience_uris:
        return Visibility.PUBLIC
    if followers_uri and followers_uri in audience_uris:
        return Visibility.FOLLOWERS
    return None
