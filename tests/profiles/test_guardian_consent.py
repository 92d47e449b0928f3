"""The guardian-consent request: created by the young person, filled in by a guardian
(or their counsellor, with the guardian), recorded only by the node's team."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from profiles import guardian_consent, publishing
from profiles.models import ConsentRequestState, CounsellorLink, GuardianConsentRequest
from profiles.visibility import Visibility
from tests.conftest import client_for, make_person

pytestmark = pytest.mark.django_db

ANSWER = {"guardian_name": "Marta Puig", "relationship": "parent", "consent": "on"}


@pytest.fixture(autouse=True)
def in_france(settings):
    settings.TREMPLIN_COUNTRY = "FR"


def teen(handle: str = "tom", age: int = 14):
    today = timezone.localdate()
    return make_person(handle, birth=(today.year - age, today.month))


def create_form(profile) -> GuardianConsentRequest:
    client_for(profile).post("/me/guardian-consent/", {"create": "1"})
    return GuardianConsentRequest.objects.get(profile=profile)


def complete_url(consent_request: GuardianConsentRequest) -> str:
    return f"/guardian-consent/{consent_request.display_code}/"


def test_a_teen_creates_a_form_and_sees_its_code_and_the_links():
    tom = teen()
    client = client_for(tom)
    page = client.get("/me/guardian-consent/").content.decode()
    assert "Create my consent form" in page
    assert "the age of digital consent at 15" in page
    client.post("/me/guardian-consent/", {"create": "1"})
    consent_request = GuardianConsentRequest.objects.get(profile=tom)
    page = client.get("/me/guardian-consent/").content.decode()
    assert consent_request.display_code in page
    assert "Print the form" in page
    assert f"http://testserver/guardian-consent/{consent_request.display_code}/" in page
    assert "Your consent form is waiting for your guardian." in page
    assert "Create my consent form" not in page


def test_only_a_person_who_needs_consent_can_create_a_form():
    adult = make_person("alice")
    response = client_for(adult).post("/me/guardian-consent/", {"create": "1"}, follow=True)
    assert "You do not need a guardian&#x27;s consent" in response.content.decode()
    assert not GuardianConsentRequest.objects.exists()
    with pytest.raises(ValidationError):
        guardian_consent.create_request(adult)


def test_one_form_on_its_way_at_a_time():
    tom = teen()
    create_form(tom)
    client_for(tom).post("/me/guardian-consent/", {"create": "1"})
    assert GuardianConsentRequest.objects.filter(profile=tom).count() == 1
    with pytest.raises(ValidationError):
        guardian_consent.create_request(tom)


def test_codes_are_long_random_and_easy_to_type():
    codes = {guardian_consent.new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == 10
        assert set(code) <= set(guardian_consent.CODE_ALPHABET)
        assert not set(code) & set("0O1IL")
    # ~50 bits: guessing one code of a million open forms takes ~10^9 tries.
    assert len(guardian_consent.CODE_ALPHABET) ** guardian_consent.CODE_LENGTH > 2**48


def test_a_code_is_found_typed_in_lower_case_with_spaces():
    consent_request = create_form(teen())
    typed = consent_request.display_code.lower().replace("-", " ")
    response = Client().post("/guardian-consent/", {"code": typed})
    assert response.status_code == 302
    assert response.url == complete_url(consent_request)


def test_the_guardian_fills_it_in_without_an_account_and_it_unlocks_nothing(vocabulary):
    tom = teen()
    consent_request = create_form(tom)
    guardian = Client()
    page = guardian.get(complete_url(consent_request)).content.decode()
    assert "Consent for Tom" in page
    assert "I am the parent or legal guardian and I consent" in page
    assert "the age of digital consent at 15" in page

    unticked = guardian.post(complete_url(consent_request), {**ANSWER, "consent": ""})
    text = unticked.content.decode()
    assert "There is a problem" in text and "Tick the box to give your consent." in text
    assert "Marta Puig" in text  # what was typed is kept

    thanks = guardian.post(complete_url(consent_request), ANSWER).content.decode()
    assert "Your answer is saved" in thanks
    consent_request.refresh_from_db()
    assert consent_request.state == ConsentRequestState.COMPLETED
    assert consent_request.guardian_name == "Marta Puig"
    assert consent_request.completed_by is None
    tom.refresh_from_db()
    assert tom.needs_guardian_consent()
    with pytest.raises(ValidationError):
        publishing.publish_profile(tom, Visibility.MEMBERS)
    seen = client_for(tom).get("/me/guardian-consent/").content.decode()
    assert "Filled in by Marta Puig" in seen
    assert "the node's team will record it soon" in seen


def test_a_code_cannot_be_used_again_after_completion():
    consent_request = create_form(teen())
    Client().post(complete_url(consent_request), ANSWER)
    again = Client().post(
        complete_url(consent_request), {**ANSWER, "guardian_name": "Someone Else"}
    )
    assert again.status_code == 410
    text = again.content.decode()
    assert "This consent form can no longer be filled in" in text and "Tom" not in text
    consent_request.refresh_from_db()
    assert consent_request.guardian_name == "Marta Puig"


def test_a_stranger_cannot_complete_a_cancelled_form():
    tom = teen()
    consent_request = create_form(tom)
    client_for(tom).post("/me/guardian-consent/", {"cancel": "1"})
    consent_request.refresh_from_db()
    assert consent_request.state == ConsentRequestState.CANCELLED
    response = Client().post(complete_url(consent_request), ANSWER)
    assert response.status_code == 410
    consent_request.refresh_from_db()
    assert consent_request.state == ConsentRequestState.CANCELLED
    assert consent_request.guardian_name == ""
    page = client_for(tom).get("/me/guardian-consent/").content.decode()
    assert "Your last form was cancelled" in page and "Create my consent form" in page


def test_a_new_form_never_gets_an_old_code():
    tom = teen()
    first = create_form(tom)
    client_for(tom).post("/me/guardian-consent/", {"cancel": "1"})
    client_for(tom).post("/me/guardian-consent/", {"create": "1"})
    second = GuardianConsentRequest.objects.exclude(pk=first.pk).get()
    assert second.code != first.code
    assert Client().post(complete_url(first), ANSWER).status_code == 410


def test_the_young_person_cannot_fill_in_their_own_form():
    tom = teen()
    consent_request = create_form(tom)
    page = client_for(tom).post(complete_url(consent_request), ANSWER).content.decode()
    assert "This form is for your parent or guardian" in page
    consent_request.refresh_from_db()
    assert consent_request.state == ConsentRequestState.PENDING


def test_too_many_wrong_posts_cancel_the_form():
    consent_request = create_form(teen())
    guardian = Client()
    for _ in range(guardian_consent.MAX_ATTEMPTS):
        guardian.post(complete_url(consent_request), {"guardian_name": ""})
    last = guardian.post(complete_url(consent_request), ANSWER)
    assert last.status_code == 410
    assert "tried too many times" in last.content.decode()
    consent_request.refresh_from_db()
    assert consent_request.state == ConsentRequestState.CANCELLED


def test_looking_up_codes_is_rate_limited(settings):
    settings.TREMPLIN_RATE_LIMITS = {
        **settings.TREMPLIN_RATE_LIMITS,
        "guardian_consent_ip": "3/600",
    }
    guesser = Client()
    statuses = [guesser.get(f"/guardian-consent/ABCDE-FGH{n}K/").status_code for n in range(2, 6)]
    assert statuses == [404, 404, 404, 429]


def test_an_unknown_code_says_so_in_words():
    page = Client().get("/guardian-consent/ABCDE-FGHJK/")
    assert page.status_code == 404
    assert "No consent form has this code" in page.content.decode()


def test_the_printable_form_names_the_node_the_person_and_the_code(settings):
    settings.TREMPLIN_NAME = "Tremplin Lyon"
    tom = teen()
    consent_request = create_form(tom)
    page = client_for(tom).get("/me/guardian-consent/print/").content.decode()
    assert "Tremplin Lyon" in page
    assert "Tom" in page
    born = timezone.localdate().replace(day=1, year=tom.birth_year)
    assert f"{born:%B} {tom.birth_year}" in page
    assert consent_request.display_code in page
    assert "What consenting allows" in page and "Signature" in page
    assert "guardian-form.css" in page


def test_the_counsellor_sees_the_form_and_fills_it_in_with_the_guardian():
    tom = teen()
    carla = make_person("carla", role="counsellor", birth=None)
    CounsellorLink.objects.create(person=tom, counsellor=carla)
    counsellor = client_for(carla)
    page = counsellor.get("/me/people/").content.decode()
    assert "Guardian's consent" in page and "No consent form yet" in page

    consent_request = create_form(tom)
    page = counsellor.get("/me/people/").content.decode()
    assert "Waiting for the guardian" in page
    assert f'href="{complete_url(consent_request)}"' in page
    assert "Fill it in with their guardian" in page

    form = counsellor.get(complete_url(consent_request)).content.decode()
    assert "You are one of Tom's counsellors" in form
    counsellor.post(complete_url(consent_request), ANSWER)
    consent_request.refresh_from_db()
    assert consent_request.state == ConsentRequestState.COMPLETED
    assert consent_request.completed_by == carla
    page = counsellor.get("/me/people/").content.decode()
    assert "Filled in by Marta Puig" in page


def admin_client() -> tuple[Client, object]:
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x-pass-42")
    client = Client()
    client.force_login(admin)
    return client, admin


def test_the_team_sees_filled_in_forms_and_recording_one_unlocks_publishing():
    tom = teen()
    consent_request = create_form(tom)
    Client().post(complete_url(consent_request), ANSWER)
    client, admin = admin_client()
    listing = client.get("/admin/profiles/guardianconsentrequest/", follow=True)
    assert consent_request.display_code in listing.content.decode()
    client.post(
        "/admin/profiles/guardianconsentrequest/",
        {"action": "record_consent", "_selected_action": [consent_request.pk]},
    )
    consent_request.refresh_from_db()
    tom.refresh_from_db()
    assert consent_request.state == ConsentRequestState.RECORDED
    assert consent_request.recorded_by == admin and consent_request.recorded_at
    assert tom.guardian_consent_at is not None
    assert "Marta Puig" in tom.guardian_consent_note
    assert not tom.needs_guardian_consent()
    publishing.publish_profile(tom, Visibility.MEMBERS)
    page = client_for(tom).get("/me/guardian-consent/").content.decode()
    assert "Your guardian's consent was recorded on" in page


def test_a_form_waiting_for_the_guardian_cannot_be_recorded():
    tom = teen()
    consent_request = create_form(tom)
    assert not guardian_consent.record_request(consent_request, None)
    tom.refresh_from_db()
    assert tom.needs_guardian_consent()


def test_the_paper_path_records_through_the_same_logic():
    """The profile's admin action (a paper form received) marks the filled-in form too."""
    tom = teen()
    consent_request = create_form(tom)
    Client().post(complete_url(consent_request), ANSWER)
    client, admin = admin_client()
    client.post(
        "/admin/profiles/profile/",
        {"action": "record_guardian_consent", "_selected_action": [tom.pk]},
    )
    consent_request.refresh_from_db()
    tom.refresh_from_db()
    assert tom.guardian_consent_at is not None
    assert consent_request.state == ConsentRequestState.RECORDED
    assert consent_request.recorded_by == admin


def test_recording_cancels_a_form_still_waiting():
    tom = teen()
    consent_request = create_form(tom)
    assert guardian_consent.record(tom, None)
    consent_request.refresh_from_db()
    assert consent_request.state == ConsentRequestState.CANCELLED
    assert Client().post(complete_url(consent_request), ANSWER).status_code == 410


def test_the_state_page_code_matches_the_completion_link():
    consent_request = create_form(teen())
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", consent_request.display_code)
