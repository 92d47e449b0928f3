"""Query strings with a NUL character are refused at the door.

PostgreSQL cannot compare or store U+0000, so a search for "a\\x00b" would fail deep
in the database (a 500) on PostgreSQL and quietly work on SQLite. Forms already
refuse NUL characters; this covers every GET parameter, for every page, in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return HttpResponseBadRequest(
                    _("This address contains a NUL character."), content_type="text/plain"
                )
        return self.get_response(request)
