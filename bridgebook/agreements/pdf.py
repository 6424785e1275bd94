"""The printable agreement: a PDF of one version in one language, as plain text or easy
read with symbols.

The title and each statement are in the reader's language: the translation a person checked
where there is one (for the title, Bridgebook's own when the school kept the default), else
the machine translation, marked as such, with the English after it (nothing can be tapped
on paper). The title and all the statements are translated in one call. The symbols are
the curated OpenMoji ones (bridgebook/diary/symbols.py), and the PDF fetches nothing else:
its URL fetcher answers only those (``SYMBOL_SCHEME``), so a statement that looks like a
link never reaches the network or the file system.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from bridgebook.agreements import selectors
from bridgebook.agreements.models import DEFAULT_TITLE, AgreementVersion, default_title
from bridgebook.diary import pdf as book_pdf
from bridgebook.diary.symbols import ATTRIBUTION, SYMBOLS, word_for
from bridgebook.translation.display import direction
from bridgebook.translation.services import base_language, translate_many

SYMBOL_SCHEME = book_pdf.SYMBOL_SCHEME


@dataclass
class Printed:
    """One text of a statement as printed: ``text`` in the reader's language, ``original``
    (the English) where it is a machine translation."""

    text: str
    original: str = ""
    checked: bool = False


def _language(language: str) -> str:
    language = base_language(language)
    return "en" if language == "bsl" else language


def _catalogue_title(title: str, language: str) -> str:
    """The school's title in ``language`` from Bridgebook's own translations when it is
    still the default ("Home-school agreement"), else ""."""
    if title != default_title():
        return ""
    with translation.override(language):
        translated = str(DEFAULT_TITLE)
    return translated if translated != title else ""


def printed_agreement(version: AgreementVersion, language: str) -> tuple[Printed, list]:
    """The agreement's title (``Printed``) and the version's sections with each
    statement's ``printed`` and ``printed_easy`` (``Printed``) and ``pictures`` ({hexcode,
    word}) in ``language``. Two queries and one translation call for the title and every
    statement together."""
    language = _language(language)
    school = version.agreement.school
    title = version.agreement.title
    catalogued = _catalogue_title(title, language) if language != "en" else ""
    items = selectors.statements(version)
    selectors.attach_checked(items, school, language)
    wanted = [title] if title and not catalogued else []
    for statement in items:
        if not statement.checked_text:
            wanted.append(statement.text)
        if statement.easy_read and not statement.checked_easy:
            wanted.append(statement.easy_read)
    machine = {}
    if language != "en" and wanted:
        for result in translate_many(wanted, target=language, school=school):
            if result.machine:
                machine[result.original] = result.text

    def shown(text: str, checked: str) -> Printed:
        if checked:
            return Printed(text=checked, checked=True)
        if text in machine:
            return Printed(text=machine[text], original=text)
        return Printed(text=text)

    with translation.override(language):
        for statement in items:
            statement.printed = shown(statement.text, statement.checked_text)
            statement.printed_easy = (shown(statement.easy_read, statement.checked_easy)
                                      if statement.easy_read else statement.printed)
            statement.pictures = [{"hexcode": code, "word": word_for(code),
                                   "url": SYMBOL_SCHEME + code}
                                  for code in statement.symbols if code in SYMBOLS]
    return shown(title, catalogued), selectors.by_section(items)


def agreement_html(version: AgreementVersion, *, language: str, easy: bool,
                   pupil=None) -> str:
    language = _language(language)
    title, sections = printed_agreement(version, language)
    for section in sections:
        for statement in section.statements:
            statement.shown = statement.printed_easy if easy else statement.printed
    with translation.override(language):
        return render_to_string("agreements/family/pdf.html", {
            "version": version, "school": version.agreement.school,
            "agreement": version.agreement, "title": title, "sections": sections,
            "easy": easy, "pupil": pupil, "language": language,
            "direction": direction(language),
            "made_at": timezone.localtime(), "attribution": ATTRIBUTION})


def _fetcher():
    """The book's PDF fetcher with no photos: it answers only the curated symbols."""
    return book_pdf._fetcher(set())


def html_to_pdf(html: str) -> bytes:
    return book_pdf.html_to_pdf(html, photo_tokens=set())


def agreement_pdf(version: AgreementVersion, *, language: str, easy: bool = False,
                  pupil=None) -> bytes:
    return html_to_pdf(agreement_html(version, language=language, easy=easy, pupil=pupil))


def filename_for(version: AgreementVersion, language: str, easy: bool) -> str:
    kind = "easy-read" if easy else "agreement"
    return f"home-school-{kind}-v{version.number}-{_language(language)}.pdf"
