"""Federation work rows do not grow forever: a periodic job keeps them for a set time.

What goes, oldest first, a bounded batch per run (the job runs hourly):

- received activities (`InboxItem`) processed or refused more than
  `TREMPLIN_KEEP_INBOX_DAYS` ago. Their ids are what refuses a replayed activity, so
  they are kept at least as long as a signature can be replayed (12 hours of validity
  at most, plus an hour of clock skew: see federation/protocol/signatures.py), whatever the
  setting says. A replay after that carries a dead signature and gets 401.
- deliveries (`Delivery`) delivered or failed more than `TREMPLIN_KEEP_DELIVERIES_DAYS`
  ago, unless a delivery row is the node's only memory that an inbox received
  something that may have to be withdrawn: the newest delivery of each actor to each
  inbox is kept (an account's Delete goes to every inbox that ever heard of it), and
  so is the newest Create, Update or Announce of each object to each inbox (its
  Update or Delete goes to every inbox that has it). So what is kept grows with the
  people, objects and inboxes there are, not with the history of every edit.
- sent activities (`OutboxActivity`) as old, with no delivery left, except the last
  Create, Update or Delete of each object: it says whether the object was federated
  (federation.outgoing.outbox.last_federated).

Never anything still queued. Public Creates and Announces are kept too: outboxes list
them and they are served at their ids (federation/outgoing/activities.py); one per object
published, so they grow with the objects, not with their edits.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from federation.models import (
    Delivery,
    DeliveryState,
    InboxItem,
    InboxState,
    OutboxActivity,
)
from federation.protocol.signatures import CLOCK_SKEW_MARGIN, EXPIRATION_WINDOW_LIMIT

logger = logging.getLogger(__name__)
BATCH = 1000  # rows of each kind deleted per run, at most
REPLAY_WINDOW = EXPIRATION_WINDOW_LIMIT + CLOCK_SKEW_MARGIN
LIFECYCLE = ("Create", "Update", "Delete")  # what outbox.last_federated reads
REACHES = ("Create", "Update", "Announce")  # what puts an object in a remote inbox
SERVED = ("Create", "Announce")  # listed in outboxes, served at their ids


def _days_ago(days: float, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=max(days, 0))


def _delete_batch(queryset: QuerySet[Model], batch: int) -> int:
    pks = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch])
    if not pks:
        return 0
    deleted, _by_model = queryset.model.objects.filter(pk__in=pks).delete()
    return deleted


def old_inbox_items(now: datetime.datetime) -> QuerySet[InboxItem]:
    kept_for = max(datetime.timedelta(days=settings.TREMPLIN_KEEP_INBOX_DAYS), REPLAY_WINDOW)
    return InboxItem.objects.filter(
        state__in=[InboxState.DONE, InboxState.REFUSED], received_at__lt=now - kept_for
    )


def old_deliveries(now: datetime.datetime) -> QuerySet[Delivery]:
    finished = [DeliveryState.DELIVERED, DeliveryState.FAILED]
    later = Delivery.objects.filter(
        inbox=OuterRef("inbox"), pk__gt=OuterRef("pk"), state__in=finished
    )
    actor_heard_later = (
        Q(activity__actor__isnull=False)
        & Exists(later.filter(activity__actor=OuterRef("activity__actor")))
    ) | (  # the node's own actor
        Q(activity__actor__isnull=True) & Exists(later.filter(activity__actor__isnull=True))
    )
    object_reached_later = Exists(
        later.filter(
            activity__activity_type__in=REACHES,
            activity__object_uri=OuterRef("activity__object_uri"),
        )
    )
    reaches_an_object = Q(activity__activity_type__in=REACHES) & ~Q(activity__object_uri="")
    return Delivery.objects.filter(
        state__in=finished,
        created_at__lt=_days_ago(settings.TREMPLIN_KEEP_DELIVERIES_DAYS, now),
    ).filter(actor_heard_later, ~reaches_an_object | object_reached_later)


def old_outbox_activities(now: datetime.datetime) -> QuerySet[OutboxActivity]:
    later = OutboxActivity.objects.filter(
        object_uri=OuterRef("object_uri"), activity_type__in=LIFECYCLE, pk__gt=OuterRef("pk")
    )
    last_of_its_object = Q(activity_type__in=LIFECYCLE) & ~Q(object_uri="") & ~Exists(later)
    return OutboxActivity.objects.filter(
        created_at__lt=_days_ago(settings.TREMPLIN_KEEP_DELIVERIES_DAYS, now)
    ).exclude(
        Exists(Delivery.objects.filter(activity=OuterRef("pk")))
        | last_of_its_object
        | Q(public=True, activity_type__in=SERVED)
    )


def prune(now: datetime.datetime | None = None, batch: int = BATCH) -> dict[str, int]:
    """One bounded pass; returns how many rows of each kind went."""
    now = now or timezone.now()
    counts = {
        "inbox items": _delete_batch(old_inbox_items(now), batch),
        "deliveries": _delete_batch(old_deliveries(now), batch),
        "outbox activities": _delete_batch(old_outbox_activities(now), batch),
    }
    if any(counts.values()):
        logger.info("retention: deleted %s", counts)
    return counts
