from django.urls import path

from bridgebook.contact import views

app_name = "contact"
urlpatterns = [
    # Termly contact: the school's classes, one class's families.
    path("schools/<str:urn>/contact/", views.school_contact, name="school"),
    path("schools/<str:urn>/contact/settings/", views.school_settings, name="settings"),
    path("classes/<int:pk>/contact/", views.class_contact, name="class"),
    # A child's contact log (their Contact tab), logging contact, planning a visit.
    path("pupils/<int:pk>/contact/", views.pupil_log, name="pupil"),
    path("pupils/<int:pk>/contact/new/", views.log_contact, name="log"),
    path("pupils/<int:pk>/visits/new/", views.plan_visit, name="plan_visit"),
    path("contact/follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    # Home visits and lone working.
    path("visits/today/", views.today, name="today"),
    path("visits/phone/", views.phone, name="phone"),
    path("visits/overdue/", views.overdue, name="overdue"),
    path("visits/alerts/", views.landing_alerts, name="landing_alerts"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("visits/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("visits/<int:pk>/check-out/", views.check_out, name="check_out"),
    path("visits/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("visits/<int:pk>/write-up/", views.write_up, name="write_up"),
    path("visits/<int:pk>/change/", views.change_visit, name="change_visit"),
    path("visits/<int:pk>/cancel/", views.cancel_visit, name="cancel_visit"),
    # What the family visited reads.
    path("visits/<int:pk>/advice/", views.advice, name="advice"),
]
