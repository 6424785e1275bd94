import pytest
from django.core.mail import send_mail

from bridgebook.messaging.backends.base import BaseSmsBackend, SmsError, get_sms_backend, send_sms
from bridgebook.messaging.backends.outbox import SmsBackend
from bridgebook.messaging.models import OutboxMessage


class RefusingBackend(BaseSmsBackend):
    def send(self, *, to, body):
        raise SmsError(f"{to} is not a mobile", permanent=True)


def test_outbox_sms_backend_keeps_the_message(db):
    message_id = send_sms(to="+447700900123", body="Hello")
    stored = OutboxMessage.objects.get()
    assert message_id == f"outbox-{stored.pk}"
    assert (stored.channel, stored.to, stored.body) == ("sms", "+447700900123", "Hello")


def test_backend_is_chosen_in_settings(settings):
    settings.BRIDGEBOOK_SMS = {"BACKEND": f"{__name__}.RefusingBackend", "OPTIONS": {"x": 1}}
    backend = get_sms_backend()
    assert isinstance(backend, RefusingBackend) and backend.options == {"x": 1}
    with pytest.raises(SmsError) as error:
        send_sms(to="+441134960000", body="Hi")
    assert error.value.permanent


def test_default_sms_backend_is_the_outbox():
    assert isinstance(get_sms_backend(), SmsBackend)


def test_outbox_email_backend(db, settings):
    settings.MAILERS = {"default": {"BACKEND": "bridgebook.messaging.backends.outbox.EmailBackend"}}
    send_mail("Subject", "Body text", None, ["someone@example.org"])
    stored = OutboxMessage.objects.get()
    assert (stored.channel, stored.to, stored.subject) == ("email", "someone@example.org",
                                                           "Subject")
