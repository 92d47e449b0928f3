"""The life of an offer: draft, publish, close, expire, repost, delete.

One module for every path that changes an offer's state, whether the offer was
written here or arrived from another node, so the rules (what is shown, what
events are sent) are the same for both.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import events
from jobs.models import Offer, OfferState, OfferTag, Organisation
from profiles.publishing import place_key
from profiles.tagging import match_concepts
from profiles.text import normalize_tag

# In the order the offer editor shows them.
OFFER_FIELDS = (
    "title",
    "contract_type",
    "description",
    "language",
    "place",
    "remote_option",
    "start_date",
    "valid_through",
    "hours",
    "pay",
    "languages_required",
    "no_diploma_required",
    "experience_instead_of_education",
    "how_to_apply",
)


def open_offers(today: datetime.date | None = None) -> QuerySet[Offer]:
    """Offers anyone may see: published, still open today (expired ones never show), of
    an organisation that is not suspended by the moderators."""
    return Offer.objects.filter(open_q(today=today))


def open_q(prefix: str = "", today: datetime.date | None = None) -> Q:
    """The same rule as `open_offers`, for queries that reach offers through a relation."""
    today = today or timezone.localdate()
    return Q(
        **{
            f"{prefix}state": OfferState.PUBLISHED,
            f"{prefix}valid_through__gte": today,
            f"{prefix}organisation__profile__suspended_at__isnull": True,
        }
    )


def initial(offer: Offer) -> dict[str, Any]:
    data = {name: getattr(offer, name) for name in OFFER_FIELDS}
    data["tags"] = ", ".join(tag.text for tag in offer.tags.all())
    return data


@transaction.atomic
def save_offer(
    organisation: Organisation, offer: Offer | None, data: dict[str, Any], tags: list[str]
) -> Offer:
    """Create or change an offer's words and tags (a published offer stays published)."""
    offer = offer or Offer(organisation=organisation)
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    offer.place_key = place_key(offer.place)
    offer.full_clean(exclude=["organisation", "url"])
    offer.save()
    set_tags(offer, tags)
    if offer.state == OfferState.PUBLISHED:
        _send_published(offer, first_time=False)
    return offer


def set_tags(offer: Offer, tags: list[str]) -> None:
    """Replace an offer's tags, linking each to the concept it names in any language."""
    concepts = match_concepts(tags, offer.language)
    offer.tags.all().delete()
    OfferTag.objects.bulk_create(
        OfferTag(
            offer=offer,
            text=text[:60],
            normalized=normalize_tag(text)[:60],
            concept=concepts.get(normalize_tag(text)),
        )
        for text in tags
    )


def _send_published(offer: Offer, *, first_time: bool) -> None:
    events.offer_published.send(Offer, offer=offer, first_time=first_time)


@transaction.atomic
def publish(offer: Offer, *, now: datetime.datetime | None = None) -> Offer:
    """Publish a draft, or repost a closed or expired offer with its dates moved on."""
    now = now or timezone.now()
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.state == OfferState.PUBLISHED:
        return offer
    if offer.valid_through < timezone.localdate(now):
        raise ValidationError(_("The closing date is past: choose a later date before publishing."))
    offer.state, offer.published_at, offer.closed_at = OfferState.PUBLISHED, now, None
    offer.save(update_fields=["state", "published_at", "closed_at", "updated_at"])
    _send_published(offer, first_time=True)
    return offer


@transaction.atomic
def repost(offer: Offer, valid_through: datetime.date) -> Offer:
    """Open a closed or expired offer again until a new date."""
    offer.valid_through = valid_through
    offer.full_clean(exclude=["organisation", "url"])
    offer.save(update_fields=["valid_through", "updated_at"])
    return publish(offer)


@transaction.atomic
def close(offer: Offer, *, state: str = OfferState.CLOSED) -> Offer:
    """Close an offer (its organisation filled it) or mark it expired (its date passed)."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.state != OfferState.PUBLISHED:
        return offer
    offer.state, offer.closed_at = state, timezone.now()
    offer.save(update_fields=["state", "closed_at", "updated_at"])
    events.offer_closed.send(Offer, offer=offer)
    return offer


def expire_due(today: datetime.date | None = None) -> int:
    """Mark expired every published offer whose date passed (the periodic task)."""
    today = today or timezone.localdate()
    due = Offer.objects.filter(state=OfferState.PUBLISHED, valid_through__lt=today)
    count = 0
    for offer in due.iterator():
        close(offer, state=OfferState.EXPIRED)
        count += 1
    return count


@transaction.atomic
def delete(offer: Offer) -> None:
    was_published = offer.published_at is not None
    offer_id, organisation = offer.pk, offer.organisation
    offer.delete()
    events.offer_deleted.send(
        Offer, offer_id=offer_id, organisation=organisation, was_published=was_published
    )
