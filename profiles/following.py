"""Following people: asking, answering, stopping. Followers see "followers" items."""

from __future__ import annotations

from django.db import transaction

from profiles import events
from profiles.models import Follow, FollowState, Profile


@transaction.atomic
def follow(follower: Profile, followed: Profile) -> Follow:
    """Ask to follow; accepted at once unless the followed person approves each follower.

    A person of another node answers through their node, so the request waits for it.
    """
    if follower.pk == followed.pk:
        raise ValueError("one does not follow oneself")
    relation, created = Follow.objects.get_or_create(follower=follower, followed=followed)
    if created:
        if followed.is_local and not followed.approves_followers:
            relation.state = FollowState.ACCEPTED
            relation.save(update_fields=["state"])
        events.follow_requested.send(Follow, follow=relation)
    return relation


@transaction.atomic
def accept(relation: Follow) -> Follow:
    if relation.state != FollowState.ACCEPTED:
        relation.state = FollowState.ACCEPTED
        relation.save(update_fields=["state"])
        events.follow_accepted.send(Follow, follow=relation)
    return relation


@transaction.atomic
def end(relation: Follow, *, refused: bool = False) -> None:
    """Stop a follow: the follower leaves (Undo), or the followed refuses or removes them."""
    follower, followed = relation.follower, relation.followed
    relation.delete()
    events.follow_ended.send(Follow, follower=follower, followed=followed, refused=refused)
