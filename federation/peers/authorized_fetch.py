"""Authorized fetch: when the node asks for it, every ActivityPub read must be signed.

Without it, a blocked node can still read everything public anonymously, since an
unsigned GET says nothing about who asks. With `NodeSettings.authorized_fetch` on,
the AP views of people, experiences, offers and their collections answer only a GET
signed by a known actor of a node we federate with: unsigned or badly signed is 401,
a blocked (or, in allowlist mode, unlisted) node is 403. The check is the inbox's:
structure and time first, the policy next, and only then a key fetch and RSA.

The node's own actor, WebFinger, NodeInfo, host-meta and our JSON-LD context stay
readable unsigned: a peer needs our instance actor's key to verify our own signed
fetches (Mastodon makes the same exception). HTML pages are not concerned.

Mode off, a signed GET from a blocked domain is still refused (it told us who it is);
an unsigned one is served what anyone may see. See docs/decisions/ (authorized fetch).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from federation import policy
from federation.peers.actors import ActorError
from federation.peers.signers import verified_signer
from federation.protocol.signatures import SignatureError, check_request, parse_signature_header
from node.accounts.models import NodeSettings

CHALLENGE = 'Signature realm="ActivityPub", headers="(request-target) host date"'
View = TypeVar("View", bound=Callable[..., HttpResponse])


def _refuse(status: int, reason: str) -> JsonResponse:
    response = JsonResponse({"error": reason}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = CHALLENGE
    response["Vary"] = "Accept, Signature"
    return response


def _signer_domain(key_id: str) -> str:
    return urlsplit(key_id).netloc.lower()


def _declared_blocked(request: HttpRequest) -> bool:
    """Mode off: a GET whose signature names a blocked node is refused all the same."""
    header = request.headers.get("Signature")
    if not header:
        return False
    try:
        params = parse_signature_header(header)
    except SignatureError:
        return False  # mode off: a broken signature is the same as none
    domain = _signer_domain(params.key_id)
    return bool(domain) and not policy.is_allowed(domain)


def refusal(request: HttpRequest) -> JsonResponse | None:
    """The answer refusing this AP read, or None when it may be served."""
    if not NodeSettings.current().authorized_fetch:
        if _declared_blocked(request):
            return _refuse(403, "this node does not federate with yours")
        return None
    path = request.get_full_path()
    now = timezone.now()
    try:
        params = check_request(request.method, path, request.headers, b"", now)
    except SignatureError as error:
        return _refuse(401, f"this node requires signed requests; signature: {error.reason}")
    domain = _signer_domain(params.key_id)
    if not domain:
        return _refuse(401, "signature: the keyId is not a URL")
    if not policy.is_allowed(domain):
        return _refuse(403, "this node does not federate with yours")
    try:
        verified_signer(request.method, path, request.headers, b"", params.key_id, now)
    except ActorError as error:
        return _refuse(401, f"signer unknown: {error}")
    except SignatureError as error:
        return _refuse(401, f"signature: {error.reason}")
    return None


def signed_if_required(view: View) -> View:
    """Wrap an ActivityPub GET view with the check above (the one place it is made)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        refused = refusal(request)
        if refused is not None:
            return refused
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]
