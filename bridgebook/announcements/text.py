"""What each recipient reads: the one place an announcement becomes a contact's text.

``_text_for`` is the only function that decides a contact's subject and body; the send, the
preview and the SMS estimate all go through it. It machine-translates through the translation
app (``translate_many``: once per language for the whole announcement, cached, the glossary
kept intact); with the ``none`` backend, or when translation fails, the reader gets the text
as written, labelled with the language it was written in.

A person checks the translation of an important announcement, or of one whose sender chose
to wait for the check (``check_language`` says into which language, for each reader). An
important one goes to everyone at once, machine-translated like any other; with
``wait_for_check`` the readers of other languages wait (``held_language``). Once a language
is approved, ``_text_for(..., checked=...)`` gives its readers the checked text, labelled as
checked by a person (replacing the machine translation in place, or released to those who
waited), and ``changed_notice`` tells a reader whose text changed.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from bridgebook.messaging.recipients import Recipient
from bridgebook.people.codes import language_name_in
from bridgebook.translation.services import NOT_TEXT_LANGUAGES, base_language, translate_many


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    language: str
    machine: bool = False


@dataclass(frozen=True)
class Checked:
    """A translation a person checked (the review queue's approved texts)."""
    language: str
    subject: str
    body: str


def check_language(announcement, contact_language: str | None) -> str | None:
    """The language a person checks the translation into for this reader, or None: the
    announcement is neither important nor waiting for the check, the reader reads the
    language it was written in, or their language has no written form to translate into
    (British Sign Language: they get the text as written, as they would anyway)."""
    if not (announcement.important or announcement.wait_for_check):
        return None
    target = base_language(contact_language)
    if target == base_language(announcement.language) or target in NOT_TEXT_LANGUAGES:
        return None
    return target


def held_language(announcement, contact_language: str | None) -> str | None:
    """The language whose translation check this reader waits for before they get it, or
    None when they get it at once. Only where the sender chose to wait for the check: an
    important announcement reaches every reader at once."""
    if not announcement.wait_for_check:
        return None
    return check_language(announcement, contact_language)


_ABOUT: dict[str, tuple[str, str]] = {}


def about_line(recipient: Recipient, language: str) -> str:
    """"About: Amira and Yusuf", in the reader's language where the interface has it.
    The phrase is looked up once per language (switching languages per recipient costs more
    than the rest of a school-wide send's text)."""
    if language not in _ABOUT:
        with translation.override(language):
            _ABOUT[language] = (_("About: %(names)s"), _("and"))
    phrase, and_word = _ABOUT[language]
    names = get_text_list([pupil.first_name for pupil in recipient.pupils], and_word)
    return phrase % {"names": names}


def _translated(announcement, language: str) -> tuple[str, str, str, bool]:
    """(subject, body, language, machine) for one reader language, worked out once per
    announcement and language (kept on the instance for the rest of the send)."""
    cache = announcement.__dict__.setdefault("_bb_translations", {})
    target = base_language(language)
    if target not in cache:
        subject, body = translate_many([announcement.subject, announcement.body],
                                       target=target, source=announcement.language,
                                       school=announcement.school)
        machine = subject.machine or body.machine
        cache[target] = (subject.text, body.text, target if machine else
                         base_language(announcement.language), machine)
    return cache[target]


def sent_text(announcement, language: str) -> Text:
    """The announcement's own subject and body as readers of ``language`` get them at once
    (without each family's "About:" lines): a machine translation, or the text as written
    where nothing translated it."""
    subject, body, text_language, machine = _translated(announcement, language)
    return Text(subject=subject, body=body, language=text_language, machine=machine)


def _text_for(announcement, recipient: Recipient, checked: Checked | None = None) -> Text:
    """The subject and body this contact is sent: their children named first, then the
    announcement in their language where it could be translated (machine translations say
    so), else as written. With ``checked``, the translation a person checked (which says
    so instead)."""
    contact_language = recipient.contact.language
    if checked is not None:
        lines = [about_line(recipient, checked.language)]
        with translation.override(checked.language):
            lines.append(_("Translated from %(language)s and checked by a person.") % {
                "language": language_name_in(announcement.language, checked.language)})
        return Text(subject=checked.subject, body="\n".join(lines) + f"\n\n{checked.body}",
                    language=checked.language)
    subject, body, language, machine = _translated(announcement, contact_language)
    # The "About:" line in the language of the text it heads, so one message never mixes two.
    lines = [about_line(recipient, language)]
    if machine:
        with translation.override(contact_language):
            lines.append(_("Translated by machine from %(language)s.") % {
                "language": language_name_in(announcement.language, contact_language)})
    return Text(subject=subject, body="\n".join(lines) + f"\n\n{body}", language=language,
                machine=machine)


def changed_notice(*, checked: Checked, link: str, machine: bool) -> Text:
    """The short message telling a reader that the copy they were sent has been replaced by
    the translation a person checked, in their language, with a link to read it. ``machine``:
    they were sent a machine translation (else the text as written)."""
    with translation.override(checked.language):
        subject = _("Translation checked: %(subject)s") % {"subject": checked.subject}
        if machine:
            body = _("The translation of “%(subject)s” has been checked by a person and has "
                     "changed. Read it again: %(link)s")
        else:
            body = _("“%(subject)s” has now been translated into your language and checked "
                     "by a person. Read it: %(link)s")
    return Text(subject=subject, body=body % {"subject": checked.subject, "link": link},
                language=checked.language)


def differs(sent: Text, checked: Checked) -> bool:
    """Whether the checked text says something other than what was sent (spacing and line
    breaks aside)."""
    def words(text: str) -> str:
        return " ".join(text.split())

    return (words(sent.subject) != words(checked.subject)
            or words(sent.body) != words(checked.body))


def sms_text(text: Text) -> str:
    """The text as the SMS channel sends it (before cleaning), as messaging.text_for does."""
    return f"{text.subject}\n{text.body}" if text.subject else text.body
