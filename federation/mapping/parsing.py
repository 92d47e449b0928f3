"""Incoming ActivityStreams objects to domain data, defensively: nothing is trusted.

Returns plain values for profiles.publishing, or raises ParseError: an object with
missing or malformed fields is refused whole (nothing half-stored).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from federation.protocol.context import TREMPLIN_NS
from federation.protocol.inbox_bounds import MAX_TAGS as MAX_RAW_TAGS
from federation.protocol.remote_content import as_list, read_content
from federation.protocol.remote_html import plain_text
from profiles.languages import TEXT_LANGUAGE_CODES
from profiles.models import ExperienceKind
from profiles.tagging import MAX_TAG_LENGTH, MAX_TAGS

MONTH = re.compile(r"^(\d{4})-(\d{2})")


class ParseError(Exception):
    """The object cannot become an experience."""


def _language(document: dict[str, Any]) -> str:
    for key in ("contentMap", "nameMap"):
        value = document.get(key)
        if isinstance(value, dict):
            for language in value:
                code = str(language)[:2].lower()
                if code in TEXT_LANGUAGE_CODES:
                    return code
    return "en"


def _month(value: Any) -> tuple[int, int] | None:
    if isinstance(value, str) and (match := MONTH.match(value)):
        year, month = int(match[1]), int(match[2])
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return year, month
    return None


def _mapped_text(document: dict[str, Any], term: str, language: str, limit: int = 3000) -> str:
    value = document.get(term)
    if isinstance(value, dict):
        value = value.get(language) or next((v for v in value.values() if isinstance(v, str)), "")
    return plain_text(value, limit) if isinstance(value, str) else ""


def _names_our_context(context: Any, depth: int = 0) -> bool:
    """Our namespace IRI somewhere in a JSON-LD @context (a string, a list, a term map)."""
    if depth > 3:
        return False
    if isinstance(context, str):
        return context == TREMPLIN_NS
    if isinstance(context, list):
        return any(_names_our_context(item, depth + 1) for item in context[:20])
    if isinstance(context, dict):
        return any(_names_our_context(value, depth + 1) for value in list(context.values())[:200])
    return False


def is_experience(obj: dict[str, Any]) -> bool:
    """A Tremplin experience: an Article (or Note) carrying our JSON-LD context and our
    experience marker (`experienceKind`). Anything else, a Mastodon status first of all,
    is a post, never an experience on someone's CV."""
    return (
        obj.get("type") in ("Article", "Note")
        and isinstance(obj.get("experienceKind"), str)
        and _names_our_context(obj.get("@context"))
    )


def experience_data(document: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The fields and tags of an experience from an Article (ours or anyone's)."""
    if document.get("type") not in ("Article", "Note"):
        raise ParseError("not an Article or Note")
    content = read_content(document)
    # The declared (or first) language of `contentMap`, if it is one texts are kept in.
    language = content.language if content.language in TEXT_LANGUAGE_CODES else ""
    language = language or _language(document)
    title = plain_text(document.get("name") or document.get("roleName") or "", 120)
    story = {
        name: _mapped_text(document, term, language)
        for name, term in (
            ("what_i_did", "whatIDid"),
            ("responsibilities", "responsibilities"),
            ("motivation", "motivation"),
            ("learned", "learned"),
        )
    }
    if not any(story.values()):
        story["what_i_did"] = content.text  # `content`, or `contentMap` in its language
    if not title:  # the warning, not the words it hides, when the author gave one
        title = content.summary[:120] or story["what_i_did"][:60]
    if not title or not any(story.values()):
        raise ParseError("an experience needs a name and some text")
    start = _month(document.get("startDate")) or _month(document.get("published"))
    if start is None:
        raise ParseError("no start date")
    end = _month(document.get("endDate"))
    kind = document.get("experienceKind")
    location = document.get("location")
    place = plain_text(location.get("name"), 120) if isinstance(location, dict) else ""
    data = {
        "kind": kind if kind in ExperienceKind.values else ExperienceKind.OTHER,
        "title": title,
        "organisation": plain_text(document.get("organisationName") or "", 120),
        "place": place,
        "start_year": start[0],
        "start_month": start[1],
        "end_year": end[0] if end else None,
        "end_month": end[1] if end else None,
        "language": language,
        **story,
        # Kept beside the story, as the author's server sent them (profiles.publishing).
        "content_warning": content.summary,
        "sensitive": content.sensitive,
        "attachments": [dict(attachment) for attachment in content.attachments],
    }
    return data, _tags(document)


def _tags(document: dict[str, Any]) -> list[str]:
    tags: list[str] = []
    # One object or a list; never more than the inbox lets in, whatever path it came by.
    for tag in as_list(document.get("tag"), MAX_RAW_TAGS):
        if (
            isinstance(tag, dict)
            and tag.get("type") == "Hashtag"
            and isinstance(tag.get("name"), str)
        ):
            name = plain_text(tag["name"], MAX_TAG_LENGTH).lstrip("#")
            # CamelCase hashtags back to words: #CustomerService -> Customer Service
            words = re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])", " ", name).strip()
            if words and words not in tags:
                tags.append(words)
    return tags[:MAX_TAGS]


def published_at(document: dict[str, Any]) -> datetime.datetime | None:
    value = document.get("published")
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None
