"""What each recipient reads: the one place an announcement becomes a contact's text.

``_text_for`` is the switch point for machine translation and human review (the
translation app) — every message, preview and SMS estimate goes through it.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from bridgebook.messaging.recipients import Recipient


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    language: str
    machine: bool = False


def about_line(recipient: Recipient, language: str) -> str:
    """"About: Amira and Yusuf", in the reader's language where the interface has it."""
    with translation.override(language):
        return _("About: %(names)s") % {"names": recipient.children_names}


def _text_for(announcement, recipient: Recipient) -> Text:
    """The subject and body this contact is sent.

    Until the translation app lands, every contact gets the text as written, labelled with
    the language it was written in (so nothing claims to be Arabic that is not); only the
    "About:" line naming the children follows the reader's language.
    """
    language = announcement.language
    body = f"{about_line(recipient, recipient.contact.language)}\n\n{announcement.body}"
    return Text(subject=announcement.subject, body=body, language=language)


def sms_text(text: Text) -> str:
    """The text as the SMS channel sends it (before cleaning), as messaging.text_for does."""
    return f"{text.subject}\n{text.body}" if text.subject else text.body
