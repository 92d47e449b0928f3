"""Listings show local items and items of accounts and nodes followed here, nothing else.

A remote account nobody here follows may have managed to deliver an experience or an
offer; it must not appear on the home page, explore, tag pages, search, the JSON API,
the offers page or matching. Its own page and the item's page are not listings.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from jobs import offers
from jobs.models import Organisation
from profiles import following
from profiles.models import Follow, FollowState, Profile, ProfileKind, ProfileRevision
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience
from tests.jobs.conftest import offer_data

pytestmark = pytest.mark.django_db

REMOTE_TITLE = "Remote stranger's gig"
LOCAL_TITLE = "Local apprenticeship"


def remote_profile(handle: str, domain: str, kind: str = ProfileKind.PERSON) -> Profile:
    profile = Profile.objects.create(
        handle=handle,
        domain=domain,
        url=f"https://{domain}/users/{handle}",
        kind=kind,
        visibility=Visibility.PUBLIC,
    )
    revision = ProfileRevision.objects.create(
        profile=profile,
        display_name=handle.title(),
        language="en",
        visibility=Visibility.PUBLIC,
        published_at=timezone.now(),
    )
    profile.published, profile.published_at = revision, revision.published_at
    profile.save()
    return profile


@pytest.fixture
def stranger(db: None) -> Profile:
    return remote_profile("zed", "far.example")


@pytest.fixture
def items(person: Profile, stranger: Profile, vocabulary: None) -> None:
    make_experience(person, title=LOCAL_TITLE, what_i_did="Baking bread every morning.")
    make_experience(stranger, title=REMOTE_TITLE, what_i_did="Baking bread at night.")


LISTINGS = ["/", "/explore/", "/tags/cooking/", "/explore/?q=baking", "/api/experiences/"]


def listed(client: Client) -> dict[str, tuple[bool, bool]]:
    """For each listing: (local item shown, remote item shown)."""
    seen = {}
    for path in LISTINGS:
        page = client.get(path)
        assert page.status_code == 200, path
        body = page.content.decode()
        seen[path] = (LOCAL_TITLE in body, REMOTE_TITLE.replace("'", "&#x27;") in body)
        if path.startswith("/api/"):
            titles = [item["title"] for item in page.json()["items"]]
            seen[path] = (LOCAL_TITLE in titles, REMOTE_TITLE in titles)
    return seen


def test_an_unfollowed_remote_authors_experience_is_on_no_listing(items, member):
    for client in (Client(), client_for(member)):
        assert listed(client) == {path: (True, False) for path in LISTINGS}


def test_it_is_listed_once_a_local_member_follows_the_author(items, member, stranger):
    relation = following.follow(member, stranger)  # a remote person answers through their node
    assert listed(Client()) == {path: (True, False) for path in LISTINGS}
    following.accept(relation)
    for client in (Client(), client_for(member)):
        assert listed(client) == {path: (True, True) for path in LISTINGS}


def test_a_follow_from_another_nodes_account_does_not_count(items, stranger):
    fan = remote_profile("fan", "elsewhere.example")
    Follow.objects.create(follower=fan, followed=stranger, state=FollowState.ACCEPTED)
    assert listed(Client()) == {path: (True, False) for path in LISTINGS}


def test_following_the_authors_territory_lists_its_peoples_items(items, member):
    territory = remote_profile("far.example", "far.example", kind=ProfileKind.NODE)
    following.accept(following.follow(member, territory))
    assert listed(Client()) == {path: (True, True) for path in LISTINGS}


def test_this_node_following_the_authors_node_lists_its_items(items):
    from federation.models import NodeFollow, RemoteActor
    from federation.outgoing import node_follows

    actor = RemoteActor.objects.create(
        uri="https://far.example/actor/",
        actor_type="Application",
        username="far.example",
        domain="far.example",
        inbox="https://far.example/actor/inbox",
        key_id="https://far.example/actor/#main-key",
        public_key_pem="-",
    )
    link = NodeFollow.objects.create(actor=actor, uri="https://here.example/activities/f1")
    assert listed(Client()) == {path: (True, False) for path in LISTINGS}  # not accepted yet
    node_follows.answered(link.uri, actor, accepted=True)  # their Accept arrives
    assert listed(Client()) == {path: (True, True) for path in LISTINGS}


def test_the_authors_own_page_and_the_items_page_still_show_it(items, stranger):
    experience = stranger.experiences.get()
    assert REMOTE_TITLE.replace("'", "&#x27;") in Client().get(experience.get_absolute_url()).text
    profile_page = Client().get(stranger.get_absolute_url()).content.decode()
    assert REMOTE_TITLE.replace("'", "&#x27;") in profile_page


def test_the_people_page_lists_only_followed_remote_people(items, member, stranger):
    assert "@zed@far.example" not in Client().get("/people/").content.decode()
    following.accept(following.follow(member, stranger))
    assert "@zed@far.example" in Client().get("/people/").content.decode()


@pytest.fixture
def remote_offer(db: None):
    profile = remote_profile("acme", "far.example", kind=ProfileKind.ORGANISATION)
    organisation = Organisation.objects.create(profile=profile, place="Girona")
    offer = offers.save_offer(organisation, None, offer_data(title="Far away job"), ["cuisine"])
    return offers.publish(offer)


def test_an_unfollowed_organisations_offer_is_not_on_the_offers_page(remote_offer, member):
    assert "Far away job" not in Client().get("/offers/").content.decode()
    following.accept(following.follow(member, remote_offer.organisation.profile))
    assert "Far away job" in Client().get("/offers/").content.decode()
