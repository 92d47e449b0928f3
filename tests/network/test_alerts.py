"""Saved searches: the form, and the notifications a published offer creates."""

from __future__ import annotations

from typing import Any

import pytest

from jobs import offers
from network.models import Notification, NotificationKind, SavedSearch
from profiles.models import Concept, Profile
from tests.conftest import client_for
from tests.network.helpers import make_offer, make_organisation

pytestmark = pytest.mark.django_db


def alert(profile: Profile, concepts: list[str] = (), **fields: Any) -> SavedSearch:
    from profiles.publishing import place_key

    fields.setdefault("name", "My alert")
    search = SavedSearch.objects.create(
        profile=profile, place_key=place_key(fields.get("place", "")), **fields
    )
    search.concepts.set(Concept.objects.filter(slug__in=concepts))
    return search


def test_create_alert_with_tags_in_the_interface_language(
    vocabulary: None, person: Profile
) -> None:
    client = client_for(person)
    response = client.post(
        "/me/alerts/new/",
        {
            "name": "Cuisine à Lyon",
            "tags": "cuisine, baby-sitting",
            "place": "Saint-Étienne",
            "contract_type": "summer_job",
            "active": "on",
            "email_digest": "on",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get(profile=person)
    assert {c.slug for c in search.concepts.all()} == {"cooking", "childcare"}
    assert search.place_key == "saint etienne" and search.contract_type == "summer_job"
    page = client.get("/me/alerts/").content.decode()
    assert "Cuisine à Lyon" in page


def test_unknown_tag_is_a_form_error_and_nothing_is_saved(
    vocabulary: None, person: Profile
) -> None:
    response = client_for(person).post(
        "/me/alerts/new/", {"name": "Dreams", "tags": "cooking, astronaut", "active": "on"}
    )
    assert response.status_code == 200
    assert "Unknown tag: astronaut" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_an_alert_needs_a_criterion(vocabulary: None, person: Profile) -> None:
    response = client_for(person).post("/me/alerts/new/", {"name": "Anything"})
    assert "Choose at least a tag, a place or a contract type." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_edit_switch_and_delete(vocabulary: None, person: Profile, member: Profile) -> None:
    search = alert(person, ["cooking"])
    client = client_for(person)
    assert "cooking" in client.get(f"/me/alerts/{search.pk}/").content.decode()
    client.post(
        f"/me/alerts/{search.pk}/", {"name": "Renamed", "tags": "childcare", "active": "on"}
    )
    search.refresh_from_db()
    assert search.name == "Renamed" and [c.slug for c in search.concepts.all()] == ["childcare"]
    assert not search.email_digest  # unticked box
    client.post(f"/me/alerts/{search.pk}/switch/", {"switch": "active", "on": "0"})
    search.refresh_from_db()
    assert not search.active
    assert client.post(f"/me/alerts/{search.pk}/switch/", {"switch": "name"}).status_code == 400
    # Someone else's alert is not found.
    assert client_for(member).post(f"/me/alerts/{search.pk}/delete/").status_code == 404
    client.post(f"/me/alerts/{search.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_matching_offer_notifies_once_even_when_published_again(
    vocabulary: None, person: Profile, django_capture_on_commit_callbacks: Any
) -> None:
    search = alert(person, ["cooking"], place="Lyon", contract_type="summer_job")
    org = make_organisation("bistro")
    with django_capture_on_commit_callbacks(execute=True):
        offer = make_offer(org, tags=["cuisine"], title="Aide cuisinier", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        offers.save_offer(org, offer, {"title": "Aide cuisinier (changed)"}, ["cuisine"])
    with django_capture_on_commit_callbacks(execute=True):
        offers.close(offer)
        offers.publish(offer)
    notes = list(Notification.objects.filter(recipient=person))
    assert len(notes) == 1
    note = notes[0]
    assert note.kind == NotificationKind.OFFER_MATCH and note.saved_search == search
    assert note.title == "Aide cuisinier" and note.title_language == "fr"
    assert note.url.endswith(f"/offers/{offer.pk}/")
    page = client_for(person).get("/me/notifications/").content.decode()
    assert "Aide cuisinier" in page and "New offer for an alert" in page


@pytest.mark.parametrize(
    "criteria",
    [
        {"concepts": ["childcare"]},
        {"place": "Paris"},
        {"contract_type": "internship"},
        {"concepts": ["cooking"], "place": "Paris"},
    ],
)
def test_offer_not_matching_creates_nothing(
    vocabulary: None, person: Profile, django_capture_on_commit_callbacks: Any, criteria: dict
) -> None:
    alert(person, **criteria)
    with django_capture_on_commit_callbacks(execute=True):
        make_offer(make_organisation("bistro"), tags=["cooking"])
    assert not Notification.objects.exists()


def test_inactive_alert_creates_nothing(
    vocabulary: None, person: Profile, django_capture_on_commit_callbacks: Any
) -> None:
    alert(person, ["cooking"], active=False)
    with django_capture_on_commit_callbacks(execute=True):
        make_offer(make_organisation("bistro"), tags=["cooking"])
    assert not Notification.objects.exists()


def test_matching_uses_few_queries_whatever_the_number_of_alerts(
    vocabulary: None, django_assert_max_num_queries: Any
) -> None:
    from network.alerts import notify_matches
    from tests.conftest import make_person

    people = [make_person(f"p{n}") for n in range(6)]
    for profile in people:
        alert(profile, ["cooking"])
        alert(profile, ["childcare"], name="Other")
    offer = make_offer(make_organisation("bistro"), tags=["cooking"])
    Notification.objects.all().delete()  # publishing told them: measure telling them again
    with django_assert_max_num_queries(3):
        assert notify_matches(offer) == 6
    assert Notification.objects.count() == 6
