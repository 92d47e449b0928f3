"""Job offers received from peers: kept as local copies through jobs.offers, or refused.

Plugged into Create/Update/Delete through inbox_processing's object handlers. Each
call runs inside the inbox item's transaction: a refusal stores nothing. An offer
that is already past its date or not open is not shown (closed here, or not stored).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from federation.incoming.inbox_processing import ObjectHandler, Refused, remote_profile
from federation.mapping.offer_parsing import OfferError, ParsedOffer, looks_like_offer, offer_data
from federation.models import RemoteActor, RemoteOffer
from federation.protocol import addressing
from jobs import offers
from jobs.models import Offer, OfferState, Organisation
from profiles.models import ProfileKind
from profiles.visibility import Visibility


def _parse(obj: dict[str, Any], actor: RemoteActor) -> ParsedOffer:
    try:
        parsed = offer_data(obj, actor.uri)
    except OfferError as error:
        raise Refused(f"malformed offer: {error}") from error
    to, cc = obj.get("to", []), obj.get("cc", [])
    to = to if isinstance(to, list) else [to]
    cc = cc if isinstance(cc, list) else [cc]
    audience = [x for x in to + cc if isinstance(x, str)]
    if addressing.visibility_of(audience, [], "") != Visibility.PUBLIC:
        raise Refused("an offer must be public")
    return parsed


def _is_open(parsed: ParsedOffer) -> bool:
    return parsed.status == "open" and parsed.data["valid_through"] >= timezone.localdate()


def _organisation(actor: RemoteActor) -> Organisation:
    profile = remote_profile(actor)
    if profile.kind != ProfileKind.ORGANISATION:
        raise Refused("only organisations publish offers")
    organisation, _created = Organisation.objects.get_or_create(profile=profile)
    return organisation


def _save(organisation: Organisation, offer: Offer | None, parsed: ParsedOffer) -> Offer:
    try:
        offer = offers.save_offer(organisation, offer, parsed.data, parsed.tags)
    except ValidationError as error:
        raise Refused(f"malformed offer: {'; '.join(error.messages)[:200]}") from error
    Offer.objects.filter(pk=offer.pk).update(url=parsed.url)
    return offer


def create(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    link = RemoteOffer.objects.filter(uri=obj["id"]).first()
    if link is not None:
        update(activity, obj, actor)
        return
    parsed = _parse(obj, actor)
    if not _is_open(parsed):
        return  # closed or past its date on arrival: nothing to show
    organisation = _organisation(actor)
    offer = _save(organisation, None, parsed)
    offers.publish(offer)
    RemoteOffer.objects.create(uri=obj["id"], offer=offer, actor=actor)


def update(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    link = RemoteOffer.objects.filter(uri=obj["id"]).select_related("offer").first()
    if link is None:
        create(activity, obj, actor)
        return
    if link.actor_id != actor.pk:
        raise Refused("update of someone else's offer")
    parsed = _parse(obj, actor)
    offer = _save(link.offer.organisation, link.offer, parsed)
    if _is_open(parsed):
        offers.publish(offer)  # a repost opens it again; an open offer stays as it is
    else:
        expired = parsed.status == "expired" or parsed.status == "open"
        offers.close(offer, state=OfferState.EXPIRED if expired else OfferState.CLOSED)


def delete(uri: str, actor: RemoteActor) -> bool:
    link = RemoteOffer.objects.filter(uri=uri).select_related("offer").first()
    if link is None:
        return False
    if link.actor_id != actor.pk:
        raise Refused("delete of someone else's offer")
    offers.delete(link.offer)
    return True


HANDLER = ObjectHandler(
    name="offers", accepts=looks_like_offer, create=create, update=update, delete=delete
)
