"""Applying, page by page: apply → review (nothing stored) → "Application sent"; then the
status the young person sees, the organisation's side, and withdrawing."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from contact.models import Application, ApplicationStatus
from tests.conftest import client_for, make_experience, make_person

pytestmark = pytest.mark.django_db


def fill(client, offer, **data):
    return client.post(
        f"/offers/{offer.pk}/apply/", {"message": "", "language": "en", **data}, follow=False
    )


def send(client, offer, **data) -> Application:
    assert fill(client, offer, **data).status_code == 302
    response = client.post(f"/offers/{offer.pk}/apply/review/")
    assert response.status_code == 302, response.content.decode()
    return Application.objects.filter(offer=offer).latest("pk")


def test_an_empty_application_is_refused_with_a_clear_error(person, offer):
    response = fill(client_for(person), offer)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Tick at least one experience or write a few words to the recruiter." in page
    assert Application.objects.count() == 0


def test_the_review_shows_what_the_recruiter_gets_and_stores_nothing(person, offer):
    experience = make_experience(person)
    alice = client_for(person)
    response = fill(alice, offer, experiences=[experience.pk], message="I bake at home, zq8.")
    assert response.url == f"/offers/{offer.pk}/apply/review/"
    review = alice.get(response.url).content.decode()
    assert "Check your application" in review and "I bake at home, zq8." in review
    assert experience.get_absolute_url() in review and "Kitchen helper" in review
    assert "Send my application" in review and "Change my application" in review
    assert Application.objects.count() == 0


def test_changing_the_application_loses_nothing(person, offer):
    experience = make_experience(person)
    alice = client_for(person)
    fill(alice, offer, experiences=[experience.pk], message="Words I typed once, zq9.")
    form = alice.get(f"/offers/{offer.pk}/apply/").content.decode()
    assert "Words I typed once, zq9." in form
    checkbox = re.search(rf'<input[^>]*value="{experience.pk}"[^>]*>', form).group(0)
    assert "checked" in checkbox
    assert Application.objects.count() == 0


def test_sending_confirms_and_says_what_happens_next(person, offer):
    alice = client_for(person)
    fill(alice, offer, message="Hello, zq10.")
    response = alice.post(f"/offers/{offer.pk}/apply/review/", follow=True)
    page = response.content.decode()
    assert "<h1>Application sent</h1>" in page
    assert "What happens next" in page and 'href="/me/applications/"' in page
    application = Application.objects.get()
    assert application.message == "Hello, zq10." and application.status == ApplicationStatus.SENT
    # The draft is gone: the review page cannot send it twice.
    assert alice.get(f"/offers/{offer.pk}/apply/review/").status_code == 200  # "you applied"
    assert Application.objects.count() == 1


def test_the_review_without_a_draft_goes_back_to_the_form(person, offer):
    response = client_for(person).post(f"/offers/{offer.pk}/apply/review/")
    assert response.status_code == 302 and response.url == f"/offers/{offer.pk}/apply/"
    assert Application.objects.count() == 0


def test_the_person_sees_the_status_and_its_date(person, offer):
    alice = client_for(person)
    send(alice, offer, message="Hello")
    page = alice.get("/me/applications/").content.decode()
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert ">Sent</span>" in page and f"since {today}" in page
    assert ">Withdraw</button>" in page


def test_seen_is_set_when_a_member_first_opens_it(person, recruiter, offer):
    application = send(client_for(person), offer, message="Hello")
    client_for(person).get("/me/applications/")
    client_for(make_person("sam", role="organisation", birth=None)).get(
        f"/organisations/applications/{application.pk}/"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SENT  # neither the person nor a stranger
    listing = client_for(recruiter).get("/organisations/applications/").content.decode()
    application.refresh_from_db()
    assert "Application from Alice" in listing
    assert application.status == ApplicationStatus.SENT  # the list is not the application
    client_for(recruiter).get(f"/organisations/applications/{application.pk}/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SEEN
    assert "Seen" in client_for(person).get("/me/applications/").content.decode()


def test_the_company_sets_the_status_and_the_person_sees_it(person, recruiter, offer):
    application = send(client_for(person), offer, message="Hello")
    rita = client_for(recruiter)
    listing = rita.get("/organisations/applications/").content.decode()
    assert f'<label for="id_status_{application.pk}">Status' in listing
    assert "Save status" in listing
    response = rita.post(
        f"/organisations/applications/{application.pk}/status/",
        {"status": "shortlisted", "next": "/organisations/applications/?status=shortlisted"},
    )
    assert response.url == "/organisations/applications/?status=shortlisted"
    assert "Shortlisted" in client_for(person).get("/me/applications/").content.decode()
    rita.post(f"/organisations/applications/{application.pk}/status/", {"status": "sent"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SHORTLISTED  # not a choice
    rita.post(f"/organisations/applications/{application.pk}/status/", {"status": "not_retained"})
    assert "Not retained" in client_for(person).get("/me/applications/").content.decode()


def test_a_redirect_after_saving_stays_on_this_site(person, recruiter, offer):
    application = send(client_for(person), offer, message="Hello")
    response = client_for(recruiter).post(
        f"/organisations/applications/{application.pk}/status/",
        {"status": "shortlisted", "next": "https://evil.example/"},
    )
    assert response.url == "/organisations/applications/"


def test_only_members_set_the_status(person, offer):
    application = send(client_for(person), offer, message="Hello")
    for someone in (person, make_person("sam", role="organisation", birth=None)):
        response = client_for(someone).post(
            f"/organisations/applications/{application.pk}/status/", {"status": "shortlisted"}
        )
        assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SENT


def test_withdrawing_asks_first_then_greys_it_for_the_company(person, recruiter, offer):
    alice = client_for(person)
    application = send(alice, offer, message="Hello")
    question = alice.get(f"/me/applications/{application.pk}/withdraw/").content.decode()
    assert "Withdraw your application?" in question and "Yes, withdraw it" in question
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SENT  # asking is not withdrawing
    alice.post(f"/me/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    mine = alice.get("/me/applications/").content.decode()
    assert "Withdrawn" in mine and ">Withdraw</button>" not in mine
    listing = client_for(recruiter).get("/organisations/applications/").content.decode()
    assert 'class="card withdrawn"' in listing and "Save status" not in listing
    client_for(recruiter).post(
        f"/organisations/applications/{application.pk}/status/", {"status": "shortlisted"}
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_nobody_else_withdraws(person, offer):
    application = send(client_for(person), offer, message="Hello")
    response = client_for(make_person("otto")).post(f"/me/applications/{application.pk}/withdraw/")
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SENT


def test_the_organisation_filters_by_status(person, recruiter, offer):
    first = send(client_for(person), offer, message="First applicant, zq11")
    send(client_for(make_person("bea")), offer, message="Second applicant, zq12")
    client_for(recruiter).post(
        f"/organisations/applications/{first.pk}/status/", {"status": "shortlisted"}
    )
    rita = client_for(recruiter)
    everything = rita.get("/organisations/applications/").content.decode()
    assert "All (2)" in everything and "Shortlisted (1)" in everything and "Sent (1)" in everything
    shortlisted = rita.get("/organisations/applications/?status=shortlisted").content.decode()
    assert "Application from Alice" in shortlisted and "Application from bea" not in shortlisted


def test_my_organisation_counts_applications_by_status(person, recruiter, organisation, offer):
    send(client_for(person), offer, message="Hello")
    send(client_for(make_person("bea")), offer, message="Hello")
    page = client_for(recruiter).get("/me/organisation/").content.decode()
    assert "2 new (not opened yet)" in page
    assert f"/organisations/applications/?organisation={organisation.pk}&amp;status=sent" in page
