"""The "Contact" button on a person's page, shown only to those who may use it.

A template tag keeps the profiles app ignorant of contact: its page asks for the
button, this app decides whether there is one.
"""

from __future__ import annotations

from typing import Any

from django import template

from contact.access import member_organisations
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
