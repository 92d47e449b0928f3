"""What can be reported, found the way the reporter may see it, and described for the queue.

Each kind maps a primary key to the item, the account it belongs to, a label and its
text (a snapshot kept with the report), and its id on its home node when it came from
another node (what a `Flag` names).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from contact import access
from contact.models import Message
from jobs.models import Offer, OfferState
from moderation.models import TargetKind
from profiles.models import Experience, Profile
from profiles.permissions import viewer_profile


@dataclass(frozen=True)
class Target:
    kind: str
    item: Model
    owner: Profile
    label: str
    text: str

    @property
    def domain(self) -> str:
        return self.owner.domain

    @property
    def owner_uri(self) -> str:
        actor = getattr(self.owner, "remote_actor", None)
        return actor.uri if actor else ""

    @property
    def item_uri(self) -> str:
        """The item's id on its home node ("" for a local item or when unknown)."""
        if self.kind == TargetKind.PROFILE:
            return self.owner_uri
        if self.kind == TargetKind.EXPERIENCE:
            remote = getattr(self.item, "remote_object", None)
            return remote.uri if remote else ""
        if self.kind == TargetKind.OFFER:
            remote = getattr(self.item, "remote", None)
            return remote.uri if remote else ""
        return getattr(self.item, "remote_id", "")


def describe(kind: str, item: Any) -> Target:
    """The report's view of an item already found."""
    if kind == TargetKind.PROFILE:
        revision = item.published or item.draft
        text = f"{revision.headline}\n{revision.about}" if revision else ""
        return Target(kind, item, item, f"{item.display_name} ({item.fediverse_handle})", text)
    if kind == TargetKind.EXPERIENCE:
        revision = item.published or item.draft
        title = revision.title if revision else ""
        text = "\n".join(t for _, t in revision.story_parts()) if revision else ""
        return Target(kind, item, item.owner, f"{title} — {item.owner.fediverse_handle}", text)
    if kind == TargetKind.OFFER:
        owner = item.organisation.profile
        return Target(
            kind, item, owner, f"{item.title} — {owner.fediverse_handle}", item.description
        )
    return Target(
        kind, item, item.author, f"{item.author.fediverse_handle}: {item.body[:80]}", item.body
    )


def find_for(user: Any, kind: str, pk: int) -> Target | None:
    """The item if this user may see it (so may report it), else None."""
    if kind == TargetKind.PROFILE:
        item = Profile.objects.visible_to(user).filter(pk=pk).first()
    elif kind == TargetKind.EXPERIENCE:
        item = Experience.objects.visible_to(user).select_related("owner").filter(pk=pk).first()
    elif kind == TargetKind.OFFER:
        item = (
            Offer.objects.filter(pk=pk, state=OfferState.PUBLISHED)
            .select_related("organisation__profile")
            .first()
        )
    elif kind == TargetKind.MESSAGE:
        readable = access.conversations_for(viewer_profile(user))
        item = (
            Message.objects.filter(pk=pk, conversation__in=readable)
            .select_related("author")
            .first()
        )
    else:
        return None
    return describe(kind, item) if item is not None else None


def find_any(kind: str, pk: int) -> Target | None:
    """The item whoever may see it (for the team's queue), or None when it is gone."""
    model = {
        TargetKind.PROFILE: Profile,
        TargetKind.EXPERIENCE: Experience,
        TargetKind.OFFER: Offer,
        TargetKind.MESSAGE: Message,
    }.get(kind)
    item = model.objects.filter(pk=pk).first() if model else None
    return describe(kind, item) if item is not None else None
