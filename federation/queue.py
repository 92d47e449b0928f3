"""Rows as a work queue (Takahē's stator idea): due rows, and a lock with a timeout.

A worker claims a row by setting `locked_until`; if it dies, the lock expires and the
next sweep hands the row to another worker. Nothing lives only in Redis.
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
    """Take a row for `seconds`; False if another worker has it or it left the queue."""
    return bool(
        queryset.filter(pk=pk)
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
