"""Whole pages cached for anonymous visitors: most visits, and the costliest to render.

A visitor without a session sees what `visible_to(AnonymousUser)` allows, the same
for every such visitor, so one rendering can serve them all. Any change that could
alter such a page (a profile, an experience, node settings, the vocabulary) moves a
version number and so retires every cached page at once; the short lifetime bounds
what time alone changes (a person reaching the age of digital consent).

Pages for logged-in people are never cached. With several processes the cache must
be shared (REDIS_URL), else a process could serve its own stale copy for up to TTL.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from node.web import accept

TTL_SECONDS = 30
VERSION_KEY = "pagecache:version"
CACHEABLE_PATHS = re.compile(
    r"^/(?:|about/|explore/|people/|tags/(?:[\w-]+/)?"
    r"|@\w{1,30}/(?:experiences/\d+/|feed/)?"
    r"|api/experiences/|api/people/\w{1,30}/)$"
)


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start never reuses an old number, even if the key was evicted.
        cache.add(VERSION_KEY, time.time_ns())
        version = cache.get(VERSION_KEY, 0)
    return int(version)


def retire_cached_pages(**kwargs: Any) -> None:
    """Signal receiver: something shown to anonymous visitors may have changed."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns())


def _wants(request: HttpRequest) -> str:
    return "json" if accept.wants_json(request) else "html"


def is_cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and CACHEABLE_PATHS.match(request.path_info) is not None
    )


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous visitors' pages; must come after Locale and Auth."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable(request):
            return self.get_response(request)
        # The host is part of the key: a visitor choosing `Host: localhost` gets a copy
        # of their own, never one served to others (pages build no address from it).
        address = f"{request.get_host()} {request.get_full_path()}"
        path = hashlib.sha256(address.encode()).hexdigest()[:32]
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        key = f"page:{current_version()}:{language}:{_wants(request)}:{path}"
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and _anonymous(request)
        ):
            cache.set(key, response, TTL_SECONDS)
        return response


def _anonymous(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated
