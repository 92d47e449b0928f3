"""Organisations as `Organization` actors: what we add when serving, what we keep on receipt.

Mastodon shows the attachment PropertyValues (Sector, Place, Website, Verified);
Tremplin peers also read `verified` (an ISO date). A peer trusts that mark because
the actor document is fetched from the organisation's own node (fetch_json checks
that the id is the URL fetched), so only that node can say it verified its members.
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import escape, format_html

from federation.peers.actors import save_changed
from federation.protocol.remote_html import plain_text
from jobs.models import Organisation
from profiles.models import Profile

HREF = re.compile(r"""href=["']([^"']{1,300})["']""")


def website_link(url: str) -> str:
    """The website as Mastodon writes profile links (the host shown, the page linked)."""
    host = urlsplit(url).netloc
    return format_html('<a href="{}" rel="me nofollow noopener" target="_blank">{}</a>', url, host)


def extend_actor(profile: Profile, document: dict[str, Any]) -> None:
    """Make a local organisation's actor document an `Organization` with its facts."""
    document["type"] = "Organization"
    organisation = Organisation.objects.filter(profile=profile).first()
    if organisation is None or "attachment" not in document:
        return  # not shown to everyone: only the type says what it is
    fields = []
    if organisation.sector:
        fields.append(("Sector", escape(organisation.sector)))
    if organisation.place:
        fields.append(("Place", escape(organisation.place)))
    if organisation.website:
        fields.append(("Website", website_link(organisation.website)))
    if organisation.verified_at is not None:
        day = organisation.verified_at.date().isoformat()
        fields.append(("Verified", escape(f"Verified by {settings.TREMPLIN_DOMAIN} on {day}")))
        document["verified"] = day
    document["attachment"] += [
        {"type": "PropertyValue", "name": name, "value": value} for name, value in fields
    ]


def _fields(document: dict[str, Any]) -> dict[str, str]:
    raw = document.get("attachment")
    found: dict[str, str] = {}
    for item in raw[:20] if isinstance(raw, list) else []:
        if (
            isinstance(item, dict)
            and item.get("type") == "PropertyValue"
            and isinstance(item.get("name"), str)
            and isinstance(item.get("value"), str)
        ):
            found.setdefault(item["name"].strip().lower(), item["value"][:1000])
    return found


def _website(value: str) -> str:
    match = HREF.search(value)
    url = match[1] if match else plain_text(value, 300)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        return ""
    return url


def _verified(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def sync_organisation(profile: Profile, document: dict[str, Any]) -> Organisation:
    """A remote organisation's facts, as its own node states them (plain text only)."""
    fields = _fields(document)
    organisation, _created = Organisation.objects.get_or_create(profile=profile)
    save_changed(
        organisation,
        {
            "sector": plain_text(fields.get("sector", ""), 120),
            "place": plain_text(fields.get("place", ""), 120),
            "website": _website(fields.get("website", "")),
            "verified_at": _verified(document.get("verified")),
        },
    )
    return organisation
