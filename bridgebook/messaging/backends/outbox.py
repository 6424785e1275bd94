"""Local outbox backends: keep messages in the database and show them on the outbox page."""

from django.core.mail.backends.base import BaseEmailBackend

from bridgebook.messaging.backends.base import BaseSmsBackend
from bridgebook.messaging.models import OutboxMessage


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            OutboxMessage.objects.create(
                channel=OutboxMessage.Channel.EMAIL,
                to=", ".join(message.to),
                subject=message.subject,
                body=message.body,
            )
        return len(email_messages)


class SmsBackend(BaseSmsBackend):
    def send(self, *, to: str, body: str) -> str:
        message = OutboxMessage.objects.create(
            channel=OutboxMessage.Channel.SMS, to=to, body=body
        )
        return f"outbox-{message.pk}"
