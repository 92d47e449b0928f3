"""Loading the shipped vocabulary (concepts.json) into the database.

Run after every migrate, so a node gets new concepts by upgrading; concepts are
matched by slug, so tags already linked to a concept keep their link.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from django.db import transaction

from profiles.text import normalize

logger = logging.getLogger(__name__)
VOCABULARY_FILE = Path(__file__).with_name("concepts.json")


def read_vocabulary(path: Path = VOCABULARY_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _label_rows(entry: dict[str, Any]) -> set[tuple[str, str, str, bool]]:
    rows: dict[tuple[str, str], tuple[str, str, str, bool]] = {}
    for language, text in entry.get("labels", {}).items():
        rows[(language, normalize(text))] = (language, text, normalize(text), True)
    for language, synonyms in entry.get("synonyms", {}).items():
        for text in synonyms:
            rows.setdefault((language, normalize(text)), (language, text, normalize(text), False))
    return set(rows.values())


@transaction.atomic
def sync_vocabulary(path: Path = VOCABULARY_FILE) -> int:
    """Make the Concept and ConceptLabel tables match the file; returns the concept count."""
    from profiles.models import Concept, ConceptLabel

    data = read_vocabulary(path)
    existing = {c.slug: c for c in Concept.objects.all()}
    labels: list[ConceptLabel] = []
    for entry in data["concepts"]:
        fields = {
            "group": entry.get("group", ""),
            "esco_uri": entry.get("esco") or "",
            "labels": entry.get("labels", {}),
            "synonyms": entry.get("synonyms", {}),
        }
        concept = existing.get(entry["slug"])
        if concept is None:
            concept = Concept.objects.create(slug=entry["slug"], **fields)
        elif any(getattr(concept, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(concept, key, value)
            concept.save()
        labels += [
            ConceptLabel(concept=concept, language=lang, text=text, normalized=norm, preferred=pref)
            for lang, text, norm, pref in _label_rows(entry)
        ]
    ConceptLabel.objects.all().delete()
    ConceptLabel.objects.bulk_create(labels, batch_size=1000)
    return len(data["concepts"])


def vocabulary_is_current(path: Path = VOCABULARY_FILE) -> bool:
    from profiles.models import Concept, ConceptLabel

    data = read_vocabulary(path)
    expected_labels = sum(len(_label_rows(entry)) for entry in data["concepts"])
    return (
        Concept.objects.count() == len(data["concepts"])
        and ConceptLabel.objects.count() == expected_labels
    )


def sync_after_migrate(using: str = "default", **kwargs: Any) -> None:
    if not VOCABULARY_FILE.exists():
        logger.warning("no vocabulary file at %s", VOCABULARY_FILE)
        return
    if not vocabulary_is_current():
        count = sync_vocabulary()
        logger.info("vocabulary loaded: %d concepts", count)
