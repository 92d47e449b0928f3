"""The one way the node fetches remote ActivityPub documents, and the address check delivery uses.

Everything a remote server sends is hostile until proven otherwise, and every URL we are handed
may point inside our own network (server-side request forgery). So a fetch here:

- asks only nodes the federation policy allows (``policy.allows_url``, on every hop: a
  blocked node is never contacted, not even to fetch a key or to follow a redirect);
- speaks only https (plain http too, but only when private fetches are allowed, which is the
  local-development setting ``TREMPLIN_ALLOW_PRIVATE_FETCH``);
- resolves the host once, refuses the connection if *any* address is private, loopback,
  link-local, multicast, reserved or unspecified, and then connects to exactly the addresses it
  checked. The check lives inside the connection (a urllib3 connection class mounted on this
  module's own ``requests.Session``), so no second DNS answer can slip in between check and
  connect (DNS rebinding), every redirect hop and every new pooled connection goes through it,
  and reused keep-alive connections were checked when they were opened;
- follows at most three redirects itself, re-checking each hop;
- accepts only ActivityPub content types (what Mastodon accepts since CVE-2024-25623), reads at
  most ``max_bytes``, within one overall deadline, and parses the JSON defensively;
- returns a document only if its ``id`` is the URL it was served from (CVE-2024-23832). When a
  document served at one URL names another URL on the same host as its id (a profile page
  ``/@lea`` whose actor is ``/users/lea``, a key URL ``...#main-key``), it is fetched once more
  from that id, like Mastodon does, and the second answer must match exactly. An id on another
  host is refused: a host only speaks for its own documents.
"""

from __future__ import annotations

import functools
import importlib.metadata
import ipaddress
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

import requests
import urllib3
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import create_connection

from federation import policy
from federation.peers.fetch_first import made_before_transaction
from node.transactions import refuse_inside_transaction

logger = logging.getLogger(__name__)

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
AP_ACCEPT = f'application/activity+json, application/ld+json; profile="{AS_CONTEXT}"'
MAX_BYTES = 1024 * 1024
MAX_REDIRECTS = 3
MAX_DEPTH = 64
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# NAT64 (RFC 6052): 64:ff9b::a.b.c.d reaches a.b.c.d, so the embedded address is what counts.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Signer = Callable[[str, str, dict], dict]


class FetchError(Exception):
    """A remote document could not be fetched; ``reason`` says why in a few words.

    ``status`` is the HTTP status when the server answered with an error (callers treat 410 Gone
    as a deletion, 404 as absence, 5xx as worth retrying later).
    """

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class UnsafeAddress(FetchError):
    """The URL's scheme or one of its host's addresses is not one we may connect to."""


class NotFederated(UnsafeAddress):
    """The URL's host is a node this node does not federate with (federation/policy.py)."""


class BadContentType(FetchError):
    """The server did not answer with an ActivityPub content type."""


class TooLarge(FetchError):
    """The body is larger than we are willing to read."""


class BadDocument(FetchError):
    """The body is not a JSON object we accept, or its id does not match where it came from."""


PASSING_STATUSES = frozenset({408, 429})


def worth_retrying(error: FetchError) -> bool:
    """A passing failure: no answer (refused, timed out, unresolved), busy (408, 429) or
    failing (5xx). A refusal (other 4xx) or a document we would never accept is final."""
    if isinstance(error, UnsafeAddress | BadContentType | TooLarge | BadDocument):
        return False
    return error.status is None or error.status >= 500 or error.status in PASSING_STATUSES


@made_before_transaction
def fetch_json(
    url: str,
    *,
    signer: Signer | None = None,
    accept: str = AP_ACCEPT,
    timeout: float = 10,
    max_bytes: int = MAX_BYTES,
    allow_private: bool | None = None,
) -> dict[str, Any]:
    """Fetch the ActivityPub document at ``url`` and return it once its origin is verified.

    ``signer(method, url, headers) -> headers`` signs each request (the instance actor signs
    fetches for servers in authorized-fetch mode); it is called again for every redirect hop
    and for the refetch from the document's own id, since each is a new request to a new URL.
    ``timeout`` bounds the whole call, redirects and refetch included (one blocked read may
    overrun it by at most its own remaining time). ``allow_private`` defaults to the setting
    ``TREMPLIN_ALLOW_PRIVATE_FETCH`` (local development only).

    The returned document's ``id`` equals the URL it was finally served from, which may differ
    from ``url`` after a redirect or a same-host refetch: callers must key what they store on
    ``document["id"]``, never on the URL they asked for.
    """
    if allow_private is None:
        allow_private = bool(getattr(settings, "TREMPLIN_ALLOW_PRIVATE_FETCH", False))
    deadline = time.monotonic() + timeout
    options = {
        "signer": signer,
        "accept": accept,
        "deadline": deadline,
        "max_bytes": max_bytes,
        "allow_private": allow_private,
    }
    document, served_from = _fetch_following_redirects(url, **options)
    document_id = document.get("id")
    if document_id == served_from:
        return document
    if not isinstance(document_id, str) or not document_id:
        raise BadDocument("document has no id")
    if _origin(document_id) != _origin(served_from):
        raise BadDocument(f"document served by {served_from} claims the id {document_id}")
    logger.debug("refetching %s from its own id %s", served_from, document_id)
    document, served_from = _fetch_following_redirects(document_id, **options)
    if document.get("id") != served_from:
        raise BadDocument(f"document served by {served_from} claims another id")
    return document


@made_before_transaction
def fetch_jrd(url: str, *, timeout: float = 10, allow_private: bool | None = None) -> dict:
    """A WebFinger answer (JRD): same guards as fetch_json, but no ActivityPub id to check."""
    if allow_private is None:
        allow_private = bool(getattr(settings, "TREMPLIN_ALLOW_PRIVATE_FETCH", False))
    document, _served_from = _fetch_following_redirects(
        url,
        signer=None,
        accept="application/jrd+json, application/json",
        deadline=time.monotonic() + timeout,
        max_bytes=64 * 1024,
        allow_private=allow_private,
        content_check=_check_jrd_content_type,
    )
    return document


def _check_jrd_content_type(value: str) -> None:
    mime = value.split(";")[0].strip().lower()
    if mime not in ("application/jrd+json", "application/json"):
        raise BadContentType(f"content type {value or '(none)'!r} is not a WebFinger answer")


def check_address(url: str, allow_private: bool) -> None:
    """Raise ``UnsafeAddress`` unless ``url`` is a URL we may connect to now.

    Delivery calls it before a POST to give up early (and say why) on an inbox that points
    inside our network. It resolves the name, so a later connection may get another answer:
    the guarantee against DNS rebinding comes from sending through ``get_session()``, whose
    connections check the address they actually connect to. A name that does not resolve
    raises a plain ``FetchError`` (worth retrying), not ``UnsafeAddress`` (never worth it).
    """
    parts = _check_url(url, allow_private)
    try:
        _resolve_checked(parts.hostname or "", _port(parts), allow_private)
    except socket.gaierror as error:
        raise FetchError(f"cannot resolve {parts.hostname}") from error


def get_session(allow_private: bool) -> requests.Session:
    """The process's session for outgoing requests under the given address policy.

    One per policy and per process (keep-alive connections are reused between fetches; a
    forked worker starts afresh rather than sharing its parent's sockets). Delivery should POST
    through it too: its connections refuse unsafe addresses at connect time.
    """
    with _sessions_lock:
        session = _sessions.get(allow_private)
        if session is None:
            session = _sessions[allow_private] = _new_session(allow_private)
        return session


def user_agent() -> str:
    """Tremplin/<version> (+<node URL>): lets remote admins see who fetches and reach us."""
    domain = getattr(settings, "TREMPLIN_DOMAIN", "localhost")
    scheme = getattr(settings, "TREMPLIN_SCHEME", "https")
    return f"Tremplin/{_version()} (+{scheme}://{domain}/)"


# Fetching


def _fetch_following_redirects(
    url: str,
    *,
    signer: Signer | None,
    accept: str,
    deadline: float,
    max_bytes: int,
    allow_private: bool,
    content_check: Callable[[str], None] | None = None,
) -> tuple[dict[str, Any], str]:
    """GET ``url``, following up to MAX_REDIRECTS redirects, each hop checked like the first."""
    refuse_inside_transaction(f"fetching {url}")
    session = get_session(allow_private)
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = _check_url(current, allow_private)
        headers = {"Accept": accept, "User-Agent": user_agent(), "Host": parts.netloc}
        if signer is not None:
            headers = dict(signer("GET", current, headers))
        # The adapter is called directly, not session.get(): Session.send() reads a redirect's
        # whole body (unbounded) even with allow_redirects=False, and keeps cookies.
        request = session.prepare_request(requests.Request("GET", current, headers=headers))
        remaining = _remaining(deadline)
        try:
            response = session.get_adapter(current).send(
                request, stream=True, timeout=(remaining, remaining), verify=True, proxies={}
            )
        except requests.Timeout as error:
            raise FetchError(f"timed out fetching {current}") from error
        except requests.RequestException as error:
            raise FetchError(f"{type(error).__name__} fetching {current}") from error
        with response:
            status = response.status_code
            if status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"redirect without Location from {current}", status=status)
                current = urljoin(current, location)
                continue
            if status != 200:
                raise FetchError(f"HTTP {status} from {current}", status=status)
            (content_check or _check_content_type)(response.headers.get("Content-Type", ""))
            body = _read_body(response, max_bytes, deadline)
        return parse_document(body), current
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError("timed out")
    return remaining


def _check_content_type(value: str) -> None:
    """Accept what Mastodon accepts: activity+json, or ld+json with the ActivityStreams profile.

    Anything else (text/html, application/json, a user upload served as-is) may be a document
    an attacker could place on the host without being the host's ActivityPub voice.
    """
    mime, *params = (part.strip() for part in value.split(";"))
    mime = mime.lower()
    if mime == "application/activity+json":
        return
    if mime == "application/ld+json":
        for param in params:
            name, _, raw = param.partition("=")
            if name.strip().lower() == "profile" and AS_CONTEXT in raw.strip().strip('"').split():
                return
    raise BadContentType(f"content type {value or '(none)'!r} is not ActivityPub")


def _read_body(response: requests.Response, max_bytes: int, deadline: float) -> bytes:
    """Read at most ``max_bytes`` (counted after decompression) before the deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"body of {declared} bytes is over the {max_bytes} limit")
    chunks: list[bytes] = []
    size = 0
    try:
        # read1 returns what one read brings; iter_content would block until 64 KiB arrive, so a
        # server trickling a byte at a time would never meet the deadline check.
        while chunk := response.raw.read1(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"body is over the {max_bytes} bytes limit")
            if time.monotonic() > deadline:
                raise FetchError("timed out reading the body")
            chunks.append(chunk)
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise FetchError(f"{type(error).__name__} reading the body") from error
    return b"".join(chunks)


def parse_document(body: bytes) -> dict[str, Any]:
    """Parse a remote JSON body, refusing what later code should never have to handle.

    Not UTF-8, not JSON, NaN or Infinity (not JSON, though Python accepts them), a top level
    that is not an object, nesting deeper than MAX_DEPTH (recursive code further on must not
    blow its stack), or a U+0000 character in any key or string (PostgreSQL cannot store it)
    all raise ``BadDocument``.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadDocument("body is not UTF-8") from error
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError as error:
        raise BadDocument("JSON nested too deeply") from error
    except ValueError as error:
        raise BadDocument("body is not JSON") from error
    if not isinstance(document, dict):
        raise BadDocument("JSON top level is not an object")
    _check_structure(document)
    return document


def _refuse_constant(name: str) -> Any:
    raise BadDocument(f"JSON contains {name}")


def _check_structure(document: dict[str, Any]) -> None:
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadDocument(f"JSON nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            if any("\x00" in key for key in value):
                raise BadDocument("JSON contains a NUL character")
            children = value.values()
        else:
            children = value
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
            elif isinstance(child, str) and "\x00" in child:
                raise BadDocument("JSON contains a NUL character")


# Addresses


def _check_url(url: str, allow_private: bool) -> SplitResult:
    """Refuse a URL we would never fetch, whatever its host resolves to."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a port out of range
    except ValueError as error:
        raise UnsafeAddress(f"malformed URL {url!r}") from error
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise UnsafeAddress(f"scheme {scheme or '(none)'!r} is not fetched")
    if scheme == "http" and not allow_private:
        raise UnsafeAddress("plain http is only allowed in local development")
    if parts.username is not None or parts.password is not None:
        raise UnsafeAddress("URL carries credentials")
    if not parts.hostname:
        raise UnsafeAddress(f"URL {url!r} has no host")
    if not policy.allows_url(url):
        raise NotFederated(f"{parts.netloc} is a node this node does not federate with")
    return parts


def _port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url)
        return (parts.scheme.lower(), (parts.hostname or "").rstrip("."), _port(parts))
    except ValueError:
        return None


def _resolve_checked(host: str, port: int, allow_private: bool) -> list[tuple]:
    """Resolve once and refuse if ANY address is unsafe: a name may mix public and private ones.

    Lets ``socket.gaierror`` through so each caller reports it in its own terms.
    """
    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    if not infos:
        raise FetchError(f"{host} has no address")
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        refusal = _refusal(address, allow_private)
        if refusal:
            raise UnsafeAddress(f"{host} resolves to {address}, {refusal}")
    return infos


def _refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> str:
    """Why we will not connect to ``address`` (empty when we will).

    Local development may reach loopback and private networks (nodes on 127.0.0.x, containers)
    but never link-local (cloud metadata at 169.254.169.254), multicast or unspecified
    addresses: no node lives there. IPv6 forms embedding an IPv4 address are judged by it.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            inner = _refusal(embedded, allow_private)
            return f"which embeds {embedded}, {inner}" if inner else ""
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address"
    if allow_private:
        return ""
    if address.is_loopback:
        return "a loopback address"
    if address.is_private:
        return "a private address"
    if address.is_reserved:
        return "a reserved address"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "a site-local address"
    if not address.is_global:
        return "not a public address"
    return ""


# The session and its guarded connections


def _connect_checked(connection: HTTPConnection, allow_private: bool) -> socket.socket:
    """Replace urllib3's ``_new_conn``: resolve once, check every address, connect to those.

    Connecting by IP literal leaves ``connection.host`` untouched, so the Host header, TLS SNI
    and certificate verification still use the name. Errors are raised as urllib3 raises them,
    so requests reports them as usual; ``UnsafeAddress`` is not an OSError and goes through
    urllib3 and requests unchanged.
    """
    host = connection._dns_host
    try:
        infos = _resolve_checked(host, connection.port, allow_private)
    except socket.gaierror as error:
        raise NameResolutionError(connection.host, connection, error) from error
    last_error: OSError | None = None
    for info in infos:
        address = info[4][0]
        try:
            return create_connection(
                (address, connection.port),
                connection.timeout,
                source_address=connection.source_address,
                socket_options=connection.socket_options,
            )
        except TimeoutError as error:
            raise ConnectTimeoutError(
                connection, f"Connection to {connection.host} timed out"
            ) from error
        except OSError as error:
            last_error = error
    raise NewConnectionError(
        connection, f"Failed to establish a new connection: {last_error}"
    ) from last_error


def _guarded_pool_classes(allow_private: bool) -> dict[str, type[HTTPConnectionPool]]:
    """urllib3 pool classes whose connections go through ``_connect_checked``."""

    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _connect_checked(self, allow_private)

    class GuardedHTTPSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return _connect_checked(self, allow_private)

    class GuardedHTTPConnectionPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    return {"http": GuardedHTTPConnectionPool, "https": GuardedHTTPSConnectionPool}


class _GuardedAdapter(HTTPAdapter):
    """An adapter whose pools connect only to checked addresses and never through a proxy."""

    def __init__(self, allow_private: bool) -> None:
        self._pool_classes = _guarded_pool_classes(allow_private)
        super().__init__()  # calls init_poolmanager

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pool_classes

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        # A proxy would connect for us, to addresses we never checked.
        raise UnsafeAddress("outgoing fetches never go through a proxy")


def _new_session(allow_private: bool) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy, .netrc or CA bundle taken from the environment
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # never keep cookies
    adapter = _GuardedAdapter(allow_private)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


@functools.cache
def _version() -> str:
    try:
        return importlib.metadata.version("tremplin")
    except importlib.metadata.PackageNotFoundError:
        return "0"


_sessions: dict[bool, requests.Session] = {}
_sessions_lock = threading.Lock()


def _forget_sessions() -> None:
    """A forked child must not share its parent's sockets (or a lock held mid-fork)."""
    global _sessions_lock
    _sessions.clear()
    _sessions_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_sessions)
