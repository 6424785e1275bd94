from django.urls import path

from bridgebook.messaging import callbacks, views

app_name = "messaging"
urlpatterns = [
    path("conversations/", views.inbox, name="inbox"),
    path("pupils/<int:pk>/conversations/", views.pupil_conversations,
         name="pupil_conversations"),
    path("pupils/<int:pk>/conversations/new/", views.conversation_new,
         name="conversation_new"),
    path("conversations/<int:pk>/", views.conversation, name="conversation"),
    path("unread-badge/", views.unread_badge, name="unread_badge"),
    path("working-hours/", views.working_hours, name="working_hours"),
    path("schools/<str:urn>/settings/", views.school_settings, name="school_settings"),
    path("settings/", views.notification_settings, name="notification_settings"),
    path("outbox/", views.outbox, name="outbox"),
    path("callbacks/twilio/<str:urn>/", callbacks.twilio_callback, name="twilio_callback"),
    path("callbacks/notify/<str:urn>/", callbacks.notify_callback, name="notify_callback"),
]
