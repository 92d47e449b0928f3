"""How much one received activity may ask of us, judged from its body before any work.

A body is at most 1 MiB, yet 1 MiB of hashtags is 10,000 of them, and each one costs
an HTML clean and a vocabulary look-up when processed (about 3 s of CPU in all). No
real peer sends that: Mastodon caps a post at a few dozen tags and mentions. So the
inbox refuses, with a reason and nothing stored, an activity whose lists or texts go
beyond generous bounds; the parsers also never read more than these bounds, for
documents that come by other paths (fetches behind an Announce).
"""

from __future__ import annotations

from typing import Any

# Per object (the activity, its embedded object, and any object embedded in those).
MAX_TAGS = 100  # Hashtags and Mentions together: the `tag` list
MAX_RECIPIENTS = 100  # to + cc + bto + bcc + audience
MAX_ATTACHMENTS = 20
MAX_LANGUAGES = 30  # entries of contentMap, nameMap or summaryMap
# Any one string anywhere in the body: a story is 3,000 characters once made plain
# text; its HTML may be longer, never this long.
MAX_STRING = 64 * 1024
RECIPIENT_KEYS = ("to", "cc", "bto", "bcc", "audience")
LANGUAGE_MAPS = ("contentMap", "nameMap", "summaryMap")


def _count(value: Any) -> int:
    if isinstance(value, list):
        return len(value)
    return 0 if value is None else 1


def _object_excess(document: dict[str, Any]) -> str | None:
    tags = _count(document.get("tag"))
    if tags > MAX_TAGS:
        return f"too many tags ({tags}, at most {MAX_TAGS})"
    recipients = sum(_count(document.get(key)) for key in RECIPIENT_KEYS)
    if recipients > MAX_RECIPIENTS:
        return f"too many recipients ({recipients}, at most {MAX_RECIPIENTS})"
    attachments = _count(document.get("attachment"))
    if attachments > MAX_ATTACHMENTS:
        return f"too many attachments ({attachments}, at most {MAX_ATTACHMENTS})"
    for key in LANGUAGE_MAPS:
        languages = len(value) if isinstance(value := document.get(key), dict) else 0
        if languages > MAX_LANGUAGES:
            return f"too many languages in {key} ({languages}, at most {MAX_LANGUAGES})"
    return None


def excess(activity: Any) -> str | None:
    """Why this parsed body asks too much of us, or None when it is within bounds.

    One walk over the whole body (at most 1 MiB and 64 levels deep, both checked
    before): every dict is judged as an object, every string by its length.
    """
    pending = [activity]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if len(value) > MAX_STRING:
                return f"a text over {MAX_STRING} characters"
        elif isinstance(value, dict):
            if reason := _object_excess(value):
                return reason
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return None
