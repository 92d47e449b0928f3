from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("report/<str:kind>/<int:pk>/", views.report, name="report"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/reports/<int:pk>/", views.act, name="act"),
    path("moderation/suspended/", views.suspended, name="suspended"),
    path("moderation/log/", views.log, name="log"),
]
