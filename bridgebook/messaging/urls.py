from django.urls import path

from bridgebook.messaging import callbacks, views

app_name = "messaging"
urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("callbacks/twilio/<str:urn>/", callbacks.twilio_callback, name="twilio_callback"),
    path("callbacks/notify/<str:urn>/", callbacks.notify_callback, name="notify_callback"),
]
