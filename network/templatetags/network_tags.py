"""Template tags other apps' pages use, so those apps need not know this one.

The tag page shows a Follow button and the layout shows the unread count through
these tags; their views stay as they are.
"""

from __future__ import annotations

from typing import Any

from django import template

from jobs.models import Offer
from network.links import offer_path
from network.models import Notification
from network.tags import follow_states, follows_tag
from profiles.acting import acting_profiles
from profiles.models import Concept
from profiles.permissions import viewer_profile

register = template.Library()


@register.inclusion_tag("network/_tag_follow.html", takes_context=True)
def tag_follow_button(context: dict[str, Any], concept: Concept) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    profile = viewer_profile(user)
    # Members of an organisation follow a tag as themselves or as the organisation.
    actors = acting_profiles(user) if profile is not None else []
    return {
        "concept": concept,
        "logged_in": bool(user and user.is_authenticated),
        "has_profile": profile is not None,
        "following": follows_tag(profile, concept),
        "organisations": follow_states(actors[1:], concept),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    """How many notifications the logged-in person has not read (one indexed COUNT)."""
    request = context.get("request")
    profile = viewer_profile(getattr(request, "user", None))
    if profile is None:
        return 0
    return Notification.objects.filter(recipient=profile, read_at__isnull=True).count()


@register.filter
def offer_url(offer: Offer) -> str:
    return offer_path(offer.pk)
