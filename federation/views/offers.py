"""An offer's page as ActivityStreams (content negotiation sends peers here).

Published, closed and expired offers of this node's organisations are served, so a
peer that fetches a closed offer learns it is closed; drafts and copies of other
nodes' offers are not (their home node serves them). Nor are the offers of a
suspended organisation: like a suspended person's items, they answer 404 until the
suspension is lifted.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse

from federation.mapping.offer_documents import offer_object
from federation.outgoing.gone import activitypub_view
from federation.peers.authorized_fetch import signed_if_required
from federation.protocol.negotiation import activity_response
from jobs.models import Offer


@activitypub_view
@signed_if_required
def offer(request: HttpRequest, pk: int) -> JsonResponse:
    item = (
        Offer.objects.select_related("organisation__profile")
        .filter(
            pk=pk,
            published_at__isnull=False,
            organisation__profile__domain="",
            organisation__profile__suspended_at__isnull=True,
        )
        .first()
    )
    if item is None:
        raise Http404("no such offer here, or not published")
    return activity_response(offer_object(item))
