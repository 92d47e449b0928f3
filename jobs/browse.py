"""Browsing open offers, from this node and copies from others: the one query of /offers/.

A tag filter names a concept (its slug, or any of its labels and synonyms in any
language: "cuisine" finds offers tagged "cooking" or "cocina"), or else a free tag
compared as normalised words. Closed and expired offers never come out of here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language

from jobs.models import Offer
from jobs.offers import open_offers
from profiles.belonging import shown_on_public_pages
from profiles.models import Concept
from profiles.publishing import place_key
from profiles.tagging import match_concepts
from profiles.text import normalize_tag


@dataclass
class OfferFilters:
    tag: str = ""
    place: str = ""
    contract: str = ""
    lang: str = ""


def concept_named(text: str, language: str | None = None) -> Concept | None:
    """The concept a filter names: its slug, else any label or synonym (reader's language first)."""
    text = text.strip()
    if not text:
        return None
    concept = Concept.objects.filter(slug=text.lower()).first()
    if concept is not None:
        return concept
    language = (language or get_language() or "en")[:2]
    return match_concepts([text], language).get(normalize_tag(text))


def offers_for(filters: OfferFilters) -> tuple[QuerySet[Offer], Concept | None]:
    """Open offers matching the filters, newest first, and the concept the tag named."""
    offers = shown_on_public_pages(open_offers(), owner="organisation__profile__")
    concept = None
    if filters.tag.strip():
        concept = concept_named(filters.tag)
        if concept is not None:
            offers = offers.filter(tags__concept=concept)
        else:
            offers = offers.filter(tags__normalized=normalize_tag(filters.tag)[:60])
    if filters.place.strip():
        offers = offers.filter(place_key=place_key(filters.place))
    if filters.contract:
        offers = offers.filter(contract_type=filters.contract)
    if filters.lang:
        offers = offers.filter(language=filters.lang)
    offers = (
        offers.distinct()
        .select_related("organisation__profile__published")
        .prefetch_related("tags__concept")
        .order_by("-published_at", "-pk")
    )
    return offers, concept
