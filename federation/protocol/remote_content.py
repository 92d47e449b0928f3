"""What a peer's object says, read once whatever server wrote it: `read_content(obj)`.

Mastodon, Misskey, Pleroma, Tremplin and others shape the same things differently:
`contentMap` beside or instead of `content`, `tag` and `attachment` as one object or a
list, a link or a list of links for an attachment's `url`, `inReplyTo` as an id or an
embedded object. Everything here is bounded (so a hostile peer pays for what it sends,
not us) and turned into real characters exactly once (federation.protocol.remote_html), so a
template escapes it exactly once: `J&#x27;ai` is shown as "J'ai", never as an entity.
Misskey's `_misskey_content` (its MFM source) and Pleroma's `source` are the author's
markup, not what they published: only `content`/`contentMap` is read.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from federation.protocol.inbox_bounds import MAX_TAGS as MAX_RAW_TAGS
from federation.protocol.remote_html import plain_text, safe_html

MAX_ATTACHMENTS = 8
MAX_URL = 500
MAX_DESCRIPTION = 300
MAX_SUMMARY = 500
MAX_NAME = 200
MAX_HASHTAG = 60
MAX_MEDIA_TYPE = 100
MAX_LIST = 100  # never walk more items of a list than the inbox lets in
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}$")
MEDIA_TYPE = re.compile(r"^[a-zA-Z0-9.+-]{1,40}/[a-zA-Z0-9.+-]{1,60}$")
ATTACHMENT_TYPES = frozenset({"Document", "Image", "Video", "Audio", "Link", "Page"})
KINDS = ("image", "video", "audio")


@dataclass(frozen=True)
class RemoteContent:
    """The readable parts of a peer's object, safe to store and to show."""

    html: str = ""
    text: str = ""
    language: str = ""
    name: str = ""
    summary: str = ""
    sensitive: bool = False
    attachments: tuple[dict[str, str], ...] = ()
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    in_reply_to: str | None = None
    published: datetime.datetime | None = None


def as_list(value: Any, limit: int = MAX_LIST) -> list[Any]:
    """One object or a list of them (ActivityStreams allows both) as a bounded list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value[:limit]
    return [value]


def object_id(value: Any) -> str:
    """The id of a reference given as a string, an embedded object or a Link ("" if none)."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("href")
    return value if isinstance(value, str) else ""


def is_web_url(value: Any) -> bool:
    """An http(s) address of a sane length: the only kind of link we show or keep."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _language_code(value: Any) -> str:
    """A language tag's primary subtag, lower case ("fr" for "fr-FR"); "" if not one."""
    if not isinstance(value, str):
        return ""
    primary = value.split("-", 1)[0].split("_", 1)[0]
    return primary.lower() if LANGUAGE.match(primary) else ""


def _declared_language(obj: dict[str, Any]) -> str:
    """The language the object declares for itself: `@language` in its JSON-LD context."""
    for entry in as_list(obj.get("@context"), 10):
        if isinstance(entry, dict) and (code := _language_code(entry.get("@language"))):
            return code
    return ""


def _language_map(value: Any) -> dict[str, str]:
    """A `contentMap`-like value as {primary language: text}, first occurrence kept."""
    mapped: dict[str, str] = {}
    if isinstance(value, dict):
        for key, text in list(value.items())[:20]:
            code = _language_code(key)
            if code and isinstance(text, str) and text.strip() and code not in mapped:
                mapped[code] = text
    return mapped


def _pick(obj: dict[str, Any], term: str, declared: str) -> tuple[str, str]:
    """(raw text, its language) of `term`, from its map (declared or first language) or
    the plain term as a fallback."""
    mapped = _language_map(obj.get(f"{term}Map"))
    if declared and declared in mapped:
        return mapped[declared], declared
    plain = obj.get(term)
    if isinstance(plain, str) and plain.strip():
        same = next((code for code, text in mapped.items() if text == plain), "")
        return plain, declared or same or (next(iter(mapped)) if len(mapped) == 1 else "")
    if mapped:
        code = next(iter(mapped))
        return mapped[code], code
    return "", declared


def _published(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.UTC)


def _hashtag(name: Any) -> str:
    if not isinstance(name, str):
        return ""
    return plain_text(name, MAX_HASHTAG + 1).lstrip("#").strip().lower()[:MAX_HASHTAG]


def _tags(value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    hashtags: list[str] = []
    mentions: list[str] = []
    for tag in as_list(value, MAX_RAW_TAGS):
        if not isinstance(tag, dict):
            continue
        if tag.get("type") == "Hashtag":
            name = _hashtag(tag.get("name"))
            if name and name not in hashtags:
                hashtags.append(name)
        elif tag.get("type") == "Mention":
            href = tag.get("href")
            if is_web_url(href) and href not in mentions:
                mentions.append(href)
    return tuple(hashtags), tuple(mentions)


def _link(value: Any) -> tuple[str, str]:
    """(http(s) URL, media type) of an attachment's `url`: a string, a Link, or a list."""
    for item in as_list(value, 10):
        if isinstance(item, str) and is_web_url(item):
            return item, ""
        if isinstance(item, dict) and is_web_url(item.get("href")):
            return item["href"], _media_type(item.get("mediaType"))
    return "", ""


def _media_type(value: Any) -> str:
    if isinstance(value, str) and MEDIA_TYPE.match(value):
        return value.lower()[:MAX_MEDIA_TYPE]
    return ""


def _kind(as_type: str, media_type: str) -> str:
    """An attachment's kind in one word: image, video, audio, document or link."""
    major = media_type.split("/", 1)[0]
    if major in KINDS:
        return major
    if as_type.lower() in KINDS:
        return as_type.lower()
    return "link" if as_type in ("Link", "Page") and not media_type else "document"


def _attachment(item: Any) -> dict[str, str] | None:
    if not isinstance(item, dict) or item.get("type") not in ATTACHMENT_TYPES:
        return None  # e.g. Mastodon's PropertyValue profile fields: not media
    url, link_type = _link(item.get("url"))
    if not url:
        url, link_type = _link(item.get("href"))
    if not url:
        return None
    media_type = _media_type(item.get("mediaType")) or link_type
    description = ""
    for term in ("name", "summary", "description"):
        description = plain_text(item.get(term), MAX_DESCRIPTION)
        if description:
            break
    return {
        "type": _kind(item["type"], media_type),
        "url": url,
        "media_type": media_type,
        "description": description,
    }


def _attachments(value: Any) -> tuple[dict[str, str], ...]:
    kept: list[dict[str, str]] = []
    for item in as_list(value, MAX_LIST):
        attachment = _attachment(item)
        if attachment is not None and all(a["url"] != attachment["url"] for a in kept):
            kept.append(attachment)
            if len(kept) == MAX_ATTACHMENTS:
                break
    return tuple(kept)


def _in_reply_to(value: Any) -> str | None:
    for item in as_list(value, 5):
        reference = object_id(item) or (item.get("href", "") if isinstance(item, dict) else "")
        if is_web_url(reference):
            return reference
    return None


def read_content(obj: Any) -> RemoteContent:
    """The content of a peer's object (a Note, an Article, a Question...), safe and bounded.

    Never raises: what is missing or malformed is simply empty.
    """
    if not isinstance(obj, dict):
        return RemoteContent()
    declared = _declared_language(obj)
    raw, language = _pick(obj, "content", declared)
    raw_name, name_language = _pick(obj, "name", declared)
    raw_summary, _summary_language = _pick(obj, "summary", declared or language)
    summary = plain_text(raw_summary, MAX_SUMMARY)
    hashtags, mentions = _tags(obj.get("tag"))
    return RemoteContent(
        html=safe_html(raw),
        text=plain_text(raw),
        language=language or name_language,
        name=plain_text(raw_name, MAX_NAME),
        summary=summary,
        sensitive=bool(summary) or obj.get("sensitive") is True,
        attachments=_attachments(obj.get("attachment")),
        hashtags=hashtags,
        mentions=mentions,
        in_reply_to=_in_reply_to(obj.get("inReplyTo")),
        published=_published(obj.get("published")),
    )
