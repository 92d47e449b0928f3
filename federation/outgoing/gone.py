"""What a deleted thing answers: 410 Gone with a `Tombstone`, never a 404.

Why: a peer that fetches an actor or an object we deleted must learn it is gone for
good (Mastodon then drops its copy), not that it is missing for now (a 404 may be a
mistake, so it keeps the copy and retries). A browser gets a page saying the same in
words. Unknown ids stay 404, in JSON when JSON was asked (a peer parses the body).

The trace is the `Tombstone` row: written when an account is deleted here (the actor
and its experiences, federation/incoming/account_deletion.py) and, below, when a local
experience or offer that went out is deleted; `former_type` keeps what it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from federation.mapping.offer_documents import offer_uri_for
from federation.models import OutboxActivity, Tombstone
from federation.protocol import ids
from federation.protocol.negotiation import conditional
from node.web.accept import wants_activitypub, wants_json

AP_CONTENT_TYPE = "application/activity+json; charset=utf-8"
ACTIVITYSTREAMS = "https://www.w3.org/ns/activitystreams"


def record(uri: str, former_type: str) -> Tombstone:
    """Keep `uri` dead (a late Create naming it is refused) and remember what it was."""
    tombstone, created = Tombstone.objects.get_or_create(
        uri=uri, defaults={"former_type": former_type}
    )
    if not created and not tombstone.former_type and former_type:
        Tombstone.objects.filter(pk=tombstone.pk).update(former_type=former_type)
        tombstone.former_type = former_type
    return tombstone


def _vary(response: HttpResponse) -> HttpResponse:
    response["Vary"] = "Accept"
    return response


def gone_response(
    request: HttpRequest,
    *,
    object_id: str,
    former_type: str = "Object",
    deleted: datetime.datetime | None = None,
) -> HttpResponse:
    """410: the Tombstone as ActivityStreams when JSON was asked, else the "gone" page."""
    if wants_activitypub(request) or wants_json(request):
        document: dict[str, Any] = {
            "@context": ACTIVITYSTREAMS,
            "id": object_id,
            "type": "Tombstone",
            "formerType": former_type or "Object",
        }
        if deleted is not None:
            document["deleted"] = deleted.astimezone(datetime.UTC).isoformat(timespec="seconds")
        content_type = AP_CONTENT_TYPE if wants_activitypub(request) else "application/json"
        return _vary(JsonResponse(document, status=410, content_type=content_type))
    return _vary(render(request, "federation/gone.html", status=410))


def not_found_response(request: HttpRequest) -> HttpResponse:
    """404: `{"error": ...}` when JSON was asked, else the node's normal 404 page."""
    if wants_activitypub(request) or wants_json(request):
        return _vary(JsonResponse({"error": "not found"}, status=404))
    from django.views.defaults import page_not_found

    return _vary(page_not_found(request, exception=None))


def tombstone_for_path(path: str) -> Tombstone | None:
    """The Tombstone of the local object this path names, if it was deleted."""
    if len(path) > 400:
        return None
    return Tombstone.objects.filter(uri=ids.base_url() + path).first()


def missing_response(request: HttpRequest) -> HttpResponse:
    """The answer for a local URL that names nothing now: 410 if it once did, else 404."""
    tombstone = tombstone_for_path(request.path)
    if tombstone is None:
        return not_found_response(request)
    return gone_response(
        request,
        object_id=tombstone.uri,
        former_type=tombstone.former_type,
        deleted=tombstone.deleted_at,
    )


# -- traces of local deletions --------------------------------------------------------------


def _went_out(uri: str) -> bool:
    """Something about it was sent: peers may hold a copy and will ask again."""
    return OutboxActivity.objects.filter(object_uri=uri).exists()


def on_experience_deleted(experience_id: int, owner: Any, **kwargs: Any) -> None:
    if not owner.is_local:
        return
    uri = ids.experience_uri_for(owner.handle, experience_id)
    if _went_out(uri):
        record(uri, "Article")


def on_offer_deleted(
    offer_id: int, organisation: Any, was_published: bool = False, **kwargs: Any
) -> None:

    if organisation.is_local and was_published:
        record(offer_uri_for(offer_id), "Article")


def listen() -> None:
    from jobs import events as job_events
    from profiles import events as profile_events

    profile_events.experience_deleted.connect(on_experience_deleted, dispatch_uid="fed-gone")
    job_events.offer_deleted.connect(on_offer_deleted, dispatch_uid="fed-gone-offer")


View = TypeVar("View", bound=Callable[..., HttpResponse])


def activitypub_view(view: View) -> View:
    """An ActivityPub GET view: 410/404 answered in JSON when nothing is there, ETag, Vary."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = missing_response(request)
        return conditional(request, response)

    return wrapped  # type: ignore[return-value]
