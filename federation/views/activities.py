"""GET /activities/<uuid>/: an activity we sent, at its id (federation/outgoing/activities.py)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse

from federation.models import OutboxActivity
from federation.outgoing import activities
from federation.outgoing.gone import activitypub_view, gone_response, not_found_response
from federation.peers.authorized_fetch import signed_if_required
from federation.protocol import ids
from federation.protocol.negotiation import activity_response


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
