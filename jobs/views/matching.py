"""The matching pages: experiences that match an offer, offers that suit a person."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from jobs import organisations
from jobs.matching import experiences_matching, offers_for, person_signals
from jobs.models import Offer
from profiles.pagination import PAGE_SIZE, Page, page_number
from profiles.permissions import viewer_profile


def may_see_matches(user: Any, offer: Offer) -> bool:
    """Members of the offer's organisation and the node's staff see who matches it."""
    return getattr(user, "is_staff", False) or organisations.is_member(user, offer.organisation)


def _page(fetch: Any, number: int) -> Page:
    """One page of ranked results; one extra row says whether there is a next page."""
    rows = fetch(limit=PAGE_SIZE + 1, offset=(number - 1) * PAGE_SIZE)
    return Page(items=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE)


def offer_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """Experiences that match an offer: for its organisation's members only (404 otherwise)."""
    offer = get_object_or_404(
        Offer.objects.select_related("organisation__profile__published"), pk=pk
    )
    if not may_see_matches(request.user, offer):
        raise Http404(_("No such offer."))
    number = page_number(request.GET.get("page"))
    page = _page(
        lambda limit, offset: experiences_matching(offer, request.user, limit, offset), number
    )
    tags = list(offer.tags.select_related("concept"))
    return render(
        request,
        "jobs/matching/offer_matches.html",
        {
            "offer": offer,
            "offer_url": offer.get_absolute_url(),
            "page": page,
            "tags": tags,
            "has_concepts": any(tag.concept_id for tag in tags),
        },
    )


@login_required
def offers_for_you(request: HttpRequest) -> HttpResponse:
    """Open offers suggested from a person's published experiences, with the reasons."""
    profile = viewer_profile(request.user)
    if profile is None:
        raise Http404(_("This account has no profile."))
    number = page_number(request.GET.get("page"))
    page = _page(lambda limit, offset: offers_for(profile, limit, offset), number)
    for match in page.items:
        match.url = match.offer.get_absolute_url()
    return render(
        request,
        "jobs/matching/offers_for_you.html",
        {"page": page, "has_signals": bool(page.items) or not person_signals(profile).empty},
    )
