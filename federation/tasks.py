"""Celery tasks: they only pick rows; the rows say what to do."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from federation import delivery, inbox_processing


@shared_task(ignore_result=True)
def sweep() -> None:
    """Hand every due delivery and inbox item to a worker (beat runs it every few seconds)."""
    now = timezone.now()
    for delivery_id in delivery.due(now, limit=500):
        deliver.delay(delivery_id)
    for item_id in inbox_processing.due(now, limit=500):
        process.delay(item_id)


@shared_task(ignore_result=True, acks_late=True)
def deliver(delivery_id: int) -> None:
    delivery.deliver(delivery_id)


@shared_task(ignore_result=True, acks_late=True)
def process(item_id: int) -> None:
    inbox_processing.process(item_id)
