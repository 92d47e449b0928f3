"""What a received object says, read once: safe HTML, plain text, language, warning.

Minimal version of the shared contract (federation/remote_content.py, OWNER display):
the display helper's version replaces this one at merge; the API is the same.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.dateparse import parse_datetime

from federation.remote_html import plain_text, safe_html

MAX_ATTACHMENTS = 8


@dataclass(frozen=True)
class RemoteContent:
    html: str
    text: str
    language: str
    name: str
    summary: str
    sensitive: bool
    attachments: tuple[dict[str, str], ...]
    hashtags: tuple[str, ...]
    mentions: tuple[str, ...]
    in_reply_to: str | None
    published: datetime.datetime | None


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _id(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _http(url: Any) -> bool:
    return isinstance(url, str) and url.startswith(("https://", "http://"))


def read_content(obj: dict[str, Any]) -> RemoteContent:
    """The parts of a peer's object we keep, each made safe once."""
    language, raw = "", obj.get("content")
    content_map = obj.get("contentMap")
    if isinstance(content_map, dict):
        for key, value in content_map.items():
            if isinstance(key, str) and isinstance(value, str):
                language = key.split("-")[0].lower()[:8]
                if not isinstance(raw, str):
                    raw = value
                break
    summary = plain_text(obj.get("summary"), 200)
    attachments = []
    for item in _listed(obj.get("attachment"))[:MAX_ATTACHMENTS]:
        if isinstance(item, dict):
            url = item.get("url")
            url = _id(url) or (url[0] if isinstance(url, list) and url else "")
            url = url.get("href", "") if isinstance(url, dict) else url
            if _http(url):
                attachments.append(
                    {
                        "type": str(item.get("type", ""))[:40],
                        "url": url,
                        "media_type": str(item.get("mediaType", ""))[:80],
                        "description": plain_text(item.get("name"), 500),
                    }
                )
    tags = [t for t in _listed(obj.get("tag")) if isinstance(t, dict)]
    published = obj.get("published")
    return RemoteContent(
        html=safe_html(raw),
        text=plain_text(raw),
        language=language,
        name=plain_text(obj.get("name"), 200),
        summary=summary,
        sensitive=bool(summary) or obj.get("sensitive") is True,
        attachments=tuple(attachments),
        hashtags=tuple(
            str(t.get("name", "")).lstrip("#").lower()
            for t in tags
            if t.get("type") == "Hashtag" and isinstance(t.get("name"), str)
        ),
        mentions=tuple(
            t["href"] for t in tags if t.get("type") == "Mention" and _http(t.get("href"))
        ),
        in_reply_to=_id(obj.get("inReplyTo")) or None,
        published=parse_datetime(published) if isinstance(published, str) else None,
    )
