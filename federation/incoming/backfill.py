"""Backfill: a remote actor's earlier public items, brought here when someone asks.

Following a person, an organisation or a territory, or looking up a remote profile,
asks for their earlier public items, so that a company joining today does not find an
empty federation and matching sees them too. They are read from the actor's outbox
(paged: `first`/`next`, items inline or as ids to fetch, or listed directly in the
collection) and kept by the inbox's own ingestion (`inbox_processing.on_create`), so
they become exactly what a delivered `Create` would have made. Everything is bounded:
the last 12 months or 50 items, a few requests and seconds per run, one run per actor
per day, each request through the one fetch and its federation gate
(docs/decisions/0031-backfill.md).

The work is a row (`Backfill`), picked by the worker like deliveries and inbox items:
the request that asks for it never waits on another node.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from federation import policy
from federation.incoming import inbox_processing
from federation.models import Backfill, RemoteActor, RemoteObject, RemoteOffer, Tombstone
from federation.peers import solicited
from federation.peers.actors import ActorError, fetch_actor, same_host, signed_fetch_headers
from federation.peers.fetch import FetchError, fetch_json
from federation.peers.fetch_first import run_in_transaction
from federation.work import queue, wake

logger = logging.getLogger(__name__)

MAX_ITEMS = 50
MAX_AGE = datetime.timedelta(days=365)
MAX_REQUESTS = 30  # the actor, the outbox, its pages and the objects given only by id
MAX_PAGES = 8
MAX_SECONDS = 60.0
ONCE_EVERY = datetime.timedelta(days=1)
LOCK_SECONDS = int(MAX_SECONDS) + 60
FETCH_TIMEOUT = 10.0
CREATING = ("Create", "Update")


class OutOfBudget(Exception):
    """This run has made its requests or spent its time: the rest waits for another day."""


@dataclass
class Run:
    """One backfill's budget and tally."""

    actor: RemoteActor
    deadline: float
    requests: int = 0
    seen: int = 0
    kept: int = 0
    oldest: datetime.datetime = field(default_factory=lambda: timezone.now() - MAX_AGE)

    def fetch(self, url: str) -> dict[str, Any]:
        """One request of this run, through the one fetch (its gate, its checks)."""
        remaining = self.deadline - time.monotonic()
        if self.requests >= MAX_REQUESTS or remaining <= 1:
            raise OutOfBudget
        self.requests += 1
        return fetch_json(url, signer=signed_fetch_headers, timeout=min(FETCH_TIMEOUT, remaining))


def request_backfill(actor: RemoteActor) -> bool:
    """Ask for this actor's earlier items; False when a run was made or asked within a day.

    Only a row is written (and the worker woken after the commit): no network here."""
    now = timezone.now()
    with transaction.atomic():
        row, created = Backfill.objects.select_for_update().get_or_create(actor=actor)
        if not created:
            if row.pending or (row.done_at is not None and now - row.done_at < ONCE_EVERY):
                return False
            row.pending, row.requested_at, row.next_attempt_at = True, now, now
            row.save(update_fields=["pending", "requested_at", "next_attempt_at"])
        transaction.on_commit(wake.backfills)
    return True


def request_for_profile(profile: Any) -> bool:
    """The same, for the profile of a remote actor (a follow, a look-up); False if local."""
    actor = RemoteActor.objects.filter(profile=profile).first() if profile is not None else None
    return actor is not None and request_backfill(actor)


def due(now: datetime.datetime, limit: int = 20) -> list[int]:
    return queue.due_ids(Backfill.objects.filter(pending=True), now, limit, ("requested_at", "pk"))


def run_due(limit: int = 5) -> int:
    return sum(1 for pk in due(timezone.now(), limit) if process(pk))


def release(pk: int, claims: list[datetime.datetime]) -> bool:
    return queue.release(Backfill.objects.filter(pending=True), pk, claims)


def process(pk: int, now: datetime.datetime | None = None) -> bool:
    """Run one asked-for backfill; False if it was not ours to do (another worker has it)."""
    now = now or timezone.now()
    if not queue.claim(Backfill.objects.filter(pending=True), pk, now, LOCK_SECONDS):
        return False
    row = Backfill.objects.select_related("actor").get(pk=pk)
    run = Run(actor=row.actor, deadline=time.monotonic() + MAX_SECONDS)
    error = ""
    try:
        backfill(run)
    except OutOfBudget:
        error = "out of budget"
    except FetchError as failure:
        error = f"outbox unavailable: {failure.reason}"
    except Exception as failure:  # a bug must not leave the row claimed for ever
        logger.exception("backfill of %s failed", row.actor.uri)
        error = str(failure)
    Backfill.objects.filter(pk=pk).update(
        pending=False,
        locked_until=None,
        done_at=timezone.now(),
        items=run.kept,
        requests=run.requests,
        error=error[:300],
    )
    logger.info("backfill of %s: %d items kept, %d requests", row.actor.uri, run.kept, run.requests)
    return True


def backfill(run: Run) -> None:
    """Read the actor's outbox, newest first, and keep what it lists, within the bounds."""
    actor = run.actor
    if not policy.is_allowed(actor.domain):
        return
    document = run.fetch(actor.uri)
    outbox = _id(document.get("outbox"))
    if not outbox or not same_host(outbox, actor.uri):
        return
    for item in _items(run, run.fetch(outbox)):
        if run.seen >= MAX_ITEMS:
            return
        run.seen += 1
        if _keep(run, item) is False:
            return  # older than the window: the rest of a newest-first outbox is older still


def _items(run: Run, collection: dict[str, Any]) -> Iterator[Any]:
    """The items of a collection: listed in it, or in its pages (`first`, then `next`)."""
    yield from _listed(collection)
    page: Any = collection.get("first")
    pages = 0
    seen_pages: set[str] = set()
    while page and pages < MAX_PAGES:
        pages += 1
        if isinstance(page, str):
            if page in seen_pages or not same_host(page, run.actor.uri):
                return
            seen_pages.add(page)
            page = run.fetch(page)
        if not isinstance(page, dict):
            return
        yield from _listed(page)
        page = page.get("next")


def _listed(collection: dict[str, Any]) -> list[Any]:
    listed = collection.get("orderedItems", collection.get("items"))
    if isinstance(listed, dict):
        listed = [listed]
    return listed[:MAX_ITEMS] if isinstance(listed, list) else []


def _keep(run: Run, item: Any) -> bool | None:
    """Keep one outbox item; False when it is older than the window, else None."""
    if isinstance(item, str):
        if not same_host(item, run.actor.uri):
            return None
        item = run.fetch(item)
    if not isinstance(item, dict):
        return None
    kind = item.get("type")
    if kind in CREATING or kind == "Announce":
        obj = item.get("object")
    else:
        obj, kind = item, "Create"  # an outbox listing its objects directly
    published = _published(item) or (_published(obj) if isinstance(obj, dict) else None)
    if published is not None and published < run.oldest:
        return False
    if isinstance(obj, str):
        target = obj
    elif isinstance(obj, dict) and isinstance(obj.get("id"), str):
        target = obj["id"]
    else:
        return None
    if _already_here(target):
        return None
    if kind == "Announce":  # a territory's boosts: the object comes from its author
        return _keep_announced(run, target)
    if isinstance(obj, str):
        if not same_host(obj, run.actor.uri):
            return None
        obj = run.fetch(obj)
    if isinstance(obj, dict) and (published := _published(obj)) and published < run.oldest:
        return False
    # An object embedded in its Create is in the Create's JSON-LD context (our experience
    # marker included) when it carries none of its own.
    _ingest(obj, run.actor, context=item.get("@context"))
    run.kept += 1
    return None


def _keep_announced(run: Run, target: str) -> None:
    document = run.fetch(target)
    author_uri = _id(document.get("attributedTo"))
    if not author_uri or not same_host(author_uri, document.get("id", "")):
        return
    author = RemoteActor.objects.filter(uri=author_uri).first()
    if author is None:
        run.requests += 1
        try:
            author = fetch_actor(author_uri)
        except ActorError as error:
            logger.info("backfill: author %s unavailable: %s", author_uri, error)
            return
    _ingest(document, author)
    run.kept += 1


def _ingest(obj: dict[str, Any], actor: RemoteActor, context: Any = None) -> None:
    """Kept by the inbox's own handler, as if `actor` had delivered its `Create`; asked for
    here, so kept even though it arrived unannounced. A refusal skips only this item."""
    activity: dict[str, Any] = {"type": "Create", "actor": actor.uri, "object": obj}
    if context is not None:
        activity["@context"] = context
    try:
        with solicited.asked_here():
            run_in_transaction(
                lambda: inbox_processing.on_create(activity, actor), errors=(FetchError,)
            )
    except (inbox_processing.Refused, inbox_processing.TryLater, FetchError) as error:
        logger.info("backfill: %s not kept: %s", obj.get("id"), error)


def _already_here(uri: str) -> bool:
    return (
        RemoteObject.objects.filter(uri=uri).exists()
        or RemoteOffer.objects.filter(uri=uri).exists()
        or Tombstone.objects.filter(uri=uri).exists()
    )


def _published(document: dict[str, Any]) -> datetime.datetime | None:
    value = document.get("published")
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


def _id(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def on_follow_requested(follow: Any, **kwargs: Any) -> None:
    """A person here follows someone elsewhere: their earlier items come too."""
    if follow.follower.is_local and not follow.followed.is_local:
        request_for_profile(follow.followed)


def listen() -> None:
    from profiles import events

    events.follow_requested.connect(on_follow_requested, dispatch_uid="fed-backfill-follow")
