"""The rules of contact: who may write, who reads, what is refused and why."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from contact import events, messaging
from contact.models import Conversation, Message
from jobs import offers
from profiles.models import CounsellorLink
from tests.conftest import make_person
from tests.contact.conftest import make_offer, make_organisation

pytestmark = pytest.mark.django_db


def start(organisation, recruiter, person, offer=None, **changes):
    arguments = {
        "subject": "Summer job",
        "body": "Hello, would you like to work with us this summer?",
        "language": "en",
        "copy_counsellors": False,
        **changes,
    }
    return messaging.start_conversation(organisation, recruiter.user, person, offer, **arguments)


def test_a_member_writes_and_the_person_reads_and_answers(organisation, recruiter, person, offer):
    conversation = start(organisation, recruiter, person, offer)
    assert conversation.offer == offer and not conversation.through_counsellors
    assert messaging.who_can_read(conversation, person)
    assert messaging.who_can_read(conversation, recruiter)
    message = messaging.reply(conversation, person, "Yes, gladly!", "en")
    assert list(conversation.messages.values_list("body", flat=True)) == [
        "Hello, would you like to work with us this summer?",
        "Yes, gladly!",
    ]
    assert message.author == person


def test_someone_who_is_not_a_member_cannot_write_for_the_organisation(organisation, person):
    stranger = make_person("sam")
    with pytest.raises(ValidationError, match="member of"):
        start(organisation, stranger, person)
    assert Conversation.objects.count() == 0


def test_a_person_who_turned_contact_off_is_refused(organisation, recruiter, person):
    person.accepts_contact = False
    person.save()
    with pytest.raises(ValidationError, match="does not accept messages"):
        start(organisation, recruiter, person)
    assert Conversation.objects.count() == 0


def test_an_offer_of_another_organisation_is_refused(organisation, recruiter, person):
    other = make_offer(make_organisation("other", "Other Ltd"))
    with pytest.raises(ValidationError, match="not one of this organisation"):
        start(organisation, recruiter, person, other)


def test_a_closed_offer_is_refused(organisation, recruiter, person, offer):
    offers.close(offer)
    with pytest.raises(ValidationError, match="no longer open"):
        start(organisation, recruiter, person, offer)


def test_an_empty_message_is_refused(organisation, recruiter, person):
    with pytest.raises(ValidationError, match="Write a message"):
        start(organisation, recruiter, person, body="   ")


def test_a_minor_is_reached_only_through_their_counsellors(
    organisation, recruiter, minor, minor_counsellor
):
    conversation = start(organisation, recruiter, minor)
    assert conversation.through_counsellors
    assert not messaging.who_can_read(conversation, minor)
    assert messaging.who_can_read(conversation, minor_counsellor)
    assert list(messaging.conversations_for(minor)) == []
    with pytest.raises(ValidationError, match="cannot write"):
        messaging.reply(conversation, minor, "hi", "en")
    messaging.reply(conversation, minor_counsellor, "I help Mina; she is interested.", "en")
    assert conversation.messages.count() == 2


def test_a_minor_without_counsellor_cannot_be_contacted(organisation, recruiter, minor):
    with pytest.raises(ValidationError, match="team of this node"):
        start(organisation, recruiter, minor)
    assert Conversation.objects.count() == 0


def test_copied_counsellors_read_and_may_answer(organisation, recruiter, person, counsellor):
    other = make_person("otto", role="counsellor", birth=None)
    conversation = start(organisation, recruiter, person, copy_counsellors=True)
    first = conversation.messages.get()
    assert list(first.copied_counsellors.all()) == [counsellor]
    assert messaging.who_can_read(conversation, counsellor)
    assert not messaging.who_can_read(conversation, other)
    answer = messaging.reply(conversation, counsellor, "I will talk with Alice.", "en")
    assert list(answer.copied_counsellors.all()) == [counsellor]


def test_counsellors_are_not_copied_unless_asked(organisation, recruiter, person, counsellor):
    conversation = start(organisation, recruiter, person)
    assert not messaging.who_can_read(conversation, counsellor)


def test_a_decline_stops_the_organisation(organisation, recruiter, person):
    conversation = start(organisation, recruiter, person)
    messaging.decline(conversation, person)
    conversation.refresh_from_db()
    assert conversation.state == "declined"
    assert messaging.who_can_read(conversation, recruiter)  # the organisation sees it
    with pytest.raises(ValidationError, match="declined"):
        messaging.reply(conversation, recruiter, "Are you sure?", "en")


def test_only_the_person_declines(organisation, recruiter, person):
    conversation = start(organisation, recruiter, person)
    with pytest.raises(ValidationError, match="Only the person"):
        messaging.decline(conversation, recruiter)


def test_outsiders_cannot_answer(organisation, recruiter, person):
    conversation = start(organisation, recruiter, person)
    with pytest.raises(ValidationError, match="cannot write"):
        messaging.reply(conversation, make_person("eve"), "Me too", "en")
    assert not messaging.who_can_read(conversation, make_person("zoe"))


def test_the_daily_limit_per_organisation(organisation, recruiter, settings):
    settings.TREMPLIN_CONTACT_PER_DAY = 2
    people = [make_person(f"young{n}") for n in range(3)]
    start(organisation, recruiter, people[0])
    start(organisation, recruiter, people[1])
    with pytest.raises(ValidationError, match="already started 2 conversations"):
        start(organisation, recruiter, people[2])
    assert Conversation.objects.count() == 2
    # Another organisation has its own limit.
    other = make_organisation("other", "Other Ltd")
    from jobs.models import Membership

    Membership.objects.create(organisation=other.organisation, user=recruiter.user)
    start(other, recruiter, people[2])


def test_older_conversations_do_not_count(organisation, recruiter, settings):
    import datetime

    from django.utils import timezone

    settings.TREMPLIN_CONTACT_PER_DAY = 1
    start(organisation, recruiter, make_person("young1"))
    Conversation.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    start(organisation, recruiter, make_person("young2"))


def test_events_are_sent_inside_the_transaction(organisation, recruiter, person):
    received = []

    def listener(message, **kwargs):
        received.append(message.body)

    events.message_sent.connect(listener)
    try:
        with transaction.atomic():
            start(organisation, recruiter, person)
            assert received == ["Hello, would you like to work with us this summer?"]
    finally:
        events.message_sent.disconnect(listener)


def test_a_remote_message_received_twice_is_kept_once(organisation, person):
    first = messaging.receive_conversation(
        organisation,
        person,
        None,
        "Hi",
        "Hello",
        "en",
        False,
        remote_id="https://b.example/c/1",
        message_remote_id="https://b.example/m/1",
    )
    again = messaging.receive_conversation(
        organisation,
        person,
        None,
        "Hi",
        "Hello",
        "en",
        False,
        remote_id="https://b.example/c/1",
        message_remote_id="https://b.example/m/1",
    )
    assert first == again and Message.objects.count() == 1


def test_a_removed_counsellor_reads_no_more(organisation, recruiter, minor, minor_counsellor):
    conversation = start(organisation, recruiter, minor)
    CounsellorLink.objects.filter(counsellor=minor_counsellor).delete()
    assert not messaging.who_can_read(conversation, minor_counsellor)
