"""The contact page says, before anyone types, whether writing is possible and why not."""

from __future__ import annotations

import pytest

from contact import messaging
from contact.models import Conversation
from tests.conftest import client_for, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_france(settings):
    settings.TREMPLIN_COUNTRY = "FR"


def test_writing_to_a_minor_says_first_that_their_counsellors_read_it(
    organisation, recruiter, minor, minor_counsellor
):
    page = client_for(recruiter).get("/contact/@mina/").content.decode()
    notice = page.index("under the age of digital consent (15 in France)")
    assert notice < page.index('name="subject"')
    assert "your message goes to the counsellors they chose" in page


def test_an_adult_gets_the_form_without_the_minor_notice(organisation, recruiter, person):
    page = client_for(recruiter).get("/contact/@alice/").content.decode()
    assert "<textarea" in page and "age of digital consent" not in page


def test_a_refusal_replaces_the_form_and_says_why(organisation, recruiter, person):
    person.accepts_contact = False
    person.save()
    page = client_for(recruiter).get("/contact/@alice/").content.decode()
    assert "You cannot write to this person" in page
    assert "This person does not accept messages from organisations." in page
    assert "<textarea" not in page and 'role="alert"' not in page


def test_the_daily_limit_is_said_before_writing_not_after(settings, organisation, recruiter):
    settings.TREMPLIN_CONTACT_PER_DAY = 1
    make_person("alice")
    make_person("bruno")
    messaging.start_conversation(
        organisation, recruiter.user, make_person("zoe"), None, "Hi", "Hello", "en"
    )
    client = client_for(recruiter)
    page = client.get("/contact/@alice/").content.decode()
    assert "already started 1 conversations in the last 24 hours" in page
    assert "<textarea" not in page
    response = client.post(
        "/contact/@alice/",
        {"organisation": organisation.pk, "subject": "Hi", "body": "Hello", "language": "en"},
    )
    assert response.status_code == 403
    assert Conversation.objects.count() == 1
