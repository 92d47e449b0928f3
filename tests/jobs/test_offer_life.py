"""An offer's life as people see it: publish, close, repost, expire, delete."""

from __future__ import annotations

import datetime
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs.models import Offer
from jobs.offers import expire_due
from node import periodic
from tests.conftest import client_for
from tests.jobs.conftest import make_offer

pytestmark = pytest.mark.django_db


def seen(response) -> str:
    return html.unescape(response.content.decode())


def visible_to_visitors(offer: Offer) -> bool:
    """The offer is on its page and in the browse list for an anonymous visitor."""
    client = client_for(None)
    on_page = client.get(reverse("jobs:offer", args=[offer.pk])).status_code == 200
    listed = offer.title in seen(client.get(reverse("jobs:offers")))
    on_showcase = offer.title in seen(client.get(offer.organisation.profile.get_absolute_url()))
    assert on_page == listed == on_showcase, (on_page, listed, on_showcase)
    return on_page


def test_publish_a_draft_from_its_page(organisation, owner):
    offer = make_offer(organisation, publish=False, title="Apprenti boulanger")
    assert not visible_to_visitors(offer)
    response = client_for(owner).post(reverse("jobs:offer-publish", args=[offer.pk]), follow=True)
    assert "Your offer is published." in seen(response)
    assert visible_to_visitors(offer)


def test_a_draft_whose_date_passed_cannot_be_published(organisation, owner):
    offer = make_offer(organisation, publish=False)
    Offer.objects.filter(pk=offer.pk).update(valid_through=datetime.date(2001, 1, 1))
    response = client_for(owner).post(reverse("jobs:offer-publish", args=[offer.pk]), follow=True)
    assert "The closing date is past" in seen(response)
    offer.refresh_from_db()
    assert offer.state == "draft"


def test_a_closed_offer_disappears_and_members_still_see_it(organisation, owner, person):
    offer = make_offer(organisation, title="Serveuse")
    assert visible_to_visitors(offer)
    client = client_for(owner)
    response = client.post(reverse("jobs:offer-close", args=[offer.pk]), follow=True)
    assert "The offer is closed" in seen(response)
    assert not visible_to_visitors(offer)
    assert client_for(person).get(reverse("jobs:offer", args=[offer.pk])).status_code == 404
    page = seen(client.get(reverse("jobs:offer", args=[offer.pk])))
    assert "Closed: only the organisation's members see it." in page
    assert "Publish again until this date" in page
    assert "Closed" in seen(client.get(reverse("jobs:mine")))


def test_repost_opens_a_closed_offer_until_a_new_date(organisation, owner):
    offer = make_offer(organisation, title="Serveuse")
    client = client_for(owner)
    client.post(reverse("jobs:offer-close", args=[offer.pk]))
    url = reverse("jobs:offer-repost", args=[offer.pk])
    past = client.post(url, {"valid_through": "2001-01-01"}, follow=True)
    assert "This date is past" in seen(past)
    assert not visible_to_visitors(offer)
    too_far = (timezone.localdate() + datetime.timedelta(days=500)).isoformat()
    assert "one year at most" in seen(client.post(url, {"valid_through": too_far}, follow=True))
    new_date = timezone.localdate() + datetime.timedelta(days=60)
    response = client.post(url, {"valid_through": new_date.isoformat()}, follow=True)
    assert "The offer is published again." in seen(response)
    offer.refresh_from_db()
    assert (offer.state, offer.valid_through) == ("published", new_date)
    assert visible_to_visitors(offer)


def test_an_offer_past_its_date_is_hidden_before_and_after_the_expiry_job(organisation, owner):
    offer = make_offer(organisation, title="Saisonnier")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Offer.objects.filter(pk=offer.pk).update(valid_through=yesterday)
    # The periodic job has not run yet: still hidden.
    assert not visible_to_visitors(offer)
    page = seen(client_for(owner).get(reverse("jobs:offer", args=[offer.pk])))
    assert "Its closing date is past" in page
    assert expire_due() == 1
    offer.refresh_from_db()
    assert offer.state == "expired"
    assert not visible_to_visitors(offer)
    assert expire_due() == 0
    # Reposting brings it back.
    client_for(owner).post(
        reverse("jobs:offer-repost", args=[offer.pk]),
        {"valid_through": (timezone.localdate() + datetime.timedelta(days=5)).isoformat()},
    )
    assert visible_to_visitors(offer)


def test_expiry_runs_on_schedule(organisation):
    offer = make_offer(organisation)
    Offer.objects.filter(pk=offer.pk).update(valid_through=datetime.date(2001, 1, 1))
    assert ("jobs.offers.expire_due", 15 * 60) in periodic.JOBS
    periodic._last_run.clear()
    periodic.run_due(now=10**9)
    offer.refresh_from_db()
    assert offer.state == "expired"


def test_an_offer_open_today_is_still_shown(organisation):
    offer = make_offer(organisation)
    Offer.objects.filter(pk=offer.pk).update(valid_through=timezone.localdate())
    expire_due()
    assert visible_to_visitors(offer)


def test_delete_removes_the_offer(organisation, owner):
    offer = make_offer(organisation, title="À supprimer")
    response = client_for(owner).post(reverse("jobs:offer-delete", args=[offer.pk]), follow=True)
    assert "The offer is deleted." in seen(response)
    assert not Offer.objects.filter(pk=offer.pk).exists()
    # A published offer that is deleted is gone for good (410), not merely unknown.
    assert client_for(None).get(reverse("jobs:offer", args=[offer.pk])).status_code == 410


def test_actions_are_post_only_and_csrf_protected(organisation, owner):
    offer = make_offer(organisation)
    client = client_for(owner)
    names = ["offer-publish", "offer-close", "offer-repost", "offer-delete"]
    for name in names:
        assert client.get(reverse(f"jobs:{name}", args=[offer.pk])).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner.user)
    for name in names:
        assert strict.post(reverse(f"jobs:{name}", args=[offer.pk])).status_code == 403
    offer.refresh_from_db()
    assert offer.state == "published"


def test_a_remote_copy_past_its_date_is_never_shown(remote_organisation):
    offer = make_offer(remote_organisation, title="Copie distante")
    assert visible_to_visitors(offer)
    Offer.objects.filter(pk=offer.pk).update(valid_through=datetime.date(2001, 1, 1))
    assert not visible_to_visitors(offer)


def test_a_suspended_organisation_offers_disappear_and_come_back(organisation, owner):
    from django.test import Client

    from jobs.offers import open_offers
    from moderation import actions
    from tests.moderation.helpers import make_staff

    offer = make_offer(organisation)
    moderator = make_staff().user
    actions.suspend(organisation.profile, moderator, "fake company")
    assert not open_offers().filter(pk=offer.pk).exists()
    assert Client().get(f"/offers/{offer.pk}/").status_code == 404
    assert offer.title not in Client().get("/offers/").content.decode()
    actions.lift_suspension(organisation.profile, moderator)
    assert Client().get(f"/offers/{offer.pk}/").status_code == 200
