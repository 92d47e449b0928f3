"""Following tags: a followed concept brings its new experiences and offers to the feed.

The follower is a profile: a person, or an organisation its members act for
(profiles.acting); an organisation's tags feed the organisation's feed.
"""

from __future__ import annotations

from network.models import TagFollow
from profiles.models import Concept, Profile


def follow_tag(profile: Profile, concept: Concept) -> TagFollow:
    relation, _created = TagFollow.objects.get_or_create(profile=profile, concept=concept)
    return relation


def unfollow_tag(profile: Profile, concept: Concept) -> None:
    TagFollow.objects.filter(profile=profile, concept=concept).delete()


def follows_tag(profile: Profile | None, concept: Concept) -> bool:
    return (
        profile is not None and TagFollow.objects.filter(profile=profile, concept=concept).exists()
    )


def followed_concepts(profile: Profile) -> list[Concept]:
    return [f.concept for f in TagFollow.objects.filter(profile=profile).select_related("concept")]


def follow_states(profiles: list[Profile], concept: Concept) -> list[tuple[Profile, bool]]:
    """For each profile, whether it follows the concept (one query)."""
    following = set(
        TagFollow.objects.filter(profile__in=profiles, concept=concept).values_list(
            "profile_id", flat=True
        )
    )
    return [(profile, profile.pk in following) for profile in profiles]
