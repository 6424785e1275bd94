"""Local provider servers and per-school messaging settings for the delivery tests."""

import pytest

from bridgebook.messaging.tests.fake_providers import (
    NOTIFY_API_KEY,
    NOTIFY_TEMPLATE_ID,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_FROM,
    FakeNotify,
    FakeTwilio,
)

NOTIFY_CALLBACK_TOKEN = "notify-callback-token-for-mapledown"


@pytest.fixture
def notify_server():
    with FakeNotify() as server:
        yield server


@pytest.fixture
def twilio_server():
    with FakeTwilio() as server:
        yield server


def notify_options(server, **extra) -> dict:
    return {"API_KEY": NOTIFY_API_KEY, "TEMPLATE_ID": NOTIFY_TEMPLATE_ID,
            "BASE_URL": server.url, "TIMEOUT": 1, "CALLBACK_TOKEN": NOTIFY_CALLBACK_TOKEN,
            **extra}


def twilio_options(server, **extra) -> dict:
    return {"ACCOUNT_SID": TWILIO_ACCOUNT_SID, "AUTH_TOKEN": TWILIO_AUTH_TOKEN,
            "FROM": TWILIO_FROM, "BASE_URL": server.url, "TIMEOUT": 1, **extra}


@pytest.fixture
def use_providers(settings):
    """use_providers(urn, SMS=..., EMAIL=...): set one school's backends for a test."""

    def configure(urn: str, **channels):
        config = dict(settings.BRIDGEBOOK_MESSAGING)
        schools = dict(config.get("schools", {}))
        schools[urn] = {**schools.get(urn, {}), **channels}
        config["schools"] = schools
        settings.BRIDGEBOOK_MESSAGING = config

    return configure


@pytest.fixture
def notify_sms(world, notify_server, use_providers):
    use_providers(world.school.urn, SMS={
        "BACKEND": "bridgebook.messaging.backends.notify.NotifySmsBackend",
        "OPTIONS": notify_options(notify_server)})
    return notify_server


@pytest.fixture
def twilio_sms(world, twilio_server, use_providers):
    use_providers(world.school.urn, SMS={
        "BACKEND": "bridgebook.messaging.backends.twilio.TwilioSmsBackend",
        "OPTIONS": twilio_options(twilio_server)})
    return twilio_server
