"""Work that may fetch, run in a transaction that never waits on the network.

Processing a received activity is one transaction (all of it is stored or none), but
its handlers find out as they go what they need from other nodes (the booster's
actor, the boosted object, a mover's new account). Inside `run_in_transaction`, a
fetch that has no answer yet does not go out: it rolls the transaction back, is made
with no transaction open, and the work starts again from the top with the answer (or
the fetch's error) at hand. A transaction thus lasts only as long as its database
work, whatever a peer's speed; the price is running that work again once per fetch.
"""

from __future__ import annotations

import contextvars
import copy
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

# More than one activity ever needs (a Move with its backfill asks for four).
MAX_FETCHES = 20

_answers: contextvars.ContextVar[dict[tuple[str, str], Any] | None] = contextvars.ContextVar(
    "fetch_answers", default=None
)


class _FetchFirst(BaseException):  # noqa: N818 - not an error: no handler's `except` catches it
    """A fetch asked for inside `run_in_transaction`, to be made outside it."""

    def __init__(self, key: tuple[str, str], fetch: Callable[[], Any]) -> None:
        super().__init__(key)
        self.key, self.fetch = key, fetch


def made_before_transaction(fetch: F) -> F:
    """Decorate a fetch function (url, **options) so it takes part in `run_in_transaction`;
    elsewhere it is called as it is."""

    @functools.wraps(fetch)
    def wrapper(url: str, **options: Any) -> Any:
        answers = _answers.get()
        if answers is None:
            return fetch(url, **options)
        key = (fetch.__name__, url)
        if key not in answers:
            raise _FetchFirst(key, functools.partial(fetch, url, **options))
        answer = answers[key]
        if isinstance(answer, Exception):
            raise answer
        return copy.deepcopy(answer)

    return wrapper  # type: ignore[return-value]


def run_in_transaction(work: Callable[[], T], *, errors: tuple[type[Exception], ...]) -> T:
    """`work()` in a transaction, each fetch it asks for made before, outside it.

    `errors` are the fetch errors handed back to the work (it decides what they mean);
    any other exception of a fetch ends the run.
    """
    answers: dict[tuple[str, str], Any] = {}
    for _round in range(MAX_FETCHES + 1):
        token = _answers.set(answers)
        try:
            with transaction.atomic():
                return work()
        except _FetchFirst as asked:
            key, fetch = asked.key, asked.fetch
        finally:
            _answers.reset(token)
        try:
            answers[key] = fetch()
        except errors as error:
            answers[key] = error
    raise RuntimeError(f"more than {MAX_FETCHES} fetches for one piece of work")
