"""Figures the node's team sees on the moderation page, filled in by other apps.

Moderation knows nothing of ActivityPub: the federation app registers its counts
(direct messages refused, say) here, each a callable giving (label, number) pairs
read when the page is shown, so labels come in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable

COUNTS: list[Callable[[], list[tuple[str, int]]]] = []


def register_count(count: Callable[[], list[tuple[str, int]]]) -> None:
    """Called from an app's ready(); registering twice keeps one."""
    if count not in COUNTS:
        COUNTS.append(count)


def counts() -> list[tuple[str, int]]:
    return [pair for count in COUNTS for pair in count()]
