"""No network call inside a database transaction.

On the embedded node every transaction holds SQLite's one write lock from its start
(`transaction_mode` IMMEDIATE), and on PostgreSQL it holds row locks: a fetch from a
slow peer inside one made every web write wait (4.5 s behind a peer answering in 5 s).
So remote fetches, deliveries and emails are made before or after the transaction,
never during it; each of them calls `refuse_inside_transaction` first. With
`TREMPLIN_STRICT_TRANSACTIONS` (tests, test nodes, DEBUG) a call inside raises, so the
rule stays true; in production it is logged with the stack, and the call goes on.
"""

from __future__ import annotations

import logging

from django.conf import settings

from profiles.domain_events import in_transaction

logger = logging.getLogger(__name__)


class NetworkCallInTransaction(RuntimeError):
    """A network call was made while a database transaction was open."""


def refuse_inside_transaction(what: str) -> None:
    """Call before a network call: `what` names it ("fetching https://…") in the error."""
    if not in_transaction():
        return
    if getattr(settings, "TREMPLIN_STRICT_TRANSACTIONS", False):
        raise NetworkCallInTransaction(f"{what} inside a database transaction")
    logger.warning("%s inside a database transaction", what, stack_info=True)
