"""Domain events, sent inside the transaction of the change they tell of.

A domain app says what happened; whoever listens (the federation's outbox, the
notifications, the alerts) writes its own rows in that same transaction. A publication
and the activities that tell its followers commit together or not at all: a
transactional outbox. Sent after the commit instead, a crash or a database blip
between the two would leave a page saying "published" while no peer ever hears of it.

Every domain app uses it the same way (docs/decisions/0025-transactional-outbox.md):

- declare `thing_happened = DomainEvent()` in the app's `events.py`;
- send it inside the change's `transaction.atomic()` block, as its last step, once the
  rows the listeners read are written: `events.thing_happened.send(Thing, thing=thing)`;
  sent with no transaction open it raises `OutsideTransaction`;
- a listener only reads and writes rows of this database: no network call, no e-mail,
  no file. What must wait for the commit (waking a worker) goes through
  `transaction.on_commit`: it is only a wake-up, and a lost one costs a delay, since
  the periodic sweep finds the rows anyway;
- a listener that fails (a bug, the database going away) raises, and the whole change
  is rolled back: the person sees an error and nothing is half-done. There is no
  `send_robust`: a failure must never be swallowed after the change is kept.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.dispatch import Signal


class OutsideTransaction(RuntimeError):
    """A domain event sent with no transaction open: its listeners' rows would commit
    apart from the change they tell of."""


def in_transaction() -> bool:
    """True inside an atomic block of the code itself, on any database; the blocks a
    Django TestCase wraps each test in do not count, so that the tests see what
    production does (node/transactions.py asks the same to refuse network calls)."""
    return any(
        not getattr(block, "_from_testcase", False)
        for connection in connections.all(initialized_only=True)
        for block in connection.atomic_blocks
    )


class DomainEvent(Signal):
    """A Signal whose listeners run in the sender's transaction, and may fail it."""

    def send(self, sender: Any, **named: Any) -> list[tuple[Any, Any]]:
        if not in_transaction():
            raise OutsideTransaction(
                "send domain events inside the transaction of the change "
                "(profiles/domain_events.py)"
            )
        return super().send(sender, **named)

    def send_robust(self, sender: Any, **named: Any) -> list[tuple[Any, Any]]:
        raise TypeError("a domain event's listener that fails must roll the change back")
