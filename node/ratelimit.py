"""Fixed-window rate limits counted in the cache (Redis in production, locmem otherwise).

Why: log-in, sign-up and the inbox are open to anyone; without a ceiling one client can
guess passwords, create accounts in bulk or flood the worker. A limit is a number of hits
per key in a window of seconds; over it, the caller answers 429 with a reason and a
Retry-After header. Limits come from the environment (see node/settings.py), so an
operator, or a test harness sending hundreds of activities, can raise them.

Limits are per client, so the client's address must be the visitor's, not nginx's:
`client_ip` believes X-Forwarded-For only from a trusted proxy (TREMPLIN_TRUSTED_PROXIES).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Limit:
    """`hits` allowed per `window` seconds; 0 hits means no limit."""

    hits: int
    window: int


def parse(value: str | Limit) -> Limit:
    """Read "30/300" (30 hits per 300 seconds) or "30" (per minute)."""
    if isinstance(value, Limit):
        return value
    hits, _sep, window = str(value).partition("/")
    return Limit(int(hits), int(window or 60))


def configured(name: str) -> Limit:
    """The limit called `name` in settings.TREMPLIN_RATE_LIMITS."""
    return parse(settings.TREMPLIN_RATE_LIMITS[name])


def _digest(key: str) -> str:
    """A key of any length or content, as a short cache-key part."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]


def _counter(scope: str, key: str, limit: Limit) -> tuple[str, int, int]:
    """The cache key of the current window's counter, the time now and the window's end."""
    now = int(time.time())
    window_start = now - now % limit.window
    return f"ratelimit:{scope}:{_digest(key)}:{window_start}", now, window_start + limit.window


def over(scope: str, key: str, limit: Limit) -> int:
    """Whether `key` already spent its hits, without counting one: 0 if not, else the
    seconds until the window ends. For refusing early what `hit` counts later."""
    if limit.hits <= 0:
        return 0
    cache_key, now, window_end = _counter(scope, key, limit)
    if (cache.get(cache_key) or 0) < limit.hits:
        return 0
    return max(1, window_end - now)


def hit(scope: str, key: str, limit: Limit) -> int:
    """Count one hit; return 0 if allowed, else the seconds until the window ends."""
    if limit.hits <= 0:
        return 0
    cache_key, now, window_end = _counter(scope, key, limit)
    # add() is atomic in Redis and locmem: the first hit creates the counter.
    if cache.add(cache_key, 1, timeout=limit.window + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.set(cache_key, 1, timeout=limit.window + 1)
            count = 1
    if count <= limit.hits:
        return 0
    return max(1, window_end - now)


def once_per(scope: str, key: str, seconds: int) -> bool:
    """True for the first call per `key` in `seconds` (then False until they have passed).

    The mark lives in the cache (atomic add): throttling costly work costs no write."""
    if seconds <= 0:
        return True
    return bool(cache.add(f"once:{scope}:{_digest(key)}", 1, timeout=seconds))


Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.lru_cache(maxsize=8)
def trusted_networks(value: str) -> tuple[Network, ...]:
    """TREMPLIN_TRUSTED_PROXIES ("127.0.0.1/32,::1/128") as networks (checked at start)."""
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False)
        for part in value.split(",")
        if part.strip()
    )


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, unless that is a trusted proxy (nginx in front).

    Then the right-most X-Forwarded-For entry that is not itself a trusted proxy: entries
    further left were written by the client and prove nothing. A header that cannot be
    read gives REMOTE_ADDR, never an address the client chose.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = trusted_networks(settings.TREMPLIN_TRUSTED_PROXIES)
    remote_address = _address(remote)

    def trusted(address: Address) -> bool:
        return any(address in network for network in networks)

    if remote_address is None or not trusted(remote_address):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [_address(part) for part in forwarded.split(",")[-20:]] if forwarded else []
    for address in reversed(entries):
        if address is None:
            return remote
        if not trusted(address):
            return str(address)
    return str(entries[0]) if entries else remote


class ClientAddressMiddleware:
    """REMOTE_ADDR becomes the visitor's address (the proxy's is kept beside it), so that
    every later reader of the request, the access log included, sees the visitor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_ip(request)
        if address != request.META.get("REMOTE_ADDR"):
            request.META["TREMPLIN_PROXY_ADDR"] = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


def too_many_json(reason: str, retry_after: int) -> JsonResponse:
    response = JsonResponse({"error": reason}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def too_many_page(request: HttpRequest, reason: str, retry_after: int) -> HttpResponse:
    """A page a person can read, saying why and how long to wait."""
    minutes = max(1, (retry_after + 59) // 60)
    response = render(
        request,
        "ratelimit/too_many.html",
        {"reason": reason, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def login_refusal(request: HttpRequest) -> HttpResponse | None:
    """Count a log-in attempt per address and per username; a 429 page when over."""
    if request.method != "POST":
        return None
    wait = hit("login-ip", client_ip(request), configured("login_ip"))
    username = str(request.POST.get("username", "")).strip().lower()
    if not wait and username:
        wait = hit("login-user", username, configured("login_user"))
    if wait:
        return too_many_page(request, _("Too many log-in attempts."), wait)
    return None


def signup_refusal(request: HttpRequest) -> HttpResponse | None:
    """Count a sign-up attempt per address; a 429 page when over."""
    if request.method != "POST":
        return None
    wait = hit("signup-ip", client_ip(request), configured("signup_ip"))
    if wait:
        return too_many_page(request, _("Too many sign-up attempts from your address."), wait)
    return None
