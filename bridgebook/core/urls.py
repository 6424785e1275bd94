from django.urls import path

from bridgebook.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("language/<str:code>/", views.language, name="language"),
    path("schools/<str:urn>/audit/", views.audit_log, name="audit"),
    path("healthz", views.healthz, name="healthz"),
]
