"""The company side on a small phone (360 px wide): saved searches for candidates and
tags followed as the organisation, without JavaScript.

Data seeded through the domain functions, pages served by pytest-django's live server
(the `phone` and `look` of test_federated_pages_360: fits 360 px, tap targets 44 px).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network import candidates, tags
from network.models import CandidateSearch
from profiles.models import Concept
from profiles.visibility import Visibility
from tests.browser import test_federated_pages_360 as pages_360
from tests.conftest import make_experience, make_person
from tests.network.helpers import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
look = pages_360.look
phone = pages_360.phone  # the fixture, used here under its name


@pytest.fixture
def company(vocabulary: None) -> dict[str, Any]:
    recruiter = make_person("rita", role="organisation", birth=None)
    organisation = make_organisation("chez_rosa", member=recruiter)
    young = make_person("samir")
    search = candidates.save_search(
        organisation, "Cuisiniers à Lyon, l'été", {"tag": "cooking", "place": "Lyon"}, "fr"
    )
    CandidateSearch.objects.filter(pk=search.pk).update(
        seen_at=timezone.now() - datetime.timedelta(days=1)
    )
    make_experience(young, Visibility.PUBLIC, tags=["cooking"], title="Aide en cuisine")
    tags.follow_tag(organisation.profile, Concept.objects.get(slug="childcare"))
    return {"recruiter": recruiter, "organisation": organisation, "search": search}


def test_saved_searches_and_followed_tags_fit_a_phone(company: dict[str, Any], phone: Any) -> None:
    recruiter, search = company["recruiter"], company["search"]
    page = phone(recruiter, "fr")
    look(page, "/me/organisation/", "company-my-organisation")
    expect(page.locator(f"#organisation-{company['organisation'].pk}")).to_contain_text(
        "1 nouvelle"
    )
    look(page, "/explore/?tag=cooking&place=Lyon", "company-explore")
    look(page, "/me/organisation/searches/new/?tag=cooking&place=Lyon", "company-save-search")
    look(page, f"/me/organisation/searches/{search.pk}/rename/", "company-rename-search")
    look(page, "/tags/cooking/", "company-tag-page")
    look(page, f"/me/organisation/searches/{search.pk}/", "company-open-search")
    expect(page.locator("main")).to_contain_text("Aide en cuisine")


def test_saving_a_search_and_following_a_tag_work_without_javascript(
    company: dict[str, Any], phone: Any
) -> None:
    page = phone(company["recruiter"], "en")
    page.context.set_extra_http_headers({"Accept-Language": "en"})
    page.context.route("**/*.js", lambda route: route.abort())
    page.goto("/explore/?tag=childcare")
    page.get_by_role("link", name="Save this search for my organisation").click()
    page.get_by_label("Name of this search").fill("Babysitters")
    page.get_by_role("button", name="Save the search").click()
    expect(page.locator(".messages")).to_contain_text("Search “Babysitters” saved")
    expect(page.locator("main")).to_contain_text("Babysitters")

    page.goto("/tags/cooking/")
    page.get_by_role("button", name="Follow as Chez_Rosa").click()
    expect(page.get_by_role("button", name="Unfollow as")).to_be_visible()
