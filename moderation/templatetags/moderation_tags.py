"""The "Report" link other apps' pages show, so those apps need not know this one."""

from __future__ import annotations

from typing import Any

from django import template

from profiles.permissions import viewer_profile

register = template.Library()


@register.inclusion_tag("moderation/_report_link.html", takes_context=True)
def report_link(context: dict[str, Any], kind: str, item: Any) -> dict[str, Any]:
    """Shown to logged-in people with a profile, never on their own things."""
    request = context.get("request")
    profile = viewer_profile(getattr(request, "user", None))
    owner_id = {
        "profile": lambda: item.pk,
        "experience": lambda: item.owner_id,
        "offer": lambda: item.organisation.profile_id,
        "message": lambda: item.author_id,
    }.get(kind, lambda: None)()
    return {
        "show": profile is not None and owner_id is not None and owner_id != profile.pk,
        "kind": kind,
        "pk": item.pk,
        "next": request.get_full_path() if request else "",
    }
