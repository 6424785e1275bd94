"""GOV.UK Notify for text messages and email (https://docs.notifications.service.gov.uk/rest-api.html).

Each school opens its own Notify account and holds its API key (DESIGN.md), so the key is
in that school's BRIDGEBOOK_MESSAGING options. Notify sends templates: make one SMS
template whose whole text is ``((body))`` and one email template with subject
``((subject))`` and body ``((body))``, and give their ids as TEMPLATE_ID.

Options: API_KEY, TEMPLATE_ID (required); BASE_URL (default the Notify API), TIMEOUT
(seconds, default 5), SMS_SENDER_ID or EMAIL_REPLY_TO_ID (optional), CALLBACK_TOKEN (the
bearer token set in Notify's callback settings; callbacks are refused without it).

Authentication: an API key is ``{key name}-{service id}-{secret}`` where the service id and
the secret are UUIDs; each request carries a JWT (HS256, claims ``iss`` = service id and
``iat`` = now in seconds) signed with the secret, as ``Authorization: Bearer``.

The delivery's idempotency key goes as Notify's ``reference``. Notify does not refuse a
second notification with the same reference, so it is not what prevents double sending (the
claim on the Delivery row is); it lets a send whose outcome is unknown be looked up with
GET /v2/notifications?reference=...
"""

import time
from urllib.parse import urlencode

import jwt

from bridgebook.messaging.backends import http
from bridgebook.messaging.backends.base import BaseEmailBackend, BaseSmsBackend, DeliveryError

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"
UUID_LENGTH = 36


def split_api_key(api_key: str) -> tuple[str, str]:
    """(service id, secret) from a Notify API key."""
    if len(api_key) < 2 * UUID_LENGTH + 2 or api_key[-UUID_LENGTH - 1] != "-":
        raise ValueError("A GOV.UK Notify API key ends with two UUIDs: the service id and "
                         "the secret.")
    secret = api_key[-UUID_LENGTH:]
    service_id = api_key[-2 * UUID_LENGTH - 1:-UUID_LENGTH - 1]
    return service_id, secret


def make_token(api_key: str, *, now: float | None = None) -> str:
    service_id, secret = split_api_key(api_key)
    issued_at = int(time.time() if now is None else now)
    return jwt.encode({"iss": service_id, "iat": issued_at}, secret, algorithm="HS256",
                      headers={"typ": "JWT", "alg": "HS256"})


class NotifyBase:
    provider = "notify"
    supports_lookup = True
    supports_status_callbacks = True
    required_options = ("API_KEY", "TEMPLATE_ID")
    known_options = ("BASE_URL", "TIMEOUT", "CALLBACK_TOKEN")
    notification_type = ""

    @classmethod
    def check_options(cls, options: dict) -> list[str]:
        problems = super().check_options(options)
        if options.get("API_KEY"):
            try:
                split_api_key(options["API_KEY"])
            except ValueError as error:
                problems.append(f"API_KEY: {error}")
        return problems

    @property
    def base_url(self) -> str:
        return self.options.get("BASE_URL", DEFAULT_BASE_URL).rstrip("/")

    def _call(self, method: str, path: str, body: dict | None = None) -> http.Response:
        headers = {"Authorization": f"Bearer {make_token(self.options['API_KEY'])}",
                   "User-Agent": "bridgebook"}
        return http.call(method, f"{self.base_url}{path}", headers=headers, json_body=body,
                         timeout=float(self.options.get("TIMEOUT", http.DEFAULT_TIMEOUT)))

    def _post(self, payload: dict) -> str:
        answer = self._call("POST", f"/v2/notifications/{self.notification_type}", payload)
        if answer.status == 201 and answer.data.get("id"):
            return str(answer.data["id"])
        raise error_for(answer)

    def lookup(self, *, reference: str, to: str, body: str = "", since=None) -> str | None:
        query = urlencode({"template_type": self.notification_type, "reference": reference})
        answer = self._call("GET", f"/v2/notifications?{query}")
        if answer.status != 200:
            raise error_for(answer)
        for notification in answer.data.get("notifications", []):
            if notification.get("reference") == reference:
                return str(notification["id"])
        return None


def error_for(answer: http.Response) -> DeliveryError:
    """Notify's errors: 400 is about this message or address (permanent); 403 is our key
    (temporary, so fixing the key lets the retries through); 429 and 5xx are temporary."""
    errors = answer.data.get("errors") or []
    detail = "; ".join(f"{e.get('error', '')}: {e.get('message', '')}" for e in errors) or (
        answer.text[:200])
    message = f"GOV.UK Notify answered {answer.status}: {detail}"
    if answer.status == 400:
        return DeliveryError(message, permanent=True)
    return DeliveryError(message, permanent=False)


class NotifySmsBackend(NotifyBase, BaseSmsBackend):
    notification_type = "sms"
    known_options = (*NotifyBase.known_options, "SMS_SENDER_ID")

    def send(self, *, to: str, body: str, subject: str = "", reference: str = "",
             status_callback: str = "") -> str:
        payload = {"phone_number": to, "template_id": self.options["TEMPLATE_ID"],
                   "personalisation": {"body": body}, "reference": reference}
        if self.options.get("SMS_SENDER_ID"):
            payload["sms_sender_id"] = self.options["SMS_SENDER_ID"]
        return self._post(payload)


class NotifyEmailBackend(NotifyBase, BaseEmailBackend):
    notification_type = "email"
    known_options = (*NotifyBase.known_options, "EMAIL_REPLY_TO_ID")

    def send(self, *, to: str, body: str, subject: str = "", reference: str = "",
             status_callback: str = "") -> str:
        payload = {"email_address": to, "template_id": self.options["TEMPLATE_ID"],
                   "personalisation": {"subject": subject, "body": body},
                   "reference": reference}
        if self.options.get("EMAIL_REPLY_TO_ID"):
            payload["email_reply_to_id"] = self.options["EMAIL_REPLY_TO_ID"]
        return self._post(payload)


# Notify's statuses (DESIGN.md reference facts) and what they mean for a Delivery.
STATUS_MAP = {
    "created": "sent", "sending": "sent", "pending": "sent", "sent": "sent",
    "delivered": "delivered",
    "permanent-failure": "permanent_failure",
    "temporary-failure": "temporary_failure",
    "technical-failure": "temporary_failure",
}
