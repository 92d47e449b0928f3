"""What a remote object says, read once and defensively: text, language, warning, media.

A minimal reading of the shared contract (CONTRACTS.md: `read_content(obj) ->
RemoteContent`); the display work's fuller version takes its place at merge. Every
field is plain Python (no remote value passes through unread): HTML made safe by
`remote_html.safe_html`, text by `plain_text`, at most 8 attachments with http(s)
URLs, `tag`/`attachment`/`to`/`cc` taken as one object or a list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from federation.inbox_bounds import MAX_TAGS
from federation.remote_html import plain_text, safe_html
from profiles.languages import TEXT_LANGUAGE_CODES

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


def as_list(value: Any) -> list[Any]:
    """`tag`, `attachment`, `to`, `cc`: one object or a list of them, or nothing."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def href(value: Any) -> str:
    """An id or link as a string ("" when it is neither a string nor an object with one)."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("href")
    return value if isinstance(value, str) else ""


def _http(url: Any) -> str:
    return url if isinstance(url, str) and urlsplit(url).scheme in ("http", "https") else ""


def _language_and_html(obj: dict[str, Any]) -> tuple[str, str]:
    content_map = obj.get("contentMap")
    if isinstance(content_map, dict):
        for key, value in content_map.items():
            code = str(key)[:2].lower()
            if code in TEXT_LANGUAGE_CODES and isinstance(value, str):
                return code, value
        for value in content_map.values():
            if isinstance(value, str):
                return "", value
    content = obj.get("content")
    return "", content if isinstance(content, str) else ""


def _attachments(obj: dict[str, Any]) -> tuple[dict[str, str], ...]:
    kept: list[dict[str, str]] = []
    for item in as_list(obj.get("attachment"))[: MAX_ATTACHMENTS * 4]:
        if not isinstance(item, dict) or item.get("type") == "PropertyValue":
            continue
        url = item.get("url")
        if isinstance(url, list):
            url = next((href(u) for u in url if href(u)), "")
        url = _http(href(url) if isinstance(url, dict) else url)
        if not url:
            continue
        kept.append(
            {
                "type": plain_text(item.get("type") or "Document", 40),
                "url": url[:500],
                "media_type": plain_text(item.get("mediaType") or "", 100),
                "description": plain_text(item.get("name") or item.get("summary") or "", 500),
            }
        )
        if len(kept) == MAX_ATTACHMENTS:
            break
    return tuple(kept)


def _published(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def read_content(obj: dict[str, Any]) -> RemoteContent:
    """The parts of a Note, Article, Page, Question… that this node keeps and shows."""
    language, raw_html = _language_and_html(obj)
    hashtags: list[str] = []
    mentions: list[str] = []
    for tag in as_list(obj.get("tag"))[:MAX_TAGS]:
        if not isinstance(tag, dict):
            continue
        if tag.get("type") == "Hashtag" and isinstance(tag.get("name"), str):
            name = plain_text(tag["name"], 100).lstrip("#").lower()
            if name and name not in hashtags:
                hashtags.append(name)
        elif (
            tag.get("type") == "Mention"
            and (link := href(tag.get("href")))
            and link not in mentions
        ):
            mentions.append(link)
    summary = plain_text(obj.get("summary") or "", 500)
    return RemoteContent(
        html=safe_html(raw_html),
        text=plain_text(raw_html),
        language=language,
        name=plain_text(obj.get("name") or "", 200),
        summary=summary,
        sensitive=bool(summary) or obj.get("sensitive") is True,
        attachments=_attachments(obj),
        hashtags=tuple(hashtags),
        mentions=tuple(mentions),
        in_reply_to=href(obj.get("inReplyTo")) or None,
        published=_published(obj.get("published")),
    )
