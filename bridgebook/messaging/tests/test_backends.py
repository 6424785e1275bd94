import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail

from bridgebook.messaging.backends.base import (
    BaseSmsBackend,
    SmsError,
    get_sms_backend,
    load_backend,
    send_sms,
)
from bridgebook.messaging.backends.config import check_messaging_settings
from bridgebook.messaging.backends.outbox import SmsBackend
from bridgebook.messaging.models import OutboxMessage
from bridgebook.messaging.tests.fake_providers import (
    NOTIFY_API_KEY,
    NOTIFY_TEMPLATE_ID,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_FROM,
)


class RefusingBackend(BaseSmsBackend):
    known_options = ("x",)  # the option test_backend_is_chosen_in_settings gives it

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


# Options a backend does not take ----------------------------------------------------------

NOTIFY = {"API_KEY": NOTIFY_API_KEY, "TEMPLATE_ID": NOTIFY_TEMPLATE_ID}
TWILIO = {"ACCOUNT_SID": TWILIO_ACCOUNT_SID, "AUTH_TOKEN": TWILIO_AUTH_TOKEN,
          "FROM": TWILIO_FROM}
# (backend, options it takes, a misspelt key)
BACKENDS = [
    ("bridgebook.messaging.backends.outbox.SmsBackend", {}, "MAILER"),
    ("bridgebook.messaging.backends.smtp.MailerBackend", {"MAILER": "default"}, "USE_TSL"),
    ("bridgebook.messaging.backends.notify.NotifySmsBackend",
     {**NOTIFY, "SMS_SENDER_ID": "x"}, "EMAIL_REPLY_TO_ID"),
    ("bridgebook.messaging.backends.notify.NotifyEmailBackend",
     {**NOTIFY, "EMAIL_REPLY_TO_ID": "x"}, "TEMPLATE"),
    ("bridgebook.messaging.backends.twilio.TwilioSmsBackend", TWILIO, "FORM"),
]


@pytest.mark.parametrize("backend, options, typo", BACKENDS)
def test_every_backend_refuses_an_option_it_does_not_take(backend, options, typo):
    assert load_backend({"BACKEND": backend, "OPTIONS": options}).options == options
    with pytest.raises(ImproperlyConfigured) as refused:
        load_backend({"BACKEND": backend, "OPTIONS": {**options, typo: "x"}})
    assert str(refused.value).startswith(f"{backend} does not take the OPTIONS '{typo}' ")


@pytest.mark.parametrize("backend, options, typo", BACKENDS)
def test_the_start_up_check_names_the_backend_and_the_option(settings, backend, options,
                                                             typo):
    channel = "EMAIL" if "Email" in backend or "Mailer" in backend else "SMS"
    settings.BRIDGEBOOK_MESSAGING = {"default": {}, "schools": {
        "101001": {channel: {"BACKEND": backend, "OPTIONS": {**options, typo: "x"}}}}}
    errors = check_messaging_settings()
    assert [error.id for error in errors] == ["messaging.E001"]
    assert errors[0].msg.startswith(f"BRIDGEBOOK_MESSAGING schools.101001.{channel}: {backend} "
                                    f"does not take the OPTIONS '{typo}' (the options it takes: ")


def test_the_refusal_lists_what_the_backend_takes():
    with pytest.raises(ImproperlyConfigured) as refused:
        load_backend({"BACKEND": "bridgebook.messaging.backends.twilio.TwilioSmsBackend",
                      "OPTIONS": {**TWILIO, "FORM": "x", "TIMEOUT_SECONDS": 3}})
    assert str(refused.value) == (
        "bridgebook.messaging.backends.twilio.TwilioSmsBackend does not take the OPTIONS "
        "'FORM', 'TIMEOUT_SECONDS' (the options it takes: ACCOUNT_SID, AUTH_TOKEN, BASE_URL, "
        "FROM, MESSAGING_SERVICE_SID, TIMEOUT).")


def test_the_start_up_check_reads_the_installation_wide_sms_backend_too(settings):
    settings.BRIDGEBOOK_MESSAGING = {"default": {}, "schools": {}}
    settings.BRIDGEBOOK_SMS = {"BACKEND": "bridgebook.messaging.backends.outbox.SmsBackend",
                               "OPTIONS": {"FROM": "Mapledown"}}
    assert [error.msg for error in check_messaging_settings()] == [
        "BRIDGEBOOK_SMS: bridgebook.messaging.backends.outbox.SmsBackend does not take the "
        "OPTIONS 'FROM' (the options it takes: none)."]
    with pytest.raises(ImproperlyConfigured, match="does not take the OPTIONS 'FROM'"):
        send_sms(to="+447700900123", body="Hello")


def test_a_django_mail_backend_refuses_an_option_it_does_not_take(settings):
    """The outbox's email backend is one of Django's mail backends: Django refuses it."""
    settings.MAILERS = {"default": {"BACKEND": "bridgebook.messaging.backends.outbox.EmailBackend",
                                    "OPTIONS": {"HOST": "mail.example.org"}}}
    with pytest.raises(ImproperlyConfigured, match="Unknown options 'HOST'"):
        send_mail("Subject", "Body", None, ["someone@example.org"])
