"""Delivering activities the way Mastodon's peers expect, and losing none.

Rows in `Delivery` are the queue. A worker (Celery task, or the in-process thread
of the embedded node) takes a due row, signs and POSTs the activity, and records
the outcome: delivered; refused for good (a 4xx other than 401, 408, 429); or
retried later with growing delays over about three days. A host failing in a row
is paused; a host failing on 7 distinct days is marked unavailable and only probed
once a day until it answers again (Mastodon's DeliveryFailureTracker).

One host never holds up the others: at most `TREMPLIN_DELIVERY_PER_HOST` deliveries
to a host are in flight at once (checked under the host's row lock when a worker
claims one), so a peer that hangs for the whole read timeout ties up that many
workers and no more. Each finished delivery hands over the next one due to the same
host, so a host's backlog still drains without waiting for the periodic sweep.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from federation import policy
from federation.models import Delivery, DeliveryState, DomainHealth, OutboxActivity
from federation.outgoing import reach
from federation.peers.fetch import FetchError, UnsafeAddress, check_address, get_session, user_agent
from federation.peers.keys import private_key_for
from federation.protocol import ids
from federation.protocol.signatures import sign_request
from federation.work import queue, wake
from node.transactions import refuse_inside_transaction

logger = logging.getLogger(__name__)

# Seconds before attempt n+1 (about 3 days in all, like Mastodon's sidekiq retries).
RETRY_DELAYS = [
    30,
    120,
    600,
    1800,
    3600,
    2 * 3600,
    4 * 3600,
    8 * 3600,
    12 * 3600,
    24 * 3600,
    24 * 3600,
]
RETRYABLE_4XX = {401, 408, 429}
PAUSE_AFTER_FAILURES = 5
PAUSE_SECONDS = 60
UNAVAILABLE_AFTER_DAYS = 7
POST_TIMEOUT = (5, 10)
# Longer than one attempt can take (connect + read timeouts, signing, recording), and
# not scaled down in tests: a shorter lock would let a second worker take a delivery
# still being posted. A worker killed mid-POST delays its delivery by this much.
LOCK_SECONDS = 30


def scale() -> float:
    """Multiplies retry delays and pauses; below 1 only in tests and local federation."""
    return settings.TREMPLIN_RETRY_SCALE


def domain_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def enqueue(activity: OutboxActivity, inboxes: Iterable[str]) -> int:
    """One delivery row per distinct inbox; the worker is woken after commit.

    Nothing goes to a node we do not federate with (blocked, or unlisted in allowlist
    mode), even to followers it had before the block: a followers-only item must not
    reach a blocked node.
    """
    rows = [
        Delivery(activity=activity, inbox=inbox, domain=domain_of(inbox))
        for inbox in sorted(set(inboxes))
        if inbox and not ids.is_local(inbox) and policy.is_allowed(domain_of(inbox))
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    reach.record(activity, [row.inbox for row in rows])
    if rows:
        transaction.on_commit(wake.deliveries)
    return len(rows)


def per_host() -> int:
    """How many deliveries to one host may be in flight at once."""
    return max(1, settings.TREMPLIN_DELIVERY_PER_HOST)


def in_flight(now: datetime.datetime) -> QuerySet:
    return Delivery.objects.filter(state=DeliveryState.QUEUED, locked_until__gte=now)


def due(now: datetime.datetime, limit: int = 100) -> list[int]:
    """Ids of deliveries whose time has come and that no worker holds."""
    queued = Delivery.objects.filter(state=DeliveryState.QUEUED)
    return queue.due_ids(queued, now, limit, ("next_attempt_at", "pk"))


def due_within_host_limits(now: datetime.datetime, limit: int = 500) -> list[int]:
    """Due deliveries to hand to workers: per host, only as many as it has free slots.

    Handing every due row to the workers would queue a hung host's backlog in front of
    everyone else's; the rest of a host's backlog follows one by one (`next_for_host`).
    """
    busy = dict(in_flight(now).values("domain").annotate(n=Count("pk")).values_list("domain", "n"))
    first_of_each_host = (
        Delivery.objects.filter(state=DeliveryState.QUEUED, next_attempt_at__lte=now)
        .filter(queue.unlocked(now))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("domain")],
                order_by=[F("next_attempt_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=per_host())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "domain")
    )
    chosen: list[int] = []
    for delivery_id, domain in first_of_each_host:
        if busy.get(domain, 0) < per_host():
            busy[domain] = busy.get(domain, 0) + 1
            chosen.append(delivery_id)
            if len(chosen) >= limit:
                break
    return chosen


def next_for_host(delivery_id: int, now: datetime.datetime) -> int | None:
    """The next delivery due to the host of `delivery_id` that no worker holds, if any."""
    host = Delivery.objects.filter(pk=delivery_id).values("domain")
    queued = Delivery.objects.filter(state=DeliveryState.QUEUED, domain=Subquery(host))
    ids_ = queue.due_ids(queued, now, 1, ("next_attempt_at", "pk"))
    return ids_[0] if ids_ else None


class Claimed(NamedTuple):
    delivery: Delivery
    host: DomainHealth


def claim(delivery_id: int, now: datetime.datetime) -> Claimed | None:
    """Take a delivery for LOCK_SECONDS; None if another worker has it, it is done, its
    next attempt is not due yet (`queue.claim`), or its host already has `per_host()`
    deliveries in flight.

    The count and the claim happen under the host's DomainHealth row lock, so two
    workers cannot both take the last free slot; the row comes back with the delivery
    (whether the host is paused).
    """
    domain = (
        Delivery.objects.filter(
            pk=delivery_id, state=DeliveryState.QUEUED, next_attempt_at__lte=now
        )
        .values_list("domain", flat=True)
        .first()
    )
    if domain is None:
        return None
    with transaction.atomic():
        host, _created = DomainHealth.objects.select_for_update().get_or_create(domain=domain)
        if in_flight(now).filter(domain=domain).count() >= per_host():
            return None
        queued = Delivery.objects.filter(state=DeliveryState.QUEUED)
        if not queue.claim(queued, delivery_id, now, LOCK_SECONDS):
            return None
    delivery = Delivery.objects.select_related("activity", "activity__actor").get(pk=delivery_id)
    return Claimed(delivery, host)


def deliver_and_follow(delivery_id: int, now: datetime.datetime | None = None) -> int | None:
    """Attempt one delivery, then return the next one due to the same host (the task
    queues it), so that each of a host's slots works through its backlog in turn."""
    if deliver(delivery_id, now) is None:
        return None
    return next_for_host(delivery_id, timezone.now())


def release(delivery_id: int, claims: list[datetime.datetime]) -> bool:
    """Give back this worker's claims on a delivery the database cut short."""
    return queue.release(Delivery.objects.filter(state=DeliveryState.QUEUED), delivery_id, claims)


def deliver(delivery_id: int, now: datetime.datetime | None = None) -> str | None:
    """Attempt one delivery; returns its new state (None if it was not ours to do).

    `now` is when the claim is taken; a caller that passes it knows the claim's end
    (`queue.claimed_until`) and can release it if the database goes away mid-way.
    """
    now = now or timezone.now()
    claimed = claim(delivery_id, now)
    if claimed is None:
        return None
    delivery, host = claimed
    if host.paused_until and host.paused_until > now:
        return postpone(delivery, host.paused_until, "host paused")
    status, error = post(delivery)
    if status is not None and 200 <= status < 300:
        record_success(delivery.domain)
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.DELIVERED,
            delivered_at=timezone.now(),
            attempts=delivery.attempts + 1,
            last_status=status,
            last_error="",
            locked_until=None,
        )
        return DeliveryState.DELIVERED
    final = status is not None and 400 <= status < 500 and status not in RETRYABLE_4XX
    if status is None or status >= 500 or status in RETRYABLE_4XX:
        record_failure(delivery.domain)
    attempts = delivery.attempts + 1
    if final or attempts > len(RETRY_DELAYS):
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.FAILED,
            attempts=attempts,
            last_status=status,
            last_error=error[:300],
            locked_until=None,
        )
        logger.warning(
            "delivery %s to %s failed for good: %s %s", delivery.pk, delivery.inbox, status, error
        )
        return DeliveryState.FAILED
    later = timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[attempts - 1] * scale())
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts,
        next_attempt_at=later,
        last_status=status,
        last_error=error[:300],
        locked_until=None,
    )
    return DeliveryState.QUEUED


def postpone(delivery: Delivery, until: datetime.datetime, reason: str) -> str:
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=until, last_error=reason, locked_until=None
    )
    return DeliveryState.QUEUED


def post(delivery: Delivery) -> tuple[int | None, str]:
    """Sign and POST; (status, error text). Network trouble is (None, reason)."""
    refuse_inside_transaction(f"delivering to {delivery.inbox}")
    activity = delivery.activity
    data = json.dumps(activity.body).encode()
    allow_private = settings.TREMPLIN_ALLOW_PRIVATE_FETCH
    try:
        check_address(delivery.inbox, allow_private=allow_private)
    except UnsafeAddress as error:
        return 403, f"unsafe address: {error.reason}"
    except FetchError as error:
        return None, error.reason
    headers = sign_request(
        "POST",
        delivery.inbox,
        {"Content-Type": "application/activity+json", "User-Agent": user_agent()},
        data,
        key_id=ids.key_id(activity.actor),
        private_key=private_key_for(activity.actor),
    )
    try:
        # The guarded session connects only to the addresses it checked (no DNS rebinding).
        with get_session(allow_private).post(
            delivery.inbox,
            data=data,
            headers=headers,
            timeout=POST_TIMEOUT,
            allow_redirects=False,
            stream=True,
        ) as response:
            status = response.status_code
            error = (
                ""
                if response.ok
                else next(response.iter_content(200), b"").decode(errors="replace")
            )
    except (requests.RequestException, FetchError) as error:
        return None, f"{type(error).__name__}: {error}"[:300]
    return status, error


def record_success(domain: str) -> None:
    """The host answers: forget its failures, and if it had any, send what waited.

    Deliveries to a host that was failing sit in growing retry delays (up to a day);
    once it answers again they go now, so a node back from an outage catches up in
    minutes, not over the next day.
    """
    failing = Q(consecutive_failures__gt=0) | Q(paused_until__isnull=False) | Q(unavailable=True)
    recovered = (
        DomainHealth.objects.filter(domain=domain)
        .filter(failing)
        .update(consecutive_failures=0, paused_until=None, unavailable=False, failure_days=[])
    )
    if recovered:
        now = timezone.now()
        Delivery.objects.filter(
            domain=domain, state=DeliveryState.QUEUED, next_attempt_at__gt=now
        ).update(next_attempt_at=now)


@transaction.atomic
def record_failure(domain: str) -> None:
    health, _created = DomainHealth.objects.select_for_update().get_or_create(domain=domain)
    today = timezone.localdate().isoformat()
    if today not in health.failure_days:
        health.failure_days = [*health.failure_days, today][-30:]
    health.consecutive_failures += 1
    now = timezone.now()
    if len(health.failure_days) >= UNAVAILABLE_AFTER_DAYS:
        health.unavailable = True
        health.paused_until = now + datetime.timedelta(days=1)
    elif health.consecutive_failures >= PAUSE_AFTER_FAILURES:
        # A short pause, then one probe: retries of each delivery already back off.
        health.paused_until = now + datetime.timedelta(seconds=PAUSE_SECONDS * scale())
    health.save()


def run_due(limit: int = 100) -> int:
    """Deliver what is due, in this process (the sweep and the in-process worker)."""
    done = 0
    for delivery_id in due(timezone.now(), limit):
        if deliver(delivery_id) is not None:
            done += 1
    return done
