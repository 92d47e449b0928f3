"""Contact across nodes through the real inbox: direct Notes in, direct Notes out."""

from __future__ import annotations

import json

import pytest

from contact import messaging
from contact.models import Application, Conversation, Message
from federation.mapping import serializers
from federation.models import (
    InboxItem,
    InboxState,
    OutboxActivity,
    RefusedDirectMessages,
    RemoteActor,
    Tombstone,
)
from federation.peers.actors import sync_profile
from federation.protocol import ids
from federation.protocol.signatures import load_private_key, sign_request
from federation.worker import run_single_cycle
from profiles.models import ProfileKind
from tests.conftest import client_for, make_experience
from tests.contact.conftest import (
    make_counsellor_for,
    make_minor,
    make_offer,
    make_organisation,
)
from tests.federation.helpers import make_remote_actor
from tests.federation.test_inbox import PEER, PRIVATE_PEM, post

pytestmark = pytest.mark.django_db
ORG = f"{PEER}/users/bakery"
ROSA = f"{PEER}/users/rosa"


@pytest.fixture
def remote_org(db: None) -> RemoteActor:
    return make_remote_actor("bakery", actor_type="Organization", kind=ProfileKind.ORGANISATION)


@pytest.fixture
def remote_person(db: None) -> RemoteActor:
    return make_remote_actor("rosa")


def note(to: list[str], number: int = 1, actor: str = ORG, **changes: object) -> dict:
    return {
        "id": f"{actor}/notes/{number}",
        "type": "Note",
        "attributedTo": actor,
        "to": to,
        "cc": [],
        "content": "<p>Hello! <b>Would</b> you like a summer job?</p>",
        "contentMap": {"en": "<p>Hello!</p>"},
        "context": f"{PEER}/conversations/7",
        "subject": "Summer job",
        **changes,
    }


def signed(body: dict, key_id: str) -> dict[str, str]:
    data = json.dumps(body).encode()
    headers = sign_request(
        "POST",
        "http://testserver/inbox/",
        {"Content-Type": "application/activity+json"},
        data,
        key_id=key_id,
        private_key=load_private_key(PRIVATE_PEM),
    )
    return {
        f"HTTP_{k.upper().replace('-', '_')}": v
        for k, v in headers.items()
        if k.lower() != "content-type"
    }


def deliver(client, obj: dict, actor: str = ORG, number: int = 1) -> None:
    activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{actor}/activities/{obj['id'].rsplit('/', 1)[-1]}-{number}",
        "type": "Create",
        "actor": actor,
        "object": obj,
    }
    assert post(client, activity, key_id=f"{actor}#main-key") == 202
    run_single_cycle()


def test_a_remote_organisations_note_reaches_a_person_here(client, person, remote_org):
    deliver(client, note([ids.actor_uri(person)]))
    conversation = Conversation.objects.get()
    assert conversation.organisation == remote_org.profile and conversation.person == person
    assert conversation.subject == "Summer job"
    assert conversation.remote_id == f"{PEER}/conversations/7"
    message = conversation.messages.get()
    assert message.body == "Hello! Would you like a summer job?" and message.language == "en"
    assert (
        "Would you like a summer job?"
        in client_for(person).get(f"/me/messages/{conversation.pk}/").content.decode()
    )


def refused_at_the_door(client, obj: dict, actor: str = ORG) -> str:
    """Post a Create of `obj`: refused (403) before anything is stored; the reason given."""
    body = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{actor}/activities/{obj['id'].rsplit('/', 1)[-1]}",
        "type": "Create",
        "actor": actor,
        "object": obj,
    }
    response = client.post(
        "/inbox/",
        data=json.dumps(body),
        content_type="application/activity+json",
        **signed(body, f"{actor}#main-key"),
    )
    assert response.status_code == 403 and not InboxItem.objects.exists()
    assert RefusedDirectMessages.objects.get().count == 1  # counted for moderators
    return response.json()["error"]


def test_a_note_to_someone_who_turned_contact_off_is_refused(client, person, remote_org):
    person.accepts_contact = False
    person.save()
    reason = refused_at_the_door(client, note([ids.actor_uri(person)]))
    assert "does not accept messages" in reason
    assert Conversation.objects.count() == 0


def test_the_same_note_twice_is_kept_once(client, person, remote_org):
    deliver(client, note([ids.actor_uri(person)]), number=1)
    deliver(client, note([ids.actor_uri(person)]), number=2)
    assert Message.objects.count() == 1 and InboxItem.objects.count() == 2


def test_a_person_of_another_node_cannot_open_a_conversation(client, person, remote_person):
    reason = refused_at_the_door(client, note([ids.actor_uri(person)], actor=ROSA), actor=ROSA)
    assert "Only organisations" in reason
    assert Conversation.objects.count() == 0


def test_a_reply_to_an_unknown_conversation_is_refused(client, person, remote_org):
    deliver(
        client,
        note([ids.actor_uri(person)], inReplyTo=f"{PEER}/notes/999", context=f"{PEER}/c/999"),
    )
    assert Conversation.objects.count() == 0
    assert "unknown conversation" in InboxItem.objects.get().error


def test_a_public_note_is_not_a_message(client, person, remote_org):
    deliver(client, note([ids.PUBLIC, ids.actor_uri(person)]))
    assert Conversation.objects.count() == 0


def test_a_note_also_addressed_to_followers_is_not_a_message(client, person, remote_org):
    deliver(client, note([ids.actor_uri(person)], cc=[f"{ORG}/followers"]))
    assert Conversation.objects.count() == 0


def test_a_local_minor_is_reached_through_counsellors(client, remote_org):
    minor = make_minor()
    minor_counsellor = make_counsellor_for(minor)
    deliver(client, note([ids.actor_uri(minor)]))
    conversation = Conversation.objects.get()
    assert conversation.through_counsellors
    assert not messaging.who_can_read(conversation, minor)
    assert messaging.who_can_read(conversation, minor_counsellor)


def test_the_daily_limit_counts_a_remote_organisation(client, person, remote_org, settings):
    settings.TREMPLIN_CONTACT_PER_DAY = 1
    deliver(client, note([ids.actor_uri(person)], number=1, context=f"{PEER}/c/1"))
    deliver(client, note([ids.actor_uri(person)], number=2, context=f"{PEER}/c/2"))
    assert Conversation.objects.count() == 1
    assert "24 hours" in InboxItem.objects.order_by("pk").last().error


def test_the_persons_answer_goes_back_in_the_same_conversation(
    client, person, remote_org, django_capture_on_commit_callbacks
):
    deliver(client, note([ids.actor_uri(person)]))
    conversation = Conversation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        messaging.reply(conversation, person, "Yes <please>!", "fr")
    sent = OutboxActivity.objects.get(activity_type="Create")
    obj = sent.body["object"]
    assert sent.body["actor"] == ids.actor_uri(person) and not sent.public
    assert obj["to"] == [ORG] and obj["cc"] == []
    assert ids.PUBLIC not in str(sent.body)
    assert obj["context"] == f"{PEER}/conversations/7"
    assert obj["inReplyTo"] == f"{ORG}/notes/1"
    assert obj["content"] == "<p>Yes &lt;please&gt;!</p>" and obj["contentMap"] == {
        "fr": obj["content"]
    }
    assert list(sent.deliveries.values_list("inbox", flat=True)) == [f"{ORG}/inbox"]


def test_the_organisation_answers_into_the_conversation(client, person, remote_org):
    deliver(client, note([ids.actor_uri(person)]))
    conversation = Conversation.objects.get()
    reply = note(
        [ids.actor_uri(person)],
        number=2,
        content="<p>Great, see you Monday.</p>",
        inReplyTo=f"{PEER}/notes/elsewhere",
    )
    deliver(client, reply)
    assert list(conversation.messages.values_list("body", flat=True))[-1] == (
        "Great, see you Monday."
    )


def test_a_stranger_cannot_write_into_a_conversation(client, person, remote_org, remote_person):
    deliver(client, note([ids.actor_uri(person)]))
    intruder = note([ids.actor_uri(person)], number=5, actor=ROSA)
    deliver(client, intruder, actor=ROSA)
    assert Message.objects.count() == 1
    assert "cannot write" in InboxItem.objects.order_by("pk").last().error


def test_a_decline_from_the_remote_person_closes_our_conversation(
    client, remote_person, django_capture_on_commit_callbacks
):
    organisation = make_organisation()
    from jobs.models import Membership
    from tests.conftest import make_person

    recruiter = make_person("rita", role="organisation", birth=None)
    Membership.objects.create(organisation=organisation.organisation, user=recruiter.user)
    with django_capture_on_commit_callbacks(execute=True):
        conversation = messaging.start_conversation(
            organisation, recruiter.user, remote_person.profile, None, "Hi", "Hello", "en"
        )
    sent = OutboxActivity.objects.get()
    obj = sent.body["object"]
    assert sent.body["actor"] == ids.actor_uri(organisation)  # the organisation speaks
    assert obj["to"] == [ROSA] and obj["context"].endswith(f"/conversations/{conversation.pk}/")
    decline = note(
        [ids.actor_uri(organisation)],
        number=3,
        actor=ROSA,
        context=obj["context"],
        inReplyTo=obj["id"],
        declined=True,
    )
    deliver(client, decline, actor=ROSA)
    conversation.refresh_from_db()
    assert conversation.state == "declined"


def test_an_application_from_another_node(client, remote_person):
    organisation = make_organisation()
    offer = make_offer(organisation)
    offer_id = f"{ids.base_url()}/offers/{offer.pk}/"
    application = note(
        [ids.actor_uri(organisation)],
        actor=ROSA,
        inReplyTo=offer_id,
        application=True,
        source={"content": "I bake at home.", "mediaType": "text/plain"},
        chosenExperiences=[
            {"type": "Link", "name": "Kitchen helper", "href": f"{ROSA}/experiences/1/"},
            {"type": "Link", "name": "Elsewhere", "href": "https://other.example/x"},
        ],
    )
    deliver(client, application, actor=ROSA)
    kept = Application.objects.get()
    assert kept.offer == offer and kept.person == remote_person.profile
    assert kept.message == "I bake at home."
    assert kept.experience_links == [{"title": "Kitchen helper", "url": f"{ROSA}/experiences/1/"}]


def test_an_application_sent_from_here_to_a_remote_offer(
    person, remote_org, django_capture_on_commit_callbacks
):
    from jobs.models import Offer, Organisation

    organisation = Organisation.objects.create(profile=remote_org.profile)
    local_copy = make_offer(make_organisation())
    Offer.objects.filter(pk=local_copy.pk).update(
        organisation=organisation, url=f"{PEER}/offers/3/"
    )
    experience = make_experience(person)
    with django_capture_on_commit_callbacks(execute=True):
        messaging.apply(Offer.objects.get(pk=local_copy.pk), person, "Hi", "en", [experience])
    obj = OutboxActivity.objects.latest("pk").body["object"]  # after the setup's Creates
    assert obj["application"] is True and obj["inReplyTo"] == f"{PEER}/offers/3/"
    assert obj["to"] == [ORG]
    assert obj["chosenExperiences"][0]["href"].endswith(experience.get_absolute_url())


def test_the_actor_document_says_whether_contact_is_accepted(person, remote_person):
    person.accepts_contact = False
    person.save()
    document = serializers.actor_document(person)
    assert document["acceptsContact"] is False
    sync_profile(remote_person, {**document, "id": ROSA, "url": ROSA})
    remote_person.profile.refresh_from_db()
    assert remote_person.profile.accepts_contact is False
    sync_profile(remote_person, {"id": ROSA, "name": "Rosa"})  # Mastodon: nothing said
    remote_person.profile.refresh_from_db()
    assert remote_person.profile.accepts_contact is True


def test_another_actor_of_the_same_node_cannot_delete_a_message(
    client, person, remote_org, remote_person
):
    message_id = note([ids.actor_uri(person)])["id"]
    deliver(client, note([ids.actor_uri(person)]))
    forged = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{ROSA}/activities/delete-1",
        "type": "Delete",
        "actor": ROSA,
        "object": message_id,
    }
    assert post(client, forged, key_id=f"{ROSA}#main-key") == 202
    run_single_cycle()
    assert Message.objects.filter(remote_id=message_id).exists()
    assert not Tombstone.objects.filter(uri=message_id).exists()  # nor buried for later
    assert InboxItem.objects.get(uri=forged["id"]).state == InboxState.REFUSED
    withdrawn = {**forged, "id": f"{ORG}/activities/delete-2", "actor": ORG}
    assert post(client, withdrawn, key_id=f"{ORG}#main-key") == 202
    run_single_cycle()
    assert not Message.objects.filter(remote_id=message_id).exists()
