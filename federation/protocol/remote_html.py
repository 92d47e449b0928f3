"""Remote HTML, made safe once, in the worker, before anything is stored.

Peers send HTML (Mastodon's `<p>`, `<br />`, mention and hashtag links, entities such
as `&#39;`). Two forms come out of it, each holding real characters, never entities,
so that a template escapes them exactly once:
- `safe_html`: a small subset (paragraphs, line breaks, links with
  `rel="nofollow noopener ugc"`, the spans Mastodon puts inside mentions), shown with
  `|safe` where a post or a comment is shown as its author wrote it;
- `plain_text`: the words alone (paragraphs and line breaks as new lines), for fields
  that are text everywhere (an experience's story parts, a name, a notification).
Scripts, styles and their text are dropped whole: a `<script>`'s words are not content.
"""

from __future__ import annotations

import re
from functools import partial
from html.parser import HTMLParser
from typing import Any

import bleach
from bleach.linkifier import LinkifyFilter

# Never parse more than this, whatever a peer sends (the inbox bounds bodies too).
MAX_HTML = 50_000
MAX_TEXT = 3000

ALLOWED_TAGS = frozenset({"p", "br", "a", "span"})
# Mastodon marks mentions and hashtags with these classes; nothing else is kept.
KEPT_CLASSES = frozenset({"mention", "hashtag", "u-url", "h-card", "invisible", "ellipsis"})
LINK_REL = "nofollow noopener ugc"
_DROPPED_WITH_TEXT = re.compile(
    r"<(script|style|template|iframe|noscript|object|svg|math)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    if name == "class":
        return all(word in KEPT_CLASSES for word in value.split())
    return tag == "a" and name == "href"


def _set_rel(attrs: dict[Any, str], new: bool = False) -> dict[Any, str]:
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


_CLEANER = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_attribute_allowed,
    protocols=frozenset({"http", "https"}),
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], parse_email=False)],
)


def safe_html(html: Any) -> str:
    """The safe subset of a peer's HTML ("" for anything that is not a string)."""
    if not isinstance(html, str):
        return ""
    html = _DROPPED_WITH_TEXT.sub("", html[:MAX_HTML])
    return _CLEANER.clean(html).strip()


class _TextCollector(HTMLParser):
    """Words of already-sanitised HTML; `convert_charrefs` turns entities into characters."""

    BREAKS = frozenset({"br", "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS and tag != "br":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: Any, limit: int = MAX_TEXT) -> str:
    """A peer's HTML as plain text: real characters, paragraphs kept as blank lines."""
    if not isinstance(html, str):
        return ""
    html = _DROPPED_WITH_TEXT.sub("", html[:MAX_HTML])
    collector = _TextCollector()
    collector.feed(bleach.clean(html, tags=_TextCollector.BREAKS, attributes={}, strip=True))
    collector.close()
    text = "".join(collector.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:limit]
