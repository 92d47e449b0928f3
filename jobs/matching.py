"""Matching offers and experiences: who has done what an offer asks, which offers suit whom.

Both directions score the same three things, so a recruiter and a young person see
the same reasons for a match:

- shared concepts (an offer's tags ↔ an experience's tags), compared as concepts, so
  "cuisine" in a French offer matches "cooking" in an English story;
- the kind of experience fitting the contract (an internship for an internship offer);
- the same place (ignored when the offer is fully remote).

A shared concept outweighs kind and place together (10 against 3 + 2), so more shared
concepts always rank first; kind and place break ties, then the most recent.
Which experiences a viewer may get is decided by `Experience.objects.visible_to` (the
one visibility rule); this module only ranks what that rule lets through.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from jobs.models import ContractType, Offer, OfferTag, RemoteOption
from jobs.offers import open_offers
from profiles.models import Concept, Experience, ExperienceConcept, Profile
from profiles.publishing import place_key

CONCEPT_POINTS = 10
KIND_POINTS = 3
PLACE_POINTS = 2

# Which kinds of experience show someone has already done this kind of work.
KIND_FIT: dict[str, frozenset[str]] = {
    ContractType.INTERNSHIP: frozenset({"internship"}),
    ContractType.APPRENTICESHIP: frozenset({"apprenticeship"}),
    ContractType.SUMMER_JOB: frozenset({"summer_job", "odd_job"}),
    ContractType.SEASONAL: frozenset({"summer_job", "odd_job", "job"}),
    ContractType.PERMANENT: frozenset({"job"}),
    ContractType.FIXED_TERM: frozenset({"job"}),
    ContractType.VOLUNTEERING: frozenset({"volunteering", "associative", "humanitarian"}),
}


def contracts_fitting(kinds: set[str]) -> list[str]:
    """The contract types an experience of one of these kinds prepares for."""
    return sorted(contract for contract, fit in KIND_FIT.items() if fit & kinds)


@dataclass
class ExperienceMatch:
    """An experience shown for an offer, with why."""

    experience: Experience
    score: int
    concepts: list[Concept] = field(default_factory=list)
    kind_fits: bool = False
    same_place: bool = False


@dataclass
class OfferMatch:
    """An offer suggested to a person, with why."""

    offer: Offer
    score: int
    concepts: list[Concept] = field(default_factory=list)
    kind_fits: bool = False
    same_place: bool = False


def _points(condition: Q | None, points: int) -> Case | Value:
    if condition is None:
        return Value(0, output_field=IntegerField())
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def offer_concept_ids(offer: Offer) -> list[int]:
    return sorted(
        set(
            OfferTag.objects.filter(offer=offer, concept__isnull=False).values_list(
                "concept_id", flat=True
            )
        )
    )


def offer_place(offer: Offer) -> str:
    """The place that counts for matching: none for a fully remote offer."""
    return "" if offer.remote_option == RemoteOption.REMOTE else offer.place_key


def experiences_matching(
    offer: Offer, viewer: Any, limit: int = 20, offset: int = 0
) -> list[ExperienceMatch]:
    """Experiences `viewer` may see that match `offer`, best first, with their reasons.

    With concept tags, only experiences sharing at least one concept are candidates:
    the ranking is one grouped query over the (concept, date) index of experiences,
    filtered by visibility and cut by LIMIT in SQL. Without concept tags, the kind of
    experience and the place are all there is to go on.
    """
    concept_ids = offer_concept_ids(offer)
    kinds = sorted(KIND_FIT.get(offer.contract_type, frozenset()))
    place = offer_place(offer)
    kind_q = Q(kind__in=kinds) if kinds else None
    place_q = Q(place_key=place) if place else None
    visible = Experience.objects.visible_to(viewer)
    if concept_ids:
        ranked = (
            visible.filter(concept_links__concept_id__in=concept_ids)
            .values("pk", "published_at")
            .annotate(shared=Count("concept_links"))
        )
    else:
        either = [q for q in (kind_q, place_q) if q is not None]
        if not either:
            return []
        condition = either[0] if len(either) == 1 else either[0] | either[1]
        ranked = visible.filter(condition).values("pk", "published_at")
        ranked = ranked.annotate(shared=Value(0, output_field=IntegerField()))
    ranked = ranked.annotate(
        kind_points=_points(kind_q, KIND_POINTS), place_points=_points(place_q, PLACE_POINTS)
    ).annotate(score=F("shared") * CONCEPT_POINTS + F("kind_points") + F("place_points"))
    rows = list(ranked.order_by("-score", "-published_at", "-pk")[offset : offset + limit])
    if not rows:
        return []
    ids = [row["pk"] for row in rows]
    experiences = Experience.objects.filter(pk__in=ids).with_content().with_tags().in_bulk()
    shared = _shared_concepts(ids, concept_ids)
    return [
        ExperienceMatch(
            experience=experiences[row["pk"]],
            score=row["score"],
            concepts=shared.get(row["pk"], []),
            kind_fits=bool(row["kind_points"]),
            same_place=bool(row["place_points"]),
        )
        for row in rows
        if row["pk"] in experiences
    ]


def _shared_concepts(experience_ids: list[int], concept_ids: list[int]) -> dict[int, list[Concept]]:
    """Which of the offer's concepts each experience carries (for the "why" lines)."""
    if not concept_ids:
        return {}
    concepts = Concept.objects.in_bulk(concept_ids)
    shared: dict[int, list[Concept]] = defaultdict(list)
    links = ExperienceConcept.objects.filter(
        experience_id__in=experience_ids, concept_id__in=concept_ids
    ).values_list("experience_id", "concept_id")
    for experience_id, concept_id in sorted(links):
        shared[experience_id].append(concepts[concept_id])
    return shared


@dataclass
class PersonSignals:
    """What a person's published experiences and profile say about them, for matching."""

    concept_ids: list[int]
    kinds: set[str]
    places: list[str]

    @property
    def empty(self) -> bool:
        return not (self.concept_ids or self.kinds or self.places)


def person_signals(profile: Profile) -> PersonSignals:
    """Concepts, kinds and places of a person's published experiences and profile."""
    published = profile.experiences.filter(published__isnull=False)
    concept_ids = sorted(
        set(
            ExperienceConcept.objects.filter(experience__in=published).values_list(
                "concept_id", flat=True
            )
        )
    )
    kinds = {kind for kind in published.values_list("kind", flat=True) if kind}
    places = {key for key in published.values_list("place_key", flat=True) if key}
    revision = profile.published
    if revision is not None and revision.territory:
        places.add(place_key(revision.territory))
    return PersonSignals(concept_ids=concept_ids, kinds=kinds, places=sorted(places))


def offers_for(profile: Profile, limit: int = 20, offset: int = 0) -> list[OfferMatch]:
    """Open offers that suit a person, best first, with their reasons.

    Candidates are open offers (`jobs.offers.open_offers`, the one definition of open)
    sharing a concept with the person's published experiences, or whose contract fits
    a kind of experience they have, or in one of their places.
    """
    signals = person_signals(profile)
    if signals.empty:
        return []
    contracts = contracts_fitting(signals.kinds)
    concept_q = Q(tags__concept_id__in=signals.concept_ids) if signals.concept_ids else None
    kind_q = Q(contract_type__in=contracts) if contracts else None
    place_q = (
        Q(place_key__in=signals.places) & ~Q(remote_option=RemoteOption.REMOTE)
        if signals.places
        else None
    )
    conditions = [q for q in (concept_q, kind_q, place_q) if q is not None]
    if not conditions:
        return []
    candidates = Q()
    for condition in conditions:
        candidates |= condition
    shared = (
        Count("tags__concept", filter=concept_q, distinct=True)
        if concept_q is not None
        else Value(0, output_field=IntegerField())
    )
    ranked: QuerySet = (
        open_offers()
        .filter(candidates)
        .values("pk", "published_at")
        .annotate(
            shared=shared,
            kind_points=_points(kind_q, KIND_POINTS),
            place_points=_points(place_q, PLACE_POINTS),
        )
        .annotate(score=F("shared") * CONCEPT_POINTS + F("kind_points") + F("place_points"))
        .order_by("-score", "-published_at", "-pk")
    )
    rows = list(ranked[offset : offset + limit])
    if not rows:
        return []
    ids = [row["pk"] for row in rows]
    offers = (
        Offer.objects.filter(pk__in=ids)
        .select_related("organisation__profile__published")
        .in_bulk()
    )
    concepts_of = _offer_concepts(ids, signals.concept_ids)
    return [
        OfferMatch(
            offer=offers[row["pk"]],
            score=row["score"],
            concepts=concepts_of.get(row["pk"], []),
            kind_fits=bool(row["kind_points"]),
            same_place=bool(row["place_points"]),
        )
        for row in rows
        if row["pk"] in offers
    ]


def _offer_concepts(offer_ids: list[int], concept_ids: list[int]) -> dict[int, list[Concept]]:
    if not concept_ids:
        return {}
    concepts = Concept.objects.in_bulk(concept_ids)
    shared: dict[int, list[Concept]] = defaultdict(list)
    pairs = set(
        OfferTag.objects.filter(offer_id__in=offer_ids, concept_id__in=concept_ids).values_list(
            "offer_id", "concept_id"
        )
    )
    for offer_id, concept_id in sorted(pairs):
        shared[offer_id].append(concepts[concept_id])
    return shared
