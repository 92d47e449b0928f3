"""Template tags for getting seen: the first-steps list and the consent law in words.

Tags, so that any page (the home page, the editors) shows them with one line and no
change to its view.
"""

from __future__ import annotations

from typing import Any

from django import template

from profiles import consent, first_steps, guardian_consent
from profiles.models import GuardianConsentRequest, Profile

register = template.Library()


@register.inclusion_tag("profiles/_first_steps.html", takes_context=True)
def first_steps_list(context: dict[str, Any], profile: Profile | None = None) -> dict[str, Any]:
    """The first steps of `profile`, or of the logged-in person; nothing once all done."""
    if profile is None:
        user = context.get("user")
        profile = (
            getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
        )
    steps = first_steps.unfinished_steps(profile)
    return {"steps": steps, "done": sum(step.done for step in steps), "total": len(steps)}


@register.simple_tag
def consent_law() -> dict[str, Any]:
    """The age of digital consent where this node is, and the country's name."""
    return {"age": consent.consent_age(), "country": consent.country_name()}


@register.simple_tag
def guardian_request(profile: Profile) -> GuardianConsentRequest | None:
    """The person's latest guardian-consent form, to show where it stands."""
    return guardian_consent.latest_request(profile)
