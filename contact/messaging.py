"""Conversations between organisations and people: the rules, whoever sends.

Pages call `start_conversation` and `reply`; messages that arrive from another node
go through `receive_conversation` and the same `reply`/`decline`, so a node applies
its own rules (contact turned off, minors only through counsellors, the daily limit)
to everyone who writes to its people. No ActivityPub here: the federation app
listens to `contact.events`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contact import events
from contact.access import (
    ORGANISATION_SIDE,
    conversations_for,
    is_member,
    local_readers,
    may_decline,
    side_of,
    who_can_read,
)
from contact.applications import apply
from contact.models import Conversation, ConversationState, Message
from jobs.models import Offer
from jobs.offers import open_offers
from profiles import counsellors
from profiles.languages import TEXT_LANGUAGE_CODES
from profiles.models import Profile, ProfileKind

__all__ = [
    "apply",
    "conversation_refusal",
    "conversations_for",
    "decline",
    "is_member",
    "local_readers",
    "receive_conversation",
    "reply",
    "start_conversation",
    "under_consent_age",
    "who_can_read",
]
MAX_BODY = 5000
MAX_SUBJECT = 160


def per_day() -> int:
    return int(getattr(settings, "TREMPLIN_CONTACT_PER_DAY", 20))


def under_consent_age(person: Profile, today: datetime.date | None = None) -> bool:
    """Under this node's age of digital consent: only their counsellors read messages."""
    today = today or timezone.localdate()
    return person.consent_from is not None and today < person.consent_from


def contact_refusal(person: Profile) -> str | None:
    """Why nobody may start a conversation with this person, or None if one may."""
    if person.kind != ProfileKind.PERSON:
        return _("Only people can be contacted this way.")
    if not person.accepts_contact:
        return _("This person does not accept messages from organisations.")
    if under_consent_age(person) and not counsellors.chosen_counsellors(person).exists():
        return _(
            "This young person is under the age of digital consent and has no counsellor: "
            "contact the team of this node, who will reach their guardian."
        )
    return None


def conversation_refusal(author: Profile, person: Profile) -> str | None:
    """Why `author` may not start a conversation with `person` (None if they may): only
    organisations start conversations, under the person's own rules (contact_refusal).
    The inbox asks this before it takes a direct message, so a refused sender is told
    why at once instead of their message vanishing."""
    if author.kind != ProfileKind.ORGANISATION:
        return _("Only organisations start conversations.")
    return contact_refusal(person)


def _check_text(body: str, language: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message."))
    if len(body) > MAX_BODY:
        raise ValidationError(_("This message is too long: 5,000 characters at most."))
    if language not in TEXT_LANGUAGE_CODES:
        raise ValidationError(_("Choose the language of your message."))
    return body


def start_conversation(
    organisation_profile: Profile,
    sender_user: Any,
    person: Profile,
    offer: Offer | None,
    subject: str,
    body: str,
    language: str,
    copy_counsellors: bool = False,
) -> Conversation:
    """A member of an organisation writes to a person, maybe about one of its offers."""
    if not is_member(sender_user, organisation_profile):
        raise ValidationError(_("You can only write for an organisation you are a member of."))
    author = getattr(sender_user, "profile", None) or organisation_profile
    return _open(
        organisation_profile, author, person, offer, subject, body, language, copy_counsellors
    )


def receive_conversation(
    organisation_profile: Profile,
    person: Profile,
    offer: Offer | None,
    subject: str,
    body: str,
    language: str,
    copy_counsellors: bool,
    *,
    remote_id: str,
    message_remote_id: str,
) -> Conversation:
    """A conversation started by an organisation of another node, under this node's rules."""
    if organisation_profile.kind != ProfileKind.ORGANISATION:
        raise ValidationError(_("Only organisations start conversations."))
    existing = Message.objects.filter(remote_id=message_remote_id).select_related("conversation")
    if message_remote_id and existing.exists():
        return existing.first().conversation  # received twice: kept once
    return _open(
        organisation_profile,
        organisation_profile,
        person,
        offer,
        subject,
        body,
        language,
        copy_counsellors,
        remote_id=remote_id,
        message_remote_id=message_remote_id,
    )


@transaction.atomic
def _open(
    organisation_profile: Profile,
    author: Profile,
    person: Profile,
    offer: Offer | None,
    subject: str,
    body: str,
    language: str,
    copy_counsellors: bool,
    *,
    remote_id: str = "",
    message_remote_id: str = "",
) -> Conversation:
    refusal = contact_refusal(person)
    if refusal:
        raise ValidationError(refusal)
    body = _check_text(body, language)
    subject = (subject or "").strip()[:MAX_SUBJECT] or body.splitlines()[0][:MAX_SUBJECT]
    if offer is not None:
        if offer.organisation.profile_id != organisation_profile.pk:
            raise ValidationError(_("This offer is not one of this organisation's offers."))
        if not open_offers().filter(pk=offer.pk).exists():
            raise ValidationError(_("This offer is no longer open."))
    # Lock the organisation's row: two processes cannot both take the last place of the day.
    Profile.objects.select_for_update().filter(pk=organisation_profile.pk).first()
    since = timezone.now() - datetime.timedelta(hours=24)
    limit = per_day()
    started = Conversation.objects.filter(organisation=organisation_profile, created_at__gte=since)
    if started.count() >= limit:
        raise ValidationError(
            _(
                "This organisation has already started %(limit)s conversations in the last "
                "24 hours: you can write again tomorrow."
            )
            % {"limit": limit}
        )
    conversation = Conversation.objects.create(
        organisation=organisation_profile,
        person=person,
        offer=offer,
        subject=subject,
        through_counsellors=under_consent_age(person),
        copy_counsellors=copy_counsellors,
        remote_id=remote_id,
    )
    message = Message.objects.create(
        conversation=conversation,
        author=author,
        body=body,
        language=language,
        remote_id=message_remote_id,
    )
    if copy_counsellors:
        message.copied_counsellors.set(counsellors.chosen_counsellors(person))
    _sent(message)
    return conversation


def _sent(message: Message) -> None:
    events.message_sent.send(Message, message=message)


@transaction.atomic
def reply(
    conversation: Conversation,
    author_profile: Profile,
    body: str,
    language: str,
    *,
    remote_id: str = "",
) -> Message:
    """An answer from the person, a counsellor, or the organisation (a member or its node)."""
    if remote_id:
        existing = Message.objects.filter(remote_id=remote_id).first()
        if existing is not None:
            return existing  # received twice: kept once
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    side = side_of(conversation, author_profile)
    if side is None:
        raise ValidationError(_("You cannot write in this conversation."))
    if side == ORGANISATION_SIDE and conversation.state == ConversationState.DECLINED:
        raise ValidationError(
            _("This person declined the conversation: the organisation cannot write any more.")
        )
    body = _check_text(body, language)
    message = Message.objects.create(
        conversation=conversation,
        author=author_profile,
        body=body,
        language=language,
        remote_id=remote_id,
    )
    copied = counsellors.granted_counsellors().filter(
        pk__in=conversation.messages.values("copied_counsellors")
    )
    message.copied_counsellors.set(copied)
    conversation.save(update_fields=["updated_at"])
    _sent(message)
    return message


@transaction.atomic
def decline(conversation: Conversation, person: Profile) -> Conversation:
    """The person (or, for a minor, their counsellor) says no: the organisation stops writing."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if not may_decline(conversation, person):
        raise ValidationError(_("Only the person contacted can decline this conversation."))
    if conversation.state == ConversationState.DECLINED:
        return conversation
    conversation.state = ConversationState.DECLINED
    conversation.save(update_fields=["state", "updated_at"])
    events.conversation_declined.send(Conversation, conversation=conversation, by=person)
    return conversation
