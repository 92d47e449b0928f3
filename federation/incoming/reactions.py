"""Likes and boosts of our items from elsewhere: counted, notified, listed, undone.

A `Like`, or an `Announce` of one of our experiences or offers (a boost of it), is
kept as one `Reaction` per actor, item and kind (a peer that sends the same Like
twice counts once), and the item's domain counts it (profiles/reactions.py,
jobs/reactions.py), which tells its owner. An `Undo` of either takes it back; an actor
that deletes itself takes back all of theirs. An `Announce` of anything else keeps
its path (a boost that brings content here: inbox_processing.on_announce).

Bounded: at most TREMPLIN_REACTIONS_PER_ACTOR_HOUR new reactions per actor and hour
(the rest are refused), and their notifications are grouped per item and hour. The
actor passed the one federation gate (federation/policy.py) before any handler runs
(inbox_processing.process).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from federation.incoming import inbox_processing
from federation.incoming.inbox_processing import Refused, _id
from federation.models import Reaction, RemoteActor
from federation.outgoing import activities
from federation.protocol import ids
from jobs import reactions as offer_reactions
from jobs.models import Offer
from profiles import reactions as experience_reactions
from profiles.models import Experience, Follow, FollowState
from profiles.visibility import Visibility

KINDS = {"Like": experience_reactions.LIKE, "Announce": experience_reactions.SHARE}
COLLECTIONS = {"likes": "Like", "shares": "Announce"}
Handler = Callable[[dict[str, Any], RemoteActor], None]


def per_actor_hour() -> int:
    return getattr(settings, "TREMPLIN_REACTIONS_PER_ACTOR_HOUR", 60)


def reacted_item(uri: str, actor: RemoteActor) -> Experience | Offer | None:
    """The local item a reaction names, if this actor may see it: a public experience,
    one shown to followers when the actor follows its owner, or a published offer."""
    if (offer := activities.public_offer(uri)) is not None:
        return offer
    match = activities.EXPERIENCE_PATH.match(activities.local_path(uri) or "")
    if match is None:
        return None
    found = Experience.objects.filter(
        pk=int(match["pk"]),
        owner__handle=match["handle"].lower(),
        owner__domain="",
        published__isnull=False,
    )
    experience = found.select_related("owner", "published").first()
    if experience is None:
        return None
    if found.filter(pk__in=Experience.objects.visible_to(AnonymousUser())).exists():
        return experience
    follows = (
        actor.profile_id is not None
        and Follow.objects.filter(
            follower_id=actor.profile_id, followed=experience.owner, state=FollowState.ACCEPTED
        ).exists()
    )
    return experience if follows and experience.visibility >= Visibility.FOLLOWERS else None


def item_uri(item: Experience | Offer) -> str:
    if isinstance(item, Offer):
        return f"{ids.base_url()}/offers/{item.pk}/"
    return ids.experience_uri(item)


def _domain(item: Experience | Offer) -> Any:
    return offer_reactions if isinstance(item, Offer) else experience_reactions


def react(activity: dict[str, Any], actor: RemoteActor) -> None:
    """A Like, or an Announce of one of ours: counted once per actor, item and kind."""
    kind = activity.get("type")
    target = _id(activity.get("object"))
    item = reacted_item(target, actor)
    if kind not in KINDS or item is None:
        raise Refused("a reaction to nothing of ours that this actor may see")
    uri = item_uri(item)
    if Reaction.objects.filter(actor_uri=actor.uri, object_uri=uri, kind=kind).exists():
        return  # sent again: counted once
    since = timezone.now() - datetime.timedelta(hours=1)
    if Reaction.objects.filter(actor_uri=actor.uri, created_at__gte=since).count() >= (
        per_actor_hour()
    ):
        raise Refused("too many reactions from this actor in an hour")
    if Reaction.objects.filter(activity_uri=activity["id"]).exists():
        raise Refused("an activity id used for another reaction")
    Reaction.objects.create(
        kind=kind, actor_uri=actor.uri, object_uri=uri, activity_uri=activity["id"]
    )
    _domain(item).reaction_added(item, KINDS[kind])


def _take_back(reactions: Any) -> bool:
    """Delete these reactions and count them off their items; True if there were any."""
    found = list(reactions)
    for reaction in found:
        reaction.delete()
        item = reacted_item_any(reaction.object_uri)
        if item is not None:
            _domain(item).reaction_removed(item, KINDS[reaction.kind])
    return bool(found)


def reacted_item_any(uri: str) -> Experience | Offer | None:
    """The local item a stored reaction counts on, whoever may see it now."""
    path = activities.local_path(uri) or ""
    if match := activities.EXPERIENCE_PATH.match(path):
        return Experience.objects.filter(
            pk=int(match["pk"]), owner__handle=match["handle"].lower(), owner__domain=""
        ).first()
    if match := activities.OFFER_PATH.match(path):
        return Offer.objects.filter(pk=int(match["pk"]), organisation__profile__domain="").first()
    return None


def undo(activity: dict[str, Any], actor: RemoteActor) -> bool:
    """An Undo of a Like or Announce of ours: True when it was one (taken back)."""
    undone = activity.get("object")
    mine = Reaction.objects.filter(actor_uri=actor.uri)
    by_id = mine.filter(activity_uri=_id(undone))
    if by_id.exists():
        return _take_back(by_id)
    if isinstance(undone, dict) and undone.get("type") in KINDS:
        target = _id(undone.get("object"))
        if ids.is_local(target):
            _take_back(mine.filter(object_uri=target, kind=undone["type"]))
            return True
    return False


def wrap_announce(previous: Handler) -> Handler:
    """A boost of one of ours is a share; any other Announce keeps its path."""

    def on_announce(activity: dict[str, Any], actor: RemoteActor) -> None:
        if ids.is_local(_id(activity.get("object"))):
            react(activity, actor)
        else:
            previous(activity, actor)

    return on_announce


def wrap_undo(previous: Handler) -> Handler:
    def on_undo(activity: dict[str, Any], actor: RemoteActor) -> None:
        if not undo(activity, actor):
            previous(activity, actor)

    return on_undo


def wrap_delete(previous: Handler) -> Handler:
    """An actor deleting itself takes its likes and boosts back (the counts drop)."""

    def on_delete(activity: dict[str, Any], actor: RemoteActor) -> None:
        if _id(activity.get("object")) == actor.uri:
            _take_back(Reaction.objects.filter(actor_uri=actor.uri))
        previous(activity, actor)

    return on_delete


def register() -> None:
    """From the app's ready(), after the other Announce, Undo and Delete handlers."""
    handlers = inbox_processing.HANDLERS
    if getattr(handlers.get("Like"), "__module__", "") != __name__:
        inbox_processing.register_handler("Like", react)
        inbox_processing.register_handler("Announce", wrap_announce(handlers["Announce"]))
        inbox_processing.register_handler("Undo", wrap_undo(handlers["Undo"]))
        inbox_processing.register_handler("Delete", wrap_delete(handlers["Delete"]))


def collection_items(object_uri: str, collection: str) -> Any:
    """The reactions of one kind to an item, newest first (its likes or shares)."""
    return Reaction.objects.filter(object_uri=object_uri, kind=COLLECTIONS[collection]).order_by(
        "-created_at", "-pk"
    )


def as_item(reaction: Reaction) -> dict[str, Any]:
    return {
        "id": reaction.activity_uri,
        "type": reaction.kind,
        "actor": reaction.actor_uri,
        "object": reaction.object_uri,
    }
