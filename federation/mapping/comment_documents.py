"""Comments as ActivityStreams: ids, the item a reply names, and the `Note` we serve.

A comment of a person here is a `Note` with `inReplyTo` the item's id (an experience,
an offer, or the comment it answers), `attributedTo` its author, addressed as the item
is: a public item's comments are public, a followers-only item's comments go to the
item owner's followers. Its id is its page here, /comments/<pk>/.
"""

from __future__ import annotations

from typing import Any

from federation.mapping.offer_documents import offer_uri
from federation.models import RemoteActor, RemoteObject, RemoteOffer
from federation.peers.actors import actor_uri_of
from federation.protocol import addressing, ids
from jobs.models import Offer
from network.comments import Item, owner_of
from network.models import Comment
from profiles.models import Experience
from profiles.visibility import Visibility


def comment_uri(comment: Comment) -> str:
    """A comment's id: its own for one received, its page here for one of ours."""
    return comment.ap_id or comment_uri_for(comment.pk)


def comment_uri_for(pk: int) -> str:
    return f"{ids.base_url()}/comments/{pk}/"


def item_uri(item: Item) -> str:
    """The id peers know the item by: ours, or the one its home node gave it."""
    if isinstance(item, Experience):
        if item.owner.is_local:
            return ids.experience_uri(item)
        link = RemoteObject.objects.filter(experience=item).first()
        return link.uri if link else ""
    if item.organisation.profile.is_local:
        return offer_uri(item)
    link = RemoteOffer.objects.filter(offer=item).first()
    return link.uri if link else item.url


def _local_experience(uri: str) -> Experience | None:
    if not ids.is_local(uri):
        return None
    parts = uri[len(ids.base_url()) :].strip("/").split("/")
    if len(parts) != 3 or not parts[0].startswith("@") or parts[1] != "experiences":
        return None
    if not parts[2].isdigit():
        return None
    return Experience.objects.filter(
        pk=int(parts[2]), owner__handle=parts[0][1:].lower(), owner__domain=""
    ).first()


def item_named(uri: str) -> Item | None:
    """The experience or offer an id names, ours or a copy we hold; None otherwise."""
    if not uri:
        return None
    if ids.is_local(uri):
        pk = ids.local_pk(uri, "offers")
        if pk is not None:
            return Offer.objects.select_related("organisation__profile").filter(pk=pk).first()
        return _local_experience(uri)
    link = RemoteObject.objects.filter(uri=uri).select_related("experience__owner").first()
    if link is not None:
        return link.experience
    offer_link = RemoteOffer.objects.filter(uri=uri).select_related("offer").first()
    return offer_link.offer if offer_link is not None else None


def comment_named(uri: str) -> Comment | None:
    """A comment we hold, by its id (ours: /comments/<pk>/; a peer's: its own)."""
    if not uri:
        return None
    pk = ids.local_pk(uri, "comments")
    if pk is not None:
        return Comment.objects.filter(pk=pk, ap_id__isnull=True).first()
    return Comment.objects.filter(ap_id=uri).first()


def audience(item: Item) -> dict[str, list[str]] | None:
    """`to`/`cc` of a comment on `item`: the item's own audience, with its owner named
    (so their node shows it under the item); None when the item never leaves this node."""
    owner = owner_of(item)
    visibility = item.visibility if isinstance(item, Experience) else Visibility.PUBLIC
    owner_uri = actor_uri_of(owner) or ""
    if owner.is_local:
        found = addressing.audience(owner, visibility)
        if found is None:
            return None
        return {"to": found["to"], "cc": [*found["cc"], owner_uri]}
    remote = RemoteActor.objects.filter(profile=owner).first()
    if remote is None:
        return None
    if visibility == Visibility.PUBLIC:
        return {"to": [ids.PUBLIC], "cc": [remote.uri]}
    if visibility == Visibility.FOLLOWERS and remote.followers:
        return {"to": [remote.uri], "cc": [remote.followers]}
    return None


def comment_note(comment: Comment) -> dict[str, Any] | None:
    """The `Note` of one of our comments (None when its item never leaves this node)."""
    item = comment.item
    addressed = audience(item)
    if addressed is None:
        return None
    uri = comment_uri(comment)
    reply_to = comment_uri(comment.parent) if comment.parent_id else item_uri(item)
    note: dict[str, Any] = {
        "id": uri,
        "type": "Note",
        "attributedTo": ids.actor_uri(comment.author),
        "inReplyTo": reply_to,
        "content": comment.content,
        "published": comment.published.isoformat().replace("+00:00", "Z"),
        "url": uri,
        "sensitive": comment.sensitive,
        **addressed,
    }
    if comment.language:
        note["contentMap"] = {comment.language: comment.content}
    if comment.summary:
        note["summary"] = comment.summary
    if comment.updated_at:
        note["updated"] = comment.updated_at.isoformat().replace("+00:00", "Z")
    return note
