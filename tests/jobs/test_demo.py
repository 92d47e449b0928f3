"""The demo data gives the offers pages something to show, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from jobs.models import Offer, Organisation
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_organisation_with_two_open_offers(vocabulary):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    assert Organisation.objects.count() == 1
    assert Offer.objects.filter(state="published").count() == 2
    page = client_for(None).get(reverse("jobs:offers"), {"tag": "cooking"}).content.decode()
    assert "Commis de cuisine pour l&#x27;été" in page
    assert "Serveuse" not in page
    assert "Restaurant Le Bouchon" in client_for(None).get("/@bouchon_lyonnais/").content.decode()
