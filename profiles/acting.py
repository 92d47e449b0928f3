"""Who a logged-in user may act as: themselves, and the profiles they speak for.

Members of an organisation follow people and territories as the organisation, and
read its feed; the jobs app registers that here (profiles never imports jobs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from profiles.models import Follow, Profile
from profiles.permissions import viewer_profile

# Each provider gives the other profiles a user may act as.
identity_providers: list[Callable[[Any], Iterable[Profile]]] = []


def acting_profiles(user: Any) -> list[Profile]:
    """The user's own profile first, then the ones they speak for (none if anonymous)."""
    own = viewer_profile(user)
    if own is None:
        return []
    others = {p.pk: p for provider in identity_providers for p in provider(user) if p.pk != own.pk}
    return [own, *others.values()]


def acting_profile(user: Any, handle: str | None, profiles: list[Profile] | None = None) -> Profile:
    """The profile named by `handle` among those the user may act as ("" = their own).

    `profiles` is `acting_profiles(user)` when the caller already has it.
    """
    profiles = acting_profiles(user) if profiles is None else profiles
    if not profiles:
        raise PermissionDenied(_("Log in with an account that has a profile."))
    if not handle:
        return profiles[0]
    for profile in profiles:
        if profile.handle == handle:
            return profile
    raise PermissionDenied(_("You do not act for this profile."))


def follow_states(user: Any, target: Profile) -> list[tuple[Profile, Follow | None]]:
    """For each profile the user may act as (but the target): its follow of the target."""
    actors = [p for p in acting_profiles(user) if p.pk != target.pk]
    follows = {
        f.follower_id: f for f in Follow.objects.filter(follower__in=actors, followed=target)
    }
    return [(actor, follows.get(actor.pk)) for actor in actors]
