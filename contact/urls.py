from django.urls import path, re_path

from contact import views
from profiles.urls import NAME

app_name = "contact"

urlpatterns = [
    re_path(rf"^contact/@{NAME}/$", views.contact_person, name="contact"),
    path("me/messages/", views.my_messages, name="messages"),
    path("me/messages/<int:pk>/", views.thread, name="thread"),
    path("me/messages/<int:pk>/decline/", views.decline, name="decline"),
    path("offers/<int:pk>/apply/", views.apply, name="apply"),
    path("me/applications/", views.my_applications, name="my-applications"),
    path(
        "organisations/applications/",
        views.organisation_applications,
        name="organisation-applications",
    ),
]
