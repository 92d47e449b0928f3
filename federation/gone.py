"""What a deleted (or unknown) id answers: 410 with a Tombstone, 404 in JSON when asked.

A minimal version of the serving helper's API (CONTRACTS.md); the serving branch owns
this module and its version wins at merge.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseGone
from django.utils.translation import gettext

from federation.negotiation import activity_response, wants_activitypub


def gone_response(
    request: HttpRequest,
    *,
    object_id: str,
    former_type: str = "Object",
    deleted: datetime.datetime | None = None,
) -> HttpResponse:
    """410: a Tombstone for a peer, so it forgets its copy; a short page for a browser."""
    if wants_activitypub(request) or "json" in request.headers.get("Accept", ""):
        document: dict[str, Any] = {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": object_id,
            "type": "Tombstone",
            "formerType": former_type,
        }
        if deleted is not None:
            document["deleted"] = deleted.isoformat().replace("+00:00", "Z")
        return activity_response(document, status=410)
    return HttpResponseGone(gettext("This item was deleted."))


def not_found_response(request: HttpRequest) -> HttpResponse:
    """404: JSON when JSON was asked, else the node's normal 404 page."""
    if wants_activitypub(request) or "json" in request.headers.get("Accept", ""):
        return activity_response({"error": "not found"}, status=404)
    raise Http404("not found")
