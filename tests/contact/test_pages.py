"""The contact and application pages as people use them, through the test client."""

from __future__ import annotations

import pytest
from django.test import Client

from contact.models import Application, Conversation
from tests.conftest import client_for, make_experience, make_person

pytestmark = pytest.mark.django_db

MESSAGE = {
    "subject": "Summer job at the bakery",
    "body": "Hello Alice, your kitchen experience caught our eye.",
    "language": "en",
}


def contact(client, organisation, handle="alice", **changes):
    data = {"organisation": organisation.pk, **MESSAGE, **changes}
    return client.post(f"/contact/@{handle}/", data)


def test_a_recruiter_contacts_and_the_person_answers(organisation, recruiter, person, offer):
    recruiter_client = client_for(recruiter)
    page = recruiter_client.get("/contact/@alice/")
    assert page.status_code == 200 and "Baker&#x27;s helper" in page.content.decode()
    response = contact(recruiter_client, organisation, offer=offer.pk)
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response.url == f"/me/messages/{conversation.pk}/"

    alice = client_for(person)
    listing = alice.get("/me/messages/").content.decode()
    assert "Summer job at the bakery" in listing and "Acme Bakery" in listing
    thread = alice.get(f"/me/messages/{conversation.pk}/").content.decode()
    assert "your kitchen experience caught our eye" in thread and "Decline" in thread
    alice.post(f"/me/messages/{conversation.pk}/", {"body": "I would love to!", "language": "en"})

    seen_by_recruiter = recruiter_client.get(f"/me/messages/{conversation.pk}/").content.decode()
    assert "I would love to!" in seen_by_recruiter
    assert "Decline" not in seen_by_recruiter


def test_someone_without_an_organisation_cannot_contact(person):
    stranger = client_for(make_person("sam"))
    page = stranger.get("/contact/@alice/").content.decode()
    assert "Only members of an organisation can contact people." in page
    response = stranger.post("/contact/@alice/", {**MESSAGE, "organisation": 1})
    assert response.status_code == 403
    assert Conversation.objects.count() == 0


def test_the_page_says_when_contact_is_off(organisation, recruiter, person):
    person.accepts_contact = False
    person.save()
    page = client_for(recruiter).get("/contact/@alice/").content.decode()
    assert "This person does not accept messages from organisations." in page
    assert "<textarea" not in page


def test_the_page_says_when_a_minor_has_no_counsellor(organisation, recruiter, minor):
    page = client_for(recruiter).get("/contact/@mina/").content.decode()
    assert "contact the team of this node" in page


def test_posting_without_the_csrf_token_is_refused(organisation, recruiter, person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(recruiter.user)
    assert contact(client, organisation).status_code == 403
    assert Conversation.objects.count() == 0


def test_a_minor_does_not_see_the_conversation_their_counsellor_does(
    organisation, recruiter, minor, minor_counsellor
):
    contact(client_for(recruiter), organisation, handle="mina")
    conversation = Conversation.objects.get()
    mina = client_for(minor)
    assert "Summer job" not in mina.get("/me/messages/").content.decode()
    assert mina.get(f"/me/messages/{conversation.pk}/").status_code == 404
    cora = client_for(minor_counsellor)
    assert "Summer job" in cora.get("/me/messages/").content.decode()
    assert cora.get(f"/me/messages/{conversation.pk}/").status_code == 200


def test_an_outsider_cannot_open_a_thread(organisation, recruiter, person):
    contact(client_for(recruiter), organisation)
    conversation = Conversation.objects.get()
    assert client_for(make_person("eve")).get(f"/me/messages/{conversation.pk}/").status_code == 404


def test_the_person_declines_and_the_organisation_sees_it(organisation, recruiter, person):
    recruiter_client = client_for(recruiter)
    contact(recruiter_client, organisation)
    conversation = Conversation.objects.get()
    client_for(person).post(f"/me/messages/{conversation.pk}/decline/")
    page = recruiter_client.get(f"/me/messages/{conversation.pk}/").content.decode()
    assert "declined this conversation" in page and "<textarea" not in page
    recruiter_client.post(f"/me/messages/{conversation.pk}/", {"body": "Why?", "language": "en"})
    assert conversation.messages.count() == 1


def test_a_form_error_is_shown_and_nothing_is_sent(organisation, recruiter, person):
    response = contact(client_for(recruiter), organisation, body="")
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert Conversation.objects.count() == 0


def test_applying_with_chosen_experiences(organisation, recruiter, person, offer):
    experience = make_experience(person)
    alice = client_for(person)
    form = alice.get(f"/offers/{offer.pk}/apply/").content.decode()
    assert "Kitchen helper" in form
    response = alice.post(
        f"/offers/{offer.pk}/apply/",
        {"experiences": [experience.pk], "message": "I bake at home.", "language": "en"},
    )
    assert response.status_code == 302
    assert alice.post(f"/offers/{offer.pk}/apply/review/").status_code == 302
    assert "Baker&#x27;s helper" in alice.get("/me/applications/").content.decode()
    again = alice.get(f"/offers/{offer.pk}/apply/").content.decode()
    assert "You applied on" in again and "Review my application" not in again
    assert Application.objects.count() == 1
    application = Application.objects.get()
    seen = client_for(recruiter).get(f"/organisations/applications/{application.pk}/")
    page = seen.content.decode()
    assert "I bake at home." in page and experience.get_absolute_url() in page


def test_the_organisations_applications_are_for_members_only(organisation, person, offer):
    # Words no page carries by chance (a bare "Hi" can stand in a random token).
    words = "Hello from the applicant, zq7"
    alice = client_for(person)
    alice.post(f"/offers/{offer.pk}/apply/", {"message": words, "language": "en"})
    alice.post(f"/offers/{offer.pk}/apply/review/")
    application = Application.objects.get()
    sam = client_for(make_person("sam"))
    page = sam.get("/organisations/applications/").content.decode()
    assert "You are not a member of any organisation." in page and words not in page
    assert sam.get(f"/organisations/applications/{application.pk}/").status_code == 404


def test_contact_can_be_turned_off_in_the_settings(person):
    alice = client_for(person)
    assert "organisations may contact me" in alice.get("/me/").content.decode().lower()
    alice.post("/me/settings/", {"default_visibility": 3, "approves_followers": ""})
    person.refresh_from_db()
    assert person.accepts_contact is False
    alice.post("/me/settings/", {"default_visibility": 3, "accepts_contact": "on"})
    person.refresh_from_db()
    assert person.accepts_contact is True


def test_the_nav_links_to_messages(person):
    assert 'href="/me/messages/"' in client_for(person).get("/").content.decode()
