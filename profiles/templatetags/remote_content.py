"""Showing what another node's author sent beside their words: attachments as links.

Media are not served through this node yet, so an attachment is a described link to
where its author's server keeps it, never an embedded image or player.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()
MAX_SHOWN = 8
KIND_WORDS = {
    "image": _("image"),
    "video": _("video"),
    "audio": _("sound"),
    "document": _("document"),
    "link": _("link"),
}


def _file_name(url: str) -> str:
    path = urlsplit(url).path.rstrip("/")
    return unquote(path.rsplit("/", 1)[-1])[:120] or urlsplit(url).netloc


@register.filter
def shown_attachments(attachments: Any) -> list[dict[str, str]]:
    """The attachments worth a link: http(s) only (checked again here), with a label and
    the kind in words ("image", "document"), at most eight."""
    shown: list[dict[str, str]] = []
    for item in attachments if isinstance(attachments, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            continue
        url = item["url"]
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        description = item.get("description")
        label = description if isinstance(description, str) and description else _file_name(url)
        kind = KIND_WORDS.get(item.get("type") or "", KIND_WORDS["document"])
        shown.append({"url": url, "label": label, "kind": str(kind)})
        if len(shown) == MAX_SHOWN:
            break
    return shown
