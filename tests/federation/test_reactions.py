"""Likes and boosts of our items from another node, through the real signed inbox:
counted on the item (once per actor), shown on its page in words, told to its owner
(one notification per item and hour, with a count), listed in the item's `likes` and
`shares` collections, and taken back by an Undo."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from federation.models import DomainRule, InboxItem, InboxState, Reaction
from federation.worker import run_single_cycle
from jobs.models import Membership, Offer
from network.models import Notification, NotificationKind
from profiles.models import Experience
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience
from tests.federation.helpers import make_remote_actor
from tests.federation.test_inbox import post
from tests.federation.test_offers_outbox import make_offer

pytestmark = pytest.mark.django_db
AP = "application/activity+json"


def reaction(kind: str, target: str, number: int = 1, handle: str = "rosa") -> dict:
    actor = f"https://peer.example/users/{handle}"
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{actor}/{kind.lower()}s/{number}",
        "type": kind,
        "actor": actor,
        "object": target,
    }


def undo(activity: dict, number: int = 1) -> dict:
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{activity['actor']}/undos/{number}",
        "type": "Undo",
        "actor": activity["actor"],
        "object": {k: v for k, v in activity.items() if k != "@context"},
    }


def deliver(client: Client, *activities: dict, handle: str = "rosa") -> None:
    for activity in activities:
        key_id = f"https://peer.example/users/{handle}#main-key"
        assert post(client, activity, key_id=key_id) == 202
    run_single_cycle()


def ap_get(client: Client, url: str) -> dict:
    response = client.get(url, HTTP_ACCEPT=AP)
    assert response.status_code == 200, (url, response.status_code)
    return json.loads(response.content)


def shown(item: Experience | Offer) -> str:
    """The item's page as its owner reads it (anonymous pages are cached for 30 s, so a
    count there may lag that long: node/web/pagecache.py)."""
    reader = item.owner if isinstance(item, Experience) else None
    return client_for(reader).get(item.get_absolute_url()).content.decode()


@pytest.fixture
def rosa(db: None):
    return make_remote_actor("rosa")


@pytest.fixture
def story(person, vocabulary) -> Experience:
    return make_experience(person, Visibility.PUBLIC)


def uri_of(client: Client, story: Experience) -> str:
    return ap_get(client, story.get_absolute_url())["id"]


def test_a_like_is_counted_once_shown_in_words_and_notified(client, person, story, rosa):
    target = uri_of(client, story)
    like = reaction("Like", target)
    deliver(client, like, {**like, "id": like["id"] + "-again"})  # the same like, twice
    story.refresh_from_db()
    assert story.likes_count == 1
    page = shown(story)
    assert "1 like" in page and "1 likes" not in page
    [notification] = Notification.objects.filter(recipient=person)
    assert notification.kind == NotificationKind.LIKE
    assert notification.url == story.get_absolute_url()
    listed = client_for(person).get("/me/notifications/").content.decode()
    assert "New like" in listed and "Kitchen helper" in listed


def test_a_flood_of_likes_is_one_notification_with_a_count(client, person, story):
    target = uri_of(client, story)
    for number, handle in enumerate(["rosa", "sam", "tom"], start=1):
        make_remote_actor(handle)
        deliver(client, reaction("Like", target, number, handle), handle=handle)
    story.refresh_from_db()
    assert story.likes_count == 3
    assert "3 likes" in shown(story)
    [notification] = Notification.objects.filter(recipient=person)
    assert notification.count == 3
    assert "3 new likes" in client_for(person).get("/me/notifications/").content.decode()


def test_a_boost_of_our_experience_is_a_share_and_its_undo_takes_it_back(
    client, person, story, rosa
):
    target = uri_of(client, story)
    boost = reaction("Announce", target)
    deliver(client, boost)
    story.refresh_from_db()
    assert story.shares_count == 1
    assert "1 share" in shown(story)
    assert Notification.objects.get(recipient=person).kind == NotificationKind.SHARE
    deliver(client, undo(boost))
    story.refresh_from_db()
    assert story.shares_count == 0
    assert not Reaction.objects.exists()
    assert "1 share" not in shown(story)


def test_an_undo_naming_the_like_by_id_only_takes_it_back(client, story, rosa):
    like = reaction("Like", uri_of(client, story))
    deliver(client, like)
    deliver(client, {**undo(like), "object": like["id"]})
    story.refresh_from_db()
    assert story.likes_count == 0


def test_likes_and_shares_collections_list_the_reactions_paged(client, story, rosa):
    document = ap_get(client, story.get_absolute_url())
    target = document["id"]
    assert document["likes"] == target + "likes/" and document["shares"] == target + "shares/"
    like = reaction("Like", target)
    deliver(client, like)
    likes = ap_get(client, document["likes"])
    assert likes["type"] == "OrderedCollection" and likes["totalItems"] == 1
    page = ap_get(client, likes["first"])
    assert page["partOf"] == document["likes"]
    assert page["orderedItems"] == [
        {"id": like["id"], "type": "Like", "actor": like["actor"], "object": target}
    ]
    assert ap_get(client, document["shares"])["totalItems"] == 0


def test_a_like_of_an_offer_is_counted_and_its_members_notified(client, person, rosa, vocabulary):
    offer = make_offer()
    Membership.objects.create(organisation=offer.organisation, user=person.user)
    document = ap_get(client, offer.get_absolute_url())
    deliver(client, reaction("Like", document["id"]), reaction("Announce", document["id"]))
    offer = Offer.objects.get(pk=offer.pk)
    assert (offer.likes_count, offer.shares_count) == (1, 1)
    page = shown(offer)
    assert "1 like" in page and "1 share" in page
    kinds = set(Notification.objects.filter(recipient=person).values_list("kind", flat=True))
    assert kinds == {NotificationKind.LIKE, NotificationKind.SHARE}
    assert ap_get(client, document["likes"])["totalItems"] == 1


def test_reactions_per_actor_are_bounded_per_hour(client, person, vocabulary, rosa, settings):
    settings.TREMPLIN_REACTIONS_PER_ACTOR_HOUR = 2
    stories = [make_experience(person, Visibility.PUBLIC, title=f"Job {n}") for n in range(3)]
    targets = [uri_of(client, s) for s in stories]
    deliver(client, *[reaction("Like", t, n) for n, t in enumerate(targets)])
    assert Reaction.objects.count() == 2
    assert InboxItem.objects.filter(state=InboxState.REFUSED).count() == 1
    assert sum(Experience.objects.values_list("likes_count", flat=True)) == 2


def test_a_like_of_an_item_the_actor_may_not_see_is_not_counted(client, person, vocabulary, rosa):
    hidden = make_experience(person, Visibility.MEMBERS)
    deliver(client, reaction("Like", f"http://testserver/@alice/experiences/{hidden.pk}/"))
    hidden.refresh_from_db()
    assert hidden.likes_count == 0
    assert not Notification.objects.exists()


def test_a_blocked_node_likes_nothing(client, story, rosa):
    target = uri_of(client, story)
    assert post(client, reaction("Like", target)) == 202
    DomainRule.objects.create(domain="peer.example", rule=DomainRule.BLOCK)  # since received
    run_single_cycle()
    story.refresh_from_db()
    assert story.likes_count == 0 and not Reaction.objects.exists()


def test_an_actor_deleting_itself_takes_its_likes_back(client, story, rosa):
    deliver(client, reaction("Like", uri_of(client, story)))
    deliver(
        client,
        {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://peer.example/users/rosa#delete",
            "type": "Delete",
            "actor": "https://peer.example/users/rosa",
            "object": "https://peer.example/users/rosa",
        },
    )
    story.refresh_from_db()
    assert story.likes_count == 0


def test_a_boost_of_another_nodes_post_is_no_share(client, story, rosa):
    deliver(client, reaction("Announce", "https://elsewhere.example/notes/1"))
    story.refresh_from_db()
    assert story.shares_count == 0 and not Reaction.objects.exists()
