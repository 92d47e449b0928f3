from django.urls import path, re_path

from contact import application_views, views
from profiles.urls import NAME

app_name = "contact"

urlpatterns = [
    re_path(rf"^contact/@{NAME}/$", views.contact_person, name="contact"),
    path("me/messages/", views.my_messages, name="messages"),
    path("me/messages/<int:pk>/", views.thread, name="thread"),
    path("me/messages/<int:pk>/decline/", views.decline, name="decline"),
    path("offers/<int:pk>/apply/", application_views.apply, name="apply"),
    path("offers/<int:pk>/apply/review/", application_views.apply_review, name="apply-review"),
    path("offers/<int:pk>/apply/sent/", application_views.apply_sent, name="apply-sent"),
    path("me/applications/", application_views.my_applications, name="my-applications"),
    path(
        "me/applications/<int:pk>/withdraw/",
        application_views.withdraw,
        name="application-withdraw",
    ),
    path(
        "organisations/applications/",
        application_views.organisation_applications,
        name="organisation-applications",
    ),
    path(
        "organisations/applications/<int:pk>/",
        application_views.organisation_application,
        name="organisation-application",
    ),
    path(
        "organisations/applications/<int:pk>/status/",
        application_views.set_status,
        name="application-status",
    ),
]
