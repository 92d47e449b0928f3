"""Rows as a work queue (Takahē's stator idea): due rows, and a lock with a timeout.

A worker claims a row by setting `locked_until`, and only once its `next_attempt_at`
has come; if it dies, the lock expires and the next sweep hands the row to another
worker. Nothing lives only in Redis.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet


def unlocked(now: datetime.datetime) -> Q:
    return Q(locked_until__isnull=True) | Q(locked_until__lt=now)


def due_ids(
    queryset: QuerySet, now: datetime.datetime, limit: int, order: tuple[str, ...]
) -> list[int]:
    """Ids of rows whose time has come and that no worker holds."""
    return list(
        queryset.filter(next_attempt_at__lte=now)
        .filter(unlocked(now))
        .order_by(*order)
        .values_list("pk", flat=True)[:limit]
    )


def claim(queryset: QuerySet, pk: int, now: datetime.datetime, seconds: int) -> bool:
    """Take a row for `seconds`; False if another worker has it, it left the queue, or
    its time has not come. A wake-up only says "look": however many arrive for a row
    (a backlog of sweeps, a task sent twice), it is tried when its schedule says."""
    return bool(
        queryset.filter(pk=pk, next_attempt_at__lte=now)
        .filter(unlocked(now))
        .update(locked_until=claimed_until(now, seconds))
    )


def claimed_until(now: datetime.datetime, seconds: int) -> datetime.datetime:
    """The end of a claim taken at `now`: it also identifies the claim (see `release`)."""
    return now + datetime.timedelta(seconds=seconds)


def release(queryset: QuerySet, pk: int, claims: list[datetime.datetime]) -> bool:
    """Give back a claim this worker took, when the database went away before it could
    record the outcome: the row is due again now, not when the claim runs out. A claim
    is recognised by its exact end (microseconds), which no other worker shares."""
    return bool(queryset.filter(pk=pk, locked_until__in=claims).update(locked_until=None))
