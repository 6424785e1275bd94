"""Local outbox backends: keep messages in the database and show them on the outbox page.

They keep the delivery's reference, so after a worker is killed mid-send the pipeline can
see whether the message was kept, exactly as it asks GOV.UK Notify.

Neither takes options. The email backend is one of Django's mail backends (named in
MAILERS), so Django itself refuses options it does not take (``InvalidMailer``); the SMS
backend refuses any (``BaseBackend.known_options``).
"""

from django.core.mail.backends.base import BaseEmailBackend

from bridgebook.messaging.backends.base import BaseSmsBackend
from bridgebook.messaging.models import OutboxMessage

REFERENCE_HEADER = "X-Bridgebook-Reference"


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            OutboxMessage.objects.create(
                channel=OutboxMessage.Channel.EMAIL,
                to=", ".join(message.to),
                subject=message.subject,
                body=message.body,
                reference=message.extra_headers.get(REFERENCE_HEADER, ""),
            )
        return len(email_messages)

    def find_reference(self, reference: str) -> str | None:
        """The Message-ID-like id of a kept email with this reference (see smtp.py)."""
        kept = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.EMAIL,
                                            reference=reference).first()
        return None if kept is None else f"outbox-{kept.pk}"


class SmsBackend(BaseSmsBackend):
    provider = "outbox"
    supports_lookup = True

    def send(self, *, to: str, body: str, subject: str = "", reference: str = "",
             status_callback: str = "") -> str:
        message = OutboxMessage.objects.create(
            channel=OutboxMessage.Channel.SMS, to=to, body=body, reference=reference
        )
        return f"outbox-{message.pk}"

    def lookup(self, *, reference: str, to: str, body: str = "", since=None) -> str | None:
        kept = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.SMS,
                                            reference=reference).first()
        return None if kept is None else f"outbox-{kept.pk}"
