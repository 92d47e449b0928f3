"""Who reads and who writes in a conversation: the one place for these rules.

Pages, notifications and federation ask here; nothing else decides who sees a
message. A person under the age of digital consent never reads a conversation
about them: only the counsellors they chose do (`through_counsellors`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from contact.models import Conversation
from jobs import organisations
from jobs.models import Organisation
from profiles import counsellors
from profiles.models import Profile, ProfileKind
from profiles.permissions import is_chosen_counsellor

ORGANISATION_SIDE = "organisation"
PERSON_SIDE = "person"


def is_member(user: Any, organisation_profile: Profile) -> bool:
    """Whether this user acts for the organisation whose showcase profile is given."""
    organisation = Organisation.objects.filter(profile=organisation_profile).first()
    return organisation is not None and organisations.is_member(user, organisation)


def member_organisations(user: Any) -> QuerySet[Profile]:
    """The (local) organisation profiles this user acts for."""
    return organisations.organisation_profiles(user)


def conversations_for(profile: Profile | None) -> QuerySet[Conversation]:
    """Every conversation this profile may read, as the person, a counsellor or a member."""
    if profile is None:
        return Conversation.objects.none()
    condition = Q(organisation=profile) | (Q(person=profile) & Q(through_counsellors=False))
    if counsellors.is_granted(profile):
        # A counsellor reads only while they hold the role (profiles.counsellors).
        condition |= Q(messages__copied_counsellors=profile) | (
            Q(through_counsellors=True) & Q(person__counsellor_links__counsellor=profile)
        )
    if profile.user_id is not None:
        condition |= Q(organisation__organisation__memberships__user_id=profile.user_id)
    return Conversation.objects.filter(condition).distinct()


def who_can_read(conversation: Conversation, profile: Profile | None) -> bool:
    return conversations_for(profile).filter(pk=conversation.pk).exists()


def side_of(conversation: Conversation, author: Profile) -> str | None:
    """Which side `author` may write for, or None when they may not write at all.

    A person of another node is represented by their node: when it sends an answer
    from one of its actors (a counsellor answering for a minor), that node applied
    the minor rule itself, so any person of that node may answer for them.
    """
    if author.pk == conversation.organisation_id or (
        author.user_id is not None and is_member(author.user, conversation.organisation)
    ):
        return ORGANISATION_SIDE
    person = conversation.person
    if author.pk == person.pk:
        return None if conversation.through_counsellors else PERSON_SIDE
    chosen = is_chosen_counsellor(author, person)
    copied = conversation.messages.filter(copied_counsellors=author).exists()
    if chosen and (conversation.through_counsellors or copied):
        return PERSON_SIDE
    if not person.is_local and author.domain == person.domain and author.kind == ProfileKind.PERSON:
        return PERSON_SIDE
    return None


def may_decline(conversation: Conversation, profile: Profile) -> bool:
    """The person declines; for a minor, the counsellors who read it in their place."""
    if profile.pk == conversation.person_id:
        return not conversation.through_counsellors or not conversation.person.is_local
    return conversation.through_counsellors and is_chosen_counsellor(profile, conversation.person)


def local_readers(conversation: Conversation) -> list[Profile]:
    """The people of this node who read the conversation (for notifications)."""
    readers: dict[int, Profile] = {}
    person = conversation.person
    if conversation.through_counsellors:
        for counsellor in counsellors.chosen_counsellors(person):
            readers[counsellor.pk] = counsellor
    elif person.is_local and person.user_id is not None:
        readers[person.pk] = person
    for counsellor in counsellors.granted_counsellors().filter(
        pk__in=conversation.messages.values("copied_counsellors")
    ):
        readers[counsellor.pk] = counsellor
    for member in Profile.objects.filter(
        user__memberships__organisation__profile=conversation.organisation
    ):
        readers[member.pk] = member
    return [p for p in readers.values() if p.is_local and p.user_id is not None]
