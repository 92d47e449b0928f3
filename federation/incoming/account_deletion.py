"""A person's account deleted here: `Delete` of the actor to every node that had it.

Who had it: every inbox that received any activity of this actor (Delivery rows of
its OutboxActivity) or a copy of one of its objects (federation/outgoing/reach.py: the node's
Announces too), plus its followers' inboxes. The activity is signed when each
delivery is made (signatures carry a fresh Date), so the actor's key row is kept
until no delivery of that actor is queued any more; `purge_keys` then removes it
(see docs/decisions/0013-account-deletion-and-moves.md). Tombstones keep the actor and each of
its objects dead here: a late Create/Update naming them is refused.

Receiving side: `on_delete` (inbox_processing) removes the remote actor and its
profile (experiences and organisation offers go with it); `on_actor_delete` below
first tombstones the actor and every object we held of it, so none comes back.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from federation.incoming.inbox_processing import _id, on_delete
from federation.models import (
    ActorKey,
    Delivery,
    DeliveryState,
    FollowActivity,
    OutboxActivity,
    RemoteActor,
    RemoteObject,
    RemoteOffer,
    Tombstone,
)
from federation.outgoing import gone, reach
from federation.outgoing.outbox import follower_inboxes, send
from federation.protocol import ids
from profiles.models import Profile, ProfileKind


def inboxes_that_had(profile: Profile, object_uris: list[str]) -> list[str]:
    """Every inbox that received an activity of this actor or a copy of one of its objects
    (through the node's Announce too), and its followers' inboxes."""
    delivered = Delivery.objects.filter(activity__actor=profile).values_list("inbox", flat=True)
    return sorted(set(delivered) | set(follower_inboxes(profile)) | reach.holders(*object_uris))


@transaction.atomic
def federate_deletion(profile: Profile) -> OutboxActivity | None:
    """Send `Delete` of the actor and tombstone it and its objects (before they go)."""
    actor = ids.actor_uri(profile)
    object_uris = [actor] + [
        ids.experience_uri_for(profile.handle, pk)
        for pk in profile.experiences.values_list("pk", flat=True)
    ]
    gone.record(actor, "Organization" if profile.kind == ProfileKind.ORGANISATION else "Person")
    for uri in object_uris[1:]:
        gone.record(uri, "Article")
    FollowActivity.objects.filter(follower=profile).delete()
    FollowActivity.objects.filter(followed=profile).delete()
    activity = send(
        profile,
        "Delete",
        actor,
        inboxes_that_had(profile, object_uris),
        audience={"to": [ids.PUBLIC]},
        object_uri=actor,
    )
    for uri in object_uris:
        reach.forget(uri)
    return activity


def on_account_deleting(sender: Any, profile: Profile, **kwargs: Any) -> None:
    """rights.events.account_deleting: inside the deletion's transaction, before data goes."""
    federate_deletion(profile)


def purge_keys() -> int:
    """Remove the keys of deleted actors whose `Delete` deliveries have all ended.

    Idempotent (a periodic job). Until then the key row stays so each retry is signed.
    """
    from rights.models import ClosedAccount

    purged = 0
    for closed in ClosedAccount.objects.filter(key_purged_at__isnull=True):
        if Delivery.objects.filter(
            activity__actor_id=closed.profile_id, state=DeliveryState.QUEUED
        ).exists():
            continue
        ActorKey.objects.filter(profile_id=closed.profile_id).delete()
        ClosedAccount.objects.filter(pk=closed.pk).update(key_purged_at=timezone.now())
        purged += 1
    return purged


def on_actor_delete(activity: dict[str, Any], actor: RemoteActor) -> None:
    """The `Delete` handler: for an actor deleting itself, tombstone it and all we held."""
    if _id(activity.get("object")) == actor.uri:
        uris = [actor.uri]
        uris += list(RemoteObject.objects.filter(actor=actor).values_list("uri", flat=True))
        uris += list(RemoteOffer.objects.filter(actor=actor).values_list("uri", flat=True))
        for uri in uris:
            Tombstone.objects.get_or_create(uri=uri)
        # Offers of a remote organisation go with its profile (Organisation cascades);
        # experiences with their owner's profile.
    on_delete(activity, actor)
