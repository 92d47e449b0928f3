"""404, 403, 500 and a refused form are our pages: translated, with the header, a way back."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path

from node.web.errors import permission_denied, server_error, shown_reason


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), path("", include("node.urls"))]
handler404 = "node.web.errors.page_not_found"
handler500 = "node.web.errors.server_error"


def test_an_unknown_address_gets_our_404_with_the_header_and_a_way_back(client, db):
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page
    assert 'class="skip-link"' in page and 'class="places"' in page
    assert 'href="/">Go to the home page</a>' in page
    assert "Not Found</h1>" not in page  # Django's own page


def test_the_404_shows_the_reason_our_view_gave_in_the_persons_language(client, db):
    page = client.get("/@nobody_here/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in page
    assert "Ce profil n’existe pas, ou tu ne peux pas le voir." in page
    english = client.get("/@nobody_here/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No such profile, or it is not shown to you." in english


def test_django_s_untranslated_reasons_are_not_shown():
    assert shown_reason(Http404("No Profile matches the given query.")) == ""
    assert shown_reason(Http404({"path": "x", "tried": []})) == ""
    assert shown_reason(Http404("no such actor")) == ""
    assert shown_reason(Http404("No such offer, or it is closed.")) == (
        "No such offer, or it is closed."
    )


def test_the_403_page_gives_the_reason_and_offers_to_log_in(db):
    request = RequestFactory().get("/me/organisation/1/members/", HTTP_ACCEPT_LANGUAGE="en")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied("Only the owners manage members."))
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You cannot open this page</h1>" in page
    assert "Only the owners manage members." in page
    assert "/accounts/login/?next=/me/organisation/1/members/" in page


@override_settings(ROOT_URLCONF=__name__)
def test_a_bug_gets_our_500_page_in_the_persons_language(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in page
    assert "It is our fault, not yours." in page
    assert 'href="/"' in page and "/static/tremplin/site.css" in page


def test_the_500_page_needs_neither_the_request_nor_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_form_sent_with_a_stale_token_says_what_happened_and_how_to_go_on(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/",
        {"username": "x", "password": "y"},
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_REFERER="http://testserver/accounts/login/",
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Please try again</h1>" in page
    assert "The page was open too long, or cookies are off in your browser." in page
    assert 'href="http://testserver/accounts/login/">Go back to the page</a>' in page
    assert 'class="places"' in page  # the navigation is there
    assert "CSRF" not in page


def test_the_stale_token_page_never_links_back_to_another_site(db):
    client = Client(enforce_csrf_checks=True)
    page = client.post(
        "/accounts/login/", {}, HTTP_REFERER="https://evil.example/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "evil.example" not in page
