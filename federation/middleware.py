"""Routes ActivityPub GETs of shared URLs (a profile, an experience) to the JSON views."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from federation.negotiation import wants_activitypub
from federation.views import objects
from federation.views import offers as offer_views
from node.web.unavailable import DATABASE_UNAVAILABLE, answer_unavailable

PERSON = re.compile(r"^/@(?P<handle>[A-Za-z0-9_]{1,30})/$")
EXPERIENCE = re.compile(r"^/@(?P<handle>[A-Za-z0-9_]{1,30})/experiences/(?P<pk>\d{1,18})/$")
OFFER = re.compile(r"^/offers/(?P<pk>\d{1,18})/$")


class ContentNegotiationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and wants_activitypub(request):
            try:
                response = self.activitypub(request)
            except DATABASE_UNAVAILABLE as exception:
                # Answered here, these views are outside the middleware exception hook.
                return answer_unavailable(request, exception)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def activitypub(request: HttpRequest) -> HttpResponse | None:
        if match := PERSON.match(request.path_info):
            return objects.person(request, match["handle"])
        if match := EXPERIENCE.match(request.path_info):
            return objects.experience(request, match["handle"], int(match["pk"]))
        if match := OFFER.match(request.path_info):
            return offer_views.offer(request, int(match["pk"]))
        return None
