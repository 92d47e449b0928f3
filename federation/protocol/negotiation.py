"""Content negotiation: the same URL gives HTML to a browser, ActivityStreams to a peer.

How the Accept header is read (q-values, wildcards) lives in one place, node/web/accept.py.
Every negotiated response says `Vary: Accept`, so no cache between us and a reader hands
the JSON to a browser or the page to a peer. Actor and object JSON carry an ETag and
answer a matching `If-None-Match` with 304: peers refetch actors often (key checks).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

from node.web.accept import ACTIVITYPUB_TYPES, wants_activitypub

AP_CONTENT_TYPE = "application/activity+json; charset=utf-8"
AP_MEDIA_TYPES = ACTIVITYPUB_TYPES
View = TypeVar("View", bound=Callable[..., HttpResponse])

__all__ = ["AP_CONTENT_TYPE", "activity_response", "wants_activitypub"]


def activity_response(document: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(document, status=status, content_type=AP_CONTENT_TYPE)
    response["Vary"] = "Accept"
    return response


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """`Vary: Accept`; on a 200 with a body, a strong ETag and 304 for a matching If-None-Match."""
    patch_vary_headers(response, ("Accept",))
    if response.status_code != 200 or response.streaming or request.method not in ("GET", "HEAD"):
        return response
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    return get_conditional_response(request, etag=response["ETag"], response=response) or response
