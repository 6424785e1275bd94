"""Each backend against a local server speaking its provider's protocol."""

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import jwt
import pytest

from bridgebook.messaging.backends import notify, twilio
from bridgebook.messaging.backends.base import DeliveryError, SmsError
from bridgebook.messaging.backends.config import check_messaging_settings
from bridgebook.messaging.backends.notify import NotifyEmailBackend, NotifySmsBackend
from bridgebook.messaging.backends.smtp import MailerBackend, message_id
from bridgebook.messaging.backends.twilio import TwilioSmsBackend
from bridgebook.messaging.tests.conftest import notify_options, twilio_options
from bridgebook.messaging.tests.fake_providers import (
    NOTIFY_API_KEY,
    NOTIFY_SECRET,
    NOTIFY_SERVICE_ID,
    TWILIO_ACCOUNT_SID,
)

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
    """A port nothing listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# GOV.UK Notify --------------------------------------------------------------------------

def test_notify_key_splits_into_service_id_and_secret():
    assert notify.split_api_key(NOTIFY_API_KEY) == (NOTIFY_SERVICE_ID, NOTIFY_SECRET)
    with pytest.raises(ValueError):
        notify.split_api_key("not-a-key")


def test_notify_token_is_hs256_with_iss_and_iat():
    token = notify.make_token(NOTIFY_API_KEY, now=1_700_000_000)
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(token, NOTIFY_SECRET, algorithms=["HS256"], options={"verify_iat": False})
    assert claims == {"iss": NOTIFY_SERVICE_ID, "iat": 1_700_000_000}


def test_notify_sms_is_sent_with_template_and_reference(notify_server):
    backend = NotifySmsBackend(**notify_options(notify_server))
    provider_id = backend.send(to="+447700900123", body="Hello", reference="bb-1")
    [kept] = notify_server.accepted
    assert provider_id == kept["id"]
    assert (kept["type"], kept["to"], kept["reference"]) == ("sms", "+447700900123", "bb-1")
    assert kept["personalisation"] == {"body": "Hello"}


def test_notify_email_is_sent(notify_server):
    backend = NotifyEmailBackend(**notify_options(notify_server))
    provider_id = backend.send(to="layla@family.example", subject="Trip", body="On Monday",
                               reference="bb-2")
    [kept] = notify_server.accepted
    assert provider_id == kept["id"] and kept["type"] == "email"
    assert kept["personalisation"] == {"subject": "Trip", "body": "On Monday"}


def test_notify_finds_a_message_by_reference(notify_server):
    backend = NotifySmsBackend(**notify_options(notify_server))
    provider_id = backend.send(to="+447700900123", body="Hello", reference="bb-3")
    assert backend.lookup(reference="bb-3", to="+447700900123") == provider_id
    assert backend.lookup(reference="bb-other", to="+447700900123") is None


def test_notify_rejects_a_wrong_key(notify_server):
    wrong = f"bridgebook_test-{NOTIFY_SERVICE_ID}-{'0' * 8}-0000-0000-0000-{'0' * 12}"
    backend = NotifySmsBackend(**notify_options(notify_server, API_KEY=wrong))
    with pytest.raises(DeliveryError) as error:
        backend.send(to="+447700900123", body="Hello", reference="bb-4")
    assert "403" in str(error.value) and "AuthError" in str(error.value)
    assert not error.value.permanent  # our key, not the family's number
    assert notify_server.accepted == []


def test_notify_invalid_number_is_permanent(notify_server):
    notify_server.reject_numbers = {"+441134960000"}
    backend = NotifySmsBackend(**notify_options(notify_server))
    with pytest.raises(SmsError) as error:  # SmsError still catches DeliveryError's kind
        backend.send(to="+441134960000", body="Hello", reference="bb-5")
    assert error.value.permanent and not error.value.maybe_sent
    assert "Not a UK mobile number" in str(error.value)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_notify_rate_limits_and_server_errors_are_temporary(notify_server, status):
    notify_server.fail_next = [status]
    backend = NotifySmsBackend(**notify_options(notify_server))
    with pytest.raises(DeliveryError) as error:
        backend.send(to="+447700900123", body="Hello", reference="bb-6")
    assert not error.value.permanent and str(status) in str(error.value)


def test_a_timeout_is_temporary_and_maybe_sent(notify_server):
    notify_server.delay = 1.5
    backend = NotifySmsBackend(**notify_options(notify_server, TIMEOUT=0.3))
    with pytest.raises(DeliveryError) as error:
        backend.send(to="+447700900123", body="Hello", reference="bb-7")
    assert not error.value.permanent and error.value.maybe_sent
    assert "did not answer" in str(error.value) or "timed out" in str(error.value)


def test_connection_refused_is_temporary_and_not_sent():
    backend = NotifySmsBackend(API_KEY=NOTIFY_API_KEY, TEMPLATE_ID="t",
                               BASE_URL=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(DeliveryError) as error:
        backend.send(to="+447700900123", body="Hello", reference="bb-8")
    assert not error.value.permanent and not error.value.maybe_sent


# Twilio ---------------------------------------------------------------------------------

def test_twilio_sends_with_basic_auth_and_status_callback(twilio_server):
    backend = TwilioSmsBackend(**twilio_options(twilio_server))
    sid = backend.send(to="+447700900123", body="Hello", reference="bb-9",
                       status_callback="https://bb.example/cb?ref=bb-9")
    [kept] = twilio_server.accepted
    assert sid == kept["sid"] and sid.startswith("SM")
    assert kept["status_callback"] == "https://bb.example/cb?ref=bb-9"
    assert kept["from"] == "+447700900999"


def test_twilio_wrong_token_is_temporary(twilio_server):
    backend = TwilioSmsBackend(**twilio_options(twilio_server, AUTH_TOKEN="wrong"))
    with pytest.raises(DeliveryError) as error:
        backend.send(to="+447700900123", body="Hello")
    assert "401" in str(error.value) and not error.value.permanent


def test_twilio_invalid_number_is_permanent(twilio_server):
    twilio_server.reject_numbers = {"+447700900666"}
    backend = TwilioSmsBackend(**twilio_options(twilio_server))
    with pytest.raises(DeliveryError) as error:
        backend.send(to="+447700900666", body="Hello")
    assert error.value.permanent and "21211" in str(error.value)


def test_twilio_server_error_is_temporary(twilio_server):
    twilio_server.fail_next = [500]
    backend = TwilioSmsBackend(**twilio_options(twilio_server))
    with pytest.raises(DeliveryError) as error:
        backend.send(to="+447700900123", body="Hello")
    assert not error.value.permanent


def test_twilio_lookup_matches_number_text_and_time(twilio_server):
    from django.utils import timezone

    since = timezone.now()
    backend = TwilioSmsBackend(**twilio_options(twilio_server))
    sid = backend.send(to="+447700900123", body="Hello")
    backend.send(to="+447700900123", body="Something else")
    assert backend.lookup(reference="x", to="+447700900123", body="Hello", since=since) == sid
    assert backend.lookup(reference="x", to="+447700900124", body="Hello", since=since) is None


def test_twilio_statuses_map_to_delivery_statuses():
    assert twilio.status_for("sent") == "sent"
    assert twilio.status_for("delivered") == "delivered"
    assert twilio.status_for("undelivered", "30003") == "temporary_failure"  # phone off
    assert twilio.status_for("undelivered", "30006") == "permanent_failure"  # landline
    assert twilio.status_for("failed", "30008") == "permanent_failure"
    assert twilio.status_for("receiving") is None


# SMTP (a real SMTP server from aiosmtpd) --------------------------------------------------

@pytest.fixture
def smtp_server():
    pytest.importorskip("aiosmtpd", reason="aiosmtpd is not installed: add it to the dev "
                                           "dependencies (uv sync) to test real SMTP")
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    class Inbox(MessageHandler):
        def __init__(self):
            super().__init__()
            self.messages = []
            self.refuse = set()

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in self.refuse:
                return "550 5.1.1 No such user here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        def handle_message(self, message):
            self.messages.append(message)

    inbox = Inbox()
    inbox.port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()


def test_email_reaches_a_real_smtp_server(smtp_server):
    backend = MailerBackend(HOST="127.0.0.1", PORT=smtp_server.port, TIMEOUT=5,
                            FROM_EMAIL="Mapledown School <office@mapledown.example>")
    assert backend.provider == "smtp" and not backend.supports_lookup
    provider_id = backend.send(to="layla@family.example", subject="Trip on Monday",
                               body="Bring a packed lunch.", reference="bb-10")
    [received] = smtp_server.messages
    assert provider_id == message_id("bb-10") == received["Message-ID"]
    assert received["To"] == "layla@family.example"
    assert received["Subject"] == "Trip on Monday"
    assert received["From"] == "Mapledown School <office@mapledown.example>"
    assert "Bring a packed lunch." in received.get_payload(decode=True).decode()


def test_a_refused_mailbox_is_permanent(smtp_server):
    smtp_server.refuse = {"nobody@family.example"}
    backend = MailerBackend(HOST="127.0.0.1", PORT=smtp_server.port, TIMEOUT=5)
    with pytest.raises(DeliveryError) as error:
        backend.send(to="nobody@family.example", subject="S", body="B", reference="bb-11")
    assert error.value.permanent and "550" in str(error.value)


def test_no_smtp_server_is_temporary():
    backend = MailerBackend(HOST="127.0.0.1", PORT=free_port(), TIMEOUT=2)
    with pytest.raises(DeliveryError) as error:
        backend.send(to="layla@family.example", subject="S", body="B", reference="bb-12")
    assert not error.value.permanent and not error.value.maybe_sent


def test_smtp_server_that_never_answers_is_a_temporary_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never greets
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    thread.start()
    try:
        backend = MailerBackend(HOST="127.0.0.1", PORT=listener.getsockname()[1], TIMEOUT=0.3)
        with pytest.raises(DeliveryError) as error:
            backend.send(to="layla@family.example", subject="S", body="B", reference="bb-13")
        assert not error.value.permanent
    finally:
        for connection, _ in accepted:
            connection.close()
        listener.close()


def test_the_outbox_mailer_can_be_asked_what_it_kept(db, settings):
    settings.MAILERS = {"default": {"BACKEND": "bridgebook.messaging.backends.outbox.EmailBackend"}}
    backend = MailerBackend()
    assert backend.provider == "outbox" and backend.supports_lookup
    backend.send(to="layla@family.example", subject="S", body="B", reference="bb-14")
    assert backend.lookup(reference="bb-14", to="layla@family.example")
    assert backend.lookup(reference="bb-15", to="layla@family.example") is None


# Settings checks ------------------------------------------------------------------------

def test_incomplete_provider_settings_are_errors(settings):
    settings.BRIDGEBOOK_MESSAGING = {
        "default": {},
        "schools": {
            "101001": {"SMS": {"BACKEND": "bridgebook.messaging.backends.notify."
                                          "NotifySmsBackend", "OPTIONS": {"API_KEY": "x"}}},
            "101002": {"SMS": {"BACKEND": "bridgebook.messaging.backends.twilio."
                                          "TwilioSmsBackend",
                               "OPTIONS": {"ACCOUNT_SID": TWILIO_ACCOUNT_SID,
                                           "AUTH_TOKEN": "t"}}},
            "101003": {"EMAIL": {"BACKEND": "bridgebook.messaging.backends.notify."
                                            "NotifySmsBackend",
                                 "OPTIONS": {"API_KEY": NOTIFY_API_KEY, "TEMPLATE_ID": "t"}}},
            "101004": {"SMS": {"BACKEND": "nowhere.Backend"}},
            "Mapledown": {},
        },
    }
    messages = [error.msg for error in check_messaging_settings()]
    assert any("101001.SMS: OPTIONS must set TEMPLATE_ID." in m for m in messages)
    assert any("101001.SMS: API_KEY: A GOV.UK Notify API key" in m for m in messages)
    assert any("101002.SMS: OPTIONS must set FROM or MESSAGING_SERVICE_SID." in m
               for m in messages)
    assert any("101003.EMAIL" in m and "sends sms, not email" in m for m in messages)
    assert any("101004.SMS: cannot import" in m for m in messages)
    assert any("'Mapledown' is not one" in m for m in messages)


def test_complete_settings_pass_the_check(settings, notify_server, twilio_server):
    settings.BRIDGEBOOK_MESSAGING = {"default": {}, "schools": {
        "101001": {"SMS": {"BACKEND": "bridgebook.messaging.backends.notify.NotifySmsBackend",
                           "OPTIONS": notify_options(notify_server)},
                   "EMAIL": {"BACKEND": "bridgebook.messaging.backends.smtp.MailerBackend",
                             "OPTIONS": {"HOST": "smtp.example"}}},
        "101002": {"SMS": {"BACKEND": "bridgebook.messaging.backends.twilio.TwilioSmsBackend",
                           "OPTIONS": twilio_options(twilio_server)}},
    }}
    assert check_messaging_settings() == []


def test_start_up_fails_loudly_on_incomplete_settings_from_the_environment():
    env = {**os.environ, "BRIDGEBOOK_MESSAGING_JSON": json.dumps({"schools": {"101001": {
        "SMS": {"BACKEND": "bridgebook.messaging.backends.notify.NotifySmsBackend",
                "OPTIONS": {"API_KEY": NOTIFY_API_KEY}}}}})}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "messaging.E001" in result.stderr and "TEMPLATE_ID" in result.stderr

    env["BRIDGEBOOK_MESSAGING_JSON"] = "{not json"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "not valid JSON" in result.stderr
