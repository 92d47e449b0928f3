"""Moving an account between nodes: `alsoKnownAs` on the new actor, `Move` from the old.

Old node: the person names their new account; we fetch it and check its alsoKnownAs
names the old actor (so nobody can redirect someone else's followers), set movedTo,
then send `Move` (actor = object = old, target = new) to the followers' inboxes.
Local followers of the old account follow the new one at once.
Receiving node: `on_move` checks the same thing from the target's own document (never
from the activity), then each local follower follows the new account and leaves the
old one. Experiences travel separately: the export imported on the new node.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from federation.incoming.inbox_processing import Refused, _id, local_profile_for, on_create
from federation.models import RemoteActor
from federation.outgoing.outbox import follower_inboxes, send
from federation.peers.actors import ActorError, fetch_actor, same_host, signed_fetch_headers
from federation.peers.fetch import FetchError, fetch_json
from federation.peers.solicited import asked_here
from federation.protocol import ids
from profiles import following, publishing
from profiles.lookup import LookupRefused, resolve_remote, split_handle
from profiles.models import Follow, Profile
from rights.moves import MoveError

logger = logging.getLogger(__name__)


def _uris(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [
        (item.get("id") if isinstance(item, dict) else item)
        for item in items
        if isinstance(item, (str, dict))
    ]


def remote_actor_for_handle(handle: str) -> RemoteActor:
    """The actor of "name@node" on another node (WebFinger, then fetched)."""
    name, domain = split_handle(handle)
    if not name or not domain:
        raise MoveError(_("give the account as name@node, on another node"))
    try:
        profile = resolve_remote(handle)
    except LookupRefused as refused:
        raise MoveError(
            _("this node does not federate with %(node)s") % {"node": refused.node}
        ) from refused
    actor = RemoteActor.objects.filter(profile=profile).first() if profile else None
    if actor is None:
        raise MoveError(_("this account cannot be found"))
    return actor


def aliases_of(target_uri: str) -> list[str]:
    """The alsoKnownAs of an actor, read from its own node (a fresh fetch)."""
    try:
        document = fetch_json(target_uri, signer=signed_fetch_headers)
    except FetchError as error:
        raise MoveError(
            _("the new account cannot be fetched: %(reason)s") % {"reason": error.reason}
        ) from error
    if document.get("id") != target_uri:
        raise MoveError(_("the new account's document is not its own"))
    return _uris(document.get("alsoKnownAs", []))


def set_alias(profile: Profile, handle: str) -> str:
    """Record the old account as mine (on the new node), and tell followers."""
    actor = remote_actor_for_handle(handle)
    if actor.uri not in profile.also_known_as:
        with transaction.atomic():
            profile.also_known_as = [*profile.also_known_as, actor.uri]
            profile.save(update_fields=["also_known_as"])
            publishing.profile_changed(profile)
    return actor.uri


@transaction.atomic
def move_followers(old: Profile, new: Profile) -> int:
    """Every local follower of `old` follows `new` instead; returns how many moved."""
    moved = 0
    for relation in Follow.objects.filter(followed=old, follower__domain="").select_related(
        "follower"
    ):
        if relation.follower.user_id is None or relation.follower_id == new.pk:
            continue
        following.follow(relation.follower, new)
        following.end(relation)
        moved += 1
    return moved


def start_move(profile: Profile, handle: str) -> str:
    """On the old node: check the new account names us, then send `Move`."""
    target = remote_actor_for_handle(handle)
    old_uri = ids.actor_uri(profile)
    if old_uri not in aliases_of(target.uri):
        raise MoveError(_("the new account does not name this one among its other accounts yet"))
    with transaction.atomic():
        profile.moved_to = target.uri
        profile.save(update_fields=["moved_to"])
        send(
            profile,
            "Move",
            old_uri,
            follower_inboxes(profile),
            audience={"to": [ids.collection_uri(profile, "followers")], "target": target.uri},
            object_uri=old_uri,
        )
        move_followers(profile, target.profile)
        publishing.profile_changed(profile)
    return target.uri


def on_move(activity: dict[str, Any], actor: RemoteActor) -> None:
    """A `Move` received: check the target names the mover, then move local followers."""
    target_uri = _id(activity.get("target"))
    if _id(activity.get("object")) != actor.uri:
        raise Refused("a move of someone else")
    if not target_uri or target_uri == actor.uri:
        raise Refused("a move without a target")
    if ids.is_local(target_uri):
        new = local_profile_for(target_uri)
        if new is None or actor.uri not in new.also_known_as:
            raise Refused("the target here does not name the mover")
    else:
        try:
            aliases = aliases_of(target_uri)
        except MoveError as error:
            raise Refused(str(error)) from error
        if actor.uri not in aliases:
            raise Refused("the target does not name the mover")
        try:
            new = fetch_actor(target_uri).profile
        except ActorError as error:
            raise Refused(str(error)) from error
    old = actor.profile
    if old is None or new is None or same_host(target_uri, actor.uri) and old.pk == new.pk:
        return
    count = move_followers(old, new)
    logger.info("move %s -> %s: %d followers here", actor.uri, target_uri, count)
    target = RemoteActor.objects.filter(uri=target_uri).first()
    if count and target is not None:
        backfill(target)


def backfill(actor: RemoteActor) -> int:
    """Bring the public experiences of a moved-to account (first page of its outbox).

    Its followers here would otherwise see only what it publishes from now on, and the
    experiences it imported on its new node are the ones that matter. Each item goes
    through the ordinary Create handling (ownership, tombstones, sanitising); a failure
    leaves the move done and is only logged.
    """
    try:
        document = fetch_json(actor.uri, signer=signed_fetch_headers)
        outbox = document.get("outbox")
        if not isinstance(outbox, str) or not same_host(outbox, actor.uri):
            return 0
        items = fetch_json(outbox, signer=signed_fetch_headers).get("orderedItems", [])
    except FetchError as error:
        logger.info("no backfill from %s: %s", actor.uri, error.reason)
        return 0
    brought = 0
    for item in items[:50] if isinstance(items, list) else []:
        if not isinstance(item, dict) or item.get("type") != "Create":
            continue
        try:
            with transaction.atomic(), asked_here():  # brought for its followers here
                on_create({"object": item.get("object"), "@context": item.get("@context")}, actor)
            brought += 1
        except Refused as error:
            logger.info("backfill of %s: skipped an item: %s", actor.uri, error)
    return brought
