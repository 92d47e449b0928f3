"""Alerts: an offer published anywhere in the federation reaches the saved searches it fits.

Candidate searches are chosen in SQL (active, of a local person, same contract type and
place when set, a shared concept when concepts are set, not told about this offer yet),
so publishing an offer costs a few queries however many alerts there are. An offer
published again (reposted, changed) reaches an alert only once: the notification's
(saved search, offer page) pair is unique.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from jobs.models import Offer, OfferTag
from network.links import offer_path
from network.models import Notification, NotificationKind, SavedSearch
from profiles.belonging import shown_on_public_pages

SearchConcept = SavedSearch.concepts.through


def matching_searches(offer: Offer) -> QuerySet[SavedSearch]:
    """Active saved searches of local people that this offer meets in every set criterion."""
    concepts = OfferTag.objects.filter(offer=offer, concept__isnull=False).values("concept")
    has_concepts = SearchConcept.objects.filter(savedsearch=OuterRef("pk"))
    shares_concept = has_concepts.filter(concept__in=concepts)
    told = Notification.objects.filter(saved_search=OuterRef("pk"), url=offer_path(offer.pk))
    return (
        SavedSearch.objects.filter(active=True, profile__domain="", profile__user__isnull=False)
        .filter(Q(contract_type="") | Q(contract_type=offer.contract_type))
        .filter(Q(place_key="") | Q(place_key=offer.place_key))
        .filter(~Q(Exists(has_concepts)) | Q(Exists(shares_concept)))
        .exclude(Exists(told))
    )


def notify_matches(offer: Offer) -> int:
    """Tell each matching alert about the offer, once; returns how many were told.

    An offer that belongs on no listing here (its organisation followed by nobody here,
    nor its node) alerts nobody either.
    """
    listed = Offer.objects.filter(pk=offer.pk)
    if not shown_on_public_pages(listed, owner="organisation__profile__").exists():
        return 0
    url = offer_path(offer.pk)
    searches = list(matching_searches(offer).values_list("pk", "profile_id"))
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=profile_id,
                kind=NotificationKind.OFFER_MATCH,
                title=offer.title[:200],
                title_language=offer.language,
                url=url,
                saved_search_id=search_pk,
            )
            for search_pk, profile_id in searches
        ],
        ignore_conflicts=True,  # another process told the same alert meanwhile
    )
    return len(searches)


def on_offer_published(sender: Any, offer: Offer, **kwargs: Any) -> None:
    """Receiver of jobs.events.offer_published."""
    notify_matches(offer)
