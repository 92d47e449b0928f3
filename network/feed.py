"""A person's feed: what the people, territories and tags they follow published lately.

Posts of followed accounts of other nodes (network.posts) come in the same list.

Experiences come only through `Experience.objects.visible_to` (the one visibility
rule) and offers only through `jobs.offers.open_offers` (the one definition of open).
Both lists are merged by date in one UNION query that returns a page of (kind, pk,
date); two more queries load the page's experiences and offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)

from jobs.models import Offer, OfferTag
from jobs.offers import open_offers
from network.models import Post, TagFollow
from network.posts import feed_posts
from profiles.belonging import shown_on_public_pages
from profiles.models import Experience, ExperienceConcept, Follow, FollowState, Profile, ProfileKind
from profiles.models.experiences import TAGS_PREFETCH
from profiles.pagination import PAGE_SIZE, Page

EXPERIENCE, OFFER, POST = "experience", "offer", "post"


@dataclass
class FeedItem:
    kind: str
    object: Any

    @property
    def is_offer(self) -> bool:
        return self.kind == OFFER

    @property
    def is_post(self) -> bool:
        return self.kind == POST


def _sources(viewer: Profile) -> tuple[QuerySet, QuerySet, QuerySet]:
    """Subqueries: profiles followed, domains of territories followed, concepts followed."""
    followed = Follow.objects.filter(follower=viewer, state=FollowState.ACCEPTED)
    people = followed.values("followed")
    domains = followed.filter(followed__kind=ProfileKind.NODE).values("followed__domain")
    concepts = TagFollow.objects.filter(profile=viewer).values("concept")
    return people, domains, concepts


def feed_experiences(user: Any, viewer: Profile) -> QuerySet[Experience]:
    people, domains, concepts = _sources(viewer)
    tagged = ExperienceConcept.objects.filter(experience=OuterRef("pk"), concept__in=concepts)
    return shown_on_public_pages(
        Experience.objects.visible_to(user)
        .filter(Q(owner__in=people) | Q(owner__domain__in=domains) | Q(Exists(tagged)))
        .exclude(owner=viewer)
    )


def feed_offers(viewer: Profile) -> QuerySet[Offer]:
    people, domains, concepts = _sources(viewer)
    tagged = OfferTag.objects.filter(offer=OuterRef("pk"), concept__in=concepts)
    offers = open_offers().filter(
        Q(organisation__profile__in=people)
        | Q(organisation__profile__domain__in=domains)
        | Q(Exists(tagged))
    )
    return shown_on_public_pages(offers, owner="organisation__profile__")


def feed_page(user: Any, viewer: Profile, number: int, size: int = PAGE_SIZE) -> Page:
    """One page of the feed, newest first, experiences and offers together."""
    experiences = (
        feed_experiences(user, viewer)
        .order_by()
        .annotate(item_kind=Value(EXPERIENCE, output_field=CharField()))
        .values_list("item_kind", "pk", "published_at")
    )
    offers = (
        feed_offers(viewer)
        .order_by()
        .annotate(item_kind=Value(OFFER, output_field=CharField()))
        .values_list("item_kind", "pk", "published_at")
    )
    # Posts of followed accounts of other nodes (network.posts), apart from experiences.
    posts = (
        feed_posts(viewer)
        .order_by()
        .annotate(item_kind=Value(POST, output_field=CharField()))
        .values_list("item_kind", "pk", "published_at")
    )
    start = (number - 1) * size
    merged = experiences.union(offers, posts, all=True).order_by("-published_at", "-pk")
    rows = list(merged[start : start + size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    experience_ids = [pk for kind, pk, _date in rows if kind == EXPERIENCE]
    offer_ids = [pk for kind, pk, _date in rows if kind == OFFER]
    post_ids = [pk for kind, pk, _date in rows if kind == POST]
    loaded = {
        EXPERIENCE: Experience.objects.with_content().in_bulk(experience_ids),
        OFFER: Offer.objects.select_related(
            "organisation__profile__published", "organisation__profile__draft"
        ).in_bulk(offer_ids),
        POST: Post.objects.select_related("author__published").in_bulk(post_ids),
    }
    prefetch_related_objects(list(loaded[EXPERIENCE].values()), *TAGS_PREFETCH)
    items = [FeedItem(kind, loaded[kind][pk]) for kind, pk, _date in rows if pk in loaded[kind]]
    return Page(items=items, number=number, has_next=has_next)
