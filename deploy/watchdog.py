"""Kill a local node's process group when the process that started it dies.

`python deploy/watchdog.py PGID STARTTIME`, stdin a pipe from the starter. The starter
never writes until it stops the node itself ("q": exit quietly); if it dies (even by
SIGKILL), the kernel closes its end, the read returns nothing, and the whole group
(gunicorn and its workers, Celery, its pool and beat) is killed. Runs in its own
session, so killing the starter's process group does not take the watchdog with it.

A group id is not reused while any member of the group lives; if the group leader's pid
now names another process (its start time differs), the group is long gone: nothing
is killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path


def start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot ("" when it does not exist)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def main() -> None:
    pgid, started = int(sys.argv[1]), sys.argv[2]
    word = sys.stdin.buffer.read(1)
    if word:
        return  # the starter stopped the node itself
    now = start_time(pgid)
    if now and now != started:
        return  # that number is another process's now
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


if __name__ == "__main__":
    main()
