"""Tags: matching a person's own words to the shared vocabulary, and suggesting concepts.

Lesson 1 of the pilot: tags were chosen "for oneself", so recruiters could not
browse them. Here a free tag is kept as typed but linked to the concept it means,
and suggestions steer people towards the shared vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from profiles.models import Concept, ConceptLabel
from profiles.text import normalize_tag, words

MAX_TAG_LENGTH = 60
MAX_TAGS = 15


def split_tags(raw: str) -> list[str]:
    """Tags as typed, separated by commas or new lines; duplicates (after normalising) dropped."""
    seen: set[str] = set()
    tags: list[str] = []
    for part in raw.replace("\n", ",").replace(";", ",").split(","):
        text = " ".join(part.strip().lstrip("#").split())
        key = normalize_tag(text)
        if key and key not in seen:
            seen.add(key)
            tags.append(text)
    return tags


def checked_tags(raw: str, limit: int | None = MAX_TAGS) -> list[str]:
    """Tags typed in a form, refused with a clear message when too many or too long."""
    tags = split_tags(raw)
    if limit is not None and len(tags) > limit:
        raise ValidationError(_("At most %(max)d tags."), params={"max": limit})
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(
                _("The tag “%(tag)s” is too long: %(max)d characters at most."),
                params={"tag": tag[:20] + "…", "max": MAX_TAG_LENGTH},
            )
    return tags


def match_concepts(texts: Iterable[str], language: str) -> dict[str, Concept]:
    """Normalised tag -> the concept it names, preferring a label in `language`."""
    keys = {normalize_tag(t) for t in texts} - {""}
    if not keys:
        return {}
    labels = (
        ConceptLabel.objects.filter(normalized__in=keys)
        .select_related("concept")
        .annotate(
            rank=Case(
                When(language=language, preferred=True, then=Value(0)),
                When(language=language, then=Value(1)),
                When(preferred=True, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("normalized", "rank", "concept__slug")
    )
    found: dict[str, Concept] = {}
    for label in labels:
        found.setdefault(label.normalized, label.concept)
    return found


def suggest_by_prefix(typed: str, language: str, limit: int = 8) -> list[tuple[Concept, str]]:
    """Concepts whose label or synonym starts with what is typed, as (concept, words matched)."""
    key = normalize_tag(typed)
    if len(key) < 2:
        return []
    labels = (
        ConceptLabel.objects.filter(normalized__startswith=key)
        .select_related("concept")
        .annotate(
            rank=Case(
                When(language=language, then=Value(0)),
                When(language="en", then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-preferred", "normalized")[: limit * 4]
    )
    results: list[tuple[Concept, str]] = []
    seen: set[int] = set()
    for label in labels:
        if label.concept_id not in seen:
            seen.add(label.concept_id)
            results.append((label.concept, label.text))
        if len(results) == limit:
            break
    return results


def suggest_from_text(
    text: str, language: str, exclude: Iterable[int] = (), limit: int = 8
) -> list[Concept]:
    """Concepts named in a story, found by looking up its words and short phrases."""
    tokens = words(text)
    phrases = set(tokens)
    for size in (2, 3):
        phrases.update(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    phrases = {p for p in phrases if len(p) >= 3}
    if not phrases:
        return []
    excluded = set(exclude)
    counts: dict[int, int] = {}
    concepts: dict[int, Concept] = {}
    labels = ConceptLabel.objects.filter(normalized__in=phrases).select_related("concept")
    for label in labels:
        if label.concept_id in excluded:
            continue
        bonus = 2 if label.language == language else 1
        counts[label.concept_id] = counts.get(label.concept_id, 0) + bonus
        concepts[label.concept_id] = label.concept
    ranked = sorted(counts, key=lambda pk: (-counts[pk], concepts[pk].slug))
    return [concepts[pk] for pk in ranked[:limit]]
