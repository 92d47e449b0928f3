"""Anonymous pages come from the cache, and never outlive a change that hides something."""

from __future__ import annotations

import pytest

from profiles import publishing
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_visit_is_served_without_touching_the_database(
    client, person, vocabulary, django_assert_num_queries
):
    make_experience(person, title="Cached job")
    first = client.get("/tags/cooking/")
    with django_assert_num_queries(0):
        second = client.get("/tags/cooking/")
    assert second.content == first.content
    assert b"Cached job" in second.content


def test_unpublishing_removes_the_experience_from_cached_pages_at_once(client, person, vocabulary):
    experience = make_experience(person, title="Soon private")
    pages = [
        "/",
        "/explore/",
        "/tags/cooking/",
        person.get_absolute_url(),
        experience.get_absolute_url(),
    ]
    for url in pages:
        assert b"Soon private" in client.get(url).content, url
    publishing.unpublish_experience(experience)
    for url in pages:
        assert b"Soon private" not in client.get(url).content, url


def test_narrowing_visibility_is_seen_at_once(client, person, vocabulary):
    experience = make_experience(person, title="Going members only")
    assert client.get(experience.get_absolute_url()).status_code == 200
    publishing.publish_experience(experience, Visibility.MEMBERS)
    assert client.get(experience.get_absolute_url()).status_code == 404


def test_logged_in_people_never_get_an_anonymous_copy(client, person, member, vocabulary):
    make_experience(person, Visibility.MEMBERS, title="Members only")
    assert b"Members only" not in client.get("/explore/").content
    assert b"Members only" in client_for(member).get("/explore/").content


def test_each_language_has_its_own_copy(client, db):
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    french = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Every experience counts." in english and "Chaque expérience compte." in french


def test_choosing_a_language_is_a_link_that_sets_a_cookie(client, db):
    response = client.get("/language/fr/?next=/explore/")
    assert response.status_code == 302 and response.url == "/explore/"
    assert "Chaque expérience compte." in client.get("/").content.decode()
    outside = client.get("/language/fr/?next=https://evil.example/")
    assert outside.url == "/"
    assert client.get("/language/xx/").status_code == 404


@pytest.mark.parametrize("url", ["/api/experiences/", "/api/people/alice/", "/", "/explore/"])
def test_a_request_for_another_host_does_not_poison_the_cache(
    client, person, vocabulary, settings, url
):
    """`Host: localhost` is allowed (local use) but must not leak into others' copies."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    make_experience(person, title="Cached job")
    assert client.get(url, HTTP_HOST="localhost").status_code == 200
    normal = client.get(url, HTTP_HOST=settings.TREMPLIN_DOMAIN).content.decode()
    assert "localhost" not in normal
    assert "Cached job" in normal


def test_links_in_json_answers_use_the_nodes_domain(client, person, vocabulary, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    make_experience(person, title="Cached job")
    items = client.get("/api/experiences/", HTTP_HOST="localhost").json()["items"]
    expected = f"{settings.TREMPLIN_SCHEME}://{settings.TREMPLIN_DOMAIN}/@alice/experiences/"
    assert items and all(item["url"].startswith(expected) for item in items)
