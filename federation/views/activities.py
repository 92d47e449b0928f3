"""GET /activities/<uuid>/: an activity we sent, at its id (federation/activities.py)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse

from federation import activities, ids
from federation.authorized_fetch import signed_if_required
from federation.gone import gone_response, not_found_response
from federation.models import OutboxActivity
from federation.negotiation import activity_response, activitypub_view


@activitypub_view
@signed_if_required
def activity(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    uri = f"{ids.base_url()}/activities/{key}/"
    sent = OutboxActivity.objects.filter(uri=uri).first()
    if sent is None:
        return not_found_response(request)
    try:
        return activity_response(activities.activity_document(sent))
    except activities.Gone:
        return gone_response(request, object_id=uri, former_type=sent.activity_type)
    except LookupError:
        return not_found_response(request)
