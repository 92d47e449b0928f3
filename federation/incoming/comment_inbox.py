"""Replies from other nodes to our experiences and offers (or within their threads).

A received object with `inReplyTo` naming an item we hold (ours, or a copy of a
peer's), or a comment we hold, is a comment on that item, never an experience: it
is kept through network.comments, so the item owner's comment policy and the cost
bounds apply as they do to people here. A reply the owner does not take is not
stored and its author's node gets a `Reject` saying why (and the refusal stays
countable: the Reject is in the outbox). A flood past the cost bounds is refused
without an answer (an answer per refusal would be a flood of our own).

Plugged into Create/Update/Delete through inbox_processing's object handlers,
registered first (federation/apps.py), so such a Create never reaches the
experience path. Runs inside the inbox item's transaction.
"""

from __future__ import annotations

import logging
from typing import Any

from federation.incoming.inbox_processing import ObjectHandler, Refused, _id, remote_profile
from federation.mapping.comment_documents import comment_named, item_named
from federation.models import RemoteActor
from federation.outgoing.outbox import send
from federation.peers.actors import same_host
from federation.protocol import ids
from federation.protocol.remote_content import read_content
from network import comments
from network.models import MAX_COMMENT_HTML, Comment
from profiles.models import Profile

logger = logging.getLogger(__name__)
PUBLIC_NAMES = {ids.PUBLIC, "as:Public", "Public"}


def _addressed(obj: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for key in ("to", "cc"):
        value = obj.get(key)
        for entry in value if isinstance(value, list) else [value]:
            uri = _id(entry)
            if uri:
                found.append(uri)
    return found


def _for_an_audience(obj: dict[str, Any]) -> bool:
    """Public, or for the author's followers: a direct reply is a message, not a comment."""
    return any(
        uri in PUBLIC_NAMES or uri.rstrip("/").endswith("/followers") for uri in _addressed(obj)
    )


def holds(uri: str) -> bool:
    """An experience, offer or comment we hold: a reply to it is asked for (solicited.py),
    down a thread too."""
    return comment_named(uri) is not None or item_named(uri) is not None


def replies_to_ours(obj: dict[str, Any]) -> bool:
    """Whether `obj` is a comment here: a reply, for an audience, to an experience or an
    offer we hold or to a comment on one; or a comment we already hold (its Update)."""
    uri = _id(obj)
    if uri and Comment.objects.filter(ap_id=uri).exists():
        return True
    target = _id(obj.get("inReplyTo"))
    if not target or not _for_an_audience(obj):
        return False
    return comment_named(target) is not None or item_named(target) is not None


def _refuse(
    activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor, owner: Profile, reason: str
) -> None:
    """Not stored; the author's node is told why (a Reject of the Create)."""
    logger.info("comment %s from %s refused: %s", obj.get("id"), actor.uri, reason)
    sent = send(
        owner if owner.is_local else None,
        "Reject",
        {
            "id": _id(activity) or f"{obj['id']}#create",
            "type": activity.get("type") or "Create",
            "actor": actor.uri,
            "object": obj["id"],
        },
        [actor.inbox],
        audience={"to": [actor.uri]},
        object_uri=_id(activity) or obj["id"],
    )
    if sent is not None:
        sent.body["summary"] = reason
        sent.save(update_fields=["body"])


def receive_comment(
    activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor
) -> Comment | None:
    """Keep a peer's reply as a comment on the item it answers; None when refused
    by the owner's policy (a Reject went out). Raises Refused for what is not a
    comment of ours at all, or past the cost bounds."""
    content = read_content(obj)
    parent = comment_named(content.in_reply_to or "")
    item = parent.item if parent is not None else item_named(content.in_reply_to or "")
    if item is None:
        raise Refused("a reply to nothing of ours")
    if len(content.html) > MAX_COMMENT_HTML:
        raise Refused("comment too long")
    author = remote_profile(actor)
    existing = Comment.objects.filter(ap_id=obj["id"]).first()
    if existing is None and (limit := comments.over_limit(author, item)):
        raise Refused(f"comment flood: {limit}")
    try:
        return comments.receive(
            author,
            item,
            ap_id=obj["id"],
            html=content.html,
            language=content.language,
            summary=content.summary,
            sensitive=content.sensitive,
            url=_web_url(obj, actor),
            published=content.published,
            parent=parent,
        )
    except comments.CommentRefused as error:
        reason = " ".join(error.messages)
        if existing is not None or error.code != "policy":
            raise Refused(reason) from error
        _refuse(activity, obj, actor, comments.owner_of(item), reason)
        return None


def _web_url(obj: dict[str, Any], actor: RemoteActor) -> str:
    """The comment's page on its home node (only there: a peer links nowhere else)."""

    url = obj.get("url")
    url = _id(url) or (url.get("href") if isinstance(url, dict) else "")
    if (
        isinstance(url, str)
        and url.startswith(("https://", "http://"))
        and same_host(url, actor.uri)
    ):
        return url[:500]
    return obj["id"][:500]


def create(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    receive_comment(activity, obj, actor)


def update(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    existing = Comment.objects.filter(ap_id=obj["id"]).select_related("author").first()
    if existing is None:
        receive_comment(activity, obj, actor)
        return
    if existing.author_id != actor.profile_id:
        raise Refused("update of someone else's comment")
    content = read_content(obj)
    try:
        comments.update(
            existing,
            html=content.html,
            language=content.language,
            summary=content.summary,
            sensitive=content.sensitive,
        )
    except comments.CommentRefused as error:
        raise Refused(" ".join(error.messages)) from error


def delete(uri: str, actor: RemoteActor) -> bool:
    existing = Comment.objects.filter(ap_id=uri).first()
    if existing is None:
        return False
    if existing.author_id != actor.profile_id:
        raise Refused("delete of someone else's comment")
    comments.delete(existing)
    return True


HANDLER = ObjectHandler(
    name="comments", accepts=replies_to_ours, create=create, update=update, delete=delete
)
