from django.urls import path

from bridgebook.concerns import views

app_name = "concerns"
urlpatterns = [
    # The school's concerns (its leaders read the response times and outcomes too).
    path("schools/<str:urn>/concerns/", views.school_concerns, name="school"),
    path("schools/<str:urn>/concerns/settings/", views.school_settings, name="settings"),
    # A child's Concerns tab, and a family member raising one.
    path("pupils/<int:pk>/concerns/", views.pupil_concerns, name="pupil"),
    path("pupils/<int:pk>/concerns/new/", views.raise_concern, name="raise"),
    # One concern, and each step on it.
    path("concerns/<int:pk>/", views.concern_detail, name="concern"),
    path("concerns/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("concerns/<int:pk>/note/", views.add_note, name="note"),
    path("concerns/<int:pk>/update/", views.add_update, name="update"),
    path("concerns/<int:pk>/propose/", views.propose, name="propose"),
    path("concerns/<int:pk>/answer/", views.answer, name="answer"),
    path("concerns/<int:pk>/escalate/", views.escalate, name="escalate"),
    path("concerns/<int:pk>/complaints-procedure/", views.pass_to_complaints,
         name="complaints"),
]
