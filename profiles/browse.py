"""Browsing published experiences: the one query behind the browse page, tag pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from profiles.belonging import shown_on_public_pages
from profiles.lookup import handle_q
from profiles.models import Concept, Experience
from profiles.publishing import place_key
from profiles.search import filter_by_text


@dataclass
class Filters:
    q: str = ""
    tag: str = ""
    kind: str = ""
    lang: str = ""
    person: str = ""
    place: str = ""


def experiences_for(user: Any, filters: Filters) -> tuple[QuerySet, Concept | None]:
    """Experiences this user may see that match the filters, newest first, and the tag's concept.

    Listings (no person named) show only what belongs here (profiles.belonging); one
    person's experiences, as on their page, are all those this user may see.
    """
    queryset = Experience.objects.visible_to(user)
    if not filters.person:
        queryset = shown_on_public_pages(queryset)
    order = ["-published_at", "-pk"]
    concept = None
    if filters.tag:
        concept = Concept.objects.filter(slug=filters.tag).first()
        if concept is None:
            return queryset.none(), None
        # Ordered on the link's own date, so the (concept, date) index gives the order.
        queryset = queryset.filter(concept_links__concept=concept)
        order = ["-concept_links__published_at", "-pk"]
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.lang:
        queryset = queryset.filter(language=filters.lang)
    if filters.place and place_key(filters.place):
        # The town as typed, compared as offers' places are ("Saint-Étienne" = "saint etienne").
        queryset = queryset.filter(place_key=place_key(filters.place))
    if filters.person:
        queryset = queryset.filter(handle_q(filters.person, prefix="owner__"))
    if filters.q:
        queryset = filter_by_text(queryset, filters.q)
    return queryset.order_by(*order).with_content(), concept
