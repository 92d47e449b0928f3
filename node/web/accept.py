"""The one reading of the `Accept` header (RFC 9110 section 12.5.1), q-values included.

Why one place: the same URL answers a browser with HTML and a peer with ActivityStreams,
and the page cache, the "unavailable" page and the federation views must all agree on
which one was asked for. A naive "does the header mention json" test serves JSON to
`application/activity+json;q=0.1, text/html` and HTML to nobody who asked for it.

Rules: each media range has a weight (q, 1 by default, 0 means "not this"); a type's
weight is that of the most specific range matching it (`text/html` over `text/*` over
`*/*`). A JSON variant is chosen only when one of its types is named explicitly (a bare
`*/*`, as curl sends, gets the page) and weighs at least as much as the HTML page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest

# An Accept header longer than this, or with more ranges, is not a real client's.
MAX_ACCEPT_LENGTH = 2048
MAX_RANGES = 32

ACTIVITYPUB_TYPES = ("application/activity+json", "application/ld+json")
JSON_TYPES = ("application/json", *ACTIVITYPUB_TYPES)
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class MediaRange:
    """One member of an Accept header: `type/subtype`, its parameters and its weight."""

    media_type: str
    q: float = 1.0
    params: dict[str, str] = field(default_factory=dict)


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts, current, quoted, escaped = [], [], False, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _weight(value: str) -> float | None:
    try:
        q = float(value)
    except ValueError:
        return None
    return q if 0 <= q <= 1 else None


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed members are skipped, not fatal."""
    ranges: list[MediaRange] = []
    for member in _split_outside_quotes(header[:MAX_ACCEPT_LENGTH], ",")[:MAX_RANGES]:
        pieces = _split_outside_quotes(member, ";")
        media_type = pieces[0].strip().lower()
        if media_type.count("/") != 1 or " " in media_type:
            continue
        q, params, valid = 1.0, {}, True
        for piece in pieces[1:]:
            name, sep, value = piece.partition("=")
            name, value = name.strip().lower(), value.strip()
            if not sep:
                continue
            if name == "q":
                weight = _weight(value)
                if weight is None:
                    valid = False
                    break
                q = weight
            else:
                if len(value) >= 2 and value[0] == value[-1] == '"':
                    value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
                params[name] = value
        if valid:
            ranges.append(MediaRange(media_type, q, params))
    return ranges


def _specificity(media_range: str, media_type: str) -> int:
    """3 for an exact match, 2 for `type/*`, 1 for `*/*`, 0 when the range does not match."""
    if media_range == media_type:
        return 3
    if media_range == "*/*":
        return 1
    kind, _, subtype = media_range.partition("/")
    if subtype == "*" and media_type.startswith(kind + "/"):
        return 2
    return 0


def weight_of(ranges: list[MediaRange], media_type: str, *, explicit: bool = False) -> float:
    """The q of `media_type`: that of the most specific matching range (0 if none).

    `explicit` counts only ranges naming the type itself (no wildcards).
    """
    best, best_q = 0, 0.0
    for media_range in ranges:
        score = _specificity(media_range.media_type, media_type)
        if explicit and score != 3:
            continue
        if score > best:
            best, best_q = score, media_range.q
        elif score == best and score and media_range.q > best_q:
            best_q = media_range.q
    return best_q


def prefers(header: str, wanted: Iterable[str], pages: Iterable[str] = HTML_TYPES) -> bool:
    """True when one of `wanted` is named with q > 0 and weighs no less than any of `pages`."""
    ranges = parse_accept(header)
    wanted_q = max((weight_of(ranges, kind, explicit=True) for kind in wanted), default=0.0)
    if wanted_q <= 0:
        return False
    page_q = max((weight_of(ranges, kind) for kind in pages), default=0.0)
    return wanted_q >= page_q


def wants_activitypub(request: HttpRequest) -> bool:
    """The ActivityStreams variant: activity+json, or ld+json (with any profile)."""
    return prefers(request.headers.get("Accept", ""), ACTIVITYPUB_TYPES)


def wants_json(request: HttpRequest) -> bool:
    """Any JSON variant (the JSON API, an error body for a peer)."""
    return prefers(request.headers.get("Accept", ""), JSON_TYPES)
