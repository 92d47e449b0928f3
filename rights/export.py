"""Everything this node keeps about a person, as one JSON document they can download.

Included: the account, the profile and every revision, experiences with every revision
and their tags, follows both ways, chosen counsellors and the people counselled,
organisation memberships (and, for organisations the person owns, their offers: the
person is answerable for them), tag follows and alerts, notifications, conversations
they can read with their messages, and applications. Not included: other people's
private data beyond their handle and what they wrote in a shared conversation.
The same document is what /me/import/ reads on another node.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from profiles.models import Experience, ExperienceRevision, Follow, Profile, ProfileRevision
from profiles.publishing import EXPERIENCE_FIELDS

FORMAT = "tremplin-export/1"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _handle(profile: Profile) -> str:
    return profile.fediverse_handle


def profile_revision(revision: ProfileRevision) -> dict[str, Any]:
    return {
        "display_name": revision.display_name,
        "headline": revision.headline,
        "about": revision.about,
        "territory": revision.territory,
        "languages_spoken": list(revision.languages_spoken),
        "language": revision.language,
        "visibility": revision.visibility,
        "created_at": _iso(revision.created_at),
        "published_at": _iso(revision.published_at),
    }


def experience_revision(revision: ExperienceRevision) -> dict[str, Any]:
    fields = [*EXPERIENCE_FIELDS, "visibility"]
    data: dict[str, Any] = {name: getattr(revision, name) for name in fields}
    data["tags"] = [
        {"text": tag.text, "concept": tag.concept.slug if tag.concept else None}
        for tag in revision.tags.all()
    ]
    data["created_at"] = _iso(revision.created_at)
    data["published_at"] = _iso(revision.published_at)
    return data


def experience(item: Experience) -> dict[str, Any]:
    revisions = item.revisions.prefetch_related("tags__concept").order_by("created_at", "pk")
    return {
        "id": item.pk,
        "visibility": item.visibility,
        "published_revision": item.published_id,
        "draft_revision": item.draft_id,
        "published_at": _iso(item.published_at),
        "published": experience_revision(item.published) if item.published else None,
        "draft": experience_revision(item.draft) if item.draft else None,
        "revisions": [{"id": r.pk, **experience_revision(r)} for r in revisions],
    }


def _follows(queryset: Any, side: str) -> list[dict[str, Any]]:
    return [
        {side: _handle(getattr(f, side)), "state": f.state, "since": _iso(f.created_at)}
        for f in queryset.select_related(side)
    ]


def export_data(profile: Profile) -> dict[str, Any]:
    """The whole document for `profile` (a local person with an account)."""
    from contact.access import conversations_for
    from contact.models import Application
    from jobs.models import MemberRole, Offer
    from network.models import Notification, SavedSearch, TagFollow

    user = profile.user
    memberships = list(user.memberships.select_related("organisation__profile")) if user else []
    owned = [m.organisation for m in memberships if m.role == MemberRole.OWNER]
    conversations = conversations_for(profile).prefetch_related("messages__author")
    return {
        "format": FORMAT,
        "exported_at": _iso(timezone.now()),
        "node": settings.TREMPLIN_DOMAIN,
        "actor": _actor_uri(profile),
        "account": {
            "handle": profile.handle,
            "email": user.email if user else "",
            "date_joined": _iso(user.date_joined) if user else None,
        },
        "profile": {
            "handle": profile.handle,
            "fediverse_handle": profile.fediverse_handle,
            "role": profile.role,
            "visibility": profile.visibility,
            "default_visibility": profile.default_visibility,
            "approves_followers": profile.approves_followers,
            "accepts_contact": profile.accepts_contact,
            "birth_year": profile.birth_year,
            "birth_month": profile.birth_month,
            "also_known_as": list(profile.also_known_as),
            "moved_to": profile.moved_to,
            "published": profile_revision(profile.published) if profile.published else None,
            "draft": profile_revision(profile.draft) if profile.draft else None,
            "revisions": [
                profile_revision(r) for r in profile.revisions.order_by("created_at", "pk")
            ],
        },
        "experiences": [
            experience(item)
            for item in profile.experiences.select_related("published", "draft").order_by("pk")
        ],
        "following": _follows(Follow.objects.filter(follower=profile), "followed"),
        "followers": _follows(Follow.objects.filter(followed=profile), "follower"),
        "counsellors": [_handle(link.counsellor) for link in profile.counsellor_links.all()],
        "counselled": [_handle(link.person) for link in profile.counselled_links.all()],
        "memberships": [
            {
                "organisation": _handle(m.organisation.profile),
                "role": m.role,
                "shown_on_page": m.shown_on_page,
                "since": _iso(m.created_at),
            }
            for m in memberships
        ],
        "offers_of_organisations_i_own": [
            {
                "organisation": _handle(offer.organisation.profile),
                "title": offer.title,
                "description": offer.description,
                "place": offer.place,
                "state": offer.state,
                "published_at": _iso(offer.published_at),
            }
            for offer in Offer.objects.filter(organisation__in=owned).select_related(
                "organisation__profile"
            )
        ],
        "tag_follows": [
            t.concept.slug
            for t in TagFollow.objects.filter(profile=profile).select_related("concept")
        ],
        "alerts": [
            {
                "name": s.name,
                "concepts": [c.slug for c in s.concepts.all()],
                "place": s.place,
                "contract_type": s.contract_type,
                "active": s.active,
                "email_digest": s.email_digest,
            }
            for s in SavedSearch.objects.filter(profile=profile)
        ],
        "notifications": [
            {"kind": n.kind, "title": n.title, "url": n.url, "at": _iso(n.created_at)}
            for n in Notification.objects.filter(recipient=profile).order_by("created_at")
        ],
        "conversations": [
            {
                "subject": c.subject,
                "organisation": _handle(c.organisation),
                "person": _handle(c.person),
                "state": c.state,
                "messages": [
                    {
                        "author": _handle(m.author),
                        "body": m.body,
                        "language": m.language,
                        "at": _iso(m.created_at),
                    }
                    for m in c.messages.all()
                ],
            }
            for c in conversations
        ],
        "applications": [
            {
                "offer": a.offer.title,
                "organisation": _handle(a.offer.organisation.profile),
                "message": a.message,
                "experiences": a.experience_links,
                "at": _iso(a.created_at),
                "status": a.status,
                "status_changed_at": _iso(a.status_changed_at),
            }
            for a in Application.objects.filter(person=profile).select_related(
                "offer__organisation__profile"
            )
        ],
    }


def _actor_uri(profile: Profile) -> str:
    """The ActivityPub id of the person (the new node checks aliases against it).

    A person's actor id is their profile page's address: one address for people and
    for servers (README, "Federation").
    """
    from profiles.addresses import absolute

    return absolute(profile.get_absolute_url())
