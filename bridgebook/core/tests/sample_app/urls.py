from django.urls import path

from bridgebook.core.tests.sample_app import views

app_name = "sample_app"
urlpatterns = [
    path("schools/<str:urn>/notices/", views.notices, name="notices"),
    path("pupils/<int:pk>/notices/", views.pupil_notices, name="pupil_notices"),
]
