"""Template tags for language access.

    {% load language_access %}
    {% translated text school=pupil.school source="ur" %}   the text (written in
                                                ``source``, English by default) in the
                                                reader's language, labelled, with the
                                                original one tap away
    {% translated_inline text %}                the same for a few words inside a line
    {% translated_words text %}                 only the words in the reader's language, for
    {% translated_mark text %}                  a link or a heading; the mark and the original
                                                one tap away follow outside it
    {% prefetch_translations text1 text2 ... school=... %}   translate a page's texts in
                                                one query before showing them
    {% prefetch_entry_translations entry %}     the same for a book entry's texts
    {% read_aloud "entry-text" entry.pk %}      a read-aloud button for the element with
                                                that id ("entry-text-12")
    {% read_aloud_script %}                     the script those buttons need, once, before
                                                buttons that may come from a cache
    {% review_status ref %}                     each language's review status, for the sender
    {{ text|glossary:school }}                  glossary terms marked with explanations
"""

import itertools
from dataclasses import dataclass

from django import template
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from bridgebook.translation import display, selectors
from bridgebook.translation.display import direction, labels, reader_language
from bridgebook.translation.services import Translated

register = template.Library()
_ids = itertools.count(1)


@register.simple_tag(takes_context=True)
def prefetch_translations(context, *texts, school=None):
    display.translations_for(context.get("request"), texts, school=school)
    return ""


def _school(context, school):
    if school is None:
        pupil = context.get("pupil")
        school = pupil.school if pupil is not None else context.get("school")
    return school


@register.simple_tag(takes_context=True)
def prefetch_entry_translations(context, entry, school=None):
    if not display.get_backend().translates:
        return ""
    display.translate_sources(context.get("request"), display.entry_sources(entry),
                              school=_school(context, school))
    return ""


@dataclass
class _Reading:
    """One text as a reader should see it: ``result`` is its machine translation into
    their language, or None where they read it as written (in ``source``)."""
    request: object
    school: object
    source: str
    text: str
    result: Translated | None

    @property
    def as_written_here(self) -> bool:
        """Written in the language of the page (nothing to mark)."""
        return self.source == display.target_language(self.request, self.school)

    def words(self) -> dict:
        return labels(self.result.language, self.source)


def _reading(context, text, school, source) -> _Reading | None:
    """``text`` (written in ``source``) for the reader of this page; None when empty."""
    if text is None or not str(text).strip():
        return None
    request = context.get("request")
    school = _school(context, school)
    results = display.translations_for(request, [text], school=school, source=source)
    result = results[0] if results and results[0].machine else None
    if results and not result and results[0].failed:
        result = results[0]          # the note that translation failed is shown
    return _Reading(request=request, school=school, source=display.base_language(source),
                    text=str(text), result=result)


def _as_written(reading: _Reading, html, element: str = "span"):
    """The original, marked with its language where that is not the page's."""
    if reading.as_written_here:
        return html
    return format_html('<{element} lang="{lang}" dir="{dir}">{html}</{element}>',
                       element=element, lang=reading.source,
                       dir=direction(reading.source), html=html)


@register.simple_tag(takes_context=True)
def translated(context, text, school=None, source="en"):
    """``text``, written in ``source``, as the reader should see it (in their language,
    labelled, the original one tap away), with line breaks kept."""
    reading = _reading(context, text, school, source)
    if reading is None:
        return ""
    if reading.result is None:
        return _as_written(reading, mark_safe(display._breaks(escape(reading.text))), "div")
    return mark_safe(template.loader.render_to_string("translation/_translated.html",
                                                      _translated_context(reading)))


def _translated_context(reading: _Reading, *, mark_only: bool = False) -> dict:
    """What ``translation/_translated.html`` shows of a reading with a result: with
    ``mark_only``, the label and the original without the translation itself."""
    request, school, result = reading.request, reading.school, reading.result
    target = display.target_language(request, school)
    words = labels(target, reading.source)
    glossary = display.glossary_for(request, school)
    explanations = display.explanations_for(request, school) if target != "en" else {}
    context_for = {
        "result": result, "words": words, "source": reading.source,
        "source_dir": direction(reading.source),
        "label_dir": direction(words["machine_lang"]), "mark_only": mark_only,
        "original_html": display.mark_glossary(result.original, glossary,
                                               id_prefix=f"gl-{next(_ids)}",
                                               explanations=explanations),
    }
    if result.machine and not mark_only:
        context_for["text_html"] = display.mark_glossary(
            result.text, glossary, language=result.language,
            id_prefix=f"gl-{next(_ids)}", explanations=explanations)
    return context_for


@register.simple_tag(takes_context=True)
def translated_words(context, text, school=None, source="en", plain=False):
    """Only the words of ``text`` in the reader's language, for inside a link or a heading
    (where the label and the original, blocks, cannot go): follow the link or heading with
    ``translated_mark``. ``plain``: the words alone, for an SVG's text."""
    reading = _reading(context, text, school, source)
    if reading is None:
        return ""
    machine = reading.result is not None and reading.result.machine
    if plain:
        return reading.result.text if machine else reading.text
    if not machine:
        return _as_written(reading, reading.text)
    result = reading.result
    return format_html('<span lang="{}" dir="{}">{}</span>', result.language, result.dir,
                       result.text)


@register.simple_tag(takes_context=True)
def translated_mark(context, text, school=None, source="en"):
    """What ``translated`` shows around a text whose words ``translated_words`` put in a
    link or a heading: the machine translation label and the original one tap away (or
    the note that translation failed); nothing where the reader reads it as written."""
    reading = _reading(context, text, school, source)
    if reading is None or reading.result is None:
        return ""
    return mark_safe(template.loader.render_to_string(
        "translation/_translated.html", _translated_context(reading, mark_only=True)))


@register.simple_tag(takes_context=True)
def translated_inline(context, text, school=None, source="en"):
    """A short text (an activity's name, an event's title, a mood note) in the reader's
    language inside a line: the translation, then the original in brackets (machine
    translations say so to screen readers)."""
    reading = _reading(context, text, school, source)
    if reading is None:
        return ""
    if reading.result is None or not reading.result.machine:
        return _as_written(reading, reading.text)
    result, words = reading.result, reading.words()
    return format_html(
        '<span lang="{lang}" dir="{dir}">{text}</span> <span class="bb-original-inline" '
        'lang="{source}" dir="{source_dir}"><span class="govuk-visually-hidden" '
        'lang="{machine_lang}">{machine}: </span>({original})</span>',
        lang=result.language, dir=result.dir, text=result.text, source=reading.source,
        source_dir=direction(reading.source), machine_lang=words["machine_lang"],
        machine=words["machine"], original=result.original)


@register.simple_tag(takes_context=True)
def translated_print(context, text, school=None, source="en"):
    """``translated`` for paper (the book's PDF): the translation, marked as machine
    translation, then the original after it, since nothing can be tapped."""
    reading = _reading(context, text, school, source)
    if reading is None:
        return ""
    original = mark_safe(display._breaks(escape(reading.text)))
    if reading.result is None or not reading.result.machine:
        return format_html('<span lang="{}" dir="{}">{}</span>', reading.source,
                           direction(reading.source), original)
    result, words = reading.result, reading.words()
    return format_html(
        '<span lang="{lang}" dir="{dir}">{text}</span> <span class="machine" '
        'lang="{machine_lang}">{machine}</span><span class="original" lang="{source}" '
        'dir="{source_dir}">{original}</span>',
        lang=result.language, dir=result.dir,
        text=mark_safe(display._breaks(escape(result.text))),
        machine_lang=words["machine_lang"], machine=words["machine"], source=reading.source,
        source_dir=direction(reading.source), original=original)


@register.simple_tag(takes_context=True)
def read_aloud(context, *id_parts):
    """A read-aloud button for the element whose id is ``id_parts`` joined by "-".

    Hidden until the script finds speech synthesis in the browser. Each part of the text is
    spoken in its own language (from the lang attributes), so a translation is read in the
    reader's language and the English original in English."""
    request = context.get("request")
    target = "-".join(str(part) for part in id_parts)
    # Only a translating backend makes the reader's language matter (and costs a query).
    school_id = getattr(context.get("pupil"), "school_id", None)
    language = (reader_language(request, school_id) if display.get_backend().translates
                else None)
    words = labels(language or get_language() or "en")
    voice = language or "en-GB"
    script = _read_aloud_script(request)
    return format_html(
        '<div class="bb-read-aloud govuk-button-group govuk-!-margin-bottom-2" '
        'data-module="bb-read-aloud" data-target="{target}" data-lang="{voice}" hidden>'
        '<button type="button" class="govuk-button govuk-button--secondary '
        'govuk-!-margin-bottom-0" data-read-aloud-start aria-controls="{target}" '
        'lang="{read_lang}">{read}</button>'
        '<button type="button" class="govuk-button govuk-button--warning '
        'govuk-!-margin-bottom-0" data-read-aloud-stop hidden lang="{stop_lang}">{stop}'
        '</button></div>{script}',
        target=target, voice=voice, read=words["read"], read_lang=words["read_lang"],
        stop=words["stop"], stop_lang=words["stop_lang"], script=mark_safe(script))


def _read_aloud_script(request) -> str:
    """The read-aloud script's tag, the first time a page asks for it; then nothing."""
    if request is not None and getattr(request, "_bb_read_aloud_script", False):
        return ""
    if request is not None:
        request._bb_read_aloud_script = True
    return format_html('<script type="module" src="{}"></script>',
                       static("translation/read_aloud.js"))


@register.simple_tag(takes_context=True)
def read_aloud_script(context):
    """The read-aloud script, for a page whose read-aloud buttons may come from a cache
    (the book's cards): put before them, it is there however they were rendered, and the
    buttons rendered after it never carry it."""
    return _read_aloud_script(context.get("request"))


@register.inclusion_tag("translation/_review_status.html")
def review_status(ref):
    from bridgebook.people.codes import language_name

    reviews = selectors.review_statuses(ref)
    for review in reviews:
        review.language_label = language_name(review.language)
    return {"reviews": reviews, "ref": ref}


@register.filter
def glossary(text, school):
    """``{{ text|glossary:school }}``: terms marked, explanations listed after the text.
    The school's glossary is loaded once per school object (one query)."""
    from bridgebook.translation.glossary import Glossary

    loaded = getattr(school, "_bb_glossary", None) if school is not None else None
    if loaded is None:
        loaded = Glossary.for_school(school)
        if school is not None:
            school._bb_glossary = loaded
    return display.mark_glossary(str(text or ""), loaded, id_prefix=f"gl-{next(_ids)}")
