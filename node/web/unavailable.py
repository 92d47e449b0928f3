"""A database that went away answers 503 "try again in a moment", not a 500 error page.

While PostgreSQL restarts, a request in flight or arriving fails on its connection.
Its transaction never committed, so nothing was half written; the visitor (or the
remote node posting to our inbox) is told the truth and when to retry, and the
next request after the restart reconnects (CONN_HEALTH_CHECKS). The answer is built
without the database, templates or context processors, which would fail the same way.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from node.web import accept

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 10
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
JSON_TYPES = ("application/json", "application/activity+json", "application/ld+json")


def wants_json(request: HttpRequest) -> bool:
    content_type = request.headers.get("Content-Type", "")
    return accept.wants_json(request) or any(kind in content_type for kind in JSON_TYPES)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    message = _("The database is unavailable, try again in a moment.")
    if wants_json(request):
        response = HttpResponse(
            json.dumps({"error": message}), status=503, content_type="application/json"
        )
    else:
        title = _("Temporarily unavailable")
        page = (
            f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"</head><body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>"
        )
        response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into a clear 503 with Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        return answer_unavailable(request, exception)


def answer_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 503 for a request the database failed; also called by middleware that answers
    a request itself (ActivityPub content negotiation), outside the exception hook."""
    logger.warning("database unavailable on %s: %s", request.path, exception)
    return unavailable_response(request)
