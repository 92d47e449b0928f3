"""Routes ActivityPub GETs of shared URLs (a profile, an experience) to the JSON views.

The HTML variant of those URLs says `Vary: Accept` too (a cache must not hand it to a
peer), and a page of something deleted here answers 410 "gone" instead of a 404.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import override

from federation.outgoing import gone
from federation.protocol.negotiation import wants_activitypub
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
        response = self.get_response(request)
        if self.negotiated(request.path_info):
            patch_vary_headers(response, ("Accept",))
            if response.status_code == 404 and request.method in ("GET", "HEAD"):
                try:
                    if gone.tombstone_for_path(request.path) is not None:
                        with override(getattr(request, "LANGUAGE_CODE", None)):
                            response = gone.missing_response(request)
                except DATABASE_UNAVAILABLE:
                    pass  # the 404 stands; the page's own answer said what it could
        return response

    @staticmethod
    def negotiated(path: str) -> bool:
        return any(pattern.match(path) for pattern in (PERSON, EXPERIENCE, OFFER))

    @staticmethod
    def activitypub(request: HttpRequest) -> HttpResponse | None:
        if match := PERSON.match(request.path_info):
            return objects.person(request, match["handle"])
        if match := EXPERIENCE.match(request.path_info):
            return objects.experience(request, match["handle"], int(match["pk"]))
        if match := OFFER.match(request.path_info):
            return offer_views.offer(request, int(match["pk"]))
        return None
