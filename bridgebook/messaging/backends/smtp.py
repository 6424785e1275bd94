"""Email through Django's mail backends: a mailer from settings.MAILERS, or a school's own
SMTP server.

Options, either:
- MAILER: an alias in settings.MAILERS (default "default": the local outbox in development,
  SMTP when EMAIL_HOST is set); or
- HOST (and PORT, USERNAME, PASSWORD, USE_TLS, USE_SSL, TIMEOUT): a school's SMTP server.
FROM_EMAIL (optional, default DEFAULT_FROM_EMAIL).

Each email's Message-ID is made from the delivery's idempotency key, so if a retry follows
an attempt whose outcome was unknown (a timeout after DATA), mail clients show the two
copies as one: that is why ``resend_is_harmless`` is set.
"""

import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.smtp import EmailBackend as SmtpEmailBackend

from bridgebook.messaging.backends.base import BaseEmailBackend, DeliveryError
from bridgebook.messaging.backends.outbox import REFERENCE_HEADER

MESSAGE_ID_DOMAIN = "bridgebook"


def message_id(reference: str) -> str:
    return f"<{reference}@{MESSAGE_ID_DOMAIN}>"


class MailerBackend(BaseEmailBackend):
    resend_is_harmless = True
    known_options = ("MAILER", "HOST", "PORT", "USERNAME", "PASSWORD", "USE_TLS", "USE_SSL",
                     "TIMEOUT", "FROM_EMAIL")

    def __init__(self, **options):
        super().__init__(**options)
        if options.get("HOST"):
            self.provider = "smtp"
            self.connection = SmtpEmailBackend(
                alias=f"bridgebook-smtp-{options['HOST']}",
                host=options["HOST"], port=int(options.get("PORT", 587)),
                username=options.get("USERNAME", ""), password=options.get("PASSWORD", ""),
                use_tls=bool(options.get("USE_TLS", False)),
                use_ssl=bool(options.get("USE_SSL", False)),
                timeout=float(options.get("TIMEOUT", 5)),
            )
        else:
            alias = options.get("MAILER", "default")
            self.connection = mailers[alias]
            self.provider = "outbox" if hasattr(self.connection, "find_reference") else "smtp"
        # The local outbox keeps references, so it can say whether a message was kept.
        self.supports_lookup = hasattr(self.connection, "find_reference")

    @classmethod
    def check_options(cls, options: dict) -> list[str]:
        problems = super().check_options(options)
        alias = options.get("MAILER", "default")
        if not options.get("HOST") and alias not in mailers:
            problems.append(f"MAILER {alias!r} is not in MAILERS.")
        return problems

    def send(self, *, to: str, body: str, subject: str = "", reference: str = "",
             status_callback: str = "") -> str:
        headers = {}
        if reference:
            headers = {"Message-ID": message_id(reference), REFERENCE_HEADER: reference}
        email = EmailMessage(subject=subject, body=body, to=[to], headers=headers,
                             from_email=self.options.get("FROM_EMAIL")
                             or settings.DEFAULT_FROM_EMAIL)
        try:
            self.connection.send_messages([email])
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            raise DeliveryError(f"The mail server refused {to}: {code} {_text(reply)}",
                                permanent=code >= 500) from error
        except smtplib.SMTPDataError as error:
            raise DeliveryError(f"The mail server refused the message: {error.smtp_code} "
                                f"{_text(error.smtp_error)}",
                                permanent=error.smtp_code >= 500) from error
        except smtplib.SMTPServerDisconnected as error:
            raise DeliveryError(f"The mail server disconnected: {error}",
                                maybe_sent=True) from error
        except smtplib.SMTPException as error:
            # Authentication, sender refused, HELO: our settings, not the address.
            raise DeliveryError(f"Mail server error: {error!r}") from error
        except TimeoutError as error:
            raise DeliveryError("The mail server did not answer in time",
                                maybe_sent=True) from error
        except OSError as error:
            refused = isinstance(error, (ConnectionRefusedError, socket.gaierror))
            raise DeliveryError(f"Could not reach the mail server: {error!r}",
                                maybe_sent=not refused) from error
        return message_id(reference) if reference else email.extra_headers.get("Message-ID", "")

    def lookup(self, *, reference: str, to: str, body: str = "", since=None) -> str | None:
        return self.connection.find_reference(reference)


def _text(reply) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
