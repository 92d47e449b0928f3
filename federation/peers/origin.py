"""Forgeries the inbox can see from the body alone: an object that is not the signer's.

A host speaks only for its own objects. A Create or Update that embeds an object whose
id is on another host, or a Delete naming an object on another host, is forged or
broken; so is any Update or Delete of one of this node's own objects by a remote
actor (only this node changes what it serves). These are refused at the door with a
4xx and a reason, so the sender learns it and nothing is stored. What needs a look-up
(an object on the signer's host but someone else's) is judged by the worker.

Legitimate cases pass: an Announce of anyone's object, an actor's Update or Delete of
itself, a Delete naming only an id on the signer's host.
"""

from __future__ import annotations

from typing import Any

from federation.peers.actors import same_host
from federation.protocol import ids

CHANGES = ("Create", "Update", "Delete")


def _object_id(activity: dict[str, Any]) -> str | None:
    obj = activity.get("object")
    if isinstance(obj, dict):
        obj = obj.get("id")
    return obj if isinstance(obj, str) and obj else None


def forgery(activity: dict[str, Any], signer_uri: str) -> str | None:
    """Why `activity`, signed by `signer_uri`, changes an object that is not the signer's."""
    kind = activity.get("type")
    if kind not in CHANGES:
        return None
    if kind != "Delete" and not isinstance(activity.get("object"), dict):
        return None  # a bare id: the worker fetches it from its own host, or refuses it
    uri = _object_id(activity)
    if uri is None:
        return None  # nothing named: the worker refuses it
    if kind != "Create" and same_host(uri, ids.base_url()):
        return "only this node changes its own objects"
    if not same_host(uri, signer_uri):
        return "the object's id is not on its actor's host"
    return None
