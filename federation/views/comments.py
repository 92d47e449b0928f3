"""A comment's id is a URL: its `Note` for peers, the item's page for people, 410 once gone.

Served as the item is: to a peer, the comment of a public item that is shown (not
hidden by the owner); to a browser, a redirect to the comment under the item, which
its page shows only to those who may see it. A deleted comment answers 410 (a
Tombstone in JSON), an id that never was one answers 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from federation.mapping.comment_documents import comment_note, comment_uri_for
from federation.mapping.serializers import DOCUMENT_CONTEXT
from federation.models import Tombstone
from federation.outgoing.gone import gone_response, not_found_response
from federation.peers.authorized_fetch import refusal
from federation.protocol.negotiation import activity_response, wants_activitypub
from network import comments
from network.models import Comment


def comment(request: HttpRequest, pk: int) -> HttpResponse:
    if wants_activitypub(request) and (refused := refusal(request)) is not None:
        return refused  # authorized-fetch mode: peers sign their reads
    uri = comment_uri_for(pk)
    found = (
        Comment.objects.filter(pk=pk, ap_id__isnull=True)
        .select_related("author", "experience__owner", "offer__organisation__profile")
        .first()
    )
    if found is None:
        tombstone = Tombstone.objects.filter(uri=uri).first()
        if tombstone is not None:
            return gone_response(
                request, object_id=uri, former_type="Note", deleted=tombstone.deleted_at
            )
        return not_found_response(request)
    item = found.item
    if not wants_activitypub(request):
        response = HttpResponseRedirect(f"{item.get_absolute_url()}#comment-{found.pk}")
        response["Vary"] = "Accept"
        return response
    note = comment_note(found) if not found.hidden else None
    if note is None or not comments.item_visible_to(AnonymousUser(), item):
        return not_found_response(request)
    return activity_response({"@context": DOCUMENT_CONTEXT, **note})
