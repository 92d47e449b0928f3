"""The in-process worker of the embedded node: the same code as the Celery tasks, in a thread."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

from federation.incoming import backfill, inbox_processing
from federation.outgoing import delivery
from federation.work import wake
from node import periodic

logger = logging.getLogger(__name__)
SWEEP_SECONDS = 5.0


def run_single_cycle() -> int:
    """Process what is due now; returns how many rows were handled (tests call this)."""
    return inbox_processing.run_due() + delivery.run_due() + backfill.run_due(limit=1)


def _loop(stop: threading.Event) -> None:
    while not stop.is_set():
        wake.in_process.wait(SWEEP_SECONDS)
        wake.in_process.clear()
        try:
            close_old_connections()
            while run_single_cycle():
                pass
            periodic.run_due()
        except Exception:
            logger.exception("in-process worker cycle failed; retrying at the next sweep")
        finally:
            close_old_connections()


def start() -> threading.Event:
    """Start the worker thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=_loop, args=(stop,), name="tremplin-worker", daemon=True).start()
    return stop
