"""Who sees what, and who may act: the one place for these rules.

Every page, JSON answer, feed and search goes through `visibility_q` (via the
`visible_to` query functions of each model); a path that filters on its own is a bug.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from profiles.visibility import Visibility

if TYPE_CHECKING:
    from profiles.models import Profile


def viewer_profile(user: Any) -> Profile | None:
    """The profile of a logged-in user, or None (anonymous or no profile)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "profile", None)


def consent_q(owner: str, today: datetime.date | None = None) -> Q:
    """Owners who may show things beyond "private": of consent age, or consented for."""
    today = today or timezone.localdate()
    return (
        Q(**{f"{owner}consent_from__isnull": True})
        | Q(**{f"{owner}consent_from__lte": today})
        | Q(**{f"{owner}guardian_consent_at__isnull": False})
    )


def visibility_q(user: Any, owner: str = "owner__") -> Q:
    """The condition an item (with a `visibility` and an owner) must meet to be seen.

    `owner` is the lookup path from the item to its owning Profile ("" for a profile).
    Members of this node see what its own people show to members or followers; what
    people of other nodes show to their followers is seen by their followers only.
    Nothing of a suspended account is seen by anyone but the node's team (moderation).
    """
    if getattr(user, "is_staff", False) and getattr(user, "is_active", False):
        return _visibility_q(user, owner)
    return _visibility_q(user, owner) & Q(**{f"{owner}suspended_at__isnull": True})


def _visibility_q(user: Any, owner: str) -> Q:
    from profiles.models import CounsellorLink, Follow, FollowState

    consented = consent_q(owner)
    public = Q(visibility=Visibility.PUBLIC) & consented
    if user is None or not getattr(user, "is_authenticated", False):
        return public
    local_owner = Q(**{f"{owner}domain": ""})
    condition = public | (Q(visibility__gte=Visibility.MEMBERS) & local_owner & consented)
    profile = viewer_profile(user)
    if profile is not None:
        owner_pk = f"{owner}pk" if owner else "pk"
        follows = Follow.objects.filter(
            follower=profile, followed=OuterRef(owner_pk), state=FollowState.ACCEPTED
        )
        chosen = CounsellorLink.objects.granted().filter(
            person=OuterRef(owner_pk), counsellor=profile
        )
        condition |= Q(visibility__gte=Visibility.FOLLOWERS) & Q(Exists(follows)) & consented
        condition |= Q(**{owner_pk: profile.pk})
        condition |= Q(visibility__gte=Visibility.PRIVATE) & Q(Exists(chosen))
    return condition


def is_chosen_counsellor(profile: Profile | None, person: Profile) -> bool:
    """Whether `profile` is a counsellor `person` chose, still granted the role."""
    if profile is None:
        return False
    return person.counsellor_links.granted().filter(counsellor=profile).exists()


def can_see_drafts(user: Any, owner: Profile, visibility: int) -> bool:
    """Drafts are for the owner and the counsellors the owner chose, no one else.

    `visibility` is the level of the item (or profile) the draft belongs to: what its
    owner keeps for "only me" stays theirs, drafts included.
    """
    profile = viewer_profile(user)
    if profile is None:
        return False
    if profile.pk == owner.pk:
        return True
    if visibility < Visibility.PRIVATE:
        return False
    return is_chosen_counsellor(profile, owner)


def can_edit(user: Any, owner: Profile) -> bool:
    """Only the owner changes their profile and experiences."""
    profile = viewer_profile(user)
    return profile is not None and profile.pk == owner.pk
