"""The feed shows what the viewer follows, and only what the viewer may see."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jobs import offers
from network.models import TagFollow
from profiles.models import Concept, Follow, FollowState, Profile, ProfileKind
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person
from tests.network.helpers import make_offer, make_organisation

pytestmark = pytest.mark.django_db


def follow(viewer: Profile, followed: Profile) -> None:
    Follow.objects.create(follower=viewer, followed=followed, state=FollowState.ACCEPTED)


def feed_of(viewer: Profile, page: int = 1) -> str:
    response = client_for(viewer).get(f"/feed/?page={page}")
    assert response.status_code == 200
    return response.content.decode()


def test_empty_feed_explains_how_to_fill_it(person: Profile) -> None:
    html = feed_of(person)
    assert "Your feed is empty" in html
    assert "follow people" in html and "follow a territory" in html


def test_anonymous_is_sent_to_log_in(db: None) -> None:
    response = client_for(None).get("/feed/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_followed_person_experiences_by_visibility(vocabulary: None, person: Profile) -> None:
    friend = make_person("friend")
    stranger = make_person("stranger")
    follow(person, friend)
    make_experience(friend, Visibility.PUBLIC, title="Camp leader")
    make_experience(friend, Visibility.MEMBERS, title="Club helper")
    make_experience(friend, Visibility.PRIVATE, title="Secret diary")
    make_experience(stranger, Visibility.PUBLIC, title="Stranger job")
    make_experience(person, Visibility.PUBLIC, title="My own job")
    html = feed_of(person)
    assert "Camp leader" in html
    assert "Club helper" in html  # members-only, and the viewer is a member of this node
    assert "Secret diary" not in html  # private: never
    assert "Stranger job" not in html
    assert "My own job" not in html


def test_pending_follow_brings_nothing(vocabulary: None, person: Profile) -> None:
    friend = make_person("friend")
    Follow.objects.create(follower=person, followed=friend, state=FollowState.PENDING)
    make_experience(friend, Visibility.PUBLIC, title="Camp leader")
    assert "Camp leader" not in feed_of(person)


def test_followed_territory_by_domain(vocabulary: None, person: Profile) -> None:
    node = Profile.objects.create(handle="node", domain="b.example", kind=ProfileKind.NODE)
    follow(person, node)
    remote = Profile.objects.create(handle="zoe", domain="b.example")
    elsewhere = Profile.objects.create(handle="yan", domain="c.example")
    make_experience(remote, Visibility.PUBLIC, title="Grape picker")
    make_experience(remote, Visibility.FOLLOWERS, title="Followers only there")
    make_experience(elsewhere, Visibility.PUBLIC, title="Other territory")
    org = make_organisation("vineyard", domain="b.example")
    make_offer(org, title="Harvest helper")
    html = feed_of(person)
    assert "Grape picker" in html
    assert "Harvest helper" in html
    assert "Followers only there" not in html  # the viewer does not follow zoe herself
    assert "Other territory" not in html


def test_followed_tag_brings_experiences_and_offers(vocabulary: None, person: Profile) -> None:
    TagFollow.objects.create(profile=person, concept=Concept.objects.get(slug="childcare"))
    someone = make_person("someone")
    make_experience(someone, Visibility.PUBLIC, title="Babysitter", tags=["baby-sitting"])
    make_experience(someone, Visibility.PUBLIC, title="Dishwasher", tags=["cooking"])
    org = make_organisation("creche")
    make_offer(org, tags=["garde d'enfants"], title="Nursery assistant")
    make_offer(org, tags=["cooking"], title="Cook wanted")
    html = feed_of(person)
    assert "Babysitter" in html and "Nursery assistant" in html
    assert "Dishwasher" not in html and "Cook wanted" not in html


def test_offers_of_followed_organisation_only_while_open(vocabulary: None, person: Profile) -> None:
    org = make_organisation("bistro")
    follow(person, org.profile)
    make_offer(org, title="Open waiter job", contract_type="seasonal", place="Annecy")
    closed = make_offer(org, title="Closed cook job")
    offers.close(closed)
    make_offer(org, title="Draft job", publish=False)
    expired = make_offer(org, title="Expired job")
    expired.valid_through = timezone.localdate() - datetime.timedelta(days=1)
    expired.save(update_fields=["valid_through"])
    html = feed_of(person)
    assert "Open waiter job" in html
    assert "Seasonal job" in html and "Annecy" in html and "Bistro" in html
    assert "Closed cook job" not in html
    assert "Draft job" not in html
    assert "Expired job" not in html


def test_feed_is_newest_first_and_paginated(vocabulary: None, person: Profile) -> None:
    from profiles.pagination import PAGE_SIZE

    friend = make_person("friend")
    follow(person, friend)
    org = make_organisation("bistro")
    follow(person, org.profile)
    for number in range(PAGE_SIZE):
        make_experience(friend, Visibility.PUBLIC, title=f"Story number {number:02d}")
    make_offer(org, title="Newest offer")
    first = feed_of(person)
    assert first.index("Newest offer") < first.index("Story number 19")
    assert "Story number 00" not in first and 'rel="next"' in first
    second = feed_of(person, 2)
    assert "Story number 00" in second and "Newest offer" not in second


def test_feed_takes_few_queries(
    vocabulary: None, person: Profile, django_assert_max_num_queries: object
) -> None:
    friend = make_person("friend")
    follow(person, friend)
    TagFollow.objects.create(profile=person, concept=Concept.objects.get(slug="cooking"))
    org = make_organisation("bistro")
    for number in range(5):
        make_experience(friend, Visibility.PUBLIC, title=f"Story {number}")
        make_offer(org, title=f"Offer {number}")
    client = client_for(person)
    client.get("/feed/")
    with django_assert_max_num_queries(12):  # type: ignore[operator]  # +1: organisations I act for
        html = client.get("/feed/").content.decode()
    assert "Story 4" in html and "Offer 4" in html
