"""What a peer and a browser see of something deleted here: 410 and a Tombstone, not 404."""

from __future__ import annotations

import pytest
from django.utils import translation

from federation.models import Tombstone
from federation.protocol import ids
from jobs import offers
from profiles import publishing
from profiles.visibility import Visibility
from rights.deletion import delete_account
from tests.conftest import make_experience
from tests.federation.test_offers_outbox import make_offer

pytestmark = pytest.mark.django_db
AP = {"HTTP_ACCEPT": "application/activity+json"}
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}


def test_a_deleted_account_answers_410_with_a_person_tombstone(client, person, vocabulary):
    experience = make_experience(person, Visibility.PUBLIC)
    experience_path = f"/@alice/experiences/{experience.pk}/"
    delete_account(person)

    actor = client.get("/@alice/", **AP)
    assert actor.status_code == 410
    assert actor["Content-Type"].startswith("application/activity+json")
    document = actor.json()
    assert document["id"] == ids.base_url() + "/@alice/"
    assert document["type"] == "Tombstone"
    assert document["formerType"] == "Person"
    assert document["deleted"].endswith("+00:00")

    item = client.get(experience_path, **AP)
    assert item.status_code == 410
    assert item.json()["formerType"] == "Article"
    assert item.json()["id"] == ids.base_url() + experience_path


def test_a_browser_gets_a_gone_page_in_its_language(client, person):
    delete_account(person)
    page = client.get("/@alice/", **BROWSER)
    assert page.status_code == 410
    assert page["Content-Type"].startswith("text/html")
    assert "Accept" in page["Vary"]
    text = page.content.decode()
    assert "This page is gone" in text
    assert "What was here has been deleted. It will not come back." in text
    assert 'href="/"' in text

    with translation.override("fr"):
        french = client.get("/@alice/", HTTP_ACCEPT_LANGUAGE="fr", **BROWSER)
    assert french.status_code == 410
    assert '<html lang="fr">' in french.content.decode()


def test_a_deleted_experience_that_went_out_is_gone(client, person, vocabulary):
    experience = make_experience(person, Visibility.PUBLIC)
    path = f"/@alice/experiences/{experience.pk}/"
    assert client.get(path, **AP).status_code == 200
    publishing.delete_experience(experience)

    answer = client.get(path, **AP)
    assert answer.status_code == 410
    assert answer.json()["type"] == "Tombstone"
    assert answer.json()["formerType"] == "Article"
    assert client.get(path, **BROWSER).status_code == 410


def test_a_deleted_draft_that_never_went_out_is_simply_not_found(client, person, vocabulary):
    draft = make_experience(person, None)
    path = f"/@alice/experiences/{draft.pk}/"
    publishing.delete_experience(draft)
    assert not Tombstone.objects.filter(uri=ids.base_url() + path).exists()
    assert client.get(path, **AP).status_code == 404


def test_a_deleted_published_offer_is_gone(client, vocabulary):
    offer = make_offer()
    path = f"/offers/{offer.pk}/"
    assert client.get(path, **AP).status_code == 200
    offers.delete(offer)
    answer = client.get(path, **AP)
    assert answer.status_code == 410
    assert answer.json() == {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": ids.base_url() + path,
        "type": "Tombstone",
        "formerType": "Article",
        "deleted": answer.json()["deleted"],
    }


def test_unknown_ids_answer_404_in_json_when_json_was_asked(client, person):
    for path in ("/@nobody/", "/@alice/experiences/999/", "/offers/999/", "/@nobody/outbox/"):
        answer = client.get(path, **AP)
        assert answer.status_code == 404, path
        assert answer["Content-Type"].startswith("application/json"), path
        assert answer.json() == {"error": "not found"}
    page = client.get("/@nobody/", **BROWSER)
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_a_remote_tombstone_does_not_make_a_local_path_gone(client, person):
    Tombstone.objects.create(uri="https://elsewhere.example/@alice/", former_type="Person")
    assert client.get("/@alice/", **AP).status_code == 200
