from django.urls import path

from bridgebook.conduct import views

app_name = "conduct"
urlpatterns = [
    path("schools/<str:urn>/conduct/", views.incident_list, name="log"),
    path("schools/<str:urn>/conduct/new/", views.incident_new, name="new"),
    path("schools/<str:urn>/conduct/settings/", views.school_settings, name="settings"),
    path("schools/<str:urn>/conduct/<int:pk>/", views.incident_detail, name="incident"),
    path("schools/<str:urn>/conduct/<int:pk>/change/", views.incident_change, name="change"),
    path("schools/<str:urn>/conduct/<int:pk>/actions/new/", views.add_action,
         name="add_action"),
    path("schools/<str:urn>/conduct/<int:pk>/reviews/new/", views.add_review,
         name="add_review"),
    path("schools/<str:urn>/conduct/<int:pk>/reviews/<int:review_id>/held/", views.hold_review,
         name="hold_review"),
    path("schools/<str:urn>/conduct/<int:pk>/close/", views.close, name="close"),
    # A PDF of every incident about the incident's adult (POST: each export is audited).
    path("schools/<str:urn>/conduct/<int:pk>/subject-access/", views.subject_access,
         name="subject_access"),
]
