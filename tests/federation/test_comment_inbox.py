"""Replies from other nodes through the real inbox: comments, never experiences; and our
members' comments going out as Notes, gone with a 410 once deleted."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from federation.mapping.comment_documents import comment_uri_for
from federation.mapping.offer_documents import offer_uri
from federation.models import Delivery, InboxItem, ObjectReach, OutboxActivity, RemoteActor
from federation.protocol.remote_html import plain_text
from federation.worker import run_single_cycle
from network import comments
from network.models import Comment
from profiles import following
from profiles.models import Experience, Follow
from tests.conftest import client_for, make_experience, make_person
from tests.federation.helpers import make_remote_actor
from tests.federation.test_inbox import PEER, post
from tests.network.helpers import make_offer, make_organisation

pytestmark = pytest.mark.django_db
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
BASE = "http://127.0.0.1:8000"
_counter = iter(range(1, 10_000))


@pytest.fixture
def rosa(db: None) -> RemoteActor:
    return make_remote_actor()


def reply(in_reply_to: str, number: int = 1, **changes: object) -> dict:
    note = {
        "id": f"{PEER}/users/rosa/statuses/{number}",
        "type": "Note",
        "attributedTo": f"{PEER}/users/rosa",
        "inReplyTo": in_reply_to,
        "content": "<p>J&#39;ai adoré, R&amp;D !<br />Bravo<script>alert(1)</script></p>",
        "contentMap": {"fr": "<p>J&#39;ai adoré, R&amp;D !<br />Bravo</p>"},
        "published": "2025-06-01T10:00:00Z",
        "url": f"{PEER}/@rosa/{number}",
        "to": [PUBLIC],
        "cc": [f"{PEER}/users/rosa/followers"],
    }
    note.update(changes)
    return {k: v for k, v in note.items() if v is not None}


def send(client, activity_type: str, obj: object, actor: str = f"{PEER}/users/rosa") -> int:
    body = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{PEER}/activities/{next(_counter)}",
        "type": activity_type,
        "actor": actor,
        "object": obj,
    }
    status = post(client, body, key_id=f"{actor}#main-key")
    run_single_cycle()
    return status


def experience_id(experience: Experience) -> str:
    return f"{BASE}/@{experience.owner.handle}/experiences/{experience.pk}/"


def browser_text(html: str) -> str:
    """The words a browser shows for this HTML (entities decoded once)."""
    return plain_text(html.split(">", 1)[1], 10_000)


def shown_comments(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    section = page.split('<section id="comments"', 1)[1].split("</section>", 1)[0]
    return section.split('<article class="comment')[1:]


def test_a_reply_to_our_experience_is_a_comment_not_an_experience(client, person, rosa):
    experience = make_experience(person)
    assert send(client, "Create", reply(experience_id(experience))) == 202
    assert InboxItem.objects.get().state == "done"
    assert Experience.objects.count() == 1  # no experience of Rosa's
    comment = Comment.objects.get()
    assert comment.experience == experience and comment.author == rosa.profile
    assert comment.language == "fr"
    [shown] = shown_comments(client_for(None), experience.get_absolute_url())
    seen = browser_text(shown)  # what a reader sees: entities decoded once by the browser
    assert "J'ai adoré, R&D !\nBravo" in seen
    assert "&#" not in seen and "&amp;" not in seen
    assert "&amp;#39;" not in shown and "&amp;amp;" not in shown
    assert "alert(1)" not in shown and "<script" not in shown
    assert person.notifications.filter(kind="comment").exists()


def test_a_reply_within_the_thread_is_a_comment_on_the_same_item(client, person, member, rosa):
    experience = make_experience(person)
    ours = comments.post(member, experience, "First!")
    send(client, "Create", reply(comment_uri_for(ours.pk), 1))
    send(client, "Create", reply(f"{PEER}/users/rosa/statuses/1", 2))
    first, second = Comment.objects.filter(author=rosa.profile).order_by("pk")
    assert first.experience == experience and first.parent == ours
    assert second.experience == experience and second.parent == first
    assert Experience.objects.count() == 1


def test_a_reply_to_our_offer_is_a_comment_on_it(client, rosa):
    offer = make_offer(make_organisation("acme"))
    send(client, "Create", reply(offer_uri(offer)))
    assert Comment.objects.get().offer == offer


def test_a_minors_experience_refuses_a_stranger_and_says_why(client, rosa):
    today = timezone.localdate()
    young = make_person("mia", birth=(today.year - 17, today.month))
    experience = make_experience(young)
    assert send(client, "Create", reply(experience_id(experience))) == 202
    assert not Comment.objects.exists()
    assert Experience.objects.count() == 1
    reject = OutboxActivity.objects.get(activity_type="Reject")
    assert reject.body["object"]["object"] == f"{PEER}/users/rosa/statuses/1"
    assert "does not take comments from you" in reject.body["summary"]
    assert Delivery.objects.filter(activity=reject, inbox=rosa.inbox).exists()
    following.follow(young, rosa.profile)  # she follows Rosa (accepted): Rosa may comment now
    Follow.objects.filter(follower=young).update(state="accepted")
    send(client, "Create", reply(experience_id(experience), 2))
    assert Comment.objects.get().author == rosa.profile


def test_nobody_may_comment_when_the_owner_says_so(client, person, rosa):
    person.comment_policy = "nobody"
    person.save()
    experience = make_experience(person)
    send(client, "Create", reply(experience_id(experience)))
    assert not Comment.objects.exists()
    assert OutboxActivity.objects.filter(activity_type="Reject").count() == 1


def test_a_direct_reply_is_not_a_public_comment(client, person, rosa):
    experience = make_experience(person)
    direct = reply(experience_id(experience), to=[f"{BASE}/@alice/"], cc=[])
    send(client, "Create", direct)
    assert not Comment.objects.exists()
    assert Experience.objects.count() == 1


def test_a_host_flood_is_bounded(client, person, rosa, settings):
    settings.TREMPLIN_COMMENTS_PER_HOST_HOUR = 2
    experience = make_experience(person)
    for number in (1, 2, 3):
        send(client, "Create", reply(experience_id(experience), number))
    assert Comment.objects.count() == 2
    assert InboxItem.objects.filter(state="refused").count() == 1
    assert not OutboxActivity.objects.filter(activity_type="Reject").exists()


def test_the_author_updates_and_deletes_their_comment(client, person, rosa):
    experience = make_experience(person)
    send(client, "Create", reply(experience_id(experience)))
    changed = reply(experience_id(experience), content="<p>Changed words</p>", contentMap=None)
    send(client, "Update", changed)
    assert Comment.objects.get().content == "<p>Changed words</p>"
    assert Experience.objects.count() == 1
    send(client, "Delete", f"{PEER}/users/rosa/statuses/1")
    assert not Comment.objects.exists()
    send(client, "Create", reply(experience_id(experience)))  # a late copy stays dead
    assert not Comment.objects.exists()


def test_someone_else_cannot_delete_a_comment(client, person, rosa):
    experience = make_experience(person)
    send(client, "Create", reply(experience_id(experience)))
    make_remote_actor("mallory")
    send(client, "Delete", f"{PEER}/users/rosa/statuses/1", actor=f"{PEER}/users/mallory")
    assert Comment.objects.count() == 1


def test_a_member_comment_goes_out_as_a_note_addressed_as_the_experience(client, person, rosa):
    experience = make_experience(person)
    ObjectReach.objects.create(object_uri=experience_id(experience), inbox=rosa.shared_inbox)
    comment = comments.post(person, experience, "Merci à tous & à toutes")
    create = OutboxActivity.objects.get(
        activity_type="Create", object_uri=comment_uri_for(comment.pk)
    )
    note = create.body["object"]
    assert note["type"] == "Note"
    assert note["inReplyTo"] == experience_id(experience)
    assert note["attributedTo"] == f"{BASE}/@alice/"
    assert note["to"] == [PUBLIC]
    assert f"{BASE}/@alice/followers/" in note["cc"]
    assert note["content"] == "<p>Merci à tous &amp; à toutes</p>"
    assert set(create.deliveries.values_list("inbox", flat=True)) == {rosa.shared_inbox}
    served = client.get(f"/comments/{comment.pk}/", HTTP_ACCEPT="application/activity+json")
    assert served.status_code == 200
    assert json.loads(served.content)["inReplyTo"] == experience_id(experience)


def test_a_comment_on_a_members_only_experience_stays_here(client, person, member):
    experience = make_experience(person, 1)
    comment = comments.post(member, experience, "Only here")
    assert not OutboxActivity.objects.filter(object_uri=comment_uri_for(comment.pk)).exists()
    served = client.get(f"/comments/{comment.pk}/", HTTP_ACCEPT="application/activity+json")
    assert served.status_code == 404


def test_a_deleted_comment_is_gone_everywhere_it_went(client, person, member, rosa):
    experience = make_experience(person)
    ObjectReach.objects.create(object_uri=experience_id(experience), inbox=rosa.shared_inbox)
    comment = comments.post(member, experience, "Oops")
    uri = comment_uri_for(comment.pk)
    client_for(person).post(f"/comments/{comment.pk}/delete/")
    delete = OutboxActivity.objects.get(activity_type="Delete", object_uri=uri)
    assert delete.body["object"] == {"id": uri, "type": "Tombstone"}
    assert delete.body["actor"] == f"{BASE}/@bob/"
    assert set(delete.deliveries.values_list("inbox", flat=True)) == {rosa.shared_inbox}
    gone = client.get(f"/comments/{comment.pk}/", HTTP_ACCEPT="application/activity+json")
    assert gone.status_code == 410
    assert json.loads(gone.content)["type"] == "Tombstone"
    assert (
        client.get("/comments/999999/", HTTP_ACCEPT="application/activity+json").status_code == 404
    )
