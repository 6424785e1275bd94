from django.urls import path

from bridgebook.timetables import views

app_name = "timetables"
urlpatterns = [
    path("classes/<int:pk>/timetable/", views.class_week, name="class_week"),
    path("classes/<int:pk>/timetable/sessions/new/", views.session_add, name="session_add"),
    path("classes/<int:pk>/timetable/from-lessons/", views.fill_from_lessons,
         name="fill_from_lessons"),
    path("classes/<int:pk>/timetable/send/", views.send, name="send"),
    path("timetable-sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("timetable-sessions/<int:pk>/remove/", views.session_remove, name="session_remove"),
    path("pupils/<int:pk>/timetable/", views.pupil_timetable, name="pupil"),
    path("pupils/<int:pk>/timetable/changes/", views.variations, name="variations"),
    path("timetable-changes/<int:pk>/edit/", views.variation_edit, name="variation_edit"),
    path("timetable-changes/<int:pk>/remove/", views.variation_remove,
         name="variation_remove"),
]
