"""Free tags meet the shared vocabulary, across languages and spellings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from profiles.tagging import match_concepts, split_tags, suggest_by_prefix, suggest_from_text
from profiles.text import normalize_tag
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience


def test_free_tags_are_normalised_for_case_accents_and_spacing():
    assert normalize_tag("  #Travail   en ÉQUIPE ") == "travail en equipe"
    assert split_tags("Cuisine, cuisine ,#CUISINE; baby-sitting\nteam_work") == [
        "Cuisine",
        "baby-sitting",
        "team_work",
    ]


@pytest.mark.django_db
def test_a_tag_in_any_language_or_synonym_finds_its_concept(vocabulary):
    found = match_concepts(["CUISINE", "cocinero", "Team work", "my own words"], "fr")
    assert {key: c.slug for key, c in found.items()} == {
        "cuisine": "cooking",
        "cocinero": "cooking",
        "team work": "teamwork",
    }


@pytest.mark.django_db
def test_typing_suggests_concepts_in_the_readers_language_first(vocabulary):
    suggestions = suggest_by_prefix("cu", "fr")
    assert suggestions[0][0].slug == "cooking"
    assert {c.slug for c, _matched in suggestions} >= {"cooking", "customer-service"}
    assert suggest_by_prefix("c", "fr") == []


@pytest.mark.django_db
def test_the_story_suggests_concepts_it_mentions(vocabulary):
    story = "J'ai fait du baby-sitting et aidé le cuisinier, un vrai travail en équipe."
    slugs = [c.slug for c in suggest_from_text(story, "fr")]
    assert set(slugs) == {"childcare", "cooking", "teamwork"}


@pytest.mark.django_db
def test_suggestion_endpoint_answers_json(client, vocabulary):
    data = client.get(reverse("profiles:tag-suggest"), {"q": "cook", "lang": "es"}).json()
    first = data["suggestions"][0]
    assert (first["slug"], first["label"]) == ("cooking", "cocina")
    assert first["matched"].startswith("cook")


def test_a_concept_page_gathers_tags_typed_in_every_language(person, vocabulary):
    make_experience(person, Visibility.PUBLIC, tags=["Cuisine"], title="Commis", language="fr")
    make_experience(person, Visibility.PUBLIC, tags=["cocinero"], title="Ayudante", language="es")
    make_experience(person, Visibility.PUBLIC, tags=["surf"], title="Surf teacher")
    page = client_for(None).get(reverse("profiles:tag", kwargs={"slug": "cooking"})).content
    assert b"Commis" in page and b"Ayudante" in page and b"Surf teacher" not in page


def test_the_owner_sees_their_own_words_next_to_the_concept(person, vocabulary):
    experience = make_experience(person, visibility=None, tags=["cocinero", "jonglage"])
    page = client_for(person).get(reverse("profiles:experience-edit", args=[experience.pk]))
    text = page.content.decode()
    assert "cocinero" in text and "jonglage" in text
    assert "your own words" in text or "tes propres mots" in text or "vos propres mots" in text


def test_search_finds_an_experience_by_a_concept_label_in_another_language(person, vocabulary):
    make_experience(person, Visibility.PUBLIC, tags=["cuisine"], title="Commis", language="fr")
    page = client_for(None).get(reverse("profiles:browse"), {"q": "cocina"}).content
    assert b"Commis" in page
