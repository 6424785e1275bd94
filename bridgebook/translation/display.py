"""What a reader sees: their language, and texts in it, memoised on the request so a page
asks the database once per thing however many times a template asks."""

from __future__ import annotations

import re

from django.utils import translation as django_translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from bridgebook.core.access import viewer_for
from bridgebook.people.codes import RTL_LANGUAGES
from bridgebook.translation.backends.base import get_backend
from bridgebook.translation.glossary import Glossary
from bridgebook.translation.services import (
    NOT_TEXT_LANGUAGES,
    Translated,
    base_language,
    translate_many,
)


def reader_language(request, school=None) -> str | None:
    """The language to translate into for whoever reads this page, or None for the original.

    Staff read the original. A family member reads the language of their contact at
    ``school`` (the pupil's; a person with children at two schools has a contact, and a
    language on record, at each), or of their first contact when no school is given,
    unless it is English (or BSL, which has no written form to translate into). One query,
    once per request.
    """
    if request is None:
        return None
    if not hasattr(request, "_bb_reader_languages"):
        request._bb_reader_languages = _reader_languages(getattr(request, "user", None))
    languages = request._bb_reader_languages
    if not languages:
        return None
    school_id = getattr(school, "pk", school)
    if school_id in languages:
        return languages[school_id]
    return next(iter(languages.values()))


def _reader_languages(user) -> dict:
    """School id → the language to translate into there (None: the original), for a
    family member's contacts, first contact first; empty for anyone else."""
    viewer = viewer_for(user)
    if not viewer.is_family:
        return {}
    from bridgebook.people.models import Contact

    languages = {}
    for school_id, code in Contact.objects.filter(pk__in=viewer.contact_ids).order_by(
            "pk").values_list("school_id", "language"):
        code = base_language(code)
        languages[school_id] = code if code != "en" and code not in NOT_TEXT_LANGUAGES \
            else None
    return languages


def _memo(request) -> dict:
    if request is None:
        return {}
    if not hasattr(request, "_bb_translations"):
        request._bb_translations = {}
    return request._bb_translations


def glossary_for(request, school) -> Glossary:
    cache = getattr(request, "_bb_glossaries", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._bb_glossaries = cache
    key = school.pk if school is not None else None
    if key not in cache:
        cache[key] = Glossary.for_school(school)
    return cache[key]


def translations_for(request, texts, *, school=None) -> list[Translated] | None:
    """The reader's translations of ``texts`` (None when the reader reads the original).

    Texts already translated in this request cost nothing; the rest cost one cache query
    together (and one glossary query per school per request)."""
    backend = get_backend()
    if not backend.translates:
        return None
    language = reader_language(request, school)
    if language is None:
        return None
    memo = _memo(request)
    texts = [text for text in texts if text and str(text).strip()]
    needed = list(dict.fromkeys(str(t) for t in texts if (str(t), language) not in memo))
    if needed:
        glossary = glossary_for(request, school)
        for result in translate_many(needed, target=language, school=school,
                                     glossary=glossary, backend=backend):
            memo[(result.original, language)] = result
    return [memo[(str(text), language)] for text in texts]


def entry_texts(entry) -> list[str]:
    """The texts staff wrote in a school entry that a family reader sees translated (family
    entries are the family's own words, and pupil entries are symbols). Uses the entry's
    prefetched incidents."""
    if getattr(entry, "origin", None) != "school":
        return []
    health = getattr(entry, "health", None) or {}
    texts = [entry.note, entry.achievements, health.get("first_aid", ""),
             health.get("personal_care", "")]
    for incident in entry.incidents.all():
        texts += [incident.what_happened, incident.action_taken]
    return [text for text in texts if text]


def prefetch_entries(request, entries, *, school=None) -> None:
    """Translate every text of ``entries`` (a page of the book) for the reader at once, so
    the page costs one cache query and at most one backend call (with one insert) whatever
    the number of entries; the ``translated`` tags then find each text memoised. Costs
    nothing for staff, English readers, or when no backend translates."""
    if not get_backend().translates or reader_language(request, school) is None:
        return
    texts = [text for entry in entries for text in entry_texts(entry)]
    if texts:
        translations_for(request, texts, school=school)


def labels(language: str) -> dict:
    """The labels around a translation, in the reader's language where the interface has
    them (with the language they are really in, for the lang attribute)."""
    english = {
        "machine": gettext_noop("Machine translation"),
        "original": gettext_noop("Show the original (English)"),
        "failed": gettext_noop("A translation is not available at the moment. This is the "
                               "original in English."),
        "read": gettext_noop("Read aloud"),
        "stop": gettext_noop("Stop reading"),
    }
    with django_translation.override(language):
        shown = {key: gettext(text) for key, text in english.items()}
    result = {}
    for key, text in shown.items():
        result[key] = text
        result[f"{key}_lang"] = language if text != english[key] else "en"
    return result


_WORD_BREAK = r"(?<!\w)({})(?!\w)"


def mark_glossary(text: str, glossary: Glossary, *, language: str = "en",
                  id_prefix: str = "term", with_breaks: bool = True) -> SafeString:
    """``text`` (escaped) with the first use of each glossary term marked as a definition
    that links to its plain explanation, listed visibly after the text.

    Works by touch and keyboard (an ordinary link) and without JavaScript. In a translation
    the agreed translation of a term is what is looked for, as well as the term itself.
    """
    text = text or ""
    spellings: dict[str, object] = {}
    for term in glossary.terms:
        spellings[term.term.casefold()] = term
        agreed = term.translations.get(language)
        if agreed:
            spellings[agreed.casefold()] = term
    html = escape(text)
    if not spellings or not text.strip():
        return mark_safe(_breaks(html) if with_breaks else html)
    names = sorted(spellings, key=len, reverse=True)
    pattern = re.compile(_WORD_BREAK.format("|".join(re.escape(escape(n)) for n in names)),
                         re.IGNORECASE)
    used: list = []

    def mark(match: re.Match) -> str:
        written = _unescape(match.group(1))
        term = spellings.get(written.casefold())
        if term is not None and term.term.isupper() and written.casefold() == \
                term.term.casefold() and written != term.term:
            term = None                      # "salt" is not SALT
        if term is None or term in used:
            return match.group(0)
        used.append(term)
        return (f'<dfn class="bb-term"><a class="govuk-link" href="#{id_prefix}-{term.pk}">'
                f"{match.group(1)}</a></dfn>")

    html = pattern.sub(mark, html)
    body = _breaks(html) if with_breaks else html
    if not used:
        return mark_safe(body)
    heading = escape(gettext("What these words mean"))
    items = "".join(
        f'<dt class="govuk-!-font-weight-bold" id="{id_prefix}-{term.pk}" lang="en" '
        f'dir="ltr">{escape(term.term)}</dt><dd class="govuk-!-margin-left-0 '
        f'govuk-!-margin-bottom-1" lang="en" dir="ltr">{escape(term.explanation)}</dd>'
        for term in used)
    return mark_safe(f'{body}<div class="bb-glossary govuk-body-s" data-read-aloud-skip>'
                     f'<p class="govuk-body-s govuk-!-margin-bottom-1">{heading}</p>'
                     f'<dl class="govuk-!-margin-0">{items}</dl></div>')


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _breaks(html: str) -> str:
    return html.replace("\r\n", "\n").replace("\n", "<br>")


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"

