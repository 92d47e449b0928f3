"""Photos and logos, served to those who may see the profile (and to no one else).

Why a view and not a folder served as is: a photo shows a face; what a person keeps to
node members or to their counsellors must not be had by guessing or passing on a URL.
Behind nginx the view only decides, and nginx sends the file (X-Accel-Redirect).
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from profiles import avatars

# What each kind of stored file is served as; anything else (a name the old uploads
# kept, before `clean_images`) is not served at all.
CONTENT_TYPES = {
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
}
# Names are random and never reused, so a copy never goes stale; an hour bounds how long
# a browser keeps a photo its owner has since hidden.
MAX_AGE = 3600


@require_safe
def avatar(request: HttpRequest, path: str) -> HttpResponse:
    profile = avatars.avatar_shown_to(request.user, path)
    content_type = CONTENT_TYPES.get("." + path.rsplit(".", 1)[-1].lower())
    if profile is None or content_type is None:
        raise Http404
    if settings.TREMPLIN_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.TREMPLIN_MEDIA_ACCEL_REDIRECT + path
    else:
        try:
            response = FileResponse(profile.avatar.open("rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404 from None
    if avatars.shown_to_everyone(profile):
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
    return response
