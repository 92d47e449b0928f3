"""The daily email: what is new for a person since their last digest, at most once a day.

Whether a person got a digest in the last 24 hours is read from their notifications'
`emailed_at`, so no other record is kept. Each person is handled in a transaction
that locks their profile (skipped by another process on PostgreSQL) and claims the
notifications with a conditional update, so two processes never send the same
notifications twice; the email goes out after that transaction (a slow mail server holds
no lock), and a failed send gives the notifications back for the next run. Offer
matches are only emailed for alerts that are on with "also in the daily email" ticked;
messages and applications always are.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from network.models import Notification, NotificationKind
from node.transactions import refuse_inside_transaction
from profiles.addresses import absolute
from profiles.languages import VOCABULARY_LANGUAGES
from profiles.models import Profile

logger = logging.getLogger(__name__)
QUIET_PERIOD = datetime.timedelta(hours=24)


def emailable() -> QuerySet[Notification]:
    """Notifications not emailed yet that belong in a digest."""
    return Notification.objects.filter(emailed_at__isnull=True).filter(
        ~Q(kind=NotificationKind.OFFER_MATCH)
        | Q(saved_search__active=True, saved_search__email_digest=True)
    )


def due_people(now: datetime.datetime) -> QuerySet[Profile]:
    recent = Notification.objects.filter(
        recipient=OuterRef("pk"), emailed_at__gt=now - QUIET_PERIOD
    )
    return (
        Profile.objects.filter(
            domain="", user__isnull=False, pk__in=emailable().values("recipient")
        )
        .exclude(user__email="")
        .exclude(Exists(recent))
    )


def email_language(profile: Profile) -> str:
    """The person's language if the interface speaks it, else the node's."""
    language = profile.published.language[:2] if profile.published else ""
    return language if language in VOCABULARY_LANGUAGES else settings.LANGUAGE_CODE


def send_due(now: datetime.datetime | None = None) -> int:
    """Send each person who is due their digest; returns how many emails were sent."""
    now = now or timezone.now()
    sent = 0
    for pk in list(due_people(now).values_list("pk", flat=True)):
        try:
            sent += _send_one(pk, now)
        except Exception:
            logger.exception("digest for profile %s failed; it is tried again next run", pk)
    return sent


def _send_one(profile_pk: int, now: datetime.datetime) -> int:
    """Claim and write the email in a transaction, then send it outside any: a slow mail
    server holds no lock. A failed send gives the notifications back for the next run."""
    claimed = _claim(profile_pk, now)
    if claimed is None:
        return 0
    message, notification_pks = claimed
    refuse_inside_transaction("sending an email")
    try:
        message.send()
    except Exception:
        Notification.objects.filter(pk__in=notification_pks, emailed_at=now).update(emailed_at=None)
        raise
    return 1


@transaction.atomic
def _claim(profile_pk: int, now: datetime.datetime) -> tuple[EmailMessage, list[int]] | None:
    """The person's digest, its notifications marked emailed; None if not due any more."""
    profile = (
        Profile.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user", "published")
        .filter(pk=profile_pk)
        .first()
    )
    if profile is None or not due_people(now).filter(pk=profile_pk).exists():
        return None  # another process has it, or has just sent it
    items = list(emailable().filter(recipient=profile).order_by("created_at", "pk"))
    claimed = Notification.objects.filter(
        pk__in=[item.pk for item in items], emailed_at__isnull=True
    ).update(emailed_at=now)
    if not items or claimed != len(items):
        transaction.set_rollback(True)
        return None
    language = email_language(profile)
    with translation.override(language):
        body = render_to_string(
            "network/digest_email.txt",
            {
                "profile": profile,
                "items": [(item, absolute(item.url)) for item in items],
                "alerts_url": absolute(reverse("network:alerts")),
                "notifications_url": absolute(reverse("network:notifications")),
                "node_name": settings.TREMPLIN_NAME,
            },
        )
        subject = _("What is new for you on %(node)s") % {"node": settings.TREMPLIN_NAME}
    message = EmailMessage(
        subject, body, to=[profile.user.email], headers={"Content-Language": language}
    )
    return message, [item.pk for item in items]
