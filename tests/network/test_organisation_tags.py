"""Following a tag as the organisation: from the tag page, listed under My organisation."""

from __future__ import annotations

import pytest

from jobs.models import Organisation
from network.models import TagFollow
from profiles.models import Profile
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person
from tests.network.helpers import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def recruiter(db: None) -> Profile:
    return make_person("rita", role="organisation", birth=None)


@pytest.fixture
def organisation(recruiter: Profile) -> Organisation:
    return make_organisation("bistro", member=recruiter)


def test_a_member_sees_both_ways_to_follow_and_a_person_only_one(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    page = client_for(recruiter).get("/tags/cooking/").content.decode()
    assert "Follow this tag" in page and "Follow as Bistro" in page
    assert 'name="as" value="bistro"' in page

    alone = client_for(person).get("/tags/cooking/").content.decode()
    assert "Follow this tag" in alone and "Follow as" not in alone


def test_following_as_the_organisation_feeds_its_view_not_the_member(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    make_experience(person, Visibility.PUBLIC, tags=["cooking"], title="Pizza maker")
    client = client_for(recruiter)
    response = client.post("/tags/cooking/follow/", {"as": "bistro"}, follow=True)
    html = response.content.decode()
    assert "Bistro follows the tag cooking" in html
    assert "Unfollow as Bistro" in html and "Follow this tag" in html
    assert TagFollow.objects.filter(profile=organisation.profile, concept__slug="cooking").exists()
    assert not TagFollow.objects.filter(profile=recruiter).exists()

    mine = client.get("/me/organisation/").content.decode()
    assert "Tags your organisation follows" in mine and 'href="/tags/cooking/"' in mine
    organisation_feed = client.get("/feed/?as=bistro").content.decode()
    assert "Pizza maker" in organisation_feed and "Tags Bistro follows" in organisation_feed
    assert "Pizza maker" not in client.get("/feed/").content.decode()


def test_unfollowing_from_my_organisation(
    vocabulary: None, recruiter: Profile, organisation: Organisation
) -> None:
    client = client_for(recruiter)
    client.post("/tags/cooking/follow/", {"as": "bistro"})
    client.post("/tags/cooking/follow/")  # the member too, as themselves
    response = client.post("/tags/cooking/unfollow/", {"as": "bistro", "from": "organisation"})
    assert response.status_code == 302
    assert response["Location"] == f"/me/organisation/#organisation-{organisation.pk}"
    assert not TagFollow.objects.filter(profile=organisation.profile).exists()
    assert TagFollow.objects.filter(profile=recruiter).exists()  # theirs stays
    mine = client.get("/me/organisation/").content.decode()
    assert "Your organisation follows no tag yet." in mine


def test_unfollowing_from_the_organisation_feed_stays_on_it(
    vocabulary: None, recruiter: Profile, organisation: Organisation
) -> None:
    client = client_for(recruiter)
    client.post("/tags/cooking/follow/", {"as": "bistro"})
    feed = client.get("/feed/?as=bistro").content.decode()
    assert 'name="as" value="bistro"' in feed
    response = client.post("/tags/cooking/unfollow/", {"as": "bistro", "from": "feed"})
    assert response["Location"] == "/feed/?as=bistro"
    assert not TagFollow.objects.exists()


def test_only_members_follow_as_the_organisation(
    vocabulary: None, recruiter: Profile, organisation: Organisation, person: Profile
) -> None:
    assert client_for(person).post("/tags/cooking/follow/", {"as": "bistro"}).status_code == 403
    TagFollow.objects.create(profile=organisation.profile, concept_id=_cooking())
    refused = client_for(person).post("/tags/cooking/unfollow/", {"as": "bistro"})
    assert refused.status_code == 403
    assert TagFollow.objects.filter(profile=organisation.profile).count() == 1
    assert not TagFollow.objects.filter(profile=person).exists()
    # A non-member's "My organisation" shows nothing of it.
    assert "Tags your organisation follows" not in (
        client_for(person).get("/me/organisation/").content.decode()
    )


def _cooking() -> int:
    from profiles.models import Concept

    return Concept.objects.get(slug="cooking").pk
