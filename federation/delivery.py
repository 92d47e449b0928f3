"""Delivering activities the way Mastodon's peers expect, and losing none.

Rows in `Delivery` are the queue. A worker (Celery task, or the in-process thread
of the embedded node) takes a due row, signs and POSTs the activity, and records
the outcome: delivered; refused for good (a 4xx other than 401, 408, 429); or
retried later with growing delays over about three days. A host failing in a row
is paused; a host failing on 7 distinct days is marked unavailable and only probed
once a day until it answers again (Mastodon's DeliveryFailureTracker).
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from federation import ids, policy, queue, wake
from federation.fetch import FetchError, UnsafeAddress, check_address, get_session
from federation.keys import private_key_for
from federation.models import Delivery, DeliveryState, DomainHealth, OutboxActivity
from federation.signatures import sign_request

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
LOCK_SECONDS = 60
POST_TIMEOUT = (5, 10)


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
    if rows:
        transaction.on_commit(wake.deliveries)
    return len(rows)


def due(now: datetime.datetime, limit: int = 100) -> list[int]:
    """Ids of deliveries whose time has come and that no worker holds."""
    queued = Delivery.objects.filter(state=DeliveryState.QUEUED)
    return queue.due_ids(queued, now, limit, ("next_attempt_at", "pk"))


def claim(delivery_id: int, now: datetime.datetime) -> Delivery | None:
    """Take a delivery for LOCK_SECONDS; None if another worker has it or it is done."""
    queued = Delivery.objects.filter(state=DeliveryState.QUEUED)
    if not queue.claim(queued, delivery_id, now, LOCK_SECONDS):
        return None
    return Delivery.objects.select_related("activity", "activity__actor").get(pk=delivery_id)


def deliver(delivery_id: int) -> str | None:
    """Attempt one delivery now; returns its new state (None if it was not ours to do)."""
    now = timezone.now()
    delivery = claim(delivery_id, now)
    if delivery is None:
        return None
    health = DomainHealth.objects.filter(domain=delivery.domain).first()
    if health is not None and health.paused_until and health.paused_until > now:
        return postpone(delivery, health.paused_until, "host paused")
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
        {"Content-Type": "application/activity+json"},
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
    DomainHealth.objects.filter(domain=domain).update(
        consecutive_failures=0, paused_until=None, unavailable=False, failure_days=[]
    )


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
