from django.urls import path

from rights import views

app_name = "rights"

urlpatterns = [
    path("me/data/", views.my_data, name="my-data"),
    path("me/export/", views.export_json, name="export"),
    path("me/export/resume.json", views.export_resume, name="export-resume"),
    path("me/cv/", views.cv, name="cv"),
    path("me/delete/", views.delete, name="delete"),
    path("me/aliases/", views.aliases, name="aliases"),
    path("me/import/", views.import_data, name="import"),
    path("me/move/", views.move, name="move"),
]
