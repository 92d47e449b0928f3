"""Fixed-window rate limits counted in the cache (Redis in production, locmem otherwise).

Why: log-in, sign-up and the inbox are open to anyone; without a ceiling one client can
guess passwords, create accounts in bulk or flood the worker. A limit is a number of hits
per key in a window of seconds; over it, the caller answers 429 with a reason and a
Retry-After header. Limits come from the environment (see node/settings.py), so an
operator, or a test harness sending hundreds of activities, can raise them.
"""

from __future__ import annotations

import hashlib
import time
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


def hit(scope: str, key: str, limit: Limit) -> int:
    """Count one hit; return 0 if allowed, else the seconds until the window ends."""
    if limit.hits <= 0:
        return 0
    now = int(time.time())
    window_start = now - now % limit.window
    digest = hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}:{window_start}"
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
    return max(1, window_start + limit.window - now)


def client_ip(request: HttpRequest) -> str:
    """The caller's address (REMOTE_ADDR; a proxy in front must set it, e.g. gunicorn's)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


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
