"""Waking the worker after commit: Celery through Redis, or the in-process thread.

A lost wake-up costs only a delay: the periodic sweep finds every due row anyway.

This module sits below what it wakes: delivery and the inbox call it after commit, and
the Celery sweep (federation.tasks, which imports them) is handed to it at
AppConfig.ready() through `use_sweep`, so no import goes back up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
in_process = threading.Event()
_sweep: Callable[[], object] | None = None


def use_sweep(send: Callable[[], object]) -> None:
    """Called from AppConfig.ready(): how to ask Celery for a sweep (with Redis)."""
    global _sweep
    _sweep = send


def deliveries() -> None:
    _wake()


def inbox() -> None:
    _wake()


def backfills() -> None:
    _wake()


WAKE_COALESCE_SECONDS = 1


def _wake() -> None:
    if settings.REDIS_URL and _sweep is not None:
        try:
            # One sweep a second is enough: it hands over every due row at once.
            if cache.add("federation:wake", 1, WAKE_COALESCE_SECONDS):
                _sweep()
        except Exception:  # noqa: BLE001 - Redis down: the beat sweep will find the rows
            logger.warning("could not wake the Celery worker; the sweep will catch up")
    else:
        in_process.set()
