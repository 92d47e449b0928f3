"""One small world for the visibility matrix: an owner, an item, and every kind of viewer.

Built through the domain services (sign-up, publishing, follows, organisations), so the
matrix sees what a user would. Every logged-in viewer (and the organisation) follows the
item's tag, so the feed would show the item to anyone allowed to see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.test import Client
from django.utils import timezone

from jobs import organisations
from network import tags
from profiles import counsellors, publishing
from profiles.models import Concept, Experience, Follow, FollowState, Profile
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person
from tests.federation.test_authorized_fetch import make_peer_actor
from tests.jobs.conftest import ORGANISATION

TITLE = "Matrix kitchen helper"
HEADLINE = "Matrix headline of the owner"
PROFILE_WORDS = {
    "display_name": "Matrix Owner",
    "headline": HEADLINE,
    "about": "",
    "territory": "",
    "languages_spoken": [],
    "language": "en",
}


@dataclass
class World:
    owner: Profile
    item: Experience
    clients: dict[str, Client]
    feed_params: dict[str, dict[str, str]] = field(default_factory=dict)


def _follow(follower: Profile, followed: Profile) -> None:
    Follow.objects.create(follower=follower, followed=followed, state=FollowState.ACCEPTED)


def _local_owner(minor: bool, level: int) -> Profile:
    """An adult, or a minor whose guardian consented, then withdrew consent."""
    if not minor:
        owner = make_person("olivia")
        publishing.save_profile_draft(owner, PROFILE_WORDS)
        publishing.publish_profile(owner, level)
        return owner
    year = timezone.localdate().year - 12
    owner = make_person("mia", birth=(year, 1))
    owner.guardian_consent_at = timezone.now()
    owner.save()
    publishing.save_profile_draft(owner, PROFILE_WORDS)
    publishing.publish_profile(owner, level)
    return owner


def _withdraw_consent(owner: Profile) -> None:
    Profile.objects.filter(pk=owner.pk).update(guardian_consent_at=None)
    owner.refresh_from_db()


def _remote_owner(level: int) -> Profile:
    """A person of peer.example whose item reached us (public, or for followers)."""
    actor = make_peer_actor("peer.example", "rosa")
    owner = actor.profile
    publishing.save_profile_draft(owner, PROFILE_WORDS)
    publishing.publish_profile(owner, Visibility.PUBLIC)
    owner.refresh_from_db()
    return owner


def build(owner_kind: str, level: int) -> World:
    """owner_kind: "adult" (of this node), "minor" (no guardian consent), "remote"."""
    cooking = Concept.objects.get(slug="cooking")
    if owner_kind == "remote":
        owner = _remote_owner(level)
    else:
        owner = _local_owner(owner_kind == "minor", level)
    item = make_experience(owner, level, title=TITLE)
    if owner_kind == "minor":
        _withdraw_consent(owner)

    member = make_person("bob")
    follower = make_person("erin")
    chosen = make_person("carla", role="counsellor", birth=None)
    not_chosen = make_person("dan", role="counsellor", birth=None)
    unconfirmed = make_person("ugo", role="counsellor", birth=None)
    olga = make_person("olga")
    organisation = organisations.create_organisation(olga.user, ORGANISATION).profile
    _follow(follower, owner)
    _follow(organisation, owner)
    if owner_kind != "remote":
        counsellors.choose(owner, chosen)
        counsellors.choose(owner, unconfirmed)
    counsellors.withdraw(unconfirmed)  # chosen once, role no longer granted by the node
    for reader in (member, follower, chosen, not_chosen, unconfirmed, olga, organisation, owner):
        tags.follow_tag(reader, cooking)
    viewers = {
        "anon": None,
        "member": member,
        "follower": follower,
        "chosen": chosen,
        "other_c": not_chosen,
        "unconf": unconfirmed,
        "org": olga,
        "owner": owner if owner_kind != "remote" else None,
    }
    return World(
        owner=owner,
        item=item,
        clients={name: client_for(profile) for name, profile in viewers.items()},
        feed_params={"org": {"as": organisation.handle}},
    )
