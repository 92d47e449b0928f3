"""Organisations and offers for the jobs tests, made through the domain services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from jobs import offers, organisations
from jobs.models import Offer, Organisation
from profiles.models import Follow, FollowState, Profile, ProfileKind, ProfileRevision
from profiles.visibility import Visibility
from tests.conftest import make_person

ORGANISATION = {
    "handle": "boulangerie",
    "name": "Boulangerie du Coin",
    "about": "Une boulangerie de quartier qui forme des apprentis.",
    "language": "fr",
    "org_type": "company",
    "sector": "Boulangerie",
    "size": "micro",
    "place": "Lyon",
    "website": "https://boulangerie.example",
}


def offer_data(**changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "title": "Commis de cuisine",
        "description": "Préparer les entrées et aider le chef pendant le service.",
        "language": "fr",
        "contract_type": "seasonal",
        "place": "Lyon",
        "remote_option": "on_site",
        "start_date": today + datetime.timedelta(days=10),
        "valid_through": today + datetime.timedelta(days=30),
        "hours": "35 h par semaine",
        "pay": "",
        "languages_required": ["fr"],
        "no_diploma_required": True,
        "experience_instead_of_education": False,
        "how_to_apply": "Passez à la boutique avec vos expériences.",
        **changes,
    }


def make_offer(
    organisation: Organisation, tags: list[str] | None = None, publish: bool = True, **changes: Any
) -> Offer:
    offer = offers.save_offer(organisation, None, offer_data(**changes), tags or ["cuisine"])
    if publish:
        offer = offers.publish(offer)
    offer.refresh_from_db()
    return offer


@pytest.fixture
def owner(db: None) -> Profile:
    return make_person("olga", birth=(1980, 5))


@pytest.fixture
def organisation(owner: Profile) -> Organisation:
    return organisations.create_organisation(owner.user, dict(ORGANISATION))


@pytest.fixture
def remote_organisation(db: None) -> Organisation:
    """A copy of an organisation of another node, as the federation stores it (followed
    by someone here, so its offers are listed: profiles.belonging)."""
    profile = Profile.objects.create(
        handle="acme",
        domain="other.example",
        kind=ProfileKind.ORGANISATION,
        url="https://other.example/@acme/",
        visibility=Visibility.PUBLIC,
    )
    revision = ProfileRevision.objects.create(
        profile=profile,
        display_name="Acme Travaux",
        about="Chantiers",
        language="fr",
        visibility=Visibility.PUBLIC,
        published_at=timezone.now(),
    )
    profile.published, profile.published_at = revision, revision.published_at
    profile.save()
    # Its offers come here, and are listed, because someone here follows it.
    Follow.objects.create(
        follower=make_person("suiveuse", birth=(1990, 1)),
        followed=profile,
        state=FollowState.ACCEPTED,
    )
    return Organisation.objects.create(profile=profile, place="Girona")
