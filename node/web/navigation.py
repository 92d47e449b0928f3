"""The five main places of the bottom bar (phones) and of the header (wide screens).

Everything else goes into the header's menu. A place is "current" on its own page
(aria-current="page") and marked, less strongly, on the pages that belong to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Place:
    key: str
    url_name: str
    label: str | Promise
    # Other pages (view names) that belong to this place.
    section: tuple[str, ...] = ()


HOME = Place("home", "web:home", _("Home"))
EXPLORE = Place(
    "explore",
    "profiles:browse",
    _("Explore"),
    ("profiles:people", "profiles:tags", "profiles:tag", "profiles:territories"),
)
OFFERS = Place("offers", "jobs:offers", _("Offers"), ("jobs:offer", "matching:offers-for-you"))
MESSAGES = Place("messages", "contact:messages", _("Messages"), ("contact:thread",))
ME = Place(
    "me",
    "profiles:my-profile",
    _("Me"),
    (
        "profiles:my-experiences",
        "profiles:experience-new",
        "profiles:experience-edit",
        "profiles:my-settings",
        "account",
    ),
)
LOG_IN = Place("login", "login", _("Log in"), ("signup",))

PLACES_LOGGED_IN = (HOME, EXPLORE, OFFERS, MESSAGES, ME)
# A visitor has no messages and no "me" yet: logging in takes their place.
PLACES_VISITOR = (HOME, EXPLORE, OFFERS, LOG_IN)


@dataclass(frozen=True)
class ShownPlace:
    key: str
    url: str
    label: str | Promise
    current: str  # "page", "true" or ""


def places_for(request: HttpRequest | None) -> list[ShownPlace]:
    """The bottom bar's places for this visitor, the current one marked."""
    user = getattr(request, "user", None)
    places = PLACES_LOGGED_IN if user is not None and user.is_authenticated else PLACES_VISITOR
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    shown = []
    for place in places:
        if view_name == place.url_name:
            current = "page"
        elif view_name in place.section:
            current = "true"
        else:
            current = ""
        shown.append(ShownPlace(place.key, reverse(place.url_name), place.label, current))
    return shown
