"""An offer's page carries schema.org JobPosting JSON-LD while it is open, safely escaped."""

from __future__ import annotations

import datetime
import json
import re

from django.test import Client
from django.utils import timezone

from jobs import offers
from jobs.models import Offer
from tests.jobs.conftest import make_offer

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld_of(page: str) -> list[dict]:
    return [json.loads(found) for found in SCRIPT.findall(page)]


def test_an_open_offer_page_describes_the_job_for_search_engines(organisation):
    offer = make_offer(organisation, place="Lyon", contract_type="internship", hours="35 h")
    [posting] = jsonld_of(Client().get(f"/offers/{offer.pk}/").content.decode())
    assert posting["@context"] == "https://schema.org/" and posting["@type"] == "JobPosting"
    assert posting["title"] == "Commis de cuisine"
    assert "Préparer les entrées" in posting["description"]
    assert posting["datePosted"] == timezone.localdate().isoformat()
    assert posting["validThrough"] == offer.valid_through.isoformat()
    assert posting["employmentType"] == "INTERN"
    assert posting["hiringOrganization"]["name"] == "Boulangerie du Coin"
    assert posting["hiringOrganization"]["sameAs"].endswith("/@boulangerie/")
    assert posting["jobLocation"]["address"]["addressLocality"] == "Lyon"


def test_words_that_would_close_the_script_are_escaped(organisation):
    attack = "</script><script>alert(1)</script> & <b>"
    offer = make_offer(organisation, title="Cook </script>", description=attack)
    page = Client().get(f"/offers/{offer.pk}/").content.decode()
    script = SCRIPT.search(page).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    [posting] = jsonld_of(page)
    assert posting["title"] == "Cook </script>"
    assert "alert(1)" in posting["description"] and "<script>" not in posting["description"]


def test_a_closed_offer_page_is_not_offered_to_search_engines(organisation, owner):
    offer = offers.close(make_offer(organisation))
    member = Client()
    member.force_login(owner.user)
    page = member.get(f"/offers/{offer.pk}/")
    assert page.status_code == 200 and jsonld_of(page.content.decode()) == []


def test_an_offer_whose_date_is_past_is_not_offered_to_search_engines(organisation, owner):
    offer = make_offer(organisation)
    Offer.objects.filter(pk=offer.pk).update(
        valid_through=timezone.localdate() - datetime.timedelta(days=1)
    )
    member = Client()
    member.force_login(owner.user)
    page = member.get(f"/offers/{offer.pk}/")
    assert page.status_code == 200 and jsonld_of(page.content.decode()) == []


def test_an_offer_of_another_node_is_left_to_its_own_node(remote_organisation):
    offer = make_offer(remote_organisation)
    page = Client().get(f"/offers/{offer.pk}/")
    assert page.status_code == 200 and "Commis de cuisine" in page.content.decode()
    assert jsonld_of(page.content.decode()) == []
