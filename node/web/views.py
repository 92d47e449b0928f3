"""Home and About: what this node is and what is new on it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from node.accounts.models import NodeSettings
from profiles.browse import Filters, experiences_for
from profiles.forms import BrowseForm
from profiles.models import Experience, Profile


def home(request: HttpRequest) -> HttpResponse:
    latest = list(experiences_for(request.user, Filters())[0][:10])
    return render(request, "web/home.html", {"latest": latest, "form": BrowseForm()})


def about(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/about.html",
        {
            "node": NodeSettings.current(),
            "people": Profile.objects.filter(user__isnull=False, published__isnull=False).count(),
            "experiences": Experience.objects.published().count(),
        },
    )
