"""Likes and boosts of an offer, counted on it (the federation tells us of them).

As profiles/reactions.py for experiences: the count on the offer, who reacted kept by
the federation, a domain event for the organisation's members to be notified.
"""

from __future__ import annotations

from django.db import transaction

from jobs import events
from jobs.models import Offer
from profiles.reactions import count_changed


@transaction.atomic
def reaction_added(offer: Offer, kind: str) -> None:
    count_changed(Offer.objects.filter(pk=offer.pk), kind, added=True)
    events.offer_reacted.send(Offer, offer=offer, kind=kind)


@transaction.atomic
def reaction_removed(offer: Offer, kind: str) -> None:
    count_changed(Offer.objects.filter(pk=offer.pk), kind, added=False)
