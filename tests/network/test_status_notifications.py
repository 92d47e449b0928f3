"""Notifications of an application's status: the applicant is told what the
organisation decided (here or on another node), once per status; the organisation's
members are told of a withdrawal; people of other nodes are told by their own node."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contact import application_status, messaging
from contact.models import Application
from jobs.models import Offer, Organisation
from network.models import Notification, NotificationKind
from profiles.models import Profile, ProfileKind
from tests.conftest import client_for
from tests.network.helpers import make_offer, make_organisation

pytestmark = pytest.mark.django_db

SHORTLISTED = "Good news: the organisation put your application on its shortlist"
NOT_KEPT = "The organisation did not keep your application this time"
OPENED = "The organisation opened your application"
WITHDRAWN = "An application was withdrawn"


def notifications_page(profile: Profile) -> str:
    return client_for(profile).get(reverse("network:notifications")).content.decode()


def recruiter_of(organisation: Organisation) -> Profile:
    return organisation.memberships.get().user.profile


@pytest.fixture
def organisation(vocabulary: None) -> Organisation:
    return make_organisation("bistro")


@pytest.fixture
def application(organisation: Organisation, person: Profile) -> Application:
    offer = make_offer(organisation, title="Kitchen assistant")
    return messaging.apply(offer, person, "Hello", "en")


def test_the_applicant_sees_that_the_organisation_opened_then_shortlisted_it(
    organisation: Organisation, application: Application, person: Profile
) -> None:
    recruiter = client_for(recruiter_of(organisation))
    recruiter.get(reverse("contact:organisation-application", args=[application.pk]))
    page = notifications_page(person)
    assert OPENED in page and "Kitchen assistant" in page
    link = f'href="/me/applications/#application-{application.pk}"'
    assert link in page

    recruiter.post(
        reverse("contact:application-status", args=[application.pk]), {"status": "shortlisted"}
    )
    page = notifications_page(person)
    assert SHORTLISTED in page and link in page
    assert f'id="application-{application.pk}"' in (
        client_for(person).get(reverse("contact:my-applications")).content.decode()
    )


def test_each_status_is_told_once_even_when_a_decision_is_undone(
    organisation: Organisation, application: Application, person: Profile
) -> None:
    user = recruiter_of(organisation).user
    application_status.mark_seen(application, user)
    client_for(person).post(reverse("network:notifications-read"))  # she read "opened"
    application_status.set_status(application, "shortlisted", user)
    application_status.set_status(application, "seen", user)  # undone
    application_status.set_status(application, "seen", user)
    page = notifications_page(person)
    assert page.count(OPENED) == 1
    # The undone "shortlisted" she never read does not stay next to where it stands now.
    assert SHORTLISTED not in page

    client_for(person).post(reverse("network:notifications-read"))
    application_status.set_status(application, "shortlisted", user)
    application_status.set_status(application, "not_retained", user)
    application_status.set_status(application, "shortlisted", user)
    page = notifications_page(person)
    assert page.count(SHORTLISTED) == 1 and NOT_KEPT not in page
    kinds = list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))
    assert sorted(kinds) == ["status_seen", "status_shortlisted"]


def test_a_status_read_or_emailed_is_not_told_again(
    organisation: Organisation, application: Application, person: Profile
) -> None:
    user = recruiter_of(organisation).user
    application_status.set_status(application, "shortlisted", user)
    Notification.objects.filter(recipient=person).update(emailed_at=timezone.now())
    application_status.set_status(application, "seen", user)
    application_status.set_status(application, "shortlisted", user)
    assert (
        Notification.objects.filter(
            recipient=person, kind=NotificationKind.STATUS_SHORTLISTED
        ).count()
        == 1
    )


def test_a_withdrawal_tells_the_organisation_not_the_applicant(
    organisation: Organisation, application: Application, person: Profile
) -> None:
    client_for(person).post(reverse("contact:application-withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == "withdrawn"
    page = notifications_page(recruiter_of(organisation))
    assert WITHDRAWN in page and "Kitchen assistant" in page
    assert f'href="/organisations/applications/{application.pk}/"' in page
    assert not Notification.objects.filter(recipient=person).exists()


def test_a_decision_made_on_another_node_is_told_once(person: Profile) -> None:
    remote = Profile.objects.create(
        handle="bakery", domain="peer.example", kind=ProfileKind.ORGANISATION
    )
    offer = make_offer(make_organisation("local"), title="Baker's helper")
    Offer.objects.filter(pk=offer.pk).update(
        organisation=Organisation.objects.create(profile=remote),
        url="https://peer.example/offers/3/",
    )
    offer.refresh_from_db()
    application = messaging.apply(offer, person, "Hello", "en")
    at = timezone.now()
    application_status.receive(application, "not_retained", remote, at)
    application_status.receive(application, "not_retained", remote, at)  # received twice
    page = notifications_page(person)
    assert page.count(NOT_KEPT) == 1 and "Baker&#x27;s helper" in page


def test_people_of_other_nodes_are_not_notified_here(organisation: Organisation) -> None:
    """A person of another node applied here: our members' decisions reach her through
    her node; her withdrawal, received from there, tells our members."""
    stranger = Profile.objects.create(handle="zoe", domain="peer.example")
    offer = make_offer(organisation)
    application = Application.objects.create(offer=offer, person=stranger, language="en")
    user = recruiter_of(organisation).user
    application_status.mark_seen(application, user)
    application_status.set_status(application, "shortlisted", user)
    assert not Notification.objects.filter(recipient=stranger).exists()

    later = timezone.now() + datetime.timedelta(seconds=1)
    application_status.receive(application, "withdrawn", stranger, later)
    assert WITHDRAWN in notifications_page(recruiter_of(organisation))


def test_an_organisation_of_another_node_is_told_by_its_own_node(person: Profile) -> None:
    remote = Profile.objects.create(
        handle="bakery", domain="peer.example", kind=ProfileKind.ORGANISATION
    )
    offer = make_offer(make_organisation("local"))
    Offer.objects.filter(pk=offer.pk).update(
        organisation=Organisation.objects.create(profile=remote)
    )
    offer.refresh_from_db()
    application = messaging.apply(offer, person, "Hello", "en")
    application_status.withdraw(application, person)
    assert not Notification.objects.exists()


def test_the_daily_email_says_the_status_in_words(
    organisation: Organisation, application: Application, person: Profile, mailoutbox
) -> None:
    from network import digest

    application_status.set_status(application, "shortlisted", recruiter_of(organisation).user)
    assert digest.send_due() >= 1
    body = next(m.body for m in mailoutbox if m.to == [person.user.email])
    assert f"{SHORTLISTED}: Kitchen assistant" in body
    assert f"/me/applications/#application-{application.pk}" in body
