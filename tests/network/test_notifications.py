"""Notifications from contact events, the list page and the unread count."""

from __future__ import annotations

import pytest
from django.db import transaction

from contact import events
from contact.models import Application, Conversation, Message
from network.models import Notification, NotificationKind
from profiles.models import CounsellorLink, Profile
from tests.conftest import client_for, make_person
from tests.network.helpers import make_offer, make_organisation

pytestmark = pytest.mark.django_db


def recruiter_of(organisation) -> Profile:  # noqa: ANN001
    return organisation.memberships.get().user.profile


def send(conversation: Conversation, author: Profile, copied: list[Profile] = ()) -> Message:
    message = Message.objects.create(
        conversation=conversation, author=author, body="Hello", language="fr"
    )
    message.copied_counsellors.set(copied)
    with transaction.atomic():
        events.message_sent.send(Message, message=message)
    return message


def test_message_from_recruiter_notifies_the_person_and_copied_counsellors(
    vocabulary: None, person: Profile, counsellor: Profile
) -> None:
    org = make_organisation("bistro")
    bystander = make_person("eve", role="counsellor", birth=None)
    conversation = Conversation.objects.create(
        organisation=org.profile, person=person, subject="Summer job in our kitchen"
    )
    send(conversation, recruiter_of(org), copied=[counsellor])
    told = Notification.objects.filter(kind=NotificationKind.MESSAGE)
    assert set(told.values_list("recipient__handle", flat=True)) == {"alice", "carla"}
    assert not told.filter(recipient=bystander).exists()
    note = told.get(recipient=person)
    assert note.title == "Summer job in our kitchen" and note.title_language == "fr"

    page = client_for(person).get("/me/notifications/").content.decode()
    assert "Summer job in our kitchen" in page and "New message" in page
    assert "unread" in page


def test_through_counsellors_the_minor_is_not_notified(
    vocabulary: None, person: Profile, counsellor: Profile
) -> None:
    org = make_organisation("bistro")
    conversation = Conversation.objects.create(
        organisation=org.profile, person=person, subject="Job", through_counsellors=True
    )
    send(conversation, recruiter_of(org))
    recipients = set(Notification.objects.values_list("recipient__handle", flat=True))
    assert recipients == {"carla"}


def test_answer_of_the_person_notifies_the_organisation_members(
    vocabulary: None, person: Profile
) -> None:
    org = make_organisation("bistro")
    conversation = Conversation.objects.create(
        organisation=org.profile, person=person, subject="Job"
    )
    send(conversation, person)
    assert list(Notification.objects.values_list("recipient__handle", flat=True)) == ["bistro_rec"]


def test_answer_of_a_counsellor_notifies_the_organisation_not_the_counsellor(
    vocabulary: None, person: Profile, counsellor: Profile
) -> None:
    org = make_organisation("bistro")
    conversation = Conversation.objects.create(
        organisation=org.profile, person=person, subject="Job", through_counsellors=True
    )
    assert CounsellorLink.objects.filter(person=person, counsellor=counsellor).exists()
    send(conversation, counsellor)
    assert list(Notification.objects.values_list("recipient__handle", flat=True)) == ["bistro_rec"]


def test_remote_person_is_not_notified_here(vocabulary: None) -> None:
    org = make_organisation("bistro")
    remote = Profile.objects.create(handle="zoe", domain="b.example")
    conversation = Conversation.objects.create(
        organisation=org.profile, person=remote, subject="Job"
    )
    send(conversation, recruiter_of(org))
    assert not Notification.objects.exists()


def test_declined_and_application_notify_the_organisation(
    vocabulary: None, person: Profile
) -> None:
    org = make_organisation("bistro")
    offer = make_offer(org, title="Waiter")
    conversation = Conversation.objects.create(
        organisation=org.profile, person=person, subject="Waiter job", offer=offer
    )
    with transaction.atomic():
        events.conversation_declined.send(Conversation, conversation=conversation, by=person)
    with transaction.atomic():
        application = Application.objects.create(offer=offer, person=person, language="en")
        events.application_sent.send(Application, application=application)
    rec = recruiter_of(org)
    kinds = dict(Notification.objects.filter(recipient=rec).values_list("kind", "title"))
    assert kinds == {
        NotificationKind.DECLINED: "Waiter job",
        NotificationKind.APPLICATION: "Waiter",
    }
    assert not Notification.objects.filter(recipient=person).exists()


def test_unread_count_in_the_nav_and_mark_all_read(person: Profile) -> None:
    for title in ("One", "Two"):
        Notification.objects.create(recipient=person, kind=NotificationKind.MESSAGE, title=title)
    client = client_for(person)
    home = client.get("/").content.decode()
    assert 'aria-label="2 unread"' in home
    response = client.post("/me/notifications/read/", follow=True)
    assert "unread" not in response.content.decode().split("<main>")[0]
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_anonymous_pages_do_not_show_notifications(client) -> None:  # noqa: ANN001
    html = client.get("/").content.decode()
    assert "/me/notifications/" not in html and "/feed/" not in html


def test_a_new_follower_is_announced_and_a_request_points_to_its_answer(
    django_capture_on_commit_callbacks,
) -> None:
    from profiles import following

    alice, bob, carol = make_person("alice"), make_person("bob"), make_person("carol")
    carol.approves_followers = True
    carol.save()
    with django_capture_on_commit_callbacks(execute=True):
        following.follow(bob, alice)
        following.follow(bob, carol)
    told = Notification.objects.get(recipient=alice)
    assert told.kind == NotificationKind.FOLLOW and told.title == "Bob"
    assert told.url == bob.get_absolute_url()
    asked = Notification.objects.get(recipient=carol)
    assert asked.url == "/me/"
    assert not Notification.objects.filter(recipient=bob).exists()
    page = client_for(alice).get("/me/notifications/").content.decode()
    assert "New follower" in page and "Bob" in page
