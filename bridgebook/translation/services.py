"""Machine translation of what families read: ``translate`` and ``translate_many``.

Results are cached per (source text, source language, target language, backend) in
TranslationCache. A text in a batch costs one cache query for the whole batch, and the
backend is called once per batch for the distinct texts not yet cached, so a broadcast to
eight languages calls it once per language. A failing backend never reaches the reader: the
original comes back with a note, and the backend is rested for a while so a page of twenty
entries does not wait twenty timeouts.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from bridgebook.people.codes import LANGUAGE_CHOICES, RTL_LANGUAGES
from bridgebook.translation.backends.base import (
    BaseTranslationBackend,
    TranslationError,
    get_backend,
)
from bridgebook.translation.glossary import Glossary
from bridgebook.translation.models import TranslationCache, text_hash

logger = logging.getLogger(__name__)

# After a failure, leave the backend alone for this language for a while.
REST_SECONDS = 30
REST_SECONDS_PERMANENT = 600
_resting: dict[tuple[str, str], tuple[float, str]] = {}

# Languages with nothing to translate into as text.
NOT_TEXT_LANGUAGES = {"bsl"}
KNOWN_LANGUAGES = {code for code, _name in LANGUAGE_CHOICES} - NOT_TEXT_LANGUAGES


@dataclass(frozen=True)
class Translated:
    text: str
    machine: bool
    backend: str
    original: str
    language: str = "en"
    note: str = ""              # why the original is shown, when translation failed

    @property
    def dir(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    @property
    def failed(self) -> bool:
        return bool(self.note)


# How sure a backend must be (0 to 100) before its guess overrides the writer's language.
DETECT_CONFIDENCE = 80.0


def written_language(text: str, *, fallback: str,
                     backend: BaseTranslationBackend | None = None) -> str:
    """The language a family member wrote ``text`` in: what the backend detects, where it
    can, is sure of it and it is a language Bridgebook knows; else ``fallback`` (the
    writer's language on record). A failing backend never stops the writing."""
    fallback = base_language(fallback)
    backend = backend or get_backend()
    if not backend.detects or not text.strip():
        return fallback
    try:
        found = backend.detect(text)
    except TranslationError as error:
        logger.warning("Detecting a language with %s failed: %s", backend.name, error.message)
        return fallback
    if not found:
        return fallback
    code, confidence = found[0]
    code = base_language(code)
    if confidence < DETECT_CONFIDENCE or code not in KNOWN_LANGUAGES:
        return fallback
    return code


def base_language(code: str | None) -> str:
    """'en-gb' → 'en'; None → 'en'."""
    return (code or "en").split("-")[0].lower()


def forget_failures() -> None:
    """Let a rested backend be tried again at once (tests, and after fixing its settings)."""
    _resting.clear()


def _rest_note(backend: BaseTranslationBackend, target: str) -> str:
    until, note = _resting.get((backend.name, target), (0.0, ""))
    if until > time.monotonic():
        return note
    return ""


def translate(text: str, *, target: str, source: str = "en", school=None,
              glossary: Glossary | None = None,
              backend: BaseTranslationBackend | None = None) -> Translated:
    """``text`` in ``target``: from the cache (one query), else from the backend."""
    return translate_many([text], target=target, source=source, school=school,
                          glossary=glossary, backend=backend)[0]


def translate_many(texts, *, target: str, source: str = "en", school=None,
                   glossary: Glossary | None = None,
                   backend: BaseTranslationBackend | None = None) -> list[Translated]:
    """Each of ``texts`` in ``target``, in order.

    Queries: the glossary (one, unless ``glossary`` is given) and the cache (one), plus one
    insert for what the backend newly translated. Nothing at all when there is nothing to
    translate (same language, or the ``none`` backend).
    """
    texts = ["" if text is None else str(text) for text in texts]
    backend = backend or get_backend()
    target, source = base_language(target), base_language(source)

    def as_is(text: str, note: str = "") -> Translated:
        return Translated(text=text, machine=False, backend=backend.name, original=text,
                          language=source, note=note)

    wanted = [text for text in texts if text.strip()]
    if (target == source or target in NOT_TEXT_LANGUAGES or not backend.translates
            or not wanted):
        return [as_is(text) for text in texts]
    note = _rest_note(backend, target)
    if note:
        return [as_is(text, note) if text.strip() else as_is(text) for text in texts]

    glossary = glossary if glossary is not None else Glossary.for_school(school)
    protected = {text: glossary.protect(text) for text in set(wanted)}
    by_hash = {text_hash(p.text): p.text for p in protected.values()}
    done = dict(TranslationCache.objects.filter(
        source=source, target=target, backend=backend.name, source_hash__in=list(by_hash),
    ).values_list("source_text", "translated_text"))
    missing = sorted({p.text for p in protected.values()} - set(done))
    if missing:
        try:
            answers = backend.translate_batch(missing, source=source, target=target)
        except TranslationError as error:
            logger.warning("Translation to %s by %s failed: %s", target, backend.name,
                           error.message)
            rest = REST_SECONDS_PERMANENT if error.permanent else REST_SECONDS
            _resting[(backend.name, target)] = (time.monotonic() + rest, error.message)
            answers = None
        if answers is None:
            # What was cached is still shown; the rest is the original with a note.
            failed_note = _rest_note(backend, target)
        else:
            failed_note = ""
            fresh = dict(zip(missing, answers, strict=True))
            TranslationCache.objects.bulk_create(
                [TranslationCache(source_hash=text_hash(src), source=source, target=target,
                                  backend=backend.name, source_text=src, translated_text=out)
                 for src, out in fresh.items()],
                ignore_conflicts=True)
            done.update(fresh)
    else:
        failed_note = ""

    results = []
    for text in texts:
        if not text.strip():
            results.append(as_is(text))
            continue
        shielded = protected[text]
        if shielded.text not in done:
            results.append(as_is(text, failed_note))
            continue
        results.append(Translated(
            text=Glossary.restore(done[shielded.text], shielded, target), machine=True,
            backend=backend.name, original=text, language=target))
    return results


def marked_for(texts, *, target: str, school=None, source: str = "en") -> list[str]:
    """Each of ``texts`` as a reader of ``target`` reads it in a message, an email or a
    calendar file, where no tap shows the original: machine translations marked so, in
    ``target`` (``translate_many``'s queries)."""
    words = []
    for result in translate_many(texts, target=target, source=source, school=school):
        text = result.text
        if result.machine:
            with translation.override(target):
                text += " " + _("(machine translated)")
        words.append(text)
    return words
