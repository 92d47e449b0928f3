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

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from jobs.models import ContractType, Offer, OfferTag, RemoteOption
from jobs.offers import open_offers
from profiles.belonging import shown_on_public_pages
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

    With concept tags, only experiences sharing at least one concept are candidates,
    found through the experiences' concept index; visibility is applied in SQL and
    LIMIT cuts the page there. Without concept tags, the kind of experience and the
    place are all there is to go on.
    """
    concept_ids = offer_concept_ids(offer)
    kinds = sorted(KIND_FIT.get(offer.contract_type, frozenset()))
    place = offer_place(offer)
    kind_q = Q(kind__in=kinds) if kinds else None
    place_q = Q(place_key=place) if place else None
    visible = shown_on_public_pages(Experience.objects.visible_to(viewer))
    if concept_ids:
        rows = _Ranking(visible, concept_ids, kind_q, place_q).page(limit, offset)
    else:
        either = [q for q in (kind_q, place_q) if q is not None]
        if not either:
            return []
        condition = either[0] if len(either) == 1 else either[0] | either[1]
        ranked = visible.filter(condition).values("pk", "published_at")
        ranked = ranked.annotate(
            shared=Value(0, output_field=IntegerField()),
            kind_points=_points(kind_q, KIND_POINTS),
            place_points=_points(place_q, PLACE_POINTS),
        )
        rows = _scored(ranked)[offset : offset + limit]
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


def _scored(ranked: QuerySet) -> QuerySet:
    return ranked.annotate(
        score=F("shared") * CONCEPT_POINTS + F("kind_points") + F("place_points")
    ).order_by("-score", "-published_at", "-pk")


TIER_MAX_IDS = 2000  # a tier bigger than this is read by group, not ranked whole


def _among(ids: list[int]) -> Q | RawSQL:
    """`pk IN ids`, as one array parameter on PostgreSQL (thousands of placeholders in
    a query cost more to build and parse than the query takes to run)."""
    if connection.vendor != "postgresql":
        return Q(pk__in=ids)
    table = connection.ops.quote_name(Experience._meta.db_table)
    sql = f"{table}.id = ANY(%s::bigint[])"  # a constant; the ids are a parameter
    return RawSQL(sql, (ids,), output_field=BooleanField())  # noqa: S611


class _Ranking:
    """One page of the experiences sharing concepts with an offer, best first.

    Ranking every candidate in one grouped query joins tens of thousands of
    experiences for a popular concept. A shared concept outweighs kind and place
    together, so the work is cut by tiers:

    - the number of shared concepts of each experience sharing two or more is counted
      on the concept index alone (no join): these tiers are usually small, and small
      tiers are ranked exactly in one grouped query, best tier first;
    - a big tier (most often: the experiences sharing one concept) has one concept
      score, so it is read by kind-and-place group (both, kind, place, neither),
      newest first, which the date index gives without ranking the whole tier;
    - tiers are read only until the page is full.
    """

    def __init__(
        self, visible: QuerySet, concept_ids: list[int], kind_q: Q | None, place_q: Q | None
    ) -> None:
        self.visible, self.concept_ids = visible, concept_ids
        self.kind_q, self.place_q = kind_q, place_q

    def page(self, limit: int, offset: int) -> list[dict[str, Any]]:
        needed = offset + limit
        multi = self._sharing_several() if len(self.concept_ids) > 1 else {}
        by_tier: dict[int, list[int]] = defaultdict(list)
        for experience_id, n in multi.items():
            by_tier[n].append(experience_id)
        rows: list[dict[str, Any]] = []
        small: list[int] = []  # consecutive small tiers, ranked together exactly
        for n in sorted(by_tier, reverse=True):
            ids = by_tier[n]
            if len(small) + len(ids) <= TIER_MAX_IDS:
                small += ids
                continue
            if small:
                rows += self._ranked(small, needed - len(rows))
                small = []
            if len(rows) < needed:
                rows += self._tier(n, ids, set(), needed - len(rows))
            if len(rows) >= needed:
                return rows[offset:needed]
        if small:
            rows += self._ranked(small, needed - len(rows))
        if len(rows) < needed:
            rows += self._tier(1, None, set(multi), needed - len(rows))
        return rows[offset:needed]

    def _sharing_several(self) -> dict[int, int]:
        """Experience id → number of the offer's concepts it carries, for 2 or more.

        Thousands of rows for popular concepts: read from the cursor as plain tuples,
        without the per-value converters of a queryset (a third of the call's time).
        """
        counted = (
            ExperienceConcept.objects.filter(concept_id__in=self.concept_ids)
            .values("experience_id")
            .annotate(n=Count("*"))  # not Count("pk"): the index answers alone
            .filter(n__gte=2)
            .values_list("experience_id", "n")
        )
        sql, params = counted.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return dict(cursor.fetchall())

    def _points(self) -> dict[str, Case | Value]:
        return {
            "kind_points": _points(self.kind_q, KIND_POINTS),
            "place_points": _points(self.place_q, PLACE_POINTS),
        }

    def _ranked(self, restrict: list[int], needed: int) -> list[dict[str, Any]]:
        """The exact ranking of these few experiences, in one grouped query."""
        matching = self.visible.filter(
            _among(restrict), concept_links__concept_id__in=self.concept_ids
        )
        ranked = matching.values("pk", "published_at").annotate(
            shared=Count("concept_links"), **self._points()
        )
        return list(_scored(ranked)[:needed])

    def _groups(self) -> list[tuple[Q, int, int]]:
        """(condition, kind points, place points) of each group, best group first."""
        kind = [(self.kind_q, KIND_POINTS), (~self.kind_q, 0)] if self.kind_q else [(Q(), 0)]
        place = [(self.place_q, PLACE_POINTS), (~self.place_q, 0)] if self.place_q else [(Q(), 0)]
        groups = [(k & p, kp, pp) for k, kp in kind for p, pp in place]
        return sorted(groups, key=lambda group: -(group[1] + group[2]))

    def _tier(
        self, shared: int, ids: list[int] | None, skip: set[int], wanted: int
    ) -> list[dict[str, Any]]:
        """The best `wanted` of one tier (these ids, or: sharing one concept), by group.

        Experiences of higher tiers (`skip`) are left out here rather than in SQL: they
        are few among the many of the tier, so reading a few more rows is cheaper.
        """
        if ids is None:
            links = ExperienceConcept.objects.filter(concept_id__in=self.concept_ids)
            tier = self.visible.filter(pk__in=links.values("experience_id"))
        else:
            tier = self.visible.filter(_among(ids))
        rows: list[dict[str, Any]] = []
        for condition, kind_points, place_points in self._groups():
            found = tier.filter(condition).order_by("-published_at", "-pk")
            for row in _read_skipping(found.values("pk", "published_at"), skip, wanted - len(rows)):
                rows.append(
                    {
                        **row,
                        "shared": shared,
                        "kind_points": kind_points,
                        "place_points": place_points,
                        "score": shared * CONCEPT_POINTS + kind_points + place_points,
                    }
                )
            if len(rows) >= wanted:
                break
        return rows


def _read_skipping(rows: QuerySet, skip: set[int], wanted: int) -> list[dict[str, Any]]:
    """The first `wanted` rows whose pk is not in `skip`, read in growing slices."""
    found: list[dict[str, Any]] = []
    start, size = 0, wanted + min(len(skip), wanted)
    while len(found) < wanted:
        chunk = list(rows[start : start + size])
        found += [row for row in chunk if row["pk"] not in skip][: wanted - len(found)]
        if len(chunk) < size:
            break
        start, size = start + size, size * 2
    return found


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
        shown_on_public_pages(open_offers(), owner="organisation__profile__")
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
