"""The parents' evenings' URLs (included by urls.py, whose ``app_name`` is the namespace)."""

from django.urls import path

from bridgebook.appointments import views_evenings as views

urlpatterns = [
    # Setting up a school's evenings, and reading who has booked.
    path("schools/<str:urn>/parents-evenings/", views.evening_list, name="evening_list"),
    path("schools/<str:urn>/parents-evenings/new/", views.evening_create,
         name="evening_create"),
    path("parents-evenings/<int:pk>/overview/", views.evening_overview,
         name="evening_overview"),
    path("parents-evenings/<int:pk>/edit/", views.evening_edit, name="evening_edit"),
    path("parents-evenings/<int:pk>/sessions/new/", views.evening_session_add,
         name="evening_session_add"),
    path("parents-evenings/<int:pk>/staff/", views.evening_staff_add,
         name="evening_staff_add"),
    path("parents-evenings/<int:pk>/staff/<int:staff_pk>/remove/",
         views.evening_staff_remove, name="evening_staff_remove"),
    path("parents-evenings/<int:pk>/breaks/", views.evening_break_add,
         name="evening_break_add"),
    path("parents-evenings/<int:pk>/breaks/<int:break_pk>/remove/",
         views.evening_break_remove, name="evening_break_remove"),
    # A member of staff's evening, and the notes of each meeting.
    path("parents-evenings/<int:pk>/schedule/", views.evening_schedule,
         name="evening_schedule"),
    path("parents-evenings/meetings/<int:pk>/notes/", views.evening_notes,
         name="evening_notes"),
    # Families.
    path("parents-evenings/", views.evening_family, name="evening_family"),
    path("parents-evenings/<int:pk>/book/", views.evening_book, name="evening_book"),
    path("parents-evenings/meetings/<int:pk>/cancel/", views.evening_cancel,
         name="evening_cancel"),
]
