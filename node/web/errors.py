"""Our own error pages (404, 403, 500, CSRF failure): translated, with the header and a way back.

Django's are English and bare. A 404 or 403 shows the reason our views give (they raise
Http404/PermissionDenied with a translated sentence); Django's own untranslated reasons
("No Profile matches the given query.") and the protocol views' lowercase ones stay hidden.
The 500 page is rendered without the request: no context processors, no database.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

# Reasons Django writes in English, never shown to a person.
_DJANGO_REASONS = re.compile(
    r"^No .+ (matches the given query|found matching the query)\.$"
    r"|^Directory indexes are not allowed|^“.*” does not exist$|^Invalid page"
)


def shown_reason(exception: BaseException | None) -> str:
    """The sentence our view gave with the exception, or "" when there is none to show."""
    if exception is None or not exception.args:
        return ""
    reason = exception.args[0]
    if not isinstance(reason, str) or not reason or not reason[0].isupper():
        return ""
    if _DJANGO_REASONS.search(reason):
        return ""
    return reason


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    body = loader.render_to_string("404.html", {"reason": shown_reason(exception)}, request)
    return HttpResponseNotFound(body)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    body = loader.render_to_string("403.html", {"reason": shown_reason(exception)}, request)
    return HttpResponseForbidden(body)


def server_error(request: HttpRequest) -> HttpResponse:
    """A plain page: whatever broke (the database, a template tag), this must not break too."""
    body = loader.get_template("500.html").render({"node_name": settings.TREMPLIN_NAME})
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a missing or stale security token: say why in plain words."""
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    back = referer if referer and safe else ""
    body = loader.render_to_string("web/csrf_failure.html", {"back": back}, request)
    return HttpResponseForbidden(body)
