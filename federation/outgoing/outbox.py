"""Domain events become activities: stored first, then delivered by the worker.

Each function here is a receiver of a domain event, and runs inside the transaction of
the change it tells of (profiles/domain_events.py): the activity and one delivery row
per target inbox commit with the change or not at all (a transactional outbox). Only
the worker's wake-up waits for the commit. Nothing here touches the network; nothing
is sent from a request. New events (any domain app) use the same mechanism.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from federation.mapping import serializers
from federation.models import FollowActivity, InstanceFollower, OutboxActivity, RemoteActor
from federation.outgoing import reach
from federation.outgoing.delivery import enqueue
from federation.protocol import addressing, ids
from profiles import events
from profiles.models import Experience, Follow, FollowState, Profile
from profiles.visibility import Visibility

logger = logging.getLogger(__name__)
PUBLISHED = ("Create", "Update", "Announce")


def listen() -> None:
    events.experience_published.connect(on_experience_published, dispatch_uid="fed-published")
    events.experience_unpublished.connect(on_experience_withdrawn, dispatch_uid="fed-unpublished")
    events.experience_deleted.connect(on_experience_deleted, dispatch_uid="fed-deleted")
    events.profile_published.connect(on_profile_published, dispatch_uid="fed-profile")
    events.follow_requested.connect(on_follow_requested, dispatch_uid="fed-follow")
    events.follow_accepted.connect(on_follow_accepted, dispatch_uid="fed-accept")
    events.follow_ended.connect(on_follow_ended, dispatch_uid="fed-follow-ended")


def follower_inboxes(profile: Profile) -> list[str]:
    """The inboxes of the person's followers on other nodes, one per shared inbox."""
    actors = RemoteActor.objects.filter(
        profile__following__followed=profile, profile__following__state=FollowState.ACCEPTED
    )
    return sorted({actor.delivery_inbox for actor in actors})


def instance_follower_inboxes() -> list[str]:
    return sorted(
        {f.actor.delivery_inbox for f in InstanceFollower.objects.select_related("actor")}
    )


def last_federated(object_uri: str) -> OutboxActivity | None:
    """The last Create/Update/Delete sent about an object, if any."""
    return (
        OutboxActivity.objects.filter(
            object_uri=object_uri, activity_type__in=["Create", "Update", "Delete"]
        )
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def send(
    actor: Profile | None,
    activity_type: str,
    object_: Any,
    inboxes: list[str],
    *,
    audience: dict[str, list[str]] | None = None,
    object_uri: str = "",
) -> OutboxActivity | None:
    """Store an activity and its deliveries. `actor` None is the node's instance actor."""
    uri = ids.new_activity_uri()
    body: dict[str, Any] = {
        "@context": serializers.DOCUMENT_CONTEXT,
        "id": uri,
        "type": activity_type,
        "actor": ids.actor_uri(actor),
        "object": object_,
        **(audience or {}),
    }
    if activity_type in PUBLISHED:  # when it was said: Mastodon orders and shows by it
        body["published"] = timezone.now().isoformat().replace("+00:00", "Z")
    activity = OutboxActivity.objects.create(
        uri=uri,
        actor=actor,
        activity_type=activity_type,
        object_uri=object_uri or (object_ if isinstance(object_, str) else object_.get("id", "")),
        body=body,
        public=ids.PUBLIC in (audience or {}).get("to", []),
    )
    enqueue(activity, inboxes)
    return activity


def on_experience_published(experience: Experience, first_time: bool, **kwargs: Any) -> None:
    experience = Experience.objects.select_related("owner", "published").get(pk=experience.pk)
    if not experience.owner.is_local:
        return
    owner = experience.owner
    uri = ids.experience_uri(experience)
    audience = addressing.audience(owner, experience.visibility)
    previous = last_federated(uri)
    was_federated = previous is not None and previous.activity_type != "Delete"
    if audience is None:
        if was_federated:
            withdraw(owner, uri, previous)
        return
    document = serializers.experience_object(experience)
    document.pop("@context", None)
    public = experience.visibility == Visibility.PUBLIC
    if not was_federated:
        send(owner, "Create", document, follower_inboxes(owner), audience=audience)
    else:
        update_to, delete_to = reach.after_change(uri, follower_inboxes(owner), public=public)
        if delete_to:  # first: the Update stays the last word on the object (last_federated)
            withdraw(owner, uri, previous, delete_to)
        send(owner, "Update", document, update_to, audience=audience)
    if public and not (was_federated and previous.public):
        announce(uri)


def announce(uri: str) -> None:
    """Following the node means following the territory: it boosts public objects."""
    send(
        None,
        "Announce",
        uri,
        instance_follower_inboxes(),
        audience={"to": [ids.PUBLIC], "cc": [ids.collection_uri(None, "followers")]},
        object_uri=uri,
    )


def withdraw(
    owner: Profile, uri: str, previous: OutboxActivity, inboxes: list[str] | None = None
) -> None:
    """Tell those who hold a copy of an object (or only `inboxes` among them) that it is
    gone; the author signs, whoever delivered the copy (see federation/outgoing/reach.py)."""
    inboxes = sorted(reach.holders(uri)) if inboxes is None else inboxes
    tombstone = {"id": uri, "type": "Tombstone"}
    send(
        owner,
        "Delete",
        tombstone,
        inboxes,
        audience={"to": previous.body.get("to", []), "cc": previous.body.get("cc", [])},
        object_uri=uri,
    )
    reach.forget(uri, inboxes)


def on_experience_withdrawn(experience: Experience, **kwargs: Any) -> None:
    uri = ids.experience_uri_for(experience.owner.handle, experience.pk)
    previous = last_federated(uri)
    if experience.owner.is_local and previous is not None and previous.activity_type != "Delete":
        withdraw(experience.owner, uri, previous)


def on_experience_deleted(experience_id: int, owner: Profile, **kwargs: Any) -> None:
    uri = ids.experience_uri_for(owner.handle, experience_id)
    previous = last_federated(uri)
    if owner.is_local and previous is not None and previous.activity_type != "Delete":
        withdraw(owner, uri, previous)


def on_profile_published(profile: Profile, **kwargs: Any) -> None:
    if not profile.is_local:
        return
    document = serializers.actor_document(profile)
    document.pop("@context", None)
    inboxes = follower_inboxes(profile)
    if inboxes:
        send(profile, "Update", document, inboxes, audience={"to": [ids.PUBLIC]})


def on_follow_requested(follow: Follow, **kwargs: Any) -> None:
    """A person here asks to follow a person elsewhere."""
    if not follow.follower.is_local or follow.followed.is_local:
        return
    target = RemoteActor.objects.filter(profile=follow.followed).first()
    if target is None:
        logger.warning("follow of %s: no known actor", follow.followed)
        return
    activity = send(
        follow.follower, "Follow", target.uri, [target.inbox], audience={"to": [target.uri]}
    )
    FollowActivity.objects.update_or_create(
        follower=follow.follower,
        followed=follow.followed,
        defaults={"uri": activity.uri, "follow": follow},
    )


def on_follow_accepted(follow: Follow, **kwargs: Any) -> None:
    """A person here accepts a follower from elsewhere (after approving them)."""
    answer_follow(follow, "Accept")


def answer_follow(follow: Follow, answer: str) -> None:
    if follow.follower.is_local or not follow.followed.is_local:
        return
    follower = RemoteActor.objects.filter(profile=follow.follower).first()
    link = FollowActivity.objects.filter(follower=follow.follower, followed=follow.followed).first()
    if follower is None or link is None:
        return
    request = {
        "id": link.uri,
        "type": "Follow",
        "actor": follower.uri,
        "object": ids.actor_uri(follow.followed),
    }
    send(
        follow.followed,
        answer,
        request,
        [follower.inbox],
        audience={"to": [follower.uri]},
        object_uri=link.uri,
    )


def on_follow_ended(follower: Profile, followed: Profile, refused: bool, **kwargs: Any) -> None:
    """Undo when a person here stops following; Reject when a person here says no."""
    link = FollowActivity.objects.filter(follower=follower, followed=followed).first()
    if follower.is_local and not followed.is_local and not refused:
        target = RemoteActor.objects.filter(profile=followed).first()
        if target is not None and link is not None:
            request = {
                "id": link.uri,
                "type": "Follow",
                "actor": ids.actor_uri(follower),
                "object": target.uri,
            }
            send(
                follower,
                "Undo",
                request,
                [target.inbox],
                audience={"to": [target.uri]},
                object_uri=link.uri,
            )
    elif followed.is_local and not follower.is_local and refused:
        remote = RemoteActor.objects.filter(profile=follower).first()
        if remote is not None and link is not None:
            request = {
                "id": link.uri,
                "type": "Follow",
                "actor": remote.uri,
                "object": ids.actor_uri(followed),
            }
            send(
                followed,
                "Reject",
                request,
                [remote.inbox],
                audience={"to": [remote.uri]},
                object_uri=link.uri,
            )
    FollowActivity.objects.filter(follower=follower, followed=followed).delete()
