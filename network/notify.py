"""In-app notifications about contact and applications, for the people of this node.

Who is told follows who may read: a message from the organisation goes to the person
(or, for a person under the age of digital consent, to the counsellors they chose)
and to the counsellors copied; a message from the person's side goes to the
organisation's members. Only people with an account here are notified: people of
other nodes are told by their own node.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from network.links import (
    application_path,
    conversation_path,
    my_application_path,
    organisation_application_path,
)
from network.models import Notification, NotificationKind
from profiles import counsellors
from profiles.models import Profile


def local_people(profiles: QuerySet[Profile]) -> QuerySet[Profile]:
    return profiles.filter(domain="", user__isnull=False)


def organisation_members(organisation_profile_pk: int) -> QuerySet[Profile]:
    """The profiles of the users acting for an organisation (given by its profile)."""
    return Profile.objects.filter(
        user__memberships__organisation__profile_id=organisation_profile_pk
    )


def notify(
    recipients: Iterable[int], kind: str, title: str, language: str, url: str
) -> list[Notification]:
    return Notification.objects.bulk_create(
        Notification(
            recipient_id=pk, kind=kind, title=title[:200], title_language=language, url=url
        )
        for pk in sorted(set(recipients))
    )


def message_recipients(message: Any) -> list[int]:
    conversation = message.conversation
    person_pk = conversation.person_id
    copied = list(message.copied_counsellors.values_list("pk", flat=True))
    chosen = counsellors.chosen_counsellors(conversation.person)
    chosen_pks = set(chosen.values_list("pk", flat=True))
    author_pk = message.author_id
    if author_pk == person_pk or author_pk in chosen_pks or author_pk in copied:
        members = organisation_members(conversation.organisation_id)
        found = local_people(members)
    else:
        reader = Q(pk__in=chosen_pks) if conversation.through_counsellors else Q(pk=person_pk)
        found = local_people(Profile.objects.filter(reader | Q(pk__in=copied)))
    return [pk for pk in found.values_list("pk", flat=True) if pk != author_pk]


def on_message_sent(sender: Any, message: Any, **kwargs: Any) -> None:
    """Receiver of contact.events.message_sent."""
    conversation = message.conversation
    notify(
        message_recipients(message),
        NotificationKind.MESSAGE,
        conversation.subject,
        message.language,
        conversation_path(conversation.pk),
    )


def on_conversation_declined(sender: Any, conversation: Any, by: Profile, **kwargs: Any) -> None:
    """Receiver of contact.events.conversation_declined: the organisation is told."""
    members = local_people(organisation_members(conversation.organisation_id)).exclude(pk=by.pk)
    language = conversation.offer.language if conversation.offer_id else ""
    notify(
        members.values_list("pk", flat=True),
        NotificationKind.DECLINED,
        conversation.subject,
        language,
        conversation_path(conversation.pk),
    )


def on_application_sent(sender: Any, application: Any, **kwargs: Any) -> None:
    """Receiver of contact.events.application_sent: the offer's organisation is told."""
    offer = application.offer
    members = local_people(organisation_members(offer.organisation.profile_id))
    notify(
        members.exclude(pk=application.person_id).values_list("pk", flat=True),
        NotificationKind.APPLICATION,
        offer.title,
        offer.language,
        application_path(),
    )


# What the applicant is told of each status the organisation sets ("sent" is where
# every application starts; "withdrawn" is the applicant's own doing).
STATUS_KINDS = {
    "seen": NotificationKind.STATUS_SEEN,
    "shortlisted": NotificationKind.STATUS_SHORTLISTED,
    "not_retained": NotificationKind.STATUS_NOT_RETAINED,
}


def on_application_status_changed(
    sender: Any, application: Any, status: str, **kwargs: Any
) -> None:
    """Receiver of contact.events.application_status_changed, for changes made here and
    on another node alike: the applicant is told what the organisation decided, the
    organisation's members are told of a withdrawal.

    The applicant is told each status of an application at most once: a notification
    read or emailed is never made again, so undoing a decision ("seen" again) tells
    nothing new. One they have not read yet (nor been emailed) gives way to a newer
    status: an undone "shortlisted" does not stay on their list next to where the
    application stands now.
    """
    offer = application.offer
    if status == "withdrawn":
        members = local_people(organisation_members(offer.organisation.profile_id))
        notify(
            members.exclude(pk=application.person_id).values_list("pk", flat=True),
            NotificationKind.STATUS_WITHDRAWN,
            offer.title,
            offer.language,
            organisation_application_path(application.pk),
        )
        return
    kind = STATUS_KINDS.get(status)
    applicant = local_people(Profile.objects.filter(pk=application.person_id))
    if kind is None or not applicant.exists():
        return
    url = my_application_path(application.pk)
    told = Notification.objects.filter(
        recipient_id=application.person_id, kind__in=STATUS_KINDS.values(), url=url
    )
    told.exclude(kind=kind).filter(read_at__isnull=True, emailed_at__isnull=True).delete()
    if told.filter(kind=kind).exists():
        return
    notify([application.person_id], kind, offer.title, offer.language, url)


def on_follow_requested(sender: Any, follow: Any, **kwargs: Any) -> None:
    """Receiver of profiles.events.follow_requested: the person followed is told (an
    organisation's members, for an organisation); a request waiting for an answer
    points to where it is answered.

    New followers are grouped: while a person has not read (nor been emailed) a
    follower notification, the next follower adds to it ("12 new followers", pointing
    to their followers page) instead of making another one: a flood of follows is one
    line, not two hundred.
    """
    followed = follow.followed
    if followed.kind == "organisation":
        recipients = local_people(organisation_members(followed.pk))
    else:
        recipients = local_people(Profile.objects.filter(pk=followed.pk))
    name = follow.follower.display_name[:200]
    url = (
        reverse("profiles:my-profile")
        if follow.state == "pending"
        else follow.follower.get_absolute_url()
    )
    # A group points to where followers are listed: one's own page, an organisation's.
    group_url = (
        followed.get_absolute_url()
        if followed.kind == "organisation"
        else reverse("profiles:my-followers")
    )
    alone = []
    for pk in recipients.values_list("pk", flat=True):
        waiting = Notification.objects.filter(
            recipient_id=pk,
            kind=NotificationKind.FOLLOW,
            read_at__isnull=True,
            emailed_at__isnull=True,
        ).order_by("-created_at", "-pk")
        group = waiting.values_list("pk", flat=True).first()
        if group is None:
            alone.append(pk)
            continue
        Notification.objects.filter(pk=group).update(
            count=F("count") + 1,
            title=name,
            title_language="",
            url=group_url,
            created_at=timezone.now(),
        )
    notify(alone, NotificationKind.FOLLOW, name, "", url)


REACTION_KINDS = {"like": NotificationKind.LIKE, "share": NotificationKind.SHARE}
REACTION_GROUP_WINDOW = datetime.timedelta(hours=1)


def notify_grouped(
    recipients: Iterable[int], kind: str, title: str, language: str, url: str
) -> None:
    """One notification per item and hour: while the last one about this item (and of
    this kind) is unread, not emailed and less than an hour old, the next reaction adds
    to its count ("12 new likes") instead of making another. A flood of likes is one
    line per hour, not a thousand."""
    since = timezone.now() - REACTION_GROUP_WINDOW
    alone = []
    for pk in sorted(set(recipients)):
        group = (
            Notification.objects.filter(
                recipient_id=pk,
                kind=kind,
                url=url,
                read_at__isnull=True,
                emailed_at__isnull=True,
                created_at__gte=since,
            )
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        if group is None:
            alone.append(pk)
        else:
            Notification.objects.filter(pk=group).update(count=F("count") + 1)
    notify(alone, kind, title, language, url)


def on_experience_reacted(sender: Any, experience: Any, kind: str, **kwargs: Any) -> None:
    """Receiver of profiles.events.experience_reacted: its owner is told (if they have
    an account here)."""
    recipients = local_people(Profile.objects.filter(pk=experience.owner_id))
    revision = experience.published
    notify_grouped(
        recipients.values_list("pk", flat=True),
        REACTION_KINDS[kind],
        revision.title if revision else "",
        revision.language if revision else "",
        experience.get_absolute_url(),
    )


def on_offer_reacted(sender: Any, offer: Any, kind: str, **kwargs: Any) -> None:
    """Receiver of jobs.events.offer_reacted: the organisation's members are told."""
    members = local_people(organisation_members(offer.organisation.profile_id))
    notify_grouped(
        members.values_list("pk", flat=True),
        REACTION_KINDS[kind],
        offer.title,
        offer.language,
        offer.get_absolute_url(),
    )
