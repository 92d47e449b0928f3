"""Waking the worker after commit: Celery through Redis, or the in-process thread.

A lost wake-up costs only a delay: the periodic sweep finds every due row anyway.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings

logger = logging.getLogger(__name__)
in_process = threading.Event()


def deliveries() -> None:
    _wake()


def inbox() -> None:
    _wake()


def backfills() -> None:
    _wake()


WAKE_COALESCE_SECONDS = 1


def _wake() -> None:
    if settings.REDIS_URL:
        try:
            from django.core.cache import cache

            from federation.tasks import sweep

            # One sweep a second is enough: it hands over every due row at once.
            if cache.add("federation:wake", 1, WAKE_COALESCE_SECONDS):
                sweep.apply_async(countdown=0.2)
        except Exception:  # noqa: BLE001 - Redis down: the beat sweep will find the rows
            logger.warning("could not wake the Celery worker; the sweep will catch up")
    else:
        in_process.set()
