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

# Names are random and never reused, so a copy never goes stale; an hour bounds how long
# a browser keeps a photo its owner has since hidden.
MAX_AGE = 3600
CONTENT_TYPE = "image/webp"


@require_safe
def avatar(request: HttpRequest, path: str) -> HttpResponse:
    # Only files made by avatars.safe_image: one stored before uploads were cleaned may
    # still carry a GPS position, and waits for `tremplin clean_images`.
    if not avatars.CLEAN_NAME.match(path):
        raise Http404
    profile = avatars.avatar_shown_to(request.user, path)
    if profile is None:
        raise Http404
    if settings.TREMPLIN_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=CONTENT_TYPE)
        response["X-Accel-Redirect"] = settings.TREMPLIN_MEDIA_ACCEL_REDIRECT + path
    else:
        try:
            response = FileResponse(profile.avatar.open("rb"), content_type=CONTENT_TYPE)
        except FileNotFoundError:
            raise Http404 from None
    if avatars.shown_to_everyone(profile):
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
    return response
