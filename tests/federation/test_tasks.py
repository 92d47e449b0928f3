"""A task cut by the database going away releases its own claim once the database is
back, so the work resumes then, not when the claim runs out (the fault suite restarts
a real PostgreSQL; here the loss is raised where it would strike)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.utils import timezone

from federation import tasks
from federation.incoming import inbox_processing
from federation.models import Delivery, DeliveryState, InboxItem, InboxState, OutboxActivity
from federation.outgoing import delivery

pytestmark = pytest.mark.django_db


class Retried(Exception):
    def __init__(self, kwargs: dict) -> None:
        self.kwargs = kwargs


class CeleryTaskStandIn:
    """Records what the task asked Celery to retry with (Celery's own retry is tested
    by the fault suite, with real workers)."""

    def retry(self, exc: Exception, countdown: int, args: tuple, kwargs: dict) -> Retried:
        assert countdown == tasks.RETRY_SECONDS
        return Retried(kwargs)


def run_delivery(pk: int, claims: list[str] | None) -> object:
    return tasks.run_releasing_claims(
        CeleryTaskStandIn(),
        pk,
        claims,
        release=delivery.release,
        work=delivery.deliver_and_follow,
        seconds=delivery.LOCK_SECONDS,
    )


def run_inbox_item(pk: int, claims: list[str] | None, release=inbox_processing.release) -> None:
    tasks.run_releasing_claims(
        CeleryTaskStandIn(),
        pk,
        claims,
        release=release,
        work=inbox_processing.process,
        seconds=inbox_processing.LOCK_SECONDS,
    )


def test_a_delivery_cut_by_the_database_is_released_and_sent_on_the_retry(
    person, peer, monkeypatch
):
    activity = OutboxActivity.objects.create(
        uri="http://127.0.0.1:8000/activities/1/", actor=person, activity_type="Create", body={}
    )
    delivery.enqueue(activity, [peer.inbox])
    row = Delivery.objects.get()

    def database_gone(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(delivery, "post", database_gone)
    with pytest.raises(Retried) as retried:
        run_delivery(row.pk, None)
    row.refresh_from_db()
    assert row.locked_until and row.locked_until > timezone.now()  # still claimed
    (claim,) = retried.value.kwargs["claims"]
    assert row.locked_until.isoformat() == claim
    monkeypatch.undo()
    run_delivery(row.pk, retried.value.kwargs["claims"])
    row.refresh_from_db()
    assert row.state == DeliveryState.DELIVERED and len(peer.received) == 1


def test_a_retry_while_the_database_is_still_away_keeps_the_claims_it_carries(monkeypatch):
    claims = [timezone.now().isoformat()]

    def still_away(*args: object) -> bool:
        raise OperationalError("connection refused")

    with pytest.raises(Retried) as retried:
        run_inbox_item(1, claims, release=still_away)
    assert retried.value.kwargs == {"claims": claims}


def test_an_inbox_item_cut_by_the_database_is_released_and_processed_on_the_retry(
    monkeypatch,
):
    item = InboxItem.objects.create(
        uri="https://remote.example/activities/1",
        actor_uri="https://remote.example/users/ana",
        activity_type="Like",
        body={"type": "Like"},
    )
    claim_taken = inbox_processing.queue.claim

    def claim_then_lose_the_database(*args: object) -> bool:
        claim_taken(*args)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(inbox_processing.queue, "claim", claim_then_lose_the_database)
    with pytest.raises(Retried) as retried:
        run_inbox_item(item.pk, None)
    monkeypatch.undo()
    item.refresh_from_db()
    assert item.locked_until is not None
    run_inbox_item(item.pk, retried.value.kwargs["claims"])
    item.refresh_from_db()
    assert item.locked_until is None and item.state != InboxState.RECEIVED
