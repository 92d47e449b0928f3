"""Following a tag from its page."""

from __future__ import annotations

import pytest

from network.models import TagFollow
from profiles.models import Profile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_follow_then_unfollow_a_tag(vocabulary: None, person: Profile) -> None:
    client = client_for(person)
    page = client.get("/tags/cooking/")
    assert "Follow this tag" in page.content.decode()

    response = client.post("/tags/cooking/follow/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unfollow this tag" in html
    assert TagFollow.objects.filter(profile=person, concept__slug="cooking").count() == 1

    client.post("/tags/cooking/follow/")  # twice: still one
    assert TagFollow.objects.filter(profile=person).count() == 1
    feed = client.get("/feed/").content.decode()
    assert "Tags I follow" in feed and 'href="/tags/cooking/"' in feed

    response = client.post("/tags/cooking/unfollow/", follow=True)
    assert "Follow this tag" in response.content.decode()
    assert not TagFollow.objects.filter(profile=person).exists()


def test_unknown_tag_is_404_and_get_is_refused(vocabulary: None, person: Profile) -> None:
    client = client_for(person)
    assert client.post("/tags/no-such-thing/follow/").status_code == 404
    assert client.get("/tags/cooking/follow/").status_code == 405
    assert not TagFollow.objects.exists()


def test_anonymous_cannot_follow(vocabulary: None) -> None:
    response = client_for(None).post("/tags/cooking/follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Log in to follow this tag" in client_for(None).get("/tags/cooking/").content.decode()
    assert not TagFollow.objects.exists()


def test_csrf_is_required(vocabulary: None, person: Profile) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(person.user)
    assert client.post("/tags/cooking/follow/").status_code == 403
    assert not TagFollow.objects.exists()
