"""Content negotiation: the same URL gives HTML to a browser, ActivityStreams to a peer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse

AP_CONTENT_TYPE = "application/activity+json; charset=utf-8"
AP_MEDIA_TYPES = ("application/activity+json", "application/ld+json")


def wants_activitypub(request: HttpRequest) -> bool:
    """True for Accept: application/activity+json or application/ld+json (any profile)."""
    accept = request.headers.get("Accept", "")
    return any(media in accept for media in AP_MEDIA_TYPES)


def activity_response(document: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(document, status=status, content_type=AP_CONTENT_TYPE)
    response["Vary"] = "Accept"
    return response
