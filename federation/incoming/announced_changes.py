"""An Update or Delete announced by the node of its author, applied like the author's own.

Tremplin nodes send an edit or a deletion signed by the author to every node that holds
a copy (federation/outgoing/reach.py). Software that relays the activities about what it boosted
(FEP-1b12's groups, FEP-f06f's observers) wraps them in an `Announce` instead: the
embedded activity is then only as trustworthy as whoever signed the Announce. It is
applied here when that signer is the node actor of the host where the author and the
object live (a host speaks for its own objects), and only to an object this node
already holds and that belongs to that author: nothing is imported this way. An
Announce of a change by anyone else is refused; their words never replace the origin's.
"""

from __future__ import annotations

from typing import Any

from federation.incoming import inbox_processing
from federation.incoming.inbox_processing import Refused, _id
from federation.models import RemoteActor, RemoteObject, RemoteOffer
from federation.peers.actors import same_host

CHANGES = ("Update", "Delete")
NODE_TYPES = ("Application", "Service")


def on_announce(activity: dict[str, Any], actor: RemoteActor) -> None:
    """The `Announce` handler: changes announced by their origin node, else a boost."""
    change = activity.get("object")
    if not isinstance(change, dict) or change.get("type") not in CHANGES:
        inbox_processing.on_announce(activity, actor)
        return
    author_uri, object_uri = _id(change.get("actor")), _id(change.get("object"))
    if actor.actor_type not in NODE_TYPES or not (
        author_uri and same_host(author_uri, actor.uri) and same_host(object_uri, actor.uri)
    ):
        raise Refused("a change announced by someone else than its origin node")
    held = (
        RemoteObject.objects.filter(uri=object_uri).first()
        or RemoteOffer.objects.filter(uri=object_uri).first()
    )
    if held is None:
        return  # nothing we hold: an announced change imports nothing
    if held.actor.uri != author_uri:
        raise Refused("a change of an object by someone else than its author")
    inbox_processing.HANDLERS[change["type"]](change, held.actor)
