"""Channel backends, configured like Django's mail backends: {"BACKEND": ..., "OPTIONS": {...}}.

A backend sends one message to one address and returns the provider's id for it, or raises
DeliveryError. ``permanent=True`` means retrying that address is pointless (not a mobile
number, say); ``maybe_sent=True`` means the provider may have accepted it before the failure
(a timeout after the request went out), so a retry first asks the provider, where it can.

Capability flags are class attributes, so the delivery pipeline asks the class what it can
do instead of knowing providers by name.

A backend names every option it reads (``known_options``, and ``required_options``); any
other key in OPTIONS is refused with ImproperlyConfigured when the backend is made, and by
the start-up check (``config.check_messaging_settings``), as Django's mail backends refuse
keyword arguments they do not take: a misspelt key ("FORM" for "FROM") would otherwise be
ignored without a word.

BRIDGEBOOK_SMS (one backend for the whole installation) stays for the sign-in codes that
predate per-school providers; the delivery pipeline reads BRIDGEBOOK_MESSAGING.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from bridgebook.messaging.sms import clean_for_sms


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False, maybe_sent: bool = False):
        super().__init__(message)
        self.permanent = permanent
        self.maybe_sent = maybe_sent


# The name SMS backends used before DeliveryError: the same class, so code catching
# SmsError also catches failures from the new backends.
SmsError = DeliveryError


class BaseBackend:
    channel = ""                       # "sms" or "email"
    provider = "base"                  # short name stored on each Delivery
    # The provider can find a message it accepted by our reference, so a send whose outcome
    # is unknown (worker killed, timeout) is looked up instead of sent again.
    supports_lookup = False
    # Sending again after an unknown outcome cannot make a second copy appear (an email
    # whose Message-ID is the idempotency key is shown once by mail clients).
    resend_is_harmless = False
    supports_status_callbacks = False
    required_options: tuple[str, ...] = ()
    # The other options the backend reads; any key in neither is refused.
    known_options: tuple[str, ...] = ()

    def __init__(self, **options):
        problem = self.unknown_options_problem(options)
        if problem:
            raise ImproperlyConfigured(problem)
        self.options = options

    @classmethod
    def dotted_path(cls) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"

    @classmethod
    def unknown_options_problem(cls, options: dict) -> str:
        """What is wrong with keys in ``options`` this backend does not read ("" if none),
        naming the backend, the keys and the options it takes."""
        accepted = set(cls.required_options) | set(cls.known_options)
        unknown = sorted(str(key) for key in options if key not in accepted)
        if not unknown:
            return ""
        takes = ", ".join(sorted(accepted)) or "none"
        keys = ", ".join(repr(key) for key in unknown)
        return (f"{cls.dotted_path()} does not take the OPTIONS {keys} "
                f"(the options it takes: {takes}).")

    def send(self, *, to: str, body: str, subject: str = "", reference: str = "",
             status_callback: str = "") -> str:
        """Send ``body`` to ``to``; returns the provider's message id."""
        raise NotImplementedError

    def lookup(self, *, reference: str, to: str, body: str = "", since=None) -> str | None:
        """The provider's id of a message it accepted for this delivery, or None.

        ``since`` is when the delivery was created: nothing older can be ours."""
        raise NotImplementedError

    @classmethod
    def check_options(cls, options: dict) -> list[str]:
        """Problems with ``options``, for the start-up system check."""
        problems = []
        unknown = cls.unknown_options_problem(options)
        if unknown:
            problems.append(unknown)
        problems += [f"OPTIONS must set {name}." for name in cls.required_options
                     if not options.get(name)]
        return problems


class BaseSmsBackend(BaseBackend):
    channel = "sms"


class BaseEmailBackend(BaseBackend):
    channel = "email"


def load_backend(config: dict) -> BaseBackend:
    backend_class = import_string(config["BACKEND"])
    return backend_class(**config.get("OPTIONS", {}))


def get_sms_backend() -> BaseSmsBackend:
    return load_backend(settings.BRIDGEBOOK_SMS)


def send_sms(*, to: str, body: str) -> str:
    """Send a text outside the delivery pipeline (sign-in codes), cleaned for GSM-7 as the
    pipeline cleans every text (``sms.clean_for_sms``)."""
    return get_sms_backend().send(to=to, body=clean_for_sms(body))
