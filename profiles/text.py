"""Normalising words so that "Cuisine", "cuisine " and "CUISINÉ" meet in one place."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def normalize(text: str) -> str:
    """Lower-case, accent-free, single-spaced: the key tags and search compare on."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def normalize_tag(text: str) -> str:
    """A free tag as typed ("#Service client") to its comparison key ("service client")."""
    return normalize(text.strip().lstrip("#").replace("_", " "))


def words(text: str) -> list[str]:
    """The normalised words of a text, in order (for suggestions and search)."""
    return _WORD.findall(normalize(text))
