"""Direct messages this node will not take are refused visibly, never dropped in silence.

A direct message (a Note for people of this node only: no public, no followers
collection) starts a conversation under contact's rules (decision 0011): only
organisations start conversations, never with someone who turned contact off, and a
person under the age of digital consent only through their counsellors. When the sender
may not write to that person:
- at the inbox door, when it can be decided there (the sender's account is known and
  the message starts a new conversation with a person named in `to`), the POST is
  answered 403 with a JSON `{"error": reason}` and nothing is stored;
- otherwise the worker, when contact refuses it, marks the item refused and sends the
  sender a `Reject` whose `object` is the Create's id and whose `summary` gives the
  reason in plain words.
Either way it is counted per day and host (RefusedDirectMessages) and the count shown
to the node's team on the moderation page.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import logging
from typing import Any

from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext

from contact.messaging import conversation_refusal
from federation.incoming.contact_inbox import _conversation
from federation.incoming.inbox_processing import Refused
from federation.models import RefusedDirectMessages, RemoteActor
from federation.outgoing.outbox import send
from federation.peers.solicited import local_person
from federation.protocol.remote_content import as_list, object_id
from profiles.models import ProfileKind

logger = logging.getLogger(__name__)
PUBLIC_NAMES = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}


def _addressed(obj: dict[str, Any]) -> tuple[list[str], list[str]]:
    def listed(value: Any) -> list[str]:
        return [uri for uri in (object_id(v) for v in as_list(value)[:200]) if uri]

    return listed(obj.get("to")), listed(obj.get("cc")) + listed(obj.get("bcc"))


def is_direct(obj: dict[str, Any]) -> bool:
    """Addressed to people of this node only: no public, no followers collection."""
    to, cc = _addressed(obj)
    if any(uri in PUBLIC_NAMES or uri.rstrip("/").endswith("/followers") for uri in to + cc):
        return False
    return any(local_person(uri) is not None for uri in to + cc)


def _starts_a_conversation(obj: dict[str, Any]) -> bool:
    """A first message (no reply, no application, no conversation known here): the one
    kind whose refusal is known before the worker runs. Mastodon names a `conversation`
    of its own in every direct message; one unknown here starts a new one."""

    if any(obj.get(key) for key in ("inReplyTo", "application", "declined")):
        return False
    return _conversation(obj) is None


def refusal(obj: dict[str, Any], actor: RemoteActor) -> str | None:
    """Why this direct message's sender may not write it, when that is clear now."""
    if obj.get("type") != "Note" or not is_direct(obj) or not _starts_a_conversation(obj):
        return None
    if actor.profile is None:
        return None  # not known as a person yet: the worker decides
    people = [local_person(uri) for uri in _addressed(obj)[0]]
    person = next((p for p in people if p is not None and p.kind == ProfileKind.PERSON), None)
    if person is None:
        return None
    return conversation_refusal(actor.profile, person)


def at_the_door(activity: dict[str, Any], actor: RemoteActor) -> str | None:
    """The reason to refuse a Create of a direct message at the inbox (then counted)."""
    obj = activity.get("object")
    if activity.get("type") != "Create" or not isinstance(obj, dict):
        return None
    reason = refusal(obj, actor)
    if reason:
        count(actor.domain, reason)
    return reason


def count(domain: str, reason: str) -> None:
    """One more direct message refused from `domain` today, for moderators to see."""
    logger.info("direct message from %s refused: %s", domain, reason)
    day = timezone.localdate()
    row, created = RefusedDirectMessages.objects.get_or_create(
        day=day, domain=domain[:253], defaults={"count": 1, "last_reason": reason[:300]}
    )
    if not created:
        RefusedDirectMessages.objects.filter(pk=row.pk).update(
            count=F("count") + 1, last_reason=reason[:300]
        )


def refuse_visibly(activity: dict[str, Any], actor: RemoteActor, reason: str) -> None:
    """Tell the sender their message was refused, and why (a Reject of their Create)."""

    create_id = activity.get("id") if isinstance(activity.get("id"), str) else ""
    count(actor.domain, reason)
    if not create_id:
        return  # fetched behind a boost: there is no Create to answer
    sent = send(
        None, "Reject", create_id, [actor.inbox], audience={"to": [actor.uri]}, object_uri=create_id
    )
    if sent is not None:
        sent.body["summary"] = reason
        sent.save(update_fields=["body"])


def guarded(handler: Any) -> Any:
    """The contact handler, whose refusals are answered with a Reject and counted."""

    def create(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:

        try:
            handler.create(activity, obj, actor)
        except Refused as error:
            reason = str(error)
            raise Refused(
                reason, answer=functools.partial(refuse_visibly, activity, actor, reason)
            ) from error

    return dataclasses.replace(handler, create=create)


def refused_counts() -> list[tuple[str, int]]:
    """For the moderation page: direct messages refused today and over the last week."""
    today = timezone.localdate()
    rows = RefusedDirectMessages.objects.filter(day__gt=today - datetime.timedelta(days=7))
    week = rows.aggregate(total=Sum("count"))["total"] or 0
    day = rows.filter(day=today).aggregate(total=Sum("count"))["total"] or 0
    return [
        (gettext("Direct messages refused today"), day),
        (gettext("Direct messages refused in the last 7 days"), week),
    ]
