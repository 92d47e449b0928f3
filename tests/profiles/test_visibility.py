"""Who sees what, beyond the matrix: drafts, the feed, profiles, unpublishing.

The full matrix (every level x viewer x way) is tests/visibility/test_matrix.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience


def paths(experience) -> dict[str, str]:
    handle = experience.owner.handle
    return {
        "experience page": experience.get_absolute_url(),
        "profile page": reverse("profiles:profile", kwargs={"handle": handle}),
        "browse": reverse("profiles:browse"),
        "search": reverse("profiles:browse") + "?q=dishes",
        "tag page": reverse("profiles:tag", kwargs={"slug": "cooking"}),
        "home": reverse("web:home"),
        "json list": reverse("profiles:api-experiences"),
        "json search": reverse("profiles:api-experiences") + "?q=kitchen&tag=cooking",
    }


@pytest.fixture
def viewers(person, member, counsellor, other_counsellor):
    return {
        "anonymous": None,
        "member": member,
        "owner": person,
        "chosen_counsellor": counsellor,
        "other_counsellor": other_counsellor,
    }


def test_a_draft_is_shown_to_no_one_but_the_owner_and_chosen_counsellors(
    person, viewers, vocabulary
):
    experience = make_experience(person, visibility=None, title="Draft kitchen helper")
    for viewer_name, viewer in viewers.items():
        client = client_for(viewer)
        for path_name, url in paths(experience).items():
            assert b"Draft kitchen helper" not in client.get(url).content, (viewer_name, path_name)
        preview = client.get(
            reverse("profiles:draft", kwargs={"handle": person.handle, "pk": experience.pk})
        )
        can_preview = viewer_name in {"owner", "chosen_counsellor"}
        assert preview.status_code == (200 if can_preview else 404), viewer_name


def test_the_feed_shows_only_public_experiences_even_to_a_logged_in_reader(
    person, member, vocabulary
):
    make_experience(person, Visibility.PUBLIC, title="Public job")
    make_experience(person, Visibility.MEMBERS, title="Members job")
    body = (
        client_for(member).get(reverse("profiles:profile-feed", kwargs={"handle": "alice"})).content
    )
    assert b"Public job" in body
    assert b"Members job" not in body


def test_a_profile_shown_to_members_is_hidden_from_anonymous_visitors(person, member):
    from profiles import publishing

    publishing.publish_profile(person, Visibility.MEMBERS)
    url = reverse("profiles:profile", kwargs={"handle": "alice"})
    assert client_for(None).get(url).status_code == 404
    assert client_for(member).get(url).status_code == 200
    api = reverse("profiles:api-profile", kwargs={"handle": "alice"})
    assert client_for(None).get(api).status_code == 404


def test_unpublishing_hides_an_experience_again(person, vocabulary):
    from profiles import publishing

    experience = make_experience(person, Visibility.PUBLIC, title="Gone soon")
    publishing.unpublish_experience(experience)
    assert client_for(None).get(experience.get_absolute_url()).status_code == 404
    assert b"Gone soon" not in client_for(None).get(reverse("profiles:browse")).content


def test_a_counsellor_finds_the_drafts_of_the_people_who_chose_them(
    person, counsellor, other_counsellor, vocabulary
):
    make_experience(person, visibility=None, title="Draft to improve")
    url = reverse("profiles:counselled")
    assert b"Draft to improve" in client_for(counsellor).get(url).content
    assert b"Draft to improve" not in client_for(other_counsellor).get(url).content


def test_the_people_page_lists_only_profiles_the_viewer_may_see(person, member):
    from profiles import publishing

    publishing.publish_profile(person, Visibility.MEMBERS)
    url = reverse("profiles:people")
    assert b"@alice" not in client_for(None).get(url).content
    assert b"@bob" in client_for(None).get(url).content
    assert b"@alice" in client_for(member).get(url, {"q": "Alic"}).content
    assert b"@bob" not in client_for(member).get(url, {"q": "Alic"}).content
