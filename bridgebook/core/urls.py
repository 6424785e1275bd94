from django.urls import path

from bridgebook.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("language/<str:code>/", views.language, name="language"),
    path("schools/<str:urn>/audit/", views.audit_log, name="audit"),
    path("schools/<str:urn>/", views.school_detail, name="school"),
    path("schools/<str:urn>/edit/", views.school_edit, name="school_edit"),
    path("schools/<str:urn>/academic-years/new/", views.academic_year_add,
         name="academic_year_add"),
    path("schools/<str:urn>/terms/new/", views.term_add, name="term_add"),
    path("schools/<str:urn>/lessons/new/", views.lesson_add, name="lesson_add"),
    path("schools/<str:urn>/lessons/<int:lesson_id>/remove/", views.lesson_remove,
         name="lesson_remove"),
    path("healthz", views.healthz, name="healthz"),
]
