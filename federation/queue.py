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
        .update(locked_until=now + datetime.timedelta(seconds=seconds))
    )
