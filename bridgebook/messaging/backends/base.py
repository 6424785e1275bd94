"""SMS backends are configured like Django's mail backends: BRIDGEBOOK_SMS = {"BACKEND": ...}.

A backend sends one text to one E.164 number and raises SmsError on failure;
``permanent=True`` means retrying that number is pointless (it is not a mobile, say).
"""

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class BaseSmsBackend:
    def __init__(self, **options):
        self.options = options

    def send(self, *, to: str, body: str) -> str:
        """Send ``body`` to the E.164 number ``to``; returns the provider's message id."""
        raise NotImplementedError


def get_sms_backend() -> BaseSmsBackend:
    config = settings.BRIDGEBOOK_SMS
    backend_class = import_string(config["BACKEND"])
    return backend_class(**config.get("OPTIONS", {}))


def send_sms(*, to: str, body: str) -> str:
    return get_sms_backend().send(to=to, body=body)
