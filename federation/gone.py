"""Answers for objects that are gone (410) or were never here (404), JSON or HTML.

Minimal version of the shared contract (federation/gone.py, OWNER serving): the
serving helper's version replaces this one at merge; the API is the same.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from federation.negotiation import AP_CONTENT_TYPE, wants_activitypub


def gone_response(
    request: HttpRequest,
    *,
    object_id: str,
    former_type: str = "Object",
    deleted: datetime.datetime | None = None,
) -> HttpResponse:
    if wants_activitypub(request):
        document = {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": object_id,
            "type": "Tombstone",
            "formerType": former_type,
        }
        if deleted is not None:
            document["deleted"] = deleted.isoformat()
        response: HttpResponse = JsonResponse(document, status=410, content_type=AP_CONTENT_TYPE)
    else:
        response = HttpResponse(_("This has been deleted."), status=410)
    response["Vary"] = "Accept"
    return response


def not_found_response(request: HttpRequest) -> HttpResponse:
    if wants_activitypub(request) or "json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"error": "not found"}, status=404)
    else:
        response = HttpResponse(_("Not found."), status=404)
    response["Vary"] = "Accept"
    return response
