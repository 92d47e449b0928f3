"""A lost database answers 503 with Retry-After, through the node's real middleware stack."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def lost_connection(request: HttpRequest, *args: object) -> HttpResponse:
    raise OperationalError("server closed the connection unexpectedly")


def closed_connection(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


def broken_data(request: HttpRequest) -> HttpResponse:
    raise IntegrityError("duplicate key value")


urlpatterns = [
    path("lost/", lost_connection),
    path("closed/", closed_connection),
    path("integrity/", broken_data),
]


def test_a_page_whose_database_went_away_says_so_with_a_503():
    response = Client().get("/lost/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "The database is unavailable, try again in a moment." in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_a_remote_node_posting_activity_json_gets_a_json_503():
    response = Client().post("/closed/", data=b"{}", content_type="application/activity+json")
    assert response.status_code == 503
    assert response.json() == {"error": "The database is unavailable, try again in a moment."}
    assert response["Retry-After"] == "10"


def test_other_database_errors_are_not_hidden_as_unavailable():
    client = Client(raise_request_exception=False)
    assert client.get("/integrity/").status_code == 500


@pytest.mark.parametrize("path", ["/@lea/", "/@lea/experiences/1/", "/offers/1/"])
def test_an_activitypub_get_whose_database_went_away_gets_a_json_503(monkeypatch, path):
    """These documents are answered by content negotiation, before the views' hook."""
    from federation.views import objects, offers

    for module, name in ((objects, "person"), (objects, "experience"), (offers, "offer")):
        monkeypatch.setattr(module, name, lost_connection)
    response = Client().get(path, HTTP_ACCEPT="application/activity+json")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json() == {"error": "The database is unavailable, try again in a moment."}
