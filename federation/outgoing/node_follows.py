"""This node following another node: its instance actor follows theirs.

The other node then announces its public experiences and offers to us (see
inbox_processing.on_announce), so a whole territory's items arrive here. The node's
team decides this (admin action or `tremplin follow_node`), not a person.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from federation.models import NodeFollow, NodeFollowState, RemoteActor
from federation.outgoing.outbox import send
from federation.peers.actors import ActorError, fetch_actor
from federation.peers.resolve import resolve_handle
from federation.protocol import hosts, ids
from node.web.pagecache import retire_cached_pages
from profiles.lookup import LookupRefused

logger = logging.getLogger(__name__)
NODE_TYPES = ("Application", "Service")


class NodeFollowError(Exception):
    """The node named cannot be followed (the reason says why)."""


# Handed over by federation/apps.py (the backfill request), kept out of this lower module.
FOLLOWING: list[Callable[[RemoteActor], object]] = []


def find_node(target: str) -> RemoteActor:
    """Another node's instance actor, from its domain ("node.example") or its actor URL."""
    target = target.strip()
    if "://" in target:
        url = target
    else:
        scheme = "http" if settings.TREMPLIN_ALLOW_PRIVATE_FETCH else "https"
        try:
            domain = hosts.normalise_host(target.strip("/"), scheme)
        except hosts.BadHost as error:
            raise NodeFollowError(f"{target!r} is neither a domain nor a URL") from error
        try:
            profile = resolve_handle(f"{domain.split(':', 1)[0]}@{domain}")
        except LookupRefused as refused:
            raise NodeFollowError(f"this node does not federate with {refused.node}") from refused
        actor = RemoteActor.objects.filter(profile=profile).first() if profile else None
        if actor is not None and actor.actor_type in NODE_TYPES:
            return actor
        url = f"{scheme}://{domain}/actor/"
    if urlsplit(url).scheme not in ("http", "https") or ids.is_local(url):
        raise NodeFollowError(f"{url} is not another node's address")
    try:
        actor = fetch_actor(url)
    except ActorError as error:
        raise NodeFollowError(str(error)) from error
    if actor.actor_type not in NODE_TYPES:
        raise NodeFollowError(f"{url} is a {actor.actor_type}, not a node")
    return actor


def follow_node(target: str) -> NodeFollow:
    """Ask another node to let this node follow it; pending until its Accept."""
    return _follow(find_node(target))  # fetched before the transaction, not inside it


@transaction.atomic
def _follow(actor: RemoteActor) -> NodeFollow:
    existing = NodeFollow.objects.filter(actor=actor).first()
    if existing is not None:
        return existing
    activity = send(None, "Follow", actor.uri, [actor.inbox], audience={"to": [actor.uri]})
    for hook in FOLLOWING:  # the territory's earlier items, not only those to come
        hook(actor)
    return NodeFollow.objects.create(actor=actor, uri=activity.uri)


@transaction.atomic
def stop_following_node(link: NodeFollow) -> None:
    """Undo our Follow; the other node stops announcing to us."""
    request = {
        "id": link.uri,
        "type": "Follow",
        "actor": ids.actor_uri(None),
        "object": link.actor.uri,
    }
    send(
        None,
        "Undo",
        request,
        [link.actor.inbox],
        audience={"to": [link.actor.uri]},
        object_uri=link.uri,
    )
    link.delete()
    retire_cached_pages()  # its items leave the listings (profiles.belonging)


def answered(follow_uri: str, actor: RemoteActor, *, accepted: bool) -> bool:
    """An Accept or Reject of our node's Follow: True when it was one (then recorded)."""
    link = NodeFollow.objects.filter(uri=follow_uri, actor=actor).first()
    if link is None:
        return False
    if accepted:
        NodeFollow.objects.filter(pk=link.pk).update(state=NodeFollowState.ACCEPTED)
        retire_cached_pages()  # its items now belong on the listings (profiles.belonging)
    else:
        link.delete()
        logger.info("%s refused to be followed by this node", actor.uri)
    return True


def followed_node_domains() -> QuerySet:
    """Domains of the nodes this node follows (accepted): their items belong on our listings.

    A `values()` queryset, so profiles.belonging uses it as a subquery.
    """
    return NodeFollow.objects.filter(state=NodeFollowState.ACCEPTED).values("actor__domain")
