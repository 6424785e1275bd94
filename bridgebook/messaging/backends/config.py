"""Which provider each school uses, from settings.BRIDGEBOOK_MESSAGING.

    BRIDGEBOOK_MESSAGING = {
        "default": {
            "EMAIL": {"BACKEND": "bridgebook.messaging.backends.smtp.MailerBackend",
                      "OPTIONS": {"MAILER": "default"}},
            "SMS": {"BACKEND": "bridgebook.messaging.backends.outbox.SmsBackend"},
            # Unread in the app this long -> a text. The default for schools that have
            # not chosen on their Messaging settings page (the school's choice wins).
            "FALLBACK_SMS_AFTER_MINUTES": None,
        },
        "schools": {                              # by URN; each key replaces the default's
            "101001": {"SMS": {"BACKEND": "bridgebook.messaging.backends.notify.NotifySmsBackend",
                               "OPTIONS": {"API_KEY": "...", "TEMPLATE_ID": "...",
                                           "CALLBACK_TOKEN": "..."}}},
        },
        "MAX_ATTEMPTS": 6, "RETRY_BASE_SECONDS": 60, "RETRY_MAX_SECONDS": 3600,
        "SENDING_TIMEOUT_SECONDS": 300, "REQUEUE_AFTER_SECONDS": 600,
    }

Each school holds its own GOV.UK Notify key (DESIGN.md: the school opens the Notify account),
so a school's settings replace the default's per channel, never merge option by option: a
half-inherited Notify configuration would send with another school's key.
"""

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from bridgebook.messaging.backends.base import BaseBackend, load_backend

CHANNELS = ("EMAIL", "SMS")

RUN_DEFAULTS = {
    "MAX_ATTEMPTS": 6,
    "RETRY_BASE_SECONDS": 60,
    "RETRY_MAX_SECONDS": 3600,
    # Longer than any provider timeout: a row still "sending" after this lost its worker.
    "SENDING_TIMEOUT_SECONDS": 300,
    # A queued row whose task has not run after this long is enqueued again.
    "REQUEUE_AFTER_SECONDS": 600,
    # The unread-in-the-app fallback ignores messages older than this.
    "FALLBACK_MAX_AGE_HOURS": 48,
}


def messaging_settings() -> dict:
    return getattr(settings, "BRIDGEBOOK_MESSAGING", {})


def run_setting(name: str) -> int:
    return int(messaging_settings().get(name, RUN_DEFAULTS[name]))


def school_config(urn: str) -> dict:
    """The default configuration with this school's keys replacing it."""
    config = messaging_settings()
    merged = dict(config.get("default", {}))
    merged.update(config.get("schools", {}).get(str(urn), {}))
    return merged


def channel_config(urn: str, channel: str) -> dict:
    key = channel.upper()
    config = school_config(urn).get(key)
    if config is None and key == "SMS":
        config = settings.BRIDGEBOOK_SMS  # the installation-wide setting that came first
    if config is None and key == "EMAIL":
        config = {"BACKEND": "bridgebook.messaging.backends.smtp.MailerBackend"}
    return config


def backend_for(urn: str, channel: str) -> BaseBackend:
    return load_backend(channel_config(urn, channel))


def fallback_minutes(urn: str) -> int | None:
    """The deployment's FALLBACK_SMS_AFTER_MINUTES for the school (None: no text); a
    school's own setting replaces it (``delivery.school_fallback_minutes``)."""
    minutes = school_config(urn).get("FALLBACK_SMS_AFTER_MINUTES")
    return None if minutes in (None, "") else int(minutes)


def configured_backends():
    """(where, channel, config) for the default and every school, for checks and callbacks."""
    config = messaging_settings()
    places = [("default", config.get("default", {}))]
    places += [(f"schools.{urn}", school) for urn, school in config.get("schools", {}).items()]
    for where, place in places:
        for channel in CHANNELS:
            if channel in place:
                yield where, channel, place[channel]


def _checked_backends():
    """(label, channel, config) for every backend configured: each school's and the
    default's, and BRIDGEBOOK_SMS (sign-in codes, and any school with no SMS of its own)
    unless it is the default's SMS already."""
    found = [(f"BRIDGEBOOK_MESSAGING {where}.{channel}", channel, backend)
             for where, channel, backend in configured_backends()]
    sms = getattr(settings, "BRIDGEBOOK_SMS", None)
    if sms is not None and not any(channel == "SMS" and backend == sms
                                   for _label, channel, backend in found):
        found.append(("BRIDGEBOOK_SMS", "SMS", sms))
    return found


def check_messaging_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """An integration switched on with incomplete settings, or with an option its backend
    does not take, stops start-up (messaging.E001)."""
    errors = []
    config = messaging_settings()
    for urn in config.get("schools", {}):
        if not str(urn).isdigit():
            errors.append(checks.Error(
                f"BRIDGEBOOK_MESSAGING schools are keyed by URN; {urn!r} is not one.",
                id="messaging.E002"))
    for label, channel, backend in _checked_backends():
        if not isinstance(backend, dict) or "BACKEND" not in backend:
            errors.append(checks.Error(f"{label} must be a dict with a BACKEND.",
                                       id="messaging.E001"))
            continue
        try:
            backend_class = import_string(backend["BACKEND"])
        except ImportError as error:
            errors.append(checks.Error(f"{label}: cannot import {backend['BACKEND']!r}: {error}",
                                       id="messaging.E001"))
            continue
        if getattr(backend_class, "channel", channel.lower()) != channel.lower():
            errors.append(checks.Error(f"{label}: {backend['BACKEND']} sends "
                                       f"{backend_class.channel}, not {channel.lower()}.",
                                       id="messaging.E001"))
        options = backend.get("OPTIONS", {})
        if not isinstance(options, dict):
            errors.append(checks.Error(f"{label}: OPTIONS must be a dict.", id="messaging.E001"))
            continue
        for problem in backend_class.check_options(options):
            errors.append(checks.Error(f"{label}: {problem}", id="messaging.E001"))
    return errors
