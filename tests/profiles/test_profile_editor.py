"""The profile editor: the state in words on top, one form with Publish beside Save."""

from __future__ import annotations

import pytest
from django.utils import timezone

from node.accounts.signup import create_account
from profiles.models import Profile
from profiles.visibility import Visibility
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_france(settings):
    settings.TREMPLIN_COUNTRY = "FR"


def newcomer(handle: str = "lea", age: int = 19) -> Profile:
    today = timezone.localdate()
    return create_account(
        {
            "username": handle,
            "email": f"{handle}@example.org",
            "role": "young",
            "birth_year": today.year - age,
            "birth_month": today.month,
            "display_name": handle.title(),
        },
        PASSWORD,
    ).profile


WORDS = {
    "display_name": "Léa",
    "headline": "Cook in training",
    "about": "I love team work.",
    "territory": "Lyon",
    "language": "fr",
}


def test_a_new_profile_says_who_can_see_it_and_never_says_published():
    page = client_for(newcomer()).get("/me/").content.decode()
    assert "Who can see your profile now" in page
    assert "Not published yet: only you and the counsellors you chose" in page
    assert "Published:" not in page


def test_publish_and_its_choice_come_before_the_other_sections():
    page = client_for(newcomer()).get("/me/").content.decode()
    publish = page.index('name="publish"')
    assert page.index('name="save"') < publish
    assert page.index('name="visibility"') < publish
    for later in ('id="counsellors"', 'id="photo"', 'id="settings"'):
        assert publish < page.index(later)
    assert page.count("<form") >= 4  # the rest keeps its own forms, below


def test_publishing_saves_and_publishes_the_words_typed_in_one_post():
    lea = newcomer()
    client = client_for(lea)
    response = client.post(
        "/me/", {**WORDS, "visibility": Visibility.MEMBERS, "publish": "1"}, follow=True
    )
    lea.refresh_from_db()
    assert lea.published.headline == "Cook in training"
    assert lea.visibility == Visibility.MEMBERS
    page = response.content.decode()
    assert "Published: people with an account on this node can see it." in page


def test_publishing_for_counsellors_only_is_not_called_published():
    lea = newcomer()
    response = client_for(lea).post(
        "/me/", {**WORDS, "visibility": Visibility.PRIVATE, "publish": "1"}, follow=True
    )
    page = response.content.decode()
    assert "Only you and the counsellors you chose can see your profile" in page
    assert "Published:" not in page


def test_publishing_without_a_choice_keeps_the_words_and_says_what_to_fix():
    lea = newcomer()
    lea.visibility = Visibility.MEMBERS
    lea.save()
    response = client_for(lea).post("/me/", {**WORDS, "visibility": "", "publish": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Choose who can see your profile." in page
    assert "Cook in training" in page
    lea.refresh_from_db()
    assert lea.published is None


def test_save_draft_keeps_the_words_unpublished_and_says_so():
    lea = newcomer()
    response = client_for(lea).post("/me/", {**WORDS, "save": "1"}, follow=True)
    lea.refresh_from_db()
    assert lea.published is None and lea.draft.headline == "Cook in training"
    assert "Not published yet" in response.content.decode()


def test_changes_after_publishing_are_shown_as_waiting():
    lea = newcomer()
    client = client_for(lea)
    client.post("/me/", {**WORDS, "visibility": Visibility.MEMBERS, "publish": "1"})
    page = client.post("/me/", {**WORDS, "headline": "Baker", "save": "1"}, follow=True)
    text = page.content.decode()
    assert "You have changes that are not published yet" in text
    assert "Published: people with an account on this node can see it." in text


def test_a_teen_is_told_what_is_possible_why_and_how_to_unlock_it():
    tom = newcomer("tom", age=14)
    page = client_for(tom).get("/me/").content.decode()
    assert "What you can do now:" in page
    assert "show them to the counsellors you chose" in page
    assert "in France, the law sets the age of digital consent at 15" in page
    assert 'href="/me/guardian-consent/"' in page and "Ask a guardian for consent" in page
    assert 'name="publish"' not in page
    assert "You can publish for others once your guardian's consent is recorded." in page


def test_the_old_publish_address_still_changes_who_can_see_it():
    lea = newcomer()
    client = client_for(lea)
    client.post("/me/", {**WORDS, "save": "1"})
    response = client.post("/me/publish/", {"visibility": Visibility.PUBLIC}, follow=True)
    lea.refresh_from_db()
    assert lea.visibility == Visibility.PUBLIC and lea.published.headline == "Cook in training"
    assert "Published: everyone can see it" in response.content.decode()
