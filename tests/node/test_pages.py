"""Every page answers, in the visitor's language, and works without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for, make_experience

pytestmark = pytest.mark.django_db


def test_public_pages_answer_for_an_anonymous_visitor(client, person, vocabulary):
    experience = make_experience(person)
    for url in [
        "/",
        "/about/",
        "/explore/",
        "/explore/?q=kitchen&kind=summer_job&lang=en",
        "/tags/",
        "/tags/cooking/",
        person.get_absolute_url(),
        experience.get_absolute_url(),
        f"/@{person.handle}/feed/",
        "/accounts/signup/",
        "/accounts/login/",
        "/accounts/password/reset/",
    ]:
        assert client.get(url).status_code == 200, url


def test_owner_pages_answer_for_the_owner(person, vocabulary):
    experience = make_experience(person)
    client = client_for(person)
    for url in [
        reverse("profiles:my-profile"),
        reverse("profiles:my-experiences"),
        reverse("profiles:experience-new"),
        reverse("profiles:experience-edit", args=[experience.pk]),
        reverse("profiles:experience-history", args=[experience.pk]),
        reverse("profiles:experience-delete", args=[experience.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_interface_speaks_french_and_english(client, db):
    assert "Every experience counts." in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in french
    assert "Every experience counts." not in french


def test_every_text_carries_its_language_in_the_page(person, vocabulary):
    experience = make_experience(person, language="es", title="Camarero")
    body = client_for(None).get(experience.get_absolute_url()).content.decode()
    # The person's words carry their language; the interface around them does not.
    assert '<h1 lang="es">Camarero</h1>' in body
    assert "<article>" in body


def test_the_admin_lists_people_with_filters(admin_client, person):
    response = admin_client.get("/admin/profiles/profile/?role__exact=young&q=alice")
    assert response.status_code == 200
    assert b"alice" in response.content
