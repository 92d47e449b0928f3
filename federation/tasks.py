"""Celery tasks: they only pick rows; the rows say what to do.

When the database goes away in the middle of a task (PostgreSQL restarting), the row
it claimed would stay claimed until the claim runs out (30 to 60 s). The task retries
every few seconds instead, and its first act once the database answers is to release
its own claims, so the work resumes as soon as the database is back.

Task names are explicit: messages already queued name their task, and the name must not
change when this module moves (docs/decisions: federation layout).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from federation.incoming import backfill as backfills
from federation.incoming import inbox_processing
from federation.outgoing import delivery
from federation.work import queue

DATABASE_LOST = (OperationalError, InterfaceError)
RETRY_SECONDS = 2
MAX_RETRIES = 150  # five minutes of an unreachable database


@shared_task(name="federation.tasks.sweep", ignore_result=True)
def sweep() -> None:
    """Hand every due delivery and inbox item to a worker (beat runs it every few seconds)."""
    now = timezone.now()
    for delivery_id in delivery.due_within_host_limits(now, limit=500):
        deliver.delay(delivery_id)
    for item_id in inbox_processing.due(now, limit=500):
        process.delay(item_id)
    for backfill_id in backfills.due(now, limit=20):
        backfill.delay(backfill_id)


@shared_task(
    name="federation.tasks.deliver",
    bind=True,
    ignore_result=True,
    acks_late=True,
    max_retries=MAX_RETRIES,
)
def deliver(self: Task, delivery_id: int, claims: list[str] | None = None) -> None:
    following = run_releasing_claims(
        self,
        delivery_id,
        claims,
        release=delivery.release,
        work=delivery.deliver_and_follow,
        seconds=delivery.LOCK_SECONDS,
    )
    if following is not None:
        deliver.delay(following)


@shared_task(
    name="federation.tasks.process",
    bind=True,
    ignore_result=True,
    acks_late=True,
    max_retries=MAX_RETRIES,
)
def process(self: Task, item_id: int, claims: list[str] | None = None) -> None:
    run_releasing_claims(
        self,
        item_id,
        claims,
        release=inbox_processing.release,
        work=inbox_processing.process,
        seconds=inbox_processing.LOCK_SECONDS,
    )


@shared_task(
    name="federation.tasks.backfill",
    bind=True,
    ignore_result=True,
    acks_late=True,
    max_retries=MAX_RETRIES,
)
def backfill(self: Task, backfill_id: int, claims: list[str] | None = None) -> None:
    """An actor's earlier items (federation/incoming/backfill.py), bounded in requests and time."""
    run_releasing_claims(
        self,
        backfill_id,
        claims,
        release=backfills.release,
        work=backfills.process,
        seconds=backfills.LOCK_SECONDS,
    )


def run_releasing_claims(
    task: Task,
    pk: int,
    claims: list[str] | None,
    *,
    release: Callable[[int, list[datetime.datetime]], bool],
    work: Callable[[int, datetime.datetime], object],
    seconds: int,
) -> object:
    """Run `work` on row `pk`; if the database goes away, retry soon, carrying the
    claims this task may hold: those not yet released, or the one of the cut attempt."""
    try:
        if claims:
            release(pk, [parse_datetime(claim) for claim in claims])
    except DATABASE_LOST as error:
        raise task.retry(
            exc=error, countdown=RETRY_SECONDS, args=(pk,), kwargs={"claims": claims}
        ) from error
    now = timezone.now()
    try:
        return work(pk, now)
    except DATABASE_LOST as error:
        cut = [queue.claimed_until(now, seconds).isoformat()]
        raise task.retry(
            exc=error, countdown=RETRY_SECONDS, args=(pk,), kwargs={"claims": cut}
        ) from error
