"""Drafts, publication, revisions, unpublishing and deletion as the owner lives them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from profiles import events, publishing
from profiles.models import Experience, ExperienceRevision
from profiles.visibility import Visibility
from tests.conftest import STORY, client_for, make_experience, make_person


def form_data(**changes):
    data = {**STORY, "tags": "cooking, my own thing", **changes}
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_saving_a_draft_twice_keeps_one_draft_and_publishes_nothing(person, vocabulary):
    client = client_for(person)
    response = client.post(reverse("profiles:experience-new"), form_data())
    assert response.status_code == 302
    experience = Experience.objects.get(owner=person)
    client.post(reverse("profiles:experience-edit", args=[experience.pk]), form_data(title="Cook"))
    experience.refresh_from_db()
    assert experience.published is None
    assert experience.draft.title == "Cook"
    assert experience.revisions.count() == 1


def test_editing_after_publishing_keeps_the_published_words_until_republished(person, vocabulary):
    experience = make_experience(person, Visibility.PUBLIC, title="First words")
    client = client_for(person)
    client.post(
        reverse("profiles:experience-edit", args=[experience.pk]), form_data(title="Second words")
    )
    page = client_for(None).get(experience.get_absolute_url()).content
    assert b"First words" in page and b"Second words" not in page
    client.post(reverse("profiles:experience-publish", args=[experience.pk]), {"visibility": 3})
    page = client_for(None).get(experience.get_absolute_url()).content
    assert b"Second words" in page
    history = client.get(reverse("profiles:experience-history", args=[experience.pk])).content
    assert b"First words" in history and b"Second words" in history


def test_editing_an_unpublished_experience_never_rewrites_history(person, vocabulary):
    experience = make_experience(person, Visibility.PUBLIC, title="Original")
    publishing.unpublish_experience(experience)
    experience.refresh_from_db()
    publishing.save_experience_draft(person, experience, {**STORY, "title": "Rewritten"}, [])
    titles = set(
        ExperienceRevision.objects.filter(published_at__isnull=False).values_list(
            "title", flat=True
        )
    )
    assert titles == {"Original"}


def test_history_is_for_the_owner_only(person, member, vocabulary):
    experience = make_experience(person)
    url = reverse("profiles:experience-history", args=[experience.pk])
    assert client_for(member).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302  # to log-in


def test_deleting_removes_every_revision_and_says_so_once(
    person, vocabulary, django_capture_on_commit_callbacks
):
    experience = make_experience(person)
    received = []

    def listener(**kwargs):
        received.append(kwargs)

    events.experience_deleted.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client_for(person).post(reverse("profiles:experience-delete", args=[experience.pk]))
    finally:
        events.experience_deleted.disconnect(listener)
    assert not Experience.objects.filter(pk=experience.pk).exists()
    assert not ExperienceRevision.objects.filter(experience_id=experience.pk).exists()
    assert [(r["experience_id"], r["was_published"]) for r in received] == [(experience.pk, True)]


def test_someone_else_cannot_edit_publish_or_delete(person, member, vocabulary):
    experience = make_experience(person, visibility=None)
    client = client_for(member)
    assert client.get(reverse("profiles:experience-edit", args=[experience.pk])).status_code == 404
    assert (
        client.post(
            reverse("profiles:experience-publish", args=[experience.pk]), {"visibility": 3}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("profiles:experience-delete", args=[experience.pk])).status_code == 404
    )
    experience.refresh_from_db()
    assert experience.published is None


def test_profile_changes_are_drafts_until_published(person, member):
    client = client_for(person)
    client.post(
        reverse("profiles:my-profile"),
        {
            "display_name": "Alice New",
            "headline": "Barista",
            "about": "",
            "territory": "Brest",
            "language": "fr",
        },
    )
    assert b"Alice New" not in client_for(member).get(person.get_absolute_url()).content
    client.post(reverse("profiles:my-profile-publish"), {"visibility": Visibility.PUBLIC})
    page = client_for(member).get(person.get_absolute_url()).content
    assert b"Alice New" in page and b"Barista" in page


def test_publishing_sends_a_domain_event_inside_its_transaction(
    person, vocabulary, django_capture_on_commit_callbacks
):
    received = []

    def listener(**kwargs):
        received.append(kwargs)

    events.experience_published.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            make_experience(person)
    finally:
        events.experience_published.disconnect(listener)
    assert len(received) == 1 and received[0]["first_time"] is True


# --- an experience is never more visible than its profile ----------------------


def unpublished_person(handle: str = "nina"):
    """A new person whose profile is still the draft made at sign-up."""
    from node.accounts.signup import create_account
    from tests.conftest import PASSWORD

    user = create_account(
        {
            "username": handle,
            "email": f"{handle}@example.org",
            "role": "young",
            "birth_year": 2000,
            "birth_month": 1,
            "display_name": "Nina K.",
        },
        PASSWORD,
    )
    return user.profile


def test_publishing_when_the_profile_is_unpublished_asks_first(vocabulary):
    nina = unpublished_person()
    experience = make_experience(nina, visibility=None)
    with pytest.raises(ValidationError) as raised:
        publishing.publish_experience(experience, Visibility.PUBLIC)
    assert raised.value.code == "profile_unpublished"
    experience.refresh_from_db()
    nina.refresh_from_db()
    assert experience.published is None and nina.published is None


def test_the_editor_asks_then_publish_both_publishes_the_profile_for_the_same_people(
    vocabulary,
):
    nina = unpublished_person()
    client = client_for(nina)
    data = {**form_data(title="Lifeguard"), "visibility": Visibility.PUBLIC, "publish": "1"}
    response = client.post(reverse("profiles:experience-new"), data)
    experience = Experience.objects.get(owner=nina)
    assert experience.draft.title == "Lifeguard", "the words are saved before the question"
    question = client.get(response.url)
    page = question.content.decode()
    assert "Your profile is not published yet. Publish it too, for the same people?" in page
    assert ">Publish both</button>" in page and ">Keep as a draft</button>" in page
    client.post(response.url.split("?")[0], {"visibility": Visibility.PUBLIC, "publish_both": ""})
    nina.refresh_from_db()
    experience.refresh_from_db()
    assert nina.published.display_name == "Nina K." and nina.visibility == Visibility.PUBLIC
    assert experience.published.title == "Lifeguard"
    assert experience.visibility == Visibility.PUBLIC
    visitor = client_for(None)
    assert visitor.get(experience.get_absolute_url()).status_code == 200
    assert visitor.get(nina.get_absolute_url()).status_code == 200


def test_keep_as_a_draft_publishes_nothing_and_keeps_the_words(vocabulary):
    nina = unpublished_person()
    client = client_for(nina)
    data = {**form_data(title="Lifeguard"), "visibility": Visibility.MEMBERS, "publish": "1"}
    response = client.post(reverse("profiles:experience-new"), data)
    response = client.post(
        response.url.split("?")[0], {"visibility": Visibility.MEMBERS, "keep_draft": ""}
    )
    experience = Experience.objects.get(owner=nina)
    nina.refresh_from_db()
    assert experience.published is None and nina.published is None
    assert experience.draft.title == "Lifeguard"
    assert response.url == reverse("profiles:experience-edit", args=[experience.pk])


def test_publish_both_makes_a_minimal_profile_when_there_is_none(vocabulary):
    nina = unpublished_person()
    type(nina).objects.filter(pk=nina.pk).update(draft=None)
    nina.refresh_from_db()
    experience = make_experience(nina, visibility=None)
    publishing.publish_experience(experience, Visibility.MEMBERS, publish_profile=True)
    nina.refresh_from_db()
    assert nina.published.display_name == "nina"
    assert nina.visibility == Visibility.MEMBERS


def test_a_profile_seen_by_fewer_people_is_shown_to_them_only_after_the_question(
    person, vocabulary
):
    publishing.publish_profile(person, Visibility.MEMBERS)
    experience = make_experience(person, visibility=None)
    with pytest.raises(ValidationError) as raised:
        publishing.publish_experience(experience, Visibility.PUBLIC)
    assert raised.value.code == "profile_unpublished"
    publishing.publish_experience(experience, Visibility.FOLLOWERS, publish_profile=True)
    person.refresh_from_db()
    assert person.visibility == Visibility.FOLLOWERS
    # Never less visible: a members-only experience leaves the profile as it is.
    other = make_experience(person, visibility=None)
    publishing.publish_experience(other, Visibility.MEMBERS, publish_profile=True)
    person.refresh_from_db()
    assert person.visibility == Visibility.FOLLOWERS


def test_private_experiences_need_no_published_profile(vocabulary):
    nina = unpublished_person()
    experience = make_experience(nina, visibility=None)
    publishing.publish_experience(experience, Visibility.PRIVATE)
    nina.refresh_from_db()
    assert nina.published is None


def test_under_the_age_of_consent_publish_both_still_stops_at_private(settings, vocabulary):
    from tests.profiles.test_consent import birth_for_age

    settings.TREMPLIN_COUNTRY = "FR"
    teen = make_person("tom", birth=birth_for_age(13))
    experience = make_experience(teen, visibility=None)
    with pytest.raises(ValidationError):
        publishing.publish_experience(experience, Visibility.MEMBERS, publish_profile=True)
    teen.refresh_from_db()
    assert teen.published is None


def test_an_incomplete_draft_is_never_published(person, vocabulary):
    experience = make_experience(person, visibility=None, start_year=None, start_month=None)
    with pytest.raises(ValidationError) as raised:
        publishing.publish_experience(experience, Visibility.PUBLIC)
    assert raised.value.code == "incomplete"
    response = client_for(person).post(
        reverse("profiles:experience-publish", args=[experience.pk]), {"visibility": 3}
    )
    assert response.url == reverse("profiles:experience-edit", args=[experience.pk])
    experience.refresh_from_db()
    assert experience.published is None
