"""Contact's pieces on other apps' pages, shown only to those who may use them.

Template tags keep the profiles and jobs apps ignorant of contact: a person's page
asks for the "Contact" button, an offer page for its apply block, "My organisation"
for its applications counted by status; this app decides what they show.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from contact.access import member_organisations
from contact.application_status import counts_by_status
from contact.apply_guidance import guidance
from contact.models import Application
from jobs.models import Offer, Organisation
from profiles.models import Profile, ProfileKind

register = template.Library()


@register.inclusion_tag("contact/_contact_button.html", takes_context=True)
def contact_button(context: dict[str, Any], profile: Profile) -> dict[str, Any]:
    user = context["request"].user
    shown = (
        profile.kind == ProfileKind.PERSON
        and profile.accepts_contact
        and getattr(user, "is_authenticated", False)
        and getattr(user, "profile", None) != profile
        and member_organisations(user).exists()
    )
    return {"shown": shown, "profile": profile}


@register.inclusion_tag("contact/_apply_block.html", takes_context=True)
def apply_block(
    context: dict[str, Any], offer: Offer, is_open: bool, is_member: bool
) -> dict[str, Any]:
    """On the offer page: "Apply", or why not and what to do, or where the application is."""
    user = context["request"].user
    return {
        "offer": offer,
        "guidance": guidance(user, offer, is_open=is_open, is_member=is_member),
    }


@register.inclusion_tag("contact/_applications_summary.html")
def organisation_applications_summary(organisation: Organisation) -> dict[str, Any]:
    """On "My organisation": its applications counted by status (new ones first), each
    count a link to the applications page filtered that way."""
    found = Application.objects.filter(offer__organisation=organisation)
    counts = counts_by_status(found)
    base = reverse("contact:organisation-applications")
    mine = {"organisation": organisation.profile_id}
    for count in counts:
        count["url"] = f"{base}?{urlencode({**mine, 'status': count['status']})}"
    return {
        "counts": counts,
        "total": sum(count["count"] for count in counts),
        "all_url": f"{base}?{urlencode(mine)}",
    }
