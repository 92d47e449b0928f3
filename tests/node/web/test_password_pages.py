"""Forgotten and changed passwords go through our pages, never Django's admin ones."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD, client_for

ADMIN_MARKS = ("Django administration", "Administration de Django", 'id="site-name"')
FORMAL_FRENCH = re.compile(r"\b(vous|Vous|votre|Votre|vos|Veuillez|Saisissez|Assurez)\b")


def ours(page: str) -> None:
    assert not any(mark in page for mark in ADMIN_MARKS), page[:500]
    assert 'class="skip-link"' in page and 'class="places"' in page


def reset_link(client, person, language="fr") -> str:
    client.post(
        reverse("password_reset"), {"email": person.user.email}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert len(mail.outbox) == 1
    return re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)[1]


def test_the_login_page_links_to_the_forgotten_password_page(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("password_reset")}">Forgot your password?</a>' in page


def test_every_page_of_a_password_reset_is_ours_in_french(client, person, settings):
    settings.TREMPLIN_DOMAIN = "noeud.example"
    settings.TREMPLIN_NAME = "Tremplin Bretagne"
    form = client.get(reverse("password_reset"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    ours(form)
    assert "<h1>Mot de passe oublié ?</h1>" in form
    sent = client.post(
        reverse("password_reset"), {"email": person.user.email}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert sent.status_code == 302
    done = client.get(sent["Location"], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    ours(done)
    assert "Regarde tes e-mails" in done
    email = mail.outbox[0]
    assert "Tremplin Bretagne" in email.subject
    assert "://noeud.example/accounts/password/reset/" in email.body  # the node's domain
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", email.body)[1]
    confirm = client.get(link, follow=True, HTTP_ACCEPT_LANGUAGE="fr")
    page = confirm.content.decode()
    ours(page)
    assert "Choisis un nouveau mot de passe" in page
    new = "encore-une-autre-phrase"
    complete = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    ours(complete)
    assert "Mot de passe changé" in complete
    assert client.login(username=person.user.username, password=new)


def test_a_used_or_wrong_reset_link_says_so_on_our_page(client, person):
    page = client.get(
        "/accounts/password/reset/MQ/wrong-token/", follow=True, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    ours(page)
    assert "Ce lien ne marche plus" in page
    assert f'href="{reverse("password_reset")}"' in page


def test_changing_the_password_is_reached_from_the_menu_and_is_ours(person):
    client = client_for(person)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("account")}">My account</a>' in page
    account = client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("password_change")}">Change my password</a>' in account
    form = client.get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    ours(form)
    assert "<h1>Changer mon mot de passe</h1>" in form
    new = "une-toute-nouvelle-phrase"
    done = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    ours(done)
    assert "Mot de passe changé" in done


def test_a_wrong_old_password_is_listed_at_the_top_and_beside_the_field(person):
    client = client_for(person)
    page = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": "x-y-z-1-2-3", "new_password2": "x-y-z-1-2-3"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert 'class="error-summary"' in page and 'href="#id_old_password"' in page
    assert 'id="id_old_password_error"' in page


def test_django_s_own_messages_say_tu_in_french(person):
    client = client_for(person)
    pages = [
        client.get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="fr"),
        client.post(
            reverse("password_change"),
            {"old_password": "faux", "new_password1": "12345678", "new_password2": "12345678"},
            HTTP_ACCEPT_LANGUAGE="fr",
        ),
    ]
    for response in pages:
        main = response.content.decode().split("<main", 1)[1]
        assert not FORMAL_FRENCH.search(main), FORMAL_FRENCH.search(main)
