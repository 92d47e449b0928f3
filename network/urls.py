from django.urls import path

from network import candidate_views, comment_views, views

app_name = "network"
urlpatterns = [
    path("tags/<slug:slug>/follow/", views.follow_tag, name="tag-follow"),
    path("tags/<slug:slug>/unfollow/", views.unfollow_tag, name="tag-unfollow"),
    path("feed/", views.feed, name="feed"),
    path("me/alerts/", views.alerts, name="alerts"),
    path("me/alerts/new/", views.alert_editor, name="alert-new"),
    path("me/alerts/<int:pk>/", views.alert_editor, name="alert-edit"),
    path("me/alerts/<int:pk>/delete/", views.alert_delete, name="alert-delete"),
    path("me/alerts/<int:pk>/switch/", views.alert_switch, name="alert-switch"),
    path(
        "me/organisation/searches/new/",
        candidate_views.save_search,
        name="candidate-search-new",
    ),
    path(
        "me/organisation/searches/<int:pk>/",
        candidate_views.open_search,
        name="candidate-search",
    ),
    path(
        "me/organisation/searches/<int:pk>/rename/",
        candidate_views.rename_search,
        name="candidate-search-rename",
    ),
    path(
        "me/organisation/searches/<int:pk>/delete/",
        candidate_views.delete_search,
        name="candidate-search-delete",
    ),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/notifications/read/", views.notifications_read, name="notifications-read"),
    path(
        "experiences/<int:pk>/comments/",
        comment_views.comment_experience,
        name="comment-experience",
    ),
    path("offers/<int:pk>/comments/", comment_views.comment_offer, name="comment-offer"),
    path("comments/<int:pk>/hide/", comment_views.hide_comment, name="comment-hide"),
    path("comments/<int:pk>/show/", comment_views.show_comment, name="comment-show"),
    path("comments/<int:pk>/delete/", comment_views.delete_comment, name="comment-delete"),
]
