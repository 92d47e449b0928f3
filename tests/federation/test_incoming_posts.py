"""What a remote post becomes, through the real inbox: a post, a mention, a refusal, or
nothing at all (unsolicited content is not stored)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from federation.models import (
    InboxItem,
    NodeFollow,
    NodeFollowState,
    OutboxActivity,
    RefusedDirectMessages,
    RemoteActor,
)
from federation.peers.actors import sync_profile
from federation.protocol import ids
from federation.protocol.context import DOCUMENT_CONTEXT
from federation.worker import run_single_cycle
from network.models import Notification, NotificationKind, Post
from profiles.models import Experience, Follow, FollowState, ProfileKind
from tests.conftest import client_for
from tests.contact.conftest import make_minor
from tests.federation.helpers import actor_document, make_remote_actor
from tests.federation.test_inbox import ACTOR, PEER, post
from tests.moderation.helpers import make_staff

pytestmark = pytest.mark.django_db
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
ROSA_PAGE = "/@rosa@peer.example/"


@pytest.fixture
def rosa(db: None) -> RemoteActor:
    """A Mastodon user of another node, with a page here (their actor as fetched)."""
    actor = make_remote_actor()
    sync_profile(actor, actor_document())
    return actor


@pytest.fixture
def followed(person, rosa) -> RemoteActor:
    Follow.objects.create(follower=person, followed=rosa.profile, state=FollowState.ACCEPTED)
    return rosa


def note(number: int = 1, **changes: object) -> dict:
    """A public status as Mastodon sends it."""
    return {
        "id": f"{ACTOR}/statuses/{number}",
        "type": "Note",
        "attributedTo": ACTOR,
        "url": f"{PEER}/@rosa/{number}",
        "published": "2025-06-01T10:00:00Z",
        "to": [PUBLIC],
        "cc": [f"{ACTOR}/followers"],
        "content": "<p>J&#39;ai fini mon stage en R&amp;D<br />aujourd&#39;hui !</p>",
        "contentMap": {"fr": "<p>J&#39;ai fini mon stage en R&amp;D<br />aujourd&#39;hui !</p>"},
        "tag": [],
        "attachment": [],
        **changes,
    }


def deliver(client: Client, obj: dict, kind: str = "Create", number: int = 1, **extra) -> int:
    body = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{ACTOR}/activities/{kind.lower()}-{obj['id'].rsplit('/', 1)[-1]}-{number}",
        "type": kind,
        "actor": ACTOR,
        "object": obj,
        **extra,
    }
    status = post(client, body)
    run_single_cycle()
    return status


def test_a_note_from_a_followed_account_is_a_post_not_an_experience(client, person, followed):
    assert deliver(client, note()) == 202
    kept = Post.objects.get()
    assert kept.author == followed.profile and kept.language == "fr"
    assert kept.source_url == f"{ACTOR}/statuses/1" and kept.url == f"{PEER}/@rosa/1"
    assert not Experience.objects.exists()
    page = client_for(person).get(ROSA_PAGE).content.decode()
    section = page.split('<section id="posts">', 1)[1].split("</section>", 1)[0]
    assert '<article class="post' in section
    assert "fini mon stage en R&amp;D<br>aujourd" in section  # escaped once, words apart
    assert "&amp;#" not in section and "&amp;amp;" not in section
    feed = client_for(person).get("/feed/").content.decode()
    assert '<article class="post' in feed and "fini mon stage" in feed


def test_a_note_from_a_stranger_is_not_stored(client, person, rosa):
    assert deliver(client, note()) == 202
    assert InboxItem.objects.get().state == "done"
    assert not Post.objects.exists() and not Experience.objects.exists()
    assert not Notification.objects.exists()
    assert "fini mon stage" not in Client().get(ROSA_PAGE).content.decode()
    assert "fini mon stage" not in Client().get("/").content.decode()


def experience_article(number: int = 1) -> dict:
    return {
        "@context": DOCUMENT_CONTEXT,
        "id": f"{ACTOR}/experiences/{number}",
        "type": "Article",
        "attributedTo": ACTOR,
        "name": "Apprentie boulangère",
        "experienceKind": "apprenticeship",
        "roleName": "Apprentie boulangère",
        "startDate": "2024-09",
        "whatIDid": {"fr": "Je pétrissais la pâte chaque matin."},
        "content": "<p>Je pétrissais la pâte chaque matin.</p>",
        "to": [PUBLIC],
        "cc": [f"{ACTOR}/followers"],
    }


def test_a_tremplin_experience_from_a_followed_account_is_still_an_experience(
    client, person, followed
):
    deliver(client, experience_article())
    experience = Experience.objects.get()
    assert experience.owner == followed.profile
    assert experience.published.what_i_did == "Je pétrissais la pâte chaque matin."
    assert not Post.objects.exists()


def test_an_experience_from_a_stranger_is_not_stored_either(client, person, rosa):
    deliver(client, experience_article())
    assert not Experience.objects.exists() and not Post.objects.exists()


def test_an_article_without_our_context_is_a_post(client, person, followed):
    article = {**experience_article(), "@context": "https://www.w3.org/ns/activitystreams"}
    deliver(client, article)
    assert not Experience.objects.exists()
    assert Post.objects.get().object_type == "Article"


def test_following_the_territory_counts_as_following_its_accounts(client, person, rosa):
    node = make_remote_actor("peer.example", actor_type="Application", kind=ProfileKind.NODE)
    NodeFollow.objects.create(
        actor=node, uri=f"{ids.base_url()}/f/1", state=NodeFollowState.ACCEPTED
    )
    deliver(client, note())
    assert Post.objects.get().author == rosa.profile


def mention_of(person, number: int = 1, **changes) -> dict:
    actor = ids.actor_uri(person)
    return note(
        number,
        content=f'<p><span class="h-card"><a href="{actor}" class="u-url mention">@<span>'
        f"{person.handle}</span></a></span> tu viens samedi ?</p>",
        contentMap=None,
        cc=[f"{ACTOR}/followers", actor],
        tag={"type": "Mention", "href": actor, "name": f"@{person.handle}"},  # one object
        **changes,
    )


def test_a_mention_by_a_stranger_notifies_with_the_text_and_is_shown_nowhere_public(
    client, person, rosa
):
    deliver(client, {**mention_of(person), "contentMap": {"fr": mention_of(person)["content"]}})
    notification = Notification.objects.get(recipient=person)
    assert notification.kind == NotificationKind.MENTION
    assert notification.text == f"@{person.handle} tu viens samedi ?"
    assert notification.text_language == "fr"
    assert not Post.objects.exists() and not Experience.objects.exists()
    page = client_for(person).get("/me/notifications/").content.decode()
    assert "tu viens samedi ?" in page and 'lang="fr"' in page
    for public in ("/", ROSA_PAGE, f"/@{person.handle}/", "/explore/"):
        assert "tu viens samedi" not in Client().get(public).content.decode(), public


def test_mentions_are_bounded_per_sender_and_hour(client, person, member, rosa, settings):
    settings.TREMPLIN_MENTIONS_PER_SENDER_HOUR = 2
    for number in range(1, 4):
        deliver(client, mention_of(person if number % 2 else member, number))
    assert Notification.objects.filter(kind=NotificationKind.MENTION).count() == 2


def test_a_minor_is_not_told_of_a_strangers_mention(client, rosa):
    minor = make_minor()
    deliver(client, mention_of(minor))
    assert not Notification.objects.filter(recipient=minor).exists()


def test_single_object_to_and_tag_are_read(client, person, followed):
    deliver(
        client,
        note(
            to=PUBLIC,
            cc=f"{ACTOR}/followers",
            tag={"type": "Hashtag", "name": "#Boulangerie", "href": f"{PEER}/tags/boulangerie"},
            attachment={
                "type": "Document",
                "mediaType": "image/jpeg",
                "url": f"{PEER}/media/pain.jpg",
                "name": "Un pain de campagne",
            },
            summary="Nourriture",
            sensitive=True,
        ),
    )
    kept = Post.objects.get()
    assert kept.visibility == 3 and kept.sensitive and kept.summary == "Nourriture"
    assert kept.attachments[0]["description"] == "Un pain de campagne"
    page = Client().get(ROSA_PAGE).content.decode()
    # The warning is the author's words: marked with the post's language when it has one.
    assert re.search(
        r'<details class="content-warning"><summary data-show="Show" data-hide="Hide">'
        r'<span(?: lang="\w+")?>Nourriture</span></summary>',
        page,
    )
    assert f'<a href="{PEER}/media/pain.jpg" rel="nofollow noopener ugc">Un pain' in page


def test_update_and_delete_of_a_post(client, person, followed):
    deliver(client, note())
    deliver(client, note(content="<p>Corrigé</p>", contentMap=None), kind="Update")
    assert Post.objects.get().content == "<p>Corrigé</p>"
    assert "Corrigé" in Client().get(ROSA_PAGE).content.decode()
    deliver(client, {"id": f"{ACTOR}/statuses/1", "type": "Tombstone"}, kind="Delete")
    assert not Post.objects.exists()
    assert "Corrigé" not in Client().get(ROSA_PAGE).content.decode()


def test_another_account_cannot_update_a_post(client, person, followed):
    deliver(client, note())
    make_remote_actor("mallory")
    forged = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{PEER}/users/mallory/activities/1",
        "type": "Update",
        "actor": f"{PEER}/users/mallory",
        "object": {**note(content="<p>Pwned</p>"), "attributedTo": f"{PEER}/users/mallory"},
    }
    post(client, forged, key_id=f"{PEER}/users/mallory#main-key")
    run_single_cycle()
    assert "Pwned" not in Post.objects.get().content


def test_posts_are_bounded_per_account(client, person, followed, monkeypatch):
    monkeypatch.setattr("network.posts.MAX_PER_AUTHOR", 3)
    for number in range(1, 6):
        deliver(client, note(number, published=f"2025-06-0{number}T10:00:00Z"))
    kept = sorted(Post.objects.values_list("source_url", flat=True))
    assert kept == [f"{ACTOR}/statuses/{n}" for n in (3, 4, 5)]


def test_a_followers_only_post_is_shown_to_followers_only(client, person, member, followed):
    deliver(client, note(to=[f"{ACTOR}/followers"], cc=[]))
    assert Post.objects.get().visibility == 2
    assert "fini mon stage" in client_for(person).get(ROSA_PAGE).content.decode()
    assert "fini mon stage" not in client_for(member).get(ROSA_PAGE).content.decode()
    assert "fini mon stage" not in Client().get(ROSA_PAGE).content.decode()


def direct(to: str, number: int = 1, **changes) -> dict:
    return note(
        number,
        to=[to],
        cc=[],
        content="<p>Salut, tu as quel âge ?</p>",
        contentMap=None,
        conversation=f"tag:peer.example,2025:objectId={number}:objectType=Conversation",
        **changes,
    )


def test_a_direct_message_to_a_minor_from_a_stranger_is_refused_with_a_reason(client, rosa):
    minor = make_minor()
    body = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{ACTOR}/activities/dm-1",
        "type": "Create",
        "actor": ACTOR,
        "object": direct(ids.actor_uri(minor)),
    }
    data = json.dumps(body).encode()
    from federation.protocol.signatures import load_private_key, sign_request
    from tests.federation.test_inbox import PRIVATE_PEM

    headers = sign_request(
        "POST",
        "http://testserver/inbox/",
        {"Content-Type": "application/activity+json"},
        data,
        key_id=f"{ACTOR}#main-key",
        private_key=load_private_key(PRIVATE_PEM),
    )
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    extra.pop("HTTP_CONTENT_TYPE")
    response = client.post("/inbox/", data=data, content_type="application/activity+json", **extra)
    assert response.status_code == 403
    assert response.json()["error"] == "Only organisations start conversations."
    assert not InboxItem.objects.exists()
    assert RefusedDirectMessages.objects.get().count == 1
    staff = client_for(make_staff())
    page = staff.get("/moderation/").content.decode()
    counts = page.split('<section id="counts">', 1)[1].split("</section>", 1)[0]
    assert "Direct messages refused today</dt><dd>1</dd>" in counts


def test_an_organisation_writing_to_a_minor_without_counsellor_is_refused_at_the_door(client):
    make_remote_actor("bakery", actor_type="Organization", kind=ProfileKind.ORGANISATION)
    minor = make_minor()
    bakery = f"{PEER}/users/bakery"
    body = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{bakery}/activities/dm-1",
        "type": "Create",
        "actor": bakery,
        "object": {
            **direct(ids.actor_uri(minor)),
            "id": f"{bakery}/notes/1",
            "attributedTo": bakery,
        },
    }
    assert post(client, body, key_id=f"{bakery}#main-key") == 403
    assert RefusedDirectMessages.objects.get().count == 1
    assert "counsellor" in RefusedDirectMessages.objects.get().last_reason


def test_a_direct_message_refused_by_the_worker_is_answered_with_a_reject(client, person, rosa):
    # A reply naming a conversation unknown here: only the worker can tell.
    deliver(client, direct(ids.actor_uri(person), inReplyTo=f"{PEER}/statuses/999"))
    assert InboxItem.objects.get().state == "refused"
    reject = OutboxActivity.objects.get(activity_type="Reject")
    assert reject.body["object"] == f"{ACTOR}/activities/create-1-1"
    assert reject.body["to"] == [ACTOR]
    assert "unknown conversation" in reject.body["summary"]
    assert RefusedDirectMessages.objects.get().count == 1
