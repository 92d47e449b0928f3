"""The shipped vocabulary: big enough, in every language, loaded into every node."""

from __future__ import annotations

import re

import pytest

from profiles.languages import VOCABULARY_LANGUAGES
from profiles.models import Concept, ConceptLabel
from profiles.text import normalize
from profiles.vocabulary.loader import read_vocabulary, sync_vocabulary

ESCO = re.compile(r"^http://data\.europa\.eu/esco/(skill|occupation)/[0-9a-f-]{36}$")


def test_the_vocabulary_has_at_least_250_concepts_named_in_six_languages():
    data = read_vocabulary()
    assert len(data["concepts"]) >= 250
    slugs = [c["slug"] for c in data["concepts"]]
    assert len(slugs) == len(set(slugs))
    for concept in data["concepts"]:
        for language in VOCABULARY_LANGUAGES:
            assert concept["labels"].get(language, "").strip(), (concept["slug"], language)
        if concept.get("esco"):
            assert ESCO.match(concept["esco"]), concept["slug"]


def test_no_label_names_two_concepts_in_one_language():
    seen: dict[tuple[str, str], str] = {}
    for concept in read_vocabulary()["concepts"]:
        for language, label in concept["labels"].items():
            key = (language, normalize(label))
            assert seen.setdefault(key, concept["slug"]) == concept["slug"], key


@pytest.mark.django_db
def test_every_node_has_the_vocabulary_after_migrate():
    assert Concept.objects.count() == len(read_vocabulary()["concepts"])
    assert ConceptLabel.objects.filter(concept__slug="cooking", language="ro").exists()


@pytest.mark.django_db
def test_syncing_twice_changes_nothing_and_keeps_tag_links(person):
    from tests.conftest import make_experience

    experience = make_experience(person, tags=["cooking"])
    before = ConceptLabel.objects.count()
    sync_vocabulary()
    assert ConceptLabel.objects.count() == before
    assert experience.published.tags.get().concept.slug == "cooking"
