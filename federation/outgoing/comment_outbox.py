"""Comments of people here become activities (in the domain's transaction).

A comment goes, as a `Create` of its `Note`, to every node that holds the item (it was
sent there: federation/outgoing/reach.py), to the item owner's followers when the item is ours,
and to the owner's inbox when the item is a copy of another node's. Its deletion (by
its author or the item's owner) goes as a `Delete` to every node that got it, and the
id answers 410 from then on. A remote comment removed here by the item's owner is
never accepted again (a Tombstone), whatever its author sends later.
"""

from __future__ import annotations

from typing import Any

from federation.mapping.comment_documents import comment_note, comment_uri_for, item_uri
from federation.models import RemoteActor, Tombstone
from federation.outgoing import reach
from federation.outgoing.outbox import follower_inboxes, last_federated, send
from network import events
from network.comments import owner_of
from network.models import Comment
from profiles.models import Profile


def listen() -> None:
    events.comment_posted.connect(on_comment_posted, dispatch_uid="fed-comment-posted")
    events.comment_deleted.connect(on_comment_deleted, dispatch_uid="fed-comment-deleted")


def _inboxes(comment: Comment) -> list[str]:
    item = comment.item
    owner = owner_of(item)
    inboxes = set(reach.holders(item_uri(item)))
    if owner.is_local:
        inboxes |= set(follower_inboxes(owner))
    else:
        remote = RemoteActor.objects.filter(profile=owner).first()
        if remote is not None:
            inboxes.add(remote.inbox)
    if comment.parent_id and comment.parent.ap_id:
        parent_author = RemoteActor.objects.filter(profile_id=comment.parent.author_id).first()
        if parent_author is not None:
            inboxes.add(parent_author.inbox)
    return sorted(inboxes)


def on_comment_posted(comment: Comment, **kwargs: Any) -> None:
    if not comment.author.is_local:
        return
    note = comment_note(comment)
    if note is None:
        return  # the item stays on this node: so do its comments
    audience = {"to": note["to"], "cc": note["cc"]}
    send(comment.author, "Create", note, _inboxes(comment), audience=audience)


def on_comment_deleted(comment_id: int, ap_id: str | None, author: Profile, **kwargs: Any) -> None:
    if ap_id:
        Tombstone.objects.get_or_create(uri=ap_id)
        return
    uri = comment_uri_for(comment_id)
    Tombstone.objects.get_or_create(uri=uri)  # its id answers 410 from now on
    previous = last_federated(uri)
    if previous is None or previous.activity_type == "Delete":
        return
    send(
        author,
        "Delete",
        {"id": uri, "type": "Tombstone"},
        sorted(reach.holders(uri)),
        audience={"to": previous.body.get("to", []), "cc": previous.body.get("cc", [])},
        object_uri=uri,
    )
    reach.forget(uri)
