"""Before any form: a visitor is asked to log in or sign up and comes back to the offer;
a person who may not apply is told why and what to do."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from contact.models import Application
from profiles.models import Role
from tests.conftest import client_for, make_person

pytestmark = pytest.mark.django_db


def signup_data(**changes):
    return {
        "username": "nadia_93",
        "display_name": "Nadia",
        "email": "nadia@example.org",
        "role": Role.YOUNG,
        "birth_month": 5,
        "birth_year": 2004,
        "password1": "une-phrase-de-passe",
        "password2": "une-phrase-de-passe",
        **changes,
    }


def test_a_visitor_is_told_to_log_in_or_sign_up_to_apply(client, offer):
    page = client.get(f"/offers/{offer.pk}/").content.decode()
    here = f"%2Foffers%2F{offer.pk}%2F"
    assert "Log in or sign up to apply." in page
    assert f'href="/accounts/login/?next={here}"' in page
    assert f'href="/accounts/signup/?next={here}"' in page
    assert f'href="/offers/{offer.pk}/apply/"' not in page


def test_after_signing_up_a_young_person_comes_back_to_the_offer(client, offer):
    form = client.get(f"/accounts/signup/?next=/offers/{offer.pk}/").content.decode()
    assert f'<input type="hidden" name="next" value="/offers/{offer.pk}/">' in form
    response = client.post(reverse("signup"), {**signup_data(), "next": f"/offers/{offer.pk}/"})
    assert response.status_code == 302 and response.url == f"/offers/{offer.pk}/"
    page = client.get(response.url).content.decode()
    assert f'href="/offers/{offer.pk}/apply/"' in page and ">Apply</a>" in page


def test_sign_up_never_sends_elsewhere(client, offer):
    response = client.post(reverse("signup"), {**signup_data(), "next": "https://evil.example/"})
    assert response.url == reverse("profiles:experience-new")


def test_an_organisation_member_signing_up_starts_as_before(client, offer):
    data = signup_data(role=Role.ORGANISATION, birth_month="", birth_year="")
    response = client.post(reverse("signup"), {**data, "next": f"/offers/{offer.pk}/"})
    assert response.url == reverse("profiles:experience-new")


def test_after_logging_in_the_visitor_comes_back_to_the_offer(client, person, offer):
    person.user.set_password("une-phrase-de-passe")
    person.user.save()
    form = client.get(f"/accounts/login/?next=/offers/{offer.pk}/").content.decode()
    assert f'<input type="hidden" name="next" value="/offers/{offer.pk}/">' in form
    response = client.post(
        "/accounts/login/",
        {
            "username": person.user.username,
            "password": "une-phrase-de-passe",
            "next": f"/offers/{offer.pk}/",
        },
    )
    assert response.status_code == 302 and response.url == f"/offers/{offer.pk}/"


def test_a_minor_is_told_why_and_what_to_do_before_any_form(offer):
    minor = make_person("mina", birth=(timezone.localdate().year - 14, 1))
    mina = client_for(minor)
    for url in (f"/offers/{offer.pk}/", f"/offers/{offer.pk}/apply/"):
        page = mina.get(url).content.decode()
        assert "You are under the age of digital consent" in page
        assert "Ask a parent or guardian for consent" in page
        assert 'href="/me/"' in page  # where counsellors are chosen
        assert "Review my application" not in page and 'name="message"' not in page
    response = mina.post(f"/offers/{offer.pk}/apply/", {"message": "Hello", "language": "en"})
    assert response.status_code == 403 and Application.objects.count() == 0


def test_the_guardian_consent_link_is_shown_only_where_it_exists(offer):
    """Whether or not the node has the guardian-consent page, the offer page works."""
    from contact.apply_guidance import guardian_consent_url

    minor = make_person("mina", birth=(timezone.localdate().year - 14, 1))
    page = client_for(minor).get(f"/offers/{offer.pk}/").content.decode()
    url = guardian_consent_url()
    if url is None:
        assert "Ask a guardian for consent" not in page
    else:
        assert f'href="{url}"' in page and "Ask a guardian for consent" in page


@pytest.mark.parametrize(
    ("role", "words"),
    [("organisation", "organisation member"), ("counsellor", "counsellor")],
)
def test_members_and_counsellors_are_told_why_they_cannot_apply(offer, role, words):
    someone = client_for(make_person("sam", role=role, birth=None))
    for url in (f"/offers/{offer.pk}/", f"/offers/{offer.pk}/apply/"):
        page = someone.get(url).content.decode()
        assert f"You have {'an' if role == 'organisation' else 'a'} {words}" in page
        assert 'name="message"' not in page


def test_the_offers_own_members_see_no_apply_block(recruiter, offer):
    page = client_for(recruiter).get(f"/offers/{offer.pk}/").content.decode()
    assert 'id="apply"' not in page


def test_a_young_person_sees_apply_on_the_offer(person, offer):
    page = client_for(person).get(f"/offers/{offer.pk}/").content.decode()
    assert f'<a class="button" href="/offers/{offer.pk}/apply/">Apply</a>' in page
