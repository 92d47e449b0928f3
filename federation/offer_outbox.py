"""Offer and organisation events become activities (in the domain's transaction).

An offer goes to its organisation's followers and to this node's followers (following
a territory brings its offers): the first publication as a Create, boosted by the
instance actor like a public experience; every later change, closing, expiry or
repost as an Update carrying the new dates and status; deletion as a Delete to every
inbox that got anything about it.
"""

from __future__ import annotations

from typing import Any

from federation import ids, serializers
from federation.models import Delivery
from federation.offer_documents import offer_object, offer_uri, offer_uri_for
from federation.outbox import (
    announce,
    follower_inboxes,
    instance_follower_inboxes,
    last_federated,
    send,
)
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
    send(profile, kind, document, sorted(set(follower_inboxes(profile))), audience=audience)
    if kind == "Create":
        announce(uri)
    else:
        # Those who got it through the node's boost hear of the change from the organisation.
        others = sorted(set(instance_follower_inboxes()) - set(follower_inboxes(profile)))
        if others:
            send(profile, "Update", document, others, audience=audience)


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
    inboxes = set(
        Delivery.objects.filter(activity__object_uri=uri).values_list("inbox", flat=True)
    ) | set(_inboxes(organisation))
    send(
        organisation.profile,
        "Delete",
        {"id": uri, "type": "Tombstone"},
        sorted(inboxes),
        audience={"to": [ids.PUBLIC]},
        object_uri=uri,
    )


def on_organisation_changed(organisation: Organisation, **kwargs: Any) -> None:
    """Sector, place, website or the verified mark changed: peers refetch the actor."""
    if not organisation.is_local:
        return
    document = serializers.actor_document(organisation.profile)
    document.pop("@context", None)
    inboxes = _inboxes(organisation)
    if inboxes:
        send(organisation.profile, "Update", document, inboxes, audience={"to": [ids.PUBLIC]})
