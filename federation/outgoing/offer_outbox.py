"""Offer and organisation events become activities (in the domain's transaction).

An offer goes to its organisation's followers and to this node's followers (following
a territory brings its offers): the first publication as a Create, boosted by the
instance actor like a public experience; every later change, closing, expiry or
repost as an Update carrying the new dates and status; deletion as a Delete to every
inbox that holds a copy (federation/outgoing/reach.py).
"""

from __future__ import annotations

from typing import Any

from federation.mapping import serializers
from federation.mapping.offer_documents import offer_object, offer_uri, offer_uri_for
from federation.outgoing import reach
from federation.outgoing.outbox import (
    announce,
    follower_inboxes,
    instance_follower_inboxes,
    last_federated,
    send,
)
from federation.protocol import ids
from jobs import events
from jobs.models import Offer, Organisation


def listen() -> None:
    events.offer_published.connect(on_offer_published, dispatch_uid="fed-offer-published")
    events.offer_closed.connect(on_offer_closed, dispatch_uid="fed-offer-closed")
    events.offer_deleted.connect(on_offer_deleted, dispatch_uid="fed-offer-deleted")
    events.organisation_changed.connect(
        on_organisation_changed, dispatch_uid="fed-organisation-changed"
    )


def _inboxes(organisation: Organisation) -> list[str]:
    return sorted(set(follower_inboxes(organisation.profile)) | set(instance_follower_inboxes()))


def _federate(offer: Offer) -> None:
    offer = Offer.objects.select_related("organisation__profile").get(pk=offer.pk)
    if not offer.is_local or offer.published_at is None:
        return
    uri = offer_uri(offer)
    previous = last_federated(uri)
    kind = "Update" if previous is not None and previous.activity_type != "Delete" else "Create"
    document = offer_object(offer)
    document.pop("@context", None)
    profile = offer.organisation.profile
    audience = {"to": document["to"], "cc": document["cc"]}
    if kind == "Create":
        send(profile, kind, document, follower_inboxes(profile), audience=audience)
        announce(uri)
    else:
        # Every node that holds a copy (through the node's boost too) hears of the change.
        inboxes = set(_inboxes(offer.organisation)) | reach.holders(uri)
        send(profile, "Update", document, sorted(inboxes), audience=audience)


def on_offer_published(offer: Offer, first_time: bool = False, **kwargs: Any) -> None:
    _federate(offer)


def on_offer_closed(offer: Offer, **kwargs: Any) -> None:
    _federate(offer)


def on_offer_deleted(
    offer_id: int, organisation: Organisation, was_published: bool = False, **kwargs: Any
) -> None:
    if not organisation.is_local or not was_published:
        return
    uri = offer_uri_for(offer_id)
    previous = last_federated(uri)
    if previous is None or previous.activity_type == "Delete":
        return
    inboxes = reach.holders(uri) | set(_inboxes(organisation))
    send(
        organisation.profile,
        "Delete",
        {"id": uri, "type": "Tombstone"},
        sorted(inboxes),
        audience={"to": [ids.PUBLIC]},
        object_uri=uri,
    )
    reach.forget(uri)


def on_organisation_changed(organisation: Organisation, **kwargs: Any) -> None:
    """Sector, place, website or the verified mark changed: peers refetch the actor."""
    if not organisation.is_local:
        return
    document = serializers.actor_document(organisation.profile)
    document.pop("@context", None)
    inboxes = _inboxes(organisation)
    if inboxes:
        send(organisation.profile, "Update", document, inboxes, audience={"to": [ids.PUBLIC]})
