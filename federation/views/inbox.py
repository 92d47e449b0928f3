"""The inbox: refuse what is not signed, not ours to take, or too big; keep the rest.

Checks run cheapest first; a refused request stores nothing. An accepted activity is
stored (deduplicated by id) and answered 202; a worker processes it. A direct message
its sender may not write is refused here with the reason, when that is clear at once
(direct_messages.py).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from federation import policy
from federation.incoming import direct_messages
from federation.models import InboxItem
from federation.outgoing.delivery import record_success
from federation.peers.actors import ActorError, same_host
from federation.peers.fetch import BadDocument, parse_document
from federation.peers.origin import forgery
from federation.peers.signers import verified_signer
from federation.protocol.inbox_bounds import excess
from federation.protocol.signatures import SignatureError, check_request
from federation.work import wake
from node import ratelimit

logger = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024
CONTENT_TYPES = ("application/activity+json", "application/ld+json")


def refuse(status: int, reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=status)


@csrf_exempt
def inbox(request: HttpRequest, handle: str | None = None) -> HttpResponse:
    if request.method != "POST":
        return refuse(405, "POST activities here")
    content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES:
        return refuse(415, "content type must be application/activity+json")
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return refuse(400, "bad Content-Length")
    if length > MAX_BODY:
        return refuse(413, "body over 1 MiB")
    body = request.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return refuse(413, "body over 1 MiB")
    path = request.get_full_path()
    now = timezone.now()
    try:
        params = check_request(request.method, path, request.headers, body, now)
    except SignatureError as error:
        return refuse(401, f"signature: {error.reason}")
    signer_domain = urlsplit(params.key_id).netloc.lower()
    if not policy.is_allowed(signer_domain):
        return refuse(403, "this node does not federate with yours")
    # A request that fails to verify is charged to its address (never to the host its
    # keyId names); one that verifies, to its signer's host.
    address = ratelimit.client_ip(request)
    unverified = ratelimit.configured("inbox_unverified")
    wait = ratelimit.over("inbox-unverified", address, unverified)
    if wait:
        return ratelimit.too_many_json("too many unverified activities; slow down", wait)
    try:
        activity = parse_document(body)
    except BadDocument as error:
        return refuse(400, f"bad JSON: {error.reason}")
    if reason := excess(activity):
        return refuse(413, f"activity too large: {reason}")
    try:
        actor = verified_signer(request.method, path, request.headers, body, params.key_id, now)
    except ActorError as error:
        ratelimit.hit("inbox-unverified", address, unverified)
        return refuse(401, f"signer unknown: {error}")
    except SignatureError as error:
        ratelimit.hit("inbox-unverified", address, unverified)
        return refuse(401, f"signature: {error.reason}")
    wait = ratelimit.hit("inbox-host", actor.domain, ratelimit.configured("inbox_host"))
    if wait:
        return ratelimit.too_many_json("too many activities from your host; slow down", wait)
    actor_uri = activity.get("actor")
    if isinstance(actor_uri, dict):
        actor_uri = actor_uri.get("id")
    if actor_uri != actor.uri:
        return refuse(401, "the activity's actor is not the signer")
    activity_id = activity.get("id")
    activity_type = activity.get("type")
    if not isinstance(activity_id, str) or not isinstance(activity_type, str):
        return refuse(400, "an activity needs an id and a type")
    if not same_host(activity_id, actor.uri):
        return refuse(403, "the activity's id is not on its actor's host")
    if reason := forgery(activity, actor.uri):
        return refuse(403, reason)
    if reason := direct_messages.at_the_door(activity, actor):
        return refuse(403, reason)  # a direct message its sender may not write: told why
    try:
        with transaction.atomic():
            InboxItem.objects.create(
                uri=activity_id[:500],
                actor_uri=actor.uri,
                activity_type=activity_type[:40],
                body=activity,
            )
            transaction.on_commit(wake.inbox)
    except IntegrityError:
        pass  # already received: accepted once, processed once
    record_success(actor.domain)  # it talks to us: it is up again
    return HttpResponse(status=202)
