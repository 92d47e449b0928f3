"""Organisations and offers for the matching tests, made through the offer life cycle."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from jobs import offers
from jobs.models import Membership, Offer, Organisation
from profiles.models import Profile
from profiles.models.people import ProfileKind


def make_organisation(handle: str, *members: Profile, place: str = "Lyon") -> Organisation:
    """A local organisation (a Profile of kind organisation), with these people as members."""
    profile = Profile.objects.create(handle=handle, kind=ProfileKind.ORGANISATION)
    organisation = Organisation.objects.create(profile=profile, place=place)
    for member in members:
        Membership.objects.create(organisation=organisation, user=member.user, role="owner")
    return organisation


def make_offer(
    organisation: Organisation,
    tags: list[str],
    *,
    publish: bool = True,
    **changes: Any,
) -> Offer:
    data = {
        "title": "Commis de cuisine",
        "description": "Aider en cuisine pour l'été.",
        "language": "fr",
        "contract_type": "summer_job",
        "place": "Lyon",
        "remote_option": "on_site",
        "valid_through": timezone.localdate() + datetime.timedelta(days=30),
        **changes,
    }
    offer = offers.save_offer(organisation, None, data, tags)
    if publish:
        offer = offers.publish(offer)
    return offer
