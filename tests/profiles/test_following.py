"""Following people, with or without approval, and what followers get to see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from profiles import following
from profiles.models import Follow, FollowState, Profile
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience

pytestmark = pytest.mark.django_db


def remote_person(handle: str = "rosa", domain: str = "other.example") -> Profile:
    """A person of another node, as the federation app stores them."""
    profile = Profile.objects.create(
        handle=handle,
        domain=domain,
        url=f"https://{domain}/@{handle}",
        visibility=Visibility.PUBLIC,
    )
    return profile


def test_following_someone_here_is_accepted_at_once(person, member):
    client_for(member).post(reverse("profiles:follow", args=[person.handle]))
    assert Follow.objects.get(follower=member, followed=person).state == FollowState.ACCEPTED
    page = client_for(member).get(person.get_absolute_url()).content.decode()
    assert "Unfollow" in page or "Ne plus suivre" in page


def test_a_person_who_approves_followers_answers_each_request(person, member):
    person.approves_followers = True
    person.save()
    client_for(member).post(reverse("profiles:follow", args=[person.handle]))
    relation = Follow.objects.get(follower=member, followed=person)
    assert relation.state == FollowState.PENDING
    editor = client_for(person).get(reverse("profiles:my-profile")).content.decode()
    assert "@bob" in editor
    client_for(person).post(
        reverse("profiles:follower-answer", args=[relation.pk]), {"answer": "accept"}
    )
    relation.refresh_from_db()
    assert relation.state == FollowState.ACCEPTED


def test_refusing_a_request_removes_it(person, member):
    person.approves_followers = True
    person.save()
    relation = following.follow(member, person)
    client_for(person).post(
        reverse("profiles:follower-answer", args=[relation.pk]), {"answer": "refuse"}
    )
    assert not Follow.objects.exists()


def test_unfollowing_ends_the_follow(person, member):
    following.follow(member, person)
    client_for(member).post(reverse("profiles:unfollow", args=[person.handle]))
    assert not Follow.objects.exists()


def test_nobody_follows_themselves(person):
    client_for(person).post(reverse("profiles:follow", args=[person.handle]))
    assert not Follow.objects.exists()


def test_followers_only_items_of_a_remote_person_are_for_their_followers(
    person, member, vocabulary
):
    rosa = remote_person()
    make_experience(rosa, Visibility.FOLLOWERS, title="For my followers")
    make_experience(rosa, Visibility.PUBLIC, title="For everyone")
    assert b"For my followers" not in client_for(member).get("/explore/").content
    Follow.objects.create(follower=member, followed=rosa, state=FollowState.PENDING)
    assert b"For my followers" not in client_for(member).get("/explore/").content
    Follow.objects.filter(follower=member).update(state=FollowState.ACCEPTED)
    page = client_for(member).get("/explore/").content
    assert b"For my followers" in page and b"For everyone" in page
    assert b"For my followers" not in client_for(person).get("/explore/").content
    assert b"For my followers" not in client_for(None).get("/explore/").content


def test_a_remote_person_has_a_page_at_their_full_handle(client, vocabulary):
    rosa = remote_person()
    from profiles import publishing

    publishing.save_profile_draft(
        rosa,
        {
            "display_name": "Rosa",
            "headline": "Cook",
            "about": "",
            "territory": "",
            "languages_spoken": [],
            "language": "ca",
        },
    )
    publishing.publish_profile(rosa, Visibility.PUBLIC)
    response = client.get("/@rosa@other.example/")
    assert response.status_code == 200
    assert "@rosa@other.example" in response.content.decode()
    assert client.get("/@rosa/").status_code == 404
