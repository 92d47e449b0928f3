"""Home and About: what this node is and what is new on it."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from node.accounts.models import NodeSettings
from profiles.browse import Filters, experiences_for
from profiles.forms import BrowseForm
from profiles.models import Experience, Profile


def home(request: HttpRequest) -> HttpResponse:
    latest = list(experiences_for(request.user, Filters())[0][:10])
    return render(request, "web/home.html", {"latest": latest, "form": BrowseForm()})


def territory_handle() -> str:
    """The node actor's fediverse address, "@host@host[:port]", as its actor document and
    WebFinger name it (preferredUsername is the host name)."""
    domain = settings.TREMPLIN_DOMAIN
    return f"@{domain.split(':', 1)[0]}@{domain}"


def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/about.html",
        {
            "node": NodeSettings.current(),
            "people": Profile.objects.filter(user__isnull=False, published__isnull=False).count(),
            "experiences": Experience.objects.published().count(),
            "territory_handle": territory_handle(),
        },
    )


def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """Remember the interface language in a cookie; a plain link, so pages need no form."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
