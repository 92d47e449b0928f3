"""Every URL of the node, one include per app."""

from django.contrib import admin
from django.urls import include, path, re_path

from node.accounts.views import admin_login_view
from profiles.views.avatars import avatar

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
    # Photos and logos: the view checks who asks (nginx sends the file in production).
    re_path(r"^media/(?P<path>avatars/[\w.-]+)$", avatar, name="avatar"),
]

# Our own error pages, translated and with the header (node/web/errors.py).
handler404 = "node.web.errors.page_not_found"
handler403 = "node.web.errors.permission_denied"
handler500 = "node.web.errors.server_error"
