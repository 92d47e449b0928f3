"""Organisations and offers for the network tests, made the way the jobs app makes them."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from jobs import offers
from jobs.models import Membership, Offer, Organisation
from profiles.models import Profile, ProfileKind, ProfileRevision
from tests.conftest import make_person


def make_organisation(handle: str, domain: str = "", member: Profile | None = None) -> Organisation:
    """An organisation's profile and showcase, with `member` (made if None) as owner."""
    profile = Profile.objects.create(handle=handle, domain=domain, kind=ProfileKind.ORGANISATION)
    profile.published = ProfileRevision.objects.create(
        profile=profile, display_name=handle.title(), language="en", published_at=timezone.now()
    )
    profile.published_at = timezone.now()
    profile.save()
    organisation = Organisation.objects.create(profile=profile, place="Lyon")
    if not domain:
        member = member or make_person(f"{handle}_rec", role="organisation", birth=None)
        Membership.objects.create(organisation=organisation, user=member.user, role="owner")
    return organisation


def offer_data(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Kitchen assistant",
        "description": "Help the cook in a small restaurant.",
        "language": "en",
        "contract_type": "summer_job",
        "place": "Lyon",
        "valid_through": timezone.localdate() + datetime.timedelta(days=30),
        **changes,
    }


def make_offer(
    organisation: Organisation,
    tags: list[str] | None = None,
    publish: bool = True,
    **changes: Any,
) -> Offer:
    offer = offers.save_offer(organisation, None, offer_data(**changes), tags or ["cooking"])
    if publish:
        offer = offers.publish(offer)
    return offer
