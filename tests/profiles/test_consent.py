"""Minors under the age of digital consent stay private until a guardian consents."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from profiles import consent, publishing
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person


def birth_for_age(years: int) -> tuple[int, int]:
    today = timezone.localdate()
    return today.year - years, today.month


@pytest.mark.parametrize(
    ("country", "age"), [("FR", 15), ("ES", 14), ("IT", 14), ("RO", 16), ("DE", 16), ("XX", 16)]
)
def test_consent_age_follows_the_nodes_country(country, age):
    assert consent.consent_age(country) == age


def test_consent_counts_from_the_month_after_birth_so_protection_never_ends_early():
    assert consent.birthday_of_age(2010, 3, 15) == datetime.date(2025, 4, 1)
    assert consent.birthday_of_age(2010, 12, 15) == datetime.date(2026, 1, 1)


@pytest.mark.django_db
def test_a_young_teen_starts_private_and_cannot_publish_beyond_private(settings, vocabulary):
    settings.TREMPLIN_COUNTRY = "FR"
    teen = make_person("tom", birth=birth_for_age(13))
    assert teen.needs_guardian_consent()
    assert teen.default_visibility == Visibility.PRIVATE
    experience = make_experience(teen, visibility=None)
    with pytest.raises(ValidationError):
        publishing.publish_experience(experience, Visibility.MEMBERS)
    experience.refresh_from_db()
    assert experience.published is None
    assert [v for v, _label in teen.visibility_choices()] == [
        Visibility.ONLY_ME,
        Visibility.PRIVATE,
    ]


@pytest.mark.django_db
def test_guardian_consent_opens_the_ladder_and_old_items_become_visible(vocabulary):
    teen = make_person("tom", birth=birth_for_age(13))
    member = make_person("bob")
    experience = make_experience(teen, Visibility.PRIVATE, title="Football coach helper")
    # Forced into the row (as an import would): still hidden while consent is missing.
    type(experience).objects.filter(pk=experience.pk).update(visibility=Visibility.MEMBERS)
    assert client_for(member).get(experience.get_absolute_url()).status_code == 404
    teen.guardian_consent_at = timezone.now()
    teen.save()
    assert client_for(member).get(experience.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_an_older_minor_may_publish_but_starts_at_node_members(vocabulary):
    older = make_person("zoe", birth=birth_for_age(17))
    assert not older.needs_guardian_consent()
    assert older.is_minor()
    assert older.highest_visibility() == Visibility.PUBLIC


@pytest.mark.django_db
def test_the_publish_page_tells_a_teen_why_it_is_refused(client, vocabulary):
    teen = make_person("tom", birth=birth_for_age(13))
    experience = make_experience(teen, visibility=None)
    client.force_login(teen.user)
    response = client.post(
        f"/me/experiences/{experience.pk}/publish/", {"visibility": Visibility.PUBLIC}, follow=True
    )
    assert response.status_code == 200
    experience.refresh_from_db()
    assert experience.published is None
