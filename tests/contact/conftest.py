"""An organisation with a recruiter and an open offer, and a minor with or without counsellor."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jobs import offers
from jobs.models import Membership, Offer, Organisation
from profiles import publishing
from profiles.models import CounsellorLink, Profile, ProfileKind
from profiles.visibility import Visibility
from tests.conftest import make_person


def make_organisation(handle: str = "acme", name: str = "Acme Bakery") -> Profile:
    profile = Profile.objects.create(
        handle=handle, kind=ProfileKind.ORGANISATION, role="organisation"
    )
    publishing.save_profile_draft(
        profile,
        {
            "display_name": name,
            "headline": "",
            "about": "We bake bread.",
            "territory": "",
            "languages_spoken": [],
            "language": "en",
        },
    )
    publishing.publish_profile(profile, Visibility.PUBLIC)
    Organisation.objects.create(profile=profile, place="Lyon")
    profile.refresh_from_db()
    return profile


def make_offer(organisation: Profile, title: str = "Baker's helper") -> Offer:
    offer = offers.save_offer(
        organisation.organisation,
        None,
        {
            "title": title,
            "description": "Help us bake bread at dawn.",
            "language": "en",
            "contract_type": "summer_job",
            "place": "Lyon",
            "valid_through": timezone.localdate() + datetime.timedelta(days=30),
        },
        ["cooking"],
    )
    return offers.publish(offer)


@pytest.fixture
def organisation(db: None) -> Profile:
    return make_organisation()


@pytest.fixture
def recruiter(organisation: Profile) -> Profile:
    profile = make_person("rita", role="organisation", birth=None)
    Membership.objects.create(organisation=organisation.organisation, user=profile.user)
    return profile


@pytest.fixture
def offer(organisation: Profile) -> Offer:
    return make_offer(organisation)


def make_minor() -> Profile:
    """Fourteen this year: under the consent age of every pilot country.

    Her guardian consented, so her profile is public; messages still go to her counsellors.
    """
    profile = make_person("mina", birth=(timezone.localdate().year - 14, 1))
    profile.guardian_consent_at = timezone.now()
    profile.save()
    publishing.publish_profile(profile, Visibility.PUBLIC)
    profile.refresh_from_db()
    return profile


def make_counsellor_for(person: Profile, handle: str = "cora") -> Profile:
    profile = make_person(handle, role="counsellor", birth=None)
    CounsellorLink.objects.create(person=person, counsellor=profile)
    return profile


@pytest.fixture
def minor(db: None) -> Profile:
    return make_minor()


@pytest.fixture
def minor_counsellor(minor: Profile) -> Profile:
    return make_counsellor_for(minor)
