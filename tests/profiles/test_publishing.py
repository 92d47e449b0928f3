"""Drafts, publication, revisions, unpublishing and deletion as the owner lives them."""

from __future__ import annotations

from django.urls import reverse

from profiles import events, publishing
from profiles.models import Experience, ExperienceRevision
from profiles.visibility import Visibility
from tests.conftest import STORY, client_for, make_experience


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
