from django.urls import path

from node.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("language/<str:code>/", views.choose_language, name="language"),
]
