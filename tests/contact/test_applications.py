"""Applying to an offer: own published experiences only, open offers only, once, and
never empty (neither an experience nor a message), wherever it was written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contact import messaging
from contact.models import Application
from jobs import offers
from tests.conftest import make_experience, make_person

pytestmark = pytest.mark.django_db


def test_a_person_applies_with_links_to_their_experiences(person, offer, settings):
    experience = make_experience(person)
    application = messaging.apply(offer, person, "I love bread.", "en", [experience])
    base = f"{settings.TREMPLIN_SCHEME}://{settings.TREMPLIN_DOMAIN}"
    assert application.experience_links == [
        {"title": "Kitchen helper", "url": base + experience.get_absolute_url()}
    ]
    assert list(application.experiences.all()) == [experience]


def test_only_once_per_offer(person, offer):
    messaging.apply(offer, person, "Hello", "en")
    with pytest.raises(ValidationError, match="already applied"):
        messaging.apply(offer, person, "Again", "en")
    assert Application.objects.count() == 1


def test_someone_elses_experience_is_refused(person, offer):
    other = make_experience(make_person("otto"))
    with pytest.raises(ValidationError, match="your own published"):
        messaging.apply(offer, person, "", "en", [other])
    assert Application.objects.count() == 0


def test_a_draft_experience_is_refused(person, offer):
    draft = make_experience(person, visibility=None)
    with pytest.raises(ValidationError, match="your own published"):
        messaging.apply(offer, person, "", "en", [draft])


def test_a_closed_offer_is_refused(person, offer):
    offers.close(offer)
    with pytest.raises(ValidationError, match="no longer open"):
        messaging.apply(offer, person, "Hello", "en")


def test_a_minor_without_guardian_consent_applies_with_help(offer):
    minor = make_person("mina", birth=(timezone.localdate().year - 14, 1))
    with pytest.raises(ValidationError, match="digital consent"):
        messaging.apply(offer, minor, "Hello", "en")


def test_links_from_another_node_are_cleaned(person, offer):
    application = messaging.apply(
        offer,
        person,
        "",
        "en",
        experience_links=[
            {"title": "Cook", "url": "https://a.example/@x/experiences/1/"},
            {"title": "Bad", "url": "javascript:alert(1)"},
            "nonsense",
        ],
        remote_id="https://a.example/notes/9",
    )
    assert application.experience_links == [
        {"title": "Cook", "url": "https://a.example/@x/experiences/1/"}
    ]


def test_an_empty_application_is_refused_and_nothing_is_stored(person, offer):
    with pytest.raises(ValidationError, match="at least one experience or write a few words"):
        messaging.apply(offer, person, "   ", "en")
    assert Application.objects.count() == 0


def test_an_experience_alone_is_enough(person, offer):
    application = messaging.apply(offer, person, "", "en", [make_experience(person)])
    assert application.message == "" and len(application.experience_links) == 1


def test_a_message_alone_is_enough(person, offer):
    assert messaging.apply(offer, person, "I bake at home.", "en").experience_links == []


def test_an_empty_application_from_another_node_is_refused(person, offer):
    """Links that are not web addresses are dropped: what is left is empty, so refused."""
    with pytest.raises(ValidationError, match="at least one experience"):
        messaging.apply(
            offer,
            person,
            "",
            "en",
            experience_links=[{"title": "Bad", "url": "javascript:alert(1)"}],
            remote_id="https://a.example/notes/10",
        )
    assert Application.objects.count() == 0


@pytest.mark.parametrize("role", ["organisation", "counsellor"])
def test_organisation_members_and_counsellors_do_not_apply(offer, role):
    someone = make_person("sam", role=role, birth=None)
    with pytest.raises(ValidationError, match="cannot apply to offers"):
        messaging.apply(offer, someone, "Hello", "en")
    assert Application.objects.count() == 0
