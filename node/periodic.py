"""Jobs that run on a schedule: one list for Celery beat and for the embedded node.

Each job is idempotent (it looks at rows to decide what is due), so running it late,
twice or from two processes changes nothing more than running it once.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

# (dotted path of a function without arguments, every how many seconds)
JOBS: list[tuple[str, float]] = [
    ("jobs.offers.expire_due", 15 * 60),
    # A deleted account's key, once its Delete has reached every node that had it.
    ("federation.incoming.account_deletion.purge_keys", 3600),
    ("network.digest.send_due", 3600),
    # Old work rows and read notifications, a bounded batch each time (docs in each).
    ("federation.work.retention.prune", 3600),
    ("network.retention.prune_notifications", 3600),
]


def resolve(path: str) -> Callable[[], object]:
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


_last_run: dict[str, float] = {}


def run_due(now: float | None = None) -> int:
    """Run each job whose interval passed since it last ran in this process."""
    now = time.monotonic() if now is None else now
    ran = 0
    for path, every in JOBS:
        if now - _last_run.get(path, -every) >= every:
            _last_run[path] = now
            try:
                resolve(path)()
            except Exception:
                logger.exception("periodic job %s failed; it runs again at its next turn", path)
            ran += 1
    return ran
