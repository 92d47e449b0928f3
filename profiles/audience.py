"""Who can see a person's profile right now, told to its owner in plain words.

The owner must never read "published" when only they and their counsellors can see
it: the sentence follows what others can actually see today (a minor without a
guardian's consent is held at "private" whatever level was stored).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from profiles.models import Profile
from profiles.visibility import Visibility


def effective_visibility(profile: Profile) -> int | None:
    """The level others see the published profile at today; None if not published."""
    if profile.published_id is None:
        return None
    return min(profile.visibility, profile.highest_visibility())


def who_sees_my_profile(profile: Profile) -> str:
    level = effective_visibility(profile)
    if level is None:
        return _("Not published yet: only you and the counsellors you chose can see your profile.")
    sentences = {
        Visibility.ONLY_ME: _("Only you can see your profile: it is not published for others."),
        Visibility.PRIVATE: _(
            "Only you and the counsellors you chose can see your profile: it is not "
            "published for others."
        ),
        Visibility.MEMBERS: _("Published: people with an account on this node can see it."),
        Visibility.FOLLOWERS: _(
            "Published: people who follow you and this node's members can see it."
        ),
        Visibility.PUBLIC: _(
            "Published: everyone can see it, including people who are not logged in and "
            "employers on other nodes."
        ),
    }
    return sentences[Visibility(level)]


def changes_waiting(profile: Profile) -> bool:
    """A draft that differs from what others see: they still see the published words."""
    return profile.published_id is not None and profile.draft_id is not None
