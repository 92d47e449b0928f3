"""Suspending an account hides it everywhere but from the team; lifting restores all."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from federation.models import InboxItem
from federation.worker import run_single_cycle
from moderation.models import AuditEntry, Report
from profiles.models import Experience
from tests.conftest import PASSWORD, client_for, make_experience
from tests.federation.test_inbox import PEER, activity, post, remote_actor  # noqa: F401
from tests.moderation.helpers import act, make_staff, report_through_page

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/activity+json"}


def seen(client: Client, person, experience) -> dict[str, bool]:
    """Every way to reach the person and their experience, as this client."""
    pages = {
        "profile page": person.get_absolute_url(),
        "experience page": f"{person.get_absolute_url()}experiences/{experience.pk}/",
        "profile JSON": f"/api/people/{person.handle}/",
    }
    result = {name: client.get(url).status_code == 200 for name, url in pages.items()}
    result["search"] = "Kitchen helper" in client.get("/explore/?q=kitchen").content.decode()
    result["experiences JSON"] = (
        "Kitchen helper" in client.get("/api/experiences/").content.decode()
    )
    result["actor"] = client.get(person.get_absolute_url(), **JSON).status_code == 200
    result["ActivityPub experience"] = (
        client.get(f"/@{person.handle}/experiences/{experience.pk}/", **JSON).status_code == 200
    )
    resource = f"acct:{person.handle}@{settings.TREMPLIN_DOMAIN}"
    result["webfinger"] = (
        client.get("/.well-known/webfinger", {"resource": resource}).status_code == 200
    )
    return result


def test_a_suspended_person_disappears_cannot_log_in_and_comes_back_when_lifted(person, member):
    experience = make_experience(person)
    staff = make_staff()
    everywhere = {k: True for k in seen(Client(), person, experience)}
    assert seen(Client(), person, experience) == everywhere
    report_through_page(client_for(member), "profile", person.pk, "spam")

    answer = act(staff, Report.objects.get(), "suspend", "spam account")
    assert "written in the moderation log" in answer.content.decode()
    nowhere = {k: False for k in everywhere}
    assert seen(Client(), person, experience) == nowhere
    assert seen(client_for(member), person, experience) == nowhere
    assert client_for(staff).get(person.get_absolute_url()).status_code == 200
    assert not Client().login(username="alice", password=PASSWORD)
    login = Client().post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert "Your account is suspended" in login.content.decode()
    wrong = Client().post("/accounts/login/", {"username": "alice", "password": "guess-123456"})
    assert "suspended" not in wrong.content.decode()  # strangers learn nothing
    logged_in_before = client_for(person)
    assert logged_in_before.get("/me/").status_code == 302  # the open session ends too
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.moderator_name, entry.note) == ("suspend", "modo", "spam account")

    lifted = client_for(staff).post(
        "/moderation/suspended/", {"profile": person.pk, "note": "appeal accepted"}, follow=True
    )
    assert "suspension is lifted" in lifted.content.decode()
    assert seen(Client(), person, experience) == everywhere
    assert Client().login(username="alice", password=PASSWORD)
    assert AuditEntry.objects.filter(action="unsuspend", note="appeal accepted").exists()


def test_a_suspended_remote_account_is_hidden_and_its_activities_refused(
    client,
    remote_actor,  # noqa: F811
):
    from moderation.actions import suspend

    staff = make_staff()
    article = {
        "id": f"{PEER}/users/rosa/articles/9",
        "type": "Article",
        "attributedTo": remote_actor.uri,
        "name": "Serveuse",
        "content": "<p>Le service du soir</p>",
        "published": "2025-06-01T10:00:00Z",
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }
    suspend(remote_actor.profile, staff.user, "spam node account")
    assert Client().get(remote_actor.profile.get_absolute_url()).status_code == 404
    assert post(client, activity(id=f"{PEER}/activities/9", type="Create", object=article)) == 202
    run_single_cycle()
    item = InboxItem.objects.get()
    assert (item.state, item.error) == ("refused", "this account is suspended here")
    assert not Experience.objects.exists()


def test_a_suspended_organisations_offers_are_served_nowhere_until_lifted(client, vocabulary):
    """Over ActivityPub as on pages, like a suspended person's items."""
    from moderation.actions import lift_suspension, suspend
    from tests.federation.test_offers_outbox import make_offer

    offer = make_offer()
    organisation = offer.organisation.profile
    urls = {
        "offer, ActivityPub": (f"/offers/{offer.pk}/", JSON),
        "offer page": (f"/offers/{offer.pk}/", {}),
        "organisation actor": (organisation.get_absolute_url(), JSON),
        "organisation outbox": (f"{organisation.get_absolute_url()}outbox/", JSON),
    }

    def answers() -> dict[str, int]:
        return {name: Client().get(url, **extra).status_code for name, (url, extra) in urls.items()}

    assert answers() == dict.fromkeys(urls, 200)
    moderator = make_staff().user
    suspend(organisation, moderator, "fake employer")
    assert answers() == dict.fromkeys(urls, 404)
    assert offer.title not in Client().get("/offers/").content.decode()
    lift_suspension(organisation, moderator, "appeal accepted")
    assert answers() == dict.fromkeys(urls, 200)
