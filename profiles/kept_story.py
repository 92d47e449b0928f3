"""Nothing typed is lost when the session expires in the middle of a story.

A young person may write for a long time on a phone; if the session ran out meanwhile,
`login_required` would send the post to the log-in page and drop it. Instead the
experience form's fields are kept in the (new, anonymous) session, bounded in size, and
given back to the editor at the same address after logging in: Django's `login()`
keeps the session's data when it renews its key.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict

from profiles.forms import ExperienceForm

SESSION_KEY = "kept_experience"
# Each value at most this long (the longest field, a story part, holds 3,000 characters).
MAX_VALUE = 3000
# Single-value fields of the experience form that are kept (the form's own, and the
# visibility chosen next to Publish); "suggested" may hold several.
FIELDS = tuple(name for name in ExperienceForm.base_fields if name != "suggested") + ("visibility",)
MAX_SUGGESTED = 30


def keep(request: HttpRequest) -> None:
    """Keep the experience form's fields of this post, for the editor at this address."""
    post = request.POST
    data: dict[str, Any] = {
        name: post[name][:MAX_VALUE] for name in FIELDS if isinstance(post.get(name), str)
    }
    data["suggested"] = [value[:80] for value in post.getlist("suggested")[:MAX_SUGGESTED]]
    request.session[SESSION_KEY] = {"path": request.path, "data": data}


def take(request: HttpRequest) -> QueryDict | None:
    """What was kept for the editor at this address, once (then it is forgotten)."""
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    data = QueryDict(mutable=True)
    for name, value in (kept.get("data") or {}).items():
        if name == "suggested" and isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        elif name in FIELDS and isinstance(value, str):
            data[name] = value
    return data


def login_keeping_story(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Like `login_required`, but a post from someone no longer logged in is kept first."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            keep(request)
        return redirect_to_login(request.path)

    return wrapped
