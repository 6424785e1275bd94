"""Twilio Programmable Messaging for text messages (https://www.twilio.com/docs/messaging/api).

POST /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP basic auth (account SID and
auth token), form fields To, From (or MessagingServiceSid), Body and StatusCallback. The
status callback URL names the school and carries the delivery's reference, and Twilio
signs each callback with the auth token (see callbacks.py).

Options: ACCOUNT_SID, AUTH_TOKEN, and FROM or MESSAGING_SERVICE_SID (required); BASE_URL
(default the Twilio API), TIMEOUT (seconds, default 5).

Twilio has no idempotency key. Sending at most once rests on the claim on the Delivery
row; when a worker died after its claim, ``lookup`` lists recent messages to the number and
takes one with the same text created since the delivery was, which is as close as Twilio's
API allows.
"""

import base64
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

from bridgebook.messaging.backends import http
from bridgebook.messaging.backends.base import BaseSmsBackend, DeliveryError

DEFAULT_BASE_URL = "https://api.twilio.com"

# Error codes on an "undelivered" message that no retry will fix: unknown destination,
# landline or unreachable carrier, blocked, filtered as spam, recipient unsubscribed (STOP),
# not a mobile number.
PERMANENT_ERROR_CODES = {"30004", "30005", "30006", "30007", "21610", "21614"}


class TwilioSmsBackend(BaseSmsBackend):
    provider = "twilio"
    supports_lookup = True
    supports_status_callbacks = True
    required_options = ("ACCOUNT_SID", "AUTH_TOKEN")
    known_options = ("FROM", "MESSAGING_SERVICE_SID", "BASE_URL", "TIMEOUT")

    @classmethod
    def check_options(cls, options: dict) -> list[str]:
        problems = super().check_options(options)
        if not (options.get("FROM") or options.get("MESSAGING_SERVICE_SID")):
            problems.append("OPTIONS must set FROM or MESSAGING_SERVICE_SID.")
        return problems

    @property
    def messages_url(self) -> str:
        base = self.options.get("BASE_URL", DEFAULT_BASE_URL).rstrip("/")
        return f"{base}/2010-04-01/Accounts/{self.options['ACCOUNT_SID']}/Messages.json"

    def _headers(self) -> dict:
        pair = f"{self.options['ACCOUNT_SID']}:{self.options['AUTH_TOKEN']}".encode()
        return {"Authorization": f"Basic {base64.b64encode(pair).decode()}",
                "Accept": "application/json", "User-Agent": "bridgebook"}

    def _timeout(self) -> float:
        return float(self.options.get("TIMEOUT", http.DEFAULT_TIMEOUT))

    def send(self, *, to: str, body: str, subject: str = "", reference: str = "",
             status_callback: str = "") -> str:
        form = {"To": to, "Body": body}
        if self.options.get("MESSAGING_SERVICE_SID"):
            form["MessagingServiceSid"] = self.options["MESSAGING_SERVICE_SID"]
        else:
            form["From"] = self.options["FROM"]
        if status_callback:
            form["StatusCallback"] = status_callback
        answer = http.call("POST", self.messages_url, headers=self._headers(), form_body=form,
                           timeout=self._timeout())
        if answer.status in (200, 201) and answer.data.get("sid"):
            return str(answer.data["sid"])
        raise error_for(answer)

    def lookup(self, *, reference: str, to: str, body: str = "", since=None) -> str | None:
        query = urlencode({"To": to, "PageSize": 50})
        answer = http.call("GET", f"{self.messages_url}?{query}", headers=self._headers(),
                           timeout=self._timeout())
        if answer.status != 200:
            raise error_for(answer)
        for message in answer.data.get("messages", []):
            if message.get("body") != body or message.get("to") != to:
                continue
            created = message.get("date_created")
            if since is not None and created:
                # Clocks differ a little between us and Twilio.
                if parsedate_to_datetime(created) < since - timedelta(minutes=1):
                    continue
            return str(message["sid"])
        return None


def error_for(answer: http.Response) -> DeliveryError:
    """400 is about the number or the text (21211 invalid, 21614 not a mobile, 21610
    unsubscribed): permanent. 401/403/404 are our account settings, 429 and 5xx Twilio's
    load: temporary, so the bounded retries give whoever fixes it time."""
    code = answer.data.get("code", "")
    detail = answer.data.get("message") or answer.text[:200]
    message = f"Twilio answered {answer.status} (code {code}): {detail}"
    return DeliveryError(message, permanent=answer.status == 400)


def status_for(twilio_status: str, error_code: str = "") -> str | None:
    """A Delivery status for a MessageStatus in a Twilio callback (None: ignore it)."""
    if twilio_status in ("accepted", "scheduled", "queued", "sending", "sent"):
        return "sent"
    if twilio_status in ("delivered", "read"):
        return "delivered"
    if twilio_status == "undelivered":
        if str(error_code) in PERMANENT_ERROR_CODES:
            return "permanent_failure"
        return "temporary_failure"
    if twilio_status in ("failed", "canceled"):
        return "permanent_failure"
    return None
