from django.urls import path

from bridgebook.appointments import urls_evenings, views, views_family

app_name = "appointments"
urlpatterns = [
    # A member of staff's pages at a school.
    path("schools/<str:urn>/appointments/", views.mine, name="mine"),
    path("schools/<str:urn>/appointments/availability/", views.availability,
         name="availability"),
    path("schools/<str:urn>/appointments/settings/", views.settings_page, name="settings"),
    path("appointments/availability/<int:pk>/remove/", views.availability_remove,
         name="availability_remove"),
    # A child's meetings: staff book one for the family; the family books their own.
    path("pupils/<int:pk>/meetings/", views.pupil_appointments, name="pupil"),
    path("pupils/<int:pk>/meetings/new/", views.staff_book, name="staff_book"),
    path("pupils/<int:pk>/meetings/book/", views_family.book, name="book"),
    path("pupils/<int:pk>/meetings/book/confirm/", views_family.book_confirm,
         name="book_confirm"),
    path("meetings/", views_family.upcoming, name="upcoming"),
    # One meeting, for staff and the family.
    path("appointments/<int:pk>/", views.appointment, name="appointment"),
    path("appointments/<int:pk>/move/", views.move, name="move"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:pk>/notes/", views.notes, name="notes"),
    path("appointments/<int:pk>/did-not-happen/", views.not_held, name="not_held"),
    path("appointments/<int:pk>/meeting.ics", views.calendar, name="calendar"),
]
# Parents' evenings (urls_evenings.py) share the namespace.
urlpatterns += urls_evenings.urlpatterns
