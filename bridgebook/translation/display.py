"""What a reader sees: their language, and texts in it, memoised on the request so a page
asks the database once per thing however many times a template asks.

Language goes both ways. What staff write reaches a family member in the family member's
language; what a family member writes reaches staff in the staff member's (their interface
language), and reaches a parent of another language in theirs. Each text is translated
from the language it was written in (``source``: English for what staff write, the
writer's for what a family writes) into the reader's (``target_language``), labelled as a
machine translation, with the original one tap away; nothing happens where the two are
the same."""

from __future__ import annotations

import functools
import re

from django.utils import translation as django_translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from bridgebook.core.access import viewer_for
from bridgebook.people.codes import RTL_LANGUAGES, language_name_in
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
    unless it is English (or BSL, which has no written form to translate into). No query:
    the contacts' languages come with the Viewer.
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


def target_language(request, school=None) -> str:
    """The language this reader reads at ``school``, to translate anything written in
    another language into: a family member's own (English when it is English or has no
    written form), anyone else's interface language."""
    if request is None:
        return base_language(django_translation.get_language())
    family = reader_language(request, school)
    if family is not None:
        return family
    if viewer_for(getattr(request, "user", None)).is_family:
        return "en"
    return base_language(django_translation.get_language())


def _reader_languages(user) -> dict:
    """School id → the language to translate into there (None: the original), for a
    family member's contacts, first contact first; empty for anyone else."""
    viewer = viewer_for(user)
    if not viewer.is_family:
        return {}
    languages = {}
    for school_id, code in viewer.languages.items():
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


def translations_for(request, texts, *, school=None, source: str = "en"
                     ) -> list[Translated] | None:
    """The reader's translations of ``texts``, written in ``source`` (None when the reader
    reads them as written: the same language, or no backend translates).

    Texts already translated in this request cost nothing; the rest cost one cache query
    together (and one glossary query per school per request)."""
    backend = get_backend()
    if not backend.translates:
        return None
    source = base_language(source)
    language = target_language(request, school)
    if not _machine_translated(source, language):
        return None
    memo = _memo(request)
    texts = [text for text in texts if text and str(text).strip()]
    needed = list(dict.fromkeys(str(t) for t in texts
                                if (str(t), source, language) not in memo))
    if needed:
        glossary = glossary_for(request, school)
        for result in translate_many(needed, target=language, source=source, school=school,
                                     glossary=glossary, backend=backend):
            memo[(result.original, source, language)] = result
    return [memo[(str(text), source, language)] for text in texts]


def reads_as_written(request, pairs, *, school=None) -> bool:
    """Whether the reader reads every one of ``pairs`` of (source language, text) as it
    was written, with nothing machine translated (as ``translations_for`` decides): then
    what a page shows of them depends only on the texts and the reader's language."""
    if not get_backend().translates:
        return True
    language = target_language(request, school)
    return not any(_machine_translated(base_language(source), language)
                   for source, text in pairs if text and str(text).strip())


def _machine_translated(source: str, language: str) -> bool:
    """Whether a reader of ``language`` reads a text written in ``source`` (base language
    codes both) in a machine translation, where a backend translates."""
    return language != source and language not in NOT_TEXT_LANGUAGES


def translate_sources(request, pairs, *, school=None) -> None:
    """Translate ``pairs`` of (source language, text) for the reader at once: one cache
    query per source language (a page holds staff's English and at most the languages
    its families write in), so the ``translated`` tags find each text memoised. The
    glossary's explanations come in the same batch as the English, for a reader of
    another language."""
    if not pairs or not get_backend().translates:
        return
    pairs = list(pairs)
    if target_language(request, school) != "en":
        pairs += [("en", term.explanation) for term in glossary_for(request, school).terms]
    by_source: dict[str, list[str]] = {}
    for source, text in pairs:
        if text and str(text).strip():
            by_source.setdefault(base_language(source), []).append(str(text))
    for source, texts in by_source.items():
        translations_for(request, texts, school=school, source=source)


HOME_TEXTS = ("home_news", "sleep", "home_health", "celebrate", "question")


def entry_sources(entry) -> list[tuple[str, str]]:
    """(language, text) for every text of an entry a reader may see translated: what staff
    wrote in a school entry (its note, achievements, activities, mood and food notes,
    health, incidents and who was told, the labels of its stickers), what a family member
    wrote in a home entry, the replies and the notes sent with acknowledgements, each in
    the language it was written in. Uses the entry's prefetched activities, incidents,
    acknowledgements and replies."""
    origin = getattr(entry, "origin", None)
    pairs: list[tuple[str, str]] = []
    if origin == "school":
        health = getattr(entry, "health", None) or {}
        food = getattr(entry, "food", None) or {}
        texts = [entry.note, entry.achievements, entry.activities_text, entry.mood_note,
                 food.get("drinks", ""), health.get("first_aid", ""),
                 health.get("personal_care", "")]
        texts += [activity.name for activity in entry.activities.all()]
        for incident in entry.incidents.all():
            texts += [incident.what_happened, incident.action_taken, incident.who_was_told]
            pairs += [(ack.language, ack.note) for ack in incident.acknowledgements.all()
                      if ack.note]
        pairs += [("en", text) for text in texts if text]
        # Sticker labels as the book's selectors label them (in the interface's language
        # where it has them, else English).
        pairs += [(getattr(label, "language", "en"), str(label))
                  for label in getattr(entry, "sticker_labels", ())]
    elif origin == "home":
        pairs += [(entry.language, getattr(entry, name)) for name in HOME_TEXTS
                  if getattr(entry, name)]
    prefetched = getattr(entry, "_prefetched_objects_cache", {})
    if "replies" in prefetched:
        pairs += [(reply.language, reply.text) for reply in entry.replies.all()]
    return pairs


def entry_texts(entry) -> list[str]:
    """The texts of ``entry_sources``, whatever their language."""
    return [text for _source, text in entry_sources(entry)]


def prefetch_entries(request, entries, *, school=None, events=()) -> None:
    """Translate every text of ``entries`` (a page of the book) and of ``events`` for the
    reader at once, so the page costs one cache query per language written on it and at
    most one backend call (with one insert) per language, whatever the number of entries;
    the ``translated`` tags then find each text memoised. Costs nothing when no backend
    translates, or when everything is in the reader's language."""
    if not get_backend().translates:
        return
    pairs = [pair for entry in entries for pair in entry_sources(entry)]
    for event in events:
        pairs += [("en", event.title), ("en", event.description)]
    translate_sources(request, pairs, school=school)


@functools.cache
def labels(language: str, source: str = "en") -> dict:
    """The labels around a translation, in the reader's language where the interface has
    them (with the language they are really in, for the lang attribute). ``source``: the
    language the original is written in.

    Kept for the life of the process (the interface's translations do not change while it
    runs): a page of the book asks for them once per entry. Treat the result as read-only."""
    english = {
        "machine": gettext_noop("Machine translation"),
        "original": gettext_noop("Show the original (English)"),
        "failed": gettext_noop("A translation is not available at the moment. This is the "
                               "original in English."),
        "read": gettext_noop("Read aloud"),
        "stop": gettext_noop("Stop reading"),
    }
    named: dict[str, str] = {}
    source = base_language(source)
    if source != "en":
        english["original"] = gettext_noop("Show the original (%(language)s)")
        english["failed"] = gettext_noop("A translation is not available at the moment. "
                                         "This is the original in %(language)s.")
        named = {"language": language_name_in(source, language)}
    with django_translation.override(language):
        shown = {key: gettext(text) for key, text in english.items()}
    result = {}
    for key, text in shown.items():
        result[key] = text % named if named and key in ("original", "failed") else text
        result[f"{key}_lang"] = language if text != english[key] else "en"
    return result


_WORD_BREAK = r"(?<!\w)({})(?!\w)"


def mark_glossary(text: str, glossary: Glossary, *, language: str = "en",
                  id_prefix: str = "term", with_breaks: bool = True,
                  explanations: dict | None = None) -> SafeString:
    """``text`` (escaped) with the first use of each glossary term marked as a definition
    that links to its plain explanation, listed visibly after the text.

    Works by touch and keyboard (an ordinary link) and without JavaScript. In a translation
    the agreed translation of a term is what is looked for, as well as the term itself.
    ``explanations`` (term id → Translated, from ``explanations_for``): the explanations in
    the reader's language, marked as machine translations with the English one tap away.
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
        f'dir="ltr">{escape(term.term)}</dt>{_explanation(term, explanations)}'
        for term in used)
    return mark_safe(f'{body}<div class="bb-glossary govuk-body-s" data-read-aloud-skip>'
                     f'<p class="govuk-body-s govuk-!-margin-bottom-1">{heading}</p>'
                     f'<dl class="govuk-!-margin-0">{items}</dl></div>')


def _explanation(term, explanations: dict | None) -> str:
    """A term's plain explanation: in the reader's language where it was translated, with
    the English after it in brackets (a machine translation, says a screen reader), else
    as written."""
    result = (explanations or {}).get(term.pk)
    classes = "govuk-!-margin-left-0 govuk-!-margin-bottom-1"
    if result is None or not result.machine:
        return f'<dd class="{classes}" lang="en" dir="ltr">{escape(term.explanation)}</dd>'
    words = labels(result.language)
    return (f'<dd class="{classes}" lang="{result.language}" dir="{result.dir}">'
            f'{escape(result.text)} <span class="bb-original-inline" lang="en" dir="ltr">'
            f'<span class="govuk-visually-hidden" lang="{words["machine_lang"]}">'
            f'{escape(words["machine"])}: </span>({escape(term.explanation)})</span></dd>')


def explanations_for(request, school) -> dict:
    """Term id → the reader's translation of its plain explanation (empty where the
    reader reads English or nothing translates): one cache query per request at most,
    none when ``prefetch_entries`` already asked for them."""
    glossary = glossary_for(request, school)
    terms = [term for term in glossary.terms if term.explanation]
    results = translations_for(request, [term.explanation for term in terms], school=school)
    if not results:
        return {}
    return {term.pk: result for term, result in zip(terms, results, strict=True)}


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _breaks(html: str) -> str:
    return html.replace("\r\n", "\n").replace("\n", "<br>")


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"

