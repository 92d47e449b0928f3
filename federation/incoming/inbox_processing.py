"""Processing received activities, one handler per type; unknown types are ignored.

Runs in the worker, never on the request path. A handler that meets a bad object
refuses the item (logged, nothing half-stored); a handler that meets a network
failure leaves the item for a retry.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from federation import policy
from federation.mapping.parsing import ParseError, experience_data, is_experience
from federation.models import (
    FollowActivity,
    InboxItem,
    InboxState,
    InstanceFollower,
    NodeFollow,
    NodeFollowState,
    Reaction,
    RemoteActor,
    RemoteObject,
    RemoteOffer,
    Tombstone,
)
from federation.outgoing import delivery
from federation.outgoing.node_follows import answered
from federation.outgoing.outbox import send
from federation.peers import follow_caps, solicited
from federation.peers.actors import fetch_actor, same_host, signed_fetch_headers
from federation.peers.fetch import FetchError, fetch_json, worth_retrying
from federation.peers.fetch_first import run_in_transaction
from federation.protocol import addressing, ids
from federation.protocol.inbox_bounds import excess
from federation.work import queue
from profiles import following, publishing
from profiles.models import Experience, Follow, Profile

logger = logging.getLogger(__name__)
RETRY_DELAYS = [10, 60, 300, 1800, 3600 * 3]
# Longer than processing one activity takes (a few fetches of 10 s at most). A worker
# that dies or loses the database mid-way leaves the item claimed this long.
LOCK_SECONDS = 60


class Refused(Exception):
    """The activity is not acceptable; it is marked refused and never retried.

    `answer`, when given, is run once the item is marked refused (in a transaction of its
    own, since the handler's work rolled back): a refused direct message is answered so.
    """

    def __init__(self, *args: Any, answer: Callable[[], None] | None = None) -> None:
        super().__init__(*args)
        self.answer = answer


class TryLater(Exception):
    """A passing failure (a peer busy, failing or unreachable for now): the item is tried
    again on the deliveries' schedule, then refused for good."""


@dataclass(frozen=True)
class ObjectHandler:
    """How one kind of received object (an offer, a direct message…) is kept.

    `accepts` looks at an embedded object already checked to belong to its actor;
    `create` and `update` get (activity, object, actor); `delete` gets (object id,
    actor) and returns True when the id was one of its objects.

    Handlers are tried in order, the first that accepts takes the object: offers,
    direct messages (contact), then any other registered one (comments: a reply to
    something of ours), and last, registered with `last=True`, Tremplin experiences
    then posts (federation/incoming/post_inbox.py), which take what no one else did. Whatever
    the handler, an object nobody here asked for is dropped first (solicited.py).
    """

    name: str
    accepts: Callable[[dict[str, Any]], bool]
    create: Callable[[dict[str, Any], dict[str, Any], RemoteActor], None]
    update: Callable[[dict[str, Any], dict[str, Any], RemoteActor], None]
    delete: Callable[[str, RemoteActor], bool]


OBJECT_HANDLERS: list[ObjectHandler] = []
# Tried after every other handler: experiences, then posts (the catch-all).
LAST_HANDLERS: list[ObjectHandler] = []


def register_object_handler(handler: ObjectHandler, *, last: bool = False) -> None:
    """Called from an app's ready(); registering twice keeps one. `last` handlers are
    tried after all the others, in their order of registration."""
    handlers = LAST_HANDLERS if last else OBJECT_HANDLERS
    if all(existing.name != handler.name for existing in OBJECT_HANDLERS + LAST_HANDLERS):
        handlers.append(handler)


def handler_for(obj: dict[str, Any]) -> ObjectHandler | None:
    return next((h for h in OBJECT_HANDLERS + LAST_HANDLERS if h.accepts(obj)), None)


def due(now: datetime.datetime, limit: int = 100) -> list[int]:
    received = InboxItem.objects.filter(state=InboxState.RECEIVED)
    return queue.due_ids(received, now, limit, ("received_at", "pk"))


def run_due(limit: int = 100) -> int:
    return sum(1 for item_id in due(timezone.now(), limit) if process(item_id))


def release(item_id: int, claims: list[datetime.datetime]) -> bool:
    """Give back this worker's claims on an item the database cut short."""
    return queue.release(InboxItem.objects.filter(state=InboxState.RECEIVED), item_id, claims)


def process(item_id: int, now: datetime.datetime | None = None) -> bool:
    """Process one received activity; False if it was not ours to do. `now` as for
    `delivery.deliver`: the claim's start, so that the caller can release it."""
    now = now or timezone.now()
    received = InboxItem.objects.filter(state=InboxState.RECEIVED)
    if not queue.claim(received, item_id, now, LOCK_SECONDS):
        return False
    item = InboxItem.objects.get(pk=item_id)
    actor = RemoteActor.objects.filter(uri=item.actor_uri).first()
    try:
        if actor is None:
            raise Refused("unknown actor")
        if not policy.is_allowed(actor.domain):
            raise Refused("a node this node does not federate with")  # blocked since received
        if (
            actor.profile_id
            and Profile.objects.filter(pk=actor.profile_id, suspended_at__isnull=False).exists()
        ):
            raise Refused("this account is suspended here")
        handler = HANDLERS.get(item.activity_type, ignore)
        # Fetches first, then a short transaction: a slow peer holds no lock (fetch_first).
        run_in_transaction(lambda: handler(item.body, actor), errors=(FetchError,))
    except Refused as error:
        logger.info("refused %s %s: %s", item.activity_type, item.uri, error)
        InboxItem.objects.filter(pk=item.pk).update(
            state=InboxState.REFUSED, error=str(error)[:300], locked_until=None
        )
        if error.answer is not None:  # the sender is told (kept apart from what rolled back)
            with transaction.atomic():
                error.answer()
        return True
    except Exception as error:  # a peer down, a bug: retry later, then give up loudly
        passing = isinstance(error, TryLater)
        if passing:
            logger.warning("processing %s put off: %s", item.uri, error)
        else:
            logger.exception("processing %s failed", item.uri)
        attempts = item.attempts + 1
        later = retry_at(now, attempts, passing=passing)
        InboxItem.objects.filter(pk=item.pk).update(
            state=InboxState.RECEIVED if later else InboxState.REFUSED,
            attempts=attempts,
            next_attempt_at=later or now,
            error=str(error)[:300],
            locked_until=None,
        )
        return True
    InboxItem.objects.filter(pk=item.pk).update(state=InboxState.DONE, locked_until=None, error="")
    return True


def retry_at(now: datetime.datetime, attempts: int, *, passing: bool) -> datetime.datetime | None:
    """When to try an item again after `attempts` failures; None once the schedule is spent.

    A passing failure waits like a delivery (about three days in all, scaled the same way:
    a peer down over a weekend loses nothing); anything else (a bug) gets a few hours.
    """
    delays, scale = (delivery.RETRY_DELAYS, delivery.scale()) if passing else (RETRY_DELAYS, 1)
    if attempts > len(delays):
        return None
    return now + datetime.timedelta(seconds=delays[attempts - 1] * scale)


def _id(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def local_profile_for(uri: str) -> Profile | None:
    """The local person an actor id names (None for the instance actor or unknown)."""
    if not ids.is_local(uri):
        return None
    path = uri[len(ids.base_url()) :]
    if not path.startswith("/@") or path.count("/") != 2:
        return None
    return Profile.objects.local_actors().filter(handle=path[2:-1].lower()).first()


def remote_profile(actor: RemoteActor) -> Profile:
    """The actor's profile: what every handler keeps a remote person's things under."""
    if not policy.is_allowed(actor.domain):
        raise Refused(f"{actor.domain} is a node this node does not federate with")
    if actor.profile is None:
        actor = fetch_actor(actor.uri)
    return actor.profile


# --- handlers -------------------------------------------------------------


def ignore(activity: dict[str, Any], actor: RemoteActor) -> None:
    """Types we do not use are accepted and ignored."""


def on_follow(activity: dict[str, Any], actor: RemoteActor) -> None:
    target = _id(activity.get("object"))
    if target == ids.actor_uri(None):
        InstanceFollower.objects.update_or_create(
            actor=actor, defaults={"follow_uri": activity["id"]}
        )
        send(
            None,
            "Accept",
            activity_ref(activity, actor),
            [actor.inbox],
            audience={"to": [actor.uri]},
        )
        return
    followed = local_profile_for(target)
    if followed is None:
        raise Refused("follow of no one here")
    follower = remote_profile(actor)
    if not Follow.objects.filter(follower=follower, followed=followed).exists():
        flood = follow_caps.over_cap(actor.domain, followed)
        if flood:  # answered like a refused request: the remote node drops the follow
            follow_caps.count_refusal(actor.domain, flood)
            send(
                followed,
                "Reject",
                activity_ref(activity, actor),
                [actor.inbox],
                audience={"to": [actor.uri]},
            )
            return
    FollowActivity.objects.update_or_create(
        follower=follower, followed=followed, defaults={"uri": activity["id"]}
    )
    relation = following.follow(follower, followed)
    FollowActivity.objects.filter(follower=follower, followed=followed).update(follow=relation)
    if relation.state == "accepted":
        send(
            followed,
            "Accept",
            activity_ref(activity, actor),
            [actor.inbox],
            audience={"to": [actor.uri]},
        )


def activity_ref(activity: dict[str, Any], actor: RemoteActor) -> dict[str, Any]:
    return {
        "id": activity["id"],
        "type": activity["type"],
        "actor": actor.uri,
        "object": _id(activity.get("object")),
    }


def _follow_named(activity: dict[str, Any]) -> FollowActivity | None:
    return (
        FollowActivity.objects.filter(uri=_id(activity.get("object")))
        .select_related("follower", "followed")
        .first()
    )


def on_accept(activity: dict[str, Any], actor: RemoteActor) -> None:
    if answered(_id(activity.get("object")), actor, accepted=True):
        return  # the answer to this node following another node
    link = _follow_named(activity)
    if link is None or link.followed.domain != actor.domain:
        raise Refused("accept of no follow of ours")
    relation = Follow.objects.filter(follower=link.follower, followed=link.followed).first()
    if relation is not None:
        following.accept(relation)


def on_reject(activity: dict[str, Any], actor: RemoteActor) -> None:
    if answered(_id(activity.get("object")), actor, accepted=False):
        return
    link = _follow_named(activity)
    if link is None or link.followed.domain != actor.domain:
        raise Refused("reject of no follow of ours")
    relation = Follow.objects.filter(follower=link.follower, followed=link.followed).first()
    if relation is not None:
        following.end(relation, refused=True)


def on_undo(activity: dict[str, Any], actor: RemoteActor) -> None:
    undone = activity.get("object")
    undone_type = undone.get("type") if isinstance(undone, dict) else None
    undone_id = _id(undone)
    if (
        undone_type in ("Like", "Announce")
        or Reaction.objects.filter(activity_uri=undone_id).exists()
    ):
        Reaction.objects.filter(activity_uri=undone_id, actor_uri=actor.uri).delete()
        return
    InstanceFollower.objects.filter(actor=actor).filter(follow_uri=undone_id).delete()
    if isinstance(undone, dict) and _id(undone.get("object")) == ids.actor_uri(None):
        InstanceFollower.objects.filter(actor=actor).delete()
        return
    link = FollowActivity.objects.filter(uri=undone_id, follower__domain=actor.domain).first()
    if link is None and isinstance(undone, dict):
        followed = local_profile_for(_id(undone.get("object")))
        link = FollowActivity.objects.filter(follower=actor.profile, followed=followed).first()
    if link is None:
        return  # nothing to undo: already gone
    relation = Follow.objects.filter(follower=link.follower, followed=link.followed).first()
    if relation is not None:
        following.end(relation)


def _owned_object(activity: dict[str, Any], actor: RemoteActor) -> dict[str, Any]:
    obj = activity.get("object")
    if not isinstance(obj, dict):
        raise Refused("the object must be embedded")
    uri = _id(obj)
    if not uri or not same_host(uri, actor.uri):
        raise Refused("the object's id is not on its actor's host")
    if _id(obj.get("attributedTo")) not in ("", actor.uri):
        raise Refused("the object is attributed to someone else")
    if reason := excess(obj):  # fetched behind an Announce, it was not judged at the door
        raise Refused(f"object too large: {reason}")
    return obj


def _with_context(obj: dict[str, Any], activity: dict[str, Any]) -> dict[str, Any]:
    """The object with the activity's @context when it carries none of its own (JSON-LD
    scopes the activity's context over what it embeds)."""
    if "@context" not in obj and "@context" in activity:
        return {**obj, "@context": activity["@context"]}
    return obj


def _held(uri: str) -> bool:
    """An object already kept here (an update of it is no new content)."""
    from network.models import Post

    return (
        RemoteObject.objects.filter(uri=uri).exists()
        or RemoteOffer.objects.filter(uri=uri).exists()
        or Post.objects.filter(source_url=uri).exists()
    )


# Items shown to everyone here (explore, tags, search, matching): kept only from accounts
# someone here follows (or asked for), never because they name someone here.
FOLLOWED_ONLY = frozenset({"experiences", "offers"})


def _dispatch(
    activity: dict[str, Any], actor: RemoteActor, *, update: bool = False
) -> tuple[ObjectHandler, dict[str, Any]] | None:
    """The handler that takes the object, or None when nothing here keeps it (a kind of
    object we do not use, or unsolicited: nobody here follows its author, it names no
    one here and replies to nothing of ours)."""
    obj = _with_context(_owned_object(activity, actor), activity)
    if Tombstone.objects.filter(uri=obj["id"]).exists():
        raise Refused("deleted before")
    handler = handler_for(obj)
    if handler is None:
        logger.info("ignored %s %s: not a kind of object kept here", obj.get("type"), obj["id"])
        return None
    if not (update and _held(obj["id"])):
        asked = (
            solicited.inside_asked_here() or solicited.is_followed_here(actor.uri)
            if handler.name in FOLLOWED_ONLY
            else solicited.is_solicited(actor.uri, obj)
        )
        if not asked:
            logger.info("dropped unsolicited %s %s from %s", obj.get("type"), obj["id"], actor.uri)
            return None
    return handler, obj


def on_create(activity: dict[str, Any], actor: RemoteActor) -> None:
    found = _dispatch(activity, actor)
    if found is not None:
        handler, obj = found
        handler.create(activity, obj, actor)


def create_experience(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    """A Tremplin experience (parsing.is_experience) becomes an experience of its author."""
    uri = obj["id"]
    known = RemoteObject.objects.filter(uri=uri).first()
    if known is not None:
        if known.actor_id != actor.pk:
            raise Refused("the object belongs to another actor")
        update_experience(activity, obj, actor)
        return
    visibility = _visibility(obj, actor)
    try:
        data, tags = experience_data(obj)
    except ParseError as error:
        raise Refused(str(error)) from error
    owner = remote_profile(actor)
    experience = publishing.save_experience_draft(owner, None, data, tags)
    publishing.publish_experience(experience, visibility)
    RemoteObject.objects.create(uri=uri, experience=experience, actor=actor)


def _visibility(obj: dict[str, Any], actor: RemoteActor) -> int:
    to = (
        [_id(x) for x in obj.get("to", [])]
        if isinstance(obj.get("to"), list)
        else [_id(obj.get("to"))]
    )
    cc = (
        [_id(x) for x in obj.get("cc", [])]
        if isinstance(obj.get("cc"), list)
        else [_id(obj.get("cc"))]
    )
    visibility = addressing.visibility_of(to, cc, actor.followers)
    if visibility is None:
        raise Refused("addressed to no audience we show")
    return visibility


def on_update(activity: dict[str, Any], actor: RemoteActor) -> None:
    obj = activity.get("object")
    if isinstance(obj, dict) and _id(obj) == actor.uri:
        fetch_actor(actor.uri)  # refetched from its source, not trusted from the body
        return
    found = _dispatch(activity, actor, update=True)
    if found is not None:
        handler, obj = found
        handler.update(activity, obj, actor)


def update_experience(activity: dict[str, Any], obj: dict[str, Any], actor: RemoteActor) -> None:
    link = (
        RemoteObject.objects.filter(uri=obj["id"], actor=actor).select_related("experience").first()
    )
    if link is None:
        if RemoteObject.objects.filter(uri=obj["id"]).exists():
            raise Refused("the object belongs to another actor")
        create_experience(activity, obj, actor)
        return
    try:
        data, tags = experience_data(obj)
    except ParseError as error:
        raise Refused(str(error)) from error
    experience = publishing.save_experience_draft(
        link.experience.owner, link.experience, data, tags
    )
    publishing.publish_experience(experience, _visibility(obj, actor))


def on_delete(activity: dict[str, Any], actor: RemoteActor) -> None:
    uri = _id(activity.get("object"))
    if not uri or not same_host(uri, actor.uri):
        raise Refused("delete of an object on another host")
    if uri == actor.uri:
        profile = actor.profile
        actor.delete()
        if profile is not None:
            profile.delete()
        return
    if RemoteObject.objects.filter(uri=uri).exclude(actor=actor).exists():
        raise Refused("delete of someone else's object")  # no tombstone: it is not theirs
    Tombstone.objects.get_or_create(uri=uri)
    if any(handler.delete(uri, actor) for handler in OBJECT_HANDLERS + LAST_HANDLERS):
        return


def delete_experience(uri: str, actor: RemoteActor) -> bool:
    link = RemoteObject.objects.filter(uri=uri, actor=actor).select_related("experience").first()
    if link is None:
        return False
    publishing.delete_experience(link.experience)
    return True


EXPERIENCES = ObjectHandler(
    name="experiences",
    accepts=is_experience,
    create=create_experience,
    update=update_experience,
    delete=delete_experience,
)


def on_announce(activity: dict[str, Any], actor: RemoteActor) -> None:
    """A boost: counted if it is of ours; imported if someone here (or this node) follows
    the booster.

    Following a node's own actor means following the territory: it announces every
    public experience of its people and every offer of its organisations, and they
    arrive here this way.
    """
    target = _id(activity.get("object"))
    if ids.is_local(target):
        on_reaction(activity, actor)
        return
    followed_here = actor.profile is not None and (
        Follow.objects.filter(
            followed=actor.profile, state="accepted", follower__domain=""
        ).exists()
    )
    if (
        not followed_here
        and not NodeFollow.objects.filter(actor=actor, state=NodeFollowState.ACCEPTED).exists()
    ):
        return  # nobody here asked for it
    if not target or Tombstone.objects.filter(uri=target).exists():
        return
    if (
        RemoteObject.objects.filter(uri=target).exists()
        or RemoteOffer.objects.filter(uri=target).exists()
    ):
        return
    try:
        # The booster is allowed; the boosted object's host may not be: the fetch's own
        # gate (federation.peers.fetch) refuses it, for good (worth_retrying says no).
        document = fetch_json(target, signer=signed_fetch_headers)
    except FetchError as error:
        if worth_retrying(error):
            raise TryLater(f"announced object unavailable for now: {error.reason}") from error
        raise Refused(f"announced object unavailable: {error.reason}") from error
    author_uri = _id(document.get("attributedTo"))
    if not author_uri or not same_host(author_uri, document["id"]):
        raise Refused("announced object without an author on its host")
    author = RemoteActor.objects.filter(uri=author_uri).first() or fetch_actor(author_uri)
    with solicited.asked_here():  # someone here follows the booster (or its territory)
        on_create({"object": document}, author)


def on_reaction(activity: dict[str, Any], actor: RemoteActor) -> None:
    target = _id(activity.get("object"))
    if ids.is_local(target) and Experience.objects.filter(pk__in=[_experience_pk(target)]).exists():
        Reaction.objects.get_or_create(
            activity_uri=activity["id"],
            defaults={"kind": activity["type"], "actor_uri": actor.uri, "object_uri": target},
        )


def _experience_pk(uri: str) -> int:
    parts = uri.rstrip("/").rsplit("/", 2)
    return (
        int(parts[-1])
        if len(parts) == 3 and parts[-2] == "experiences" and parts[-1].isdigit()
        else 0
    )


HANDLERS: dict[str, Callable[[dict[str, Any], RemoteActor], None]] = {
    "Follow": on_follow,
    "Accept": on_accept,
    "Reject": on_reject,
    "Undo": on_undo,
    "Create": on_create,
    "Update": on_update,
    "Delete": on_delete,
    "Announce": on_announce,
    "Like": on_reaction,
}


def register_handler(
    activity_type: str, handler: Callable[[dict[str, Any], RemoteActor], None]
) -> None:
    """Called from an app's ready(): another module handles (or wraps) a type."""
    HANDLERS[activity_type] = handler
