from django.urls import path

from bridgebook.imports import views

app_name = "imports"
urlpatterns = [
    path("schools/<str:urn>/imports/", views.import_home, name="home"),
    path("schools/<str:urn>/imports/<str:token>/columns/", views.columns, name="columns"),
    path("schools/<str:urn>/imports/<str:token>/preview/", views.preview, name="preview"),
    path("schools/<str:urn>/imports/<str:token>/import/", views.commit, name="commit"),
    path("schools/<str:urn>/import-runs/<int:run_id>/", views.run_detail, name="run"),
    path("schools/<str:urn>/export/<str:what>.csv", views.export, name="export"),
]
