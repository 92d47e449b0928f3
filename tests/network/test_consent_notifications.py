"""Notifications of a guardian's consent: the young person is told when the node's
team records it (they can publish now); the counsellors they chose are told when a
guardian fills in the form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from network.models import Notification
from profiles import guardian_consent
from profiles.models import CounsellorLink, GuardianConsentRequest, Profile
from tests.conftest import client_for, make_person

pytestmark = pytest.mark.django_db

ANSWER = {"guardian_name": "Marta Puig", "relationship": "parent", "consent": "on"}
RECORDED = "Your guardian&#x27;s consent is recorded: you can now publish and choose who sees"


@pytest.fixture(autouse=True)
def in_france(settings) -> None:  # noqa: ANN001
    settings.TREMPLIN_COUNTRY = "FR"


def teen(handle: str = "tom") -> Profile:
    today = timezone.localdate()
    return make_person(handle, birth=(today.year - 14, today.month))


def notifications_page(profile: Profile) -> str:
    return client_for(profile).get(reverse("network:notifications")).content.decode()


def create_form(profile: Profile) -> GuardianConsentRequest:
    guardian_consent.create_request(profile)
    return GuardianConsentRequest.objects.get(profile=profile)


def fill_in(consent_request: GuardianConsentRequest, client: Client | None = None) -> None:
    (client or Client()).post(f"/guardian-consent/{consent_request.display_code}/", ANSWER)
    consent_request.refresh_from_db()
    assert consent_request.state == "completed"


def test_the_young_person_is_told_when_the_consent_is_recorded(vocabulary: None) -> None:
    tom = teen()
    consent_request = create_form(tom)
    fill_in(consent_request)
    assert RECORDED not in notifications_page(tom)  # nothing is unlocked yet

    assert guardian_consent.record_request(consent_request, None)
    page = notifications_page(tom)
    assert RECORDED in page
    assert f'<a href="{reverse("profiles:my-profile")}">' in page
    assert not guardian_consent.record(tom, None)  # already recorded: told once
    assert Notification.objects.filter(recipient=tom).count() == 1


def test_a_paper_form_recorded_tells_the_young_person_too(vocabulary: None) -> None:
    tom = teen()
    guardian_consent.record(tom, None)
    assert RECORDED in notifications_page(tom)


def test_the_chosen_counsellors_are_told_when_a_guardian_fills_it_in(vocabulary: None) -> None:
    tom = teen()
    carla = make_person("carla", role="counsellor", birth=None)
    bystander = make_person("eve", role="counsellor", birth=None)
    CounsellorLink.objects.create(person=tom, counsellor=carla)
    fill_in(create_form(tom))

    page = notifications_page(carla)
    assert (
        "Tom&#x27;s guardian filled in the consent form: the node&#x27;s team will record it."
        in page
    )
    assert f'href="{reverse("profiles:counselled")}#person-{tom.pk}"' in page
    people = client_for(carla).get(reverse("profiles:counselled")).content.decode()
    assert f'id="person-{tom.pk}"' in people
    assert not Notification.objects.filter(recipient__in=[bystander, tom]).exists()


def test_the_counsellor_who_filled_it_in_with_the_guardian_is_not_told(
    vocabulary: None,
) -> None:
    tom = teen()
    carla = make_person("carla", role="counsellor", birth=None)
    cora = make_person("cora", role="counsellor", birth=None)
    for counsellor in (carla, cora):
        CounsellorLink.objects.create(person=tom, counsellor=counsellor)
    fill_in(create_form(tom), client_for(carla))
    assert set(Notification.objects.values_list("recipient__handle", flat=True)) == {"cora"}


def test_the_daily_email_says_it_in_words(vocabulary: None, mailoutbox) -> None:  # noqa: ANN001
    from network import digest

    tom = teen()
    guardian_consent.record(tom, None)
    assert digest.send_due() == 1
    assert "Your guardian's consent is recorded" in mailoutbox[0].body
    assert reverse("profiles:my-profile") in mailoutbox[0].body
