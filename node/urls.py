"""Every URL of the node, one include per app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from node.accounts.views import admin_login_view

urlpatterns = [
    path("admin/login/", admin_login_view),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("node.accounts.urls")),
    path("", include("federation.urls")),
    path("", include("node.web.urls")),
    path("", include("network.urls")),
    path("", include("contact.urls")),
    path("", include("jobs.urls")),
    path("", include("jobs.matching_urls")),
    path("", include("moderation.urls")),
    path("", include("rights.urls")),
    path("", include("profiles.urls")),
    # Uploaded avatars: served by Django in the embedded node, by nginx in production.
    re_path(r"^media/(?P<path>avatars/[\w./-]+)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
