"""The new young person's first steps: ticked from the data, shown until all are done."""

from __future__ import annotations

import pytest
from django.utils import timezone

from node.accounts.signup import create_account
from profiles import first_steps, guardian_consent, publishing
from profiles.models import CounsellorLink
from profiles.visibility import Visibility
from tests.conftest import PASSWORD, client_for, make_experience, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_france(settings):
    settings.TREMPLIN_COUNTRY = "FR"


def newcomer(handle: str = "lea", age: int = 19):
    """A young person just signed up: a name, nothing else."""
    today = timezone.localdate()
    user = create_account(
        {
            "username": handle,
            "email": f"{handle}@example.org",
            "role": "young",
            "birth_year": today.year - age,
            "birth_month": today.month,
            "display_name": handle.title(),
        },
        PASSWORD,
    )
    return user.profile


def states(profile) -> dict[str, bool]:
    profile.refresh_from_db()
    return {step.key: step.done for step in first_steps.steps_for(profile)}


def write_profile(profile, headline: str = "Cook in training") -> None:
    publishing.save_profile_draft(
        profile, {**publishing.profile_draft_initial(profile), "headline": headline}
    )


def test_a_newcomer_sees_four_steps_to_do_on_their_profile_and_the_home_page():
    lea = newcomer()
    client = client_for(lea)
    for path in ("/me/", "/"):
        page = client.get(path).content.decode()
        assert "Your first steps" in page
        for label in (
            "Write your profile",
            "Tell a first experience",
            "Publish",
            "Choose a counsellor",
        ):
            assert label in page
        assert "0 of 4 done" in page
    profile_page = client.get("/me/").content.decode()
    assert profile_page.index("Your first steps") < profile_page.index('id="profile-words"')


def test_each_step_links_to_where_it_is_done():
    urls = {step.key: step.url for step in first_steps.steps_for(newcomer())}
    assert urls == {
        "profile": "/me/#profile-words",
        "experience": "/me/experiences/new/",
        "publish": "/me/#publish",
        "counsellor": "/me/#counsellors",
    }


def test_steps_are_ticked_from_what_the_person_did(vocabulary):
    lea = newcomer()
    assert states(lea) == dict.fromkeys(["profile", "experience", "publish", "counsellor"], False)
    write_profile(lea)
    assert states(lea)["profile"]
    make_experience(lea, visibility=None)
    assert states(lea)["experience"]
    publishing.publish_profile(lea, Visibility.MEMBERS)
    assert not states(lea)["publish"]  # a profile, but no experience others can see yet
    make_experience(lea, visibility=Visibility.MEMBERS, title="Babysitting")
    assert states(lea)["publish"]
    CounsellorLink.objects.create(
        person=lea, counsellor=make_person("carla", role="counsellor", birth=None)
    )
    assert all(states(lea).values())


def test_publishing_only_for_counsellors_does_not_tick_publish(vocabulary):
    lea = newcomer()
    publishing.publish_profile(lea, Visibility.PRIVATE)
    make_experience(lea, visibility=Visibility.PRIVATE)
    assert not states(lea)["publish"]


def test_the_list_is_hidden_once_everything_is_done(vocabulary):
    lea = newcomer()
    write_profile(lea)
    publishing.publish_profile(lea, Visibility.MEMBERS)
    make_experience(lea, visibility=Visibility.MEMBERS)
    CounsellorLink.objects.create(
        person=lea, counsellor=make_person("carla", role="counsellor", birth=None)
    )
    client = client_for(lea)
    assert "Your first steps" not in client.get("/me/").content.decode()
    assert "Your first steps" not in client.get("/").content.decode()


def test_only_young_people_get_the_list():
    counsellor = make_person("carla", role="counsellor", birth=None)
    assert "Your first steps" not in client_for(counsellor).get("/").content.decode()
    assert first_steps.unfinished_steps(None) == []


def test_under_consent_age_publish_becomes_ask_a_guardian_until_consent_is_recorded():
    tom = newcomer("tom", age=14)
    steps = {step.key: step for step in first_steps.steps_for(tom)}
    assert "publish" not in steps
    assert steps["guardian-consent"].label == "Ask a guardian for consent"
    assert steps["guardian-consent"].url == "/me/guardian-consent/"
    page = client_for(tom).get("/").content.decode()
    assert "Ask a guardian for consent" in page
    consent_request = guardian_consent.create_request(tom)
    assert "waiting for your guardian" in client_for(tom).get("/me/").content.decode()
    guardian_consent.complete(consent_request, "Marta Puig", "parent")
    guardian_consent.record_request(consent_request, None)
    tom.refresh_from_db()
    keys = [step.key for step in first_steps.steps_for(tom)]
    assert keys == ["profile", "experience", "publish", "counsellor"]
