"""Template tags for language access.

    {% load language_access %}
    {% translated text school=pupil.school source="ur" %}   the text (written in
                                                ``source``, English by default) in the
                                                reader's language, labelled, with the
                                                original one tap away
    {% translated_inline text %}                the same for a few words inside a line
    {% prefetch_translations text1 text2 ... school=... %}   translate a page's texts in
                                                one query before showing them
    {% prefetch_entry_translations entry %}     the same for a book entry's texts
    {% read_aloud "entry-text" entry.pk %}      a read-aloud button for the element with
                                                that id ("entry-text-12")
    {% review_status ref %}                     each language's review status, for the sender
    {{ text|glossary:school }}                  glossary terms marked with explanations
"""

import itertools

from django import template
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from bridgebook.translation import display, selectors
from bridgebook.translation.display import direction, labels, reader_language

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


@register.simple_tag(takes_context=True)
def translated(context, text, school=None, source="en"):
    """``text``, written in ``source``, as the reader should see it (in their language,
    labelled, the original one tap away), with line breaks kept."""
    if text is None or not str(text).strip():
        return ""
    request = context.get("request")
    school = _school(context, school)
    results = display.translations_for(request, [text], school=school, source=source)
    source = display.base_language(source)
    if results is None:
        # As written: marked with its language where that is not the page's.
        html = display._breaks(escape(str(text)))
        if source == display.target_language(request, school):
            return mark_safe(html)
        return format_html('<div lang="{}" dir="{}">{}</div>', source, direction(source),
                           mark_safe(html))
    result = results[0]
    target = display.target_language(request, school)
    words = labels(target, source)
    glossary = display.glossary_for(request, school)
    explanations = display.explanations_for(request, school) if target != "en" else {}
    context_for = {
        "result": result, "words": words, "source": source,
        "source_dir": direction(source),
        "label_dir": direction(words["machine_lang"]),
        "original_html": display.mark_glossary(result.original, glossary,
                                               id_prefix=f"gl-{next(_ids)}",
                                               explanations=explanations),
    }
    if result.machine:
        context_for["text_html"] = display.mark_glossary(
            result.text, glossary, language=result.language,
            id_prefix=f"gl-{next(_ids)}", explanations=explanations)
    return mark_safe(template.loader.render_to_string("translation/_translated.html",
                                                      context_for))


@register.simple_tag(takes_context=True)
def translated_inline(context, text, school=None, source="en"):
    """A short text (an activity's name, an event's title, a mood note) in the reader's
    language inside a line: the translation, then the original in brackets (machine
    translations say so to screen readers)."""
    if text is None or not str(text).strip():
        return ""
    request = context.get("request")
    school = _school(context, school)
    results = display.translations_for(request, [text], school=school, source=source)
    source = display.base_language(source)
    if results is None or not results[0].machine:
        if source == display.target_language(request, school):
            return str(text)
        return format_html('<span lang="{}" dir="{}">{}</span>', source, direction(source),
                           text)
    result = results[0]
    words = labels(result.language, source)
    return format_html(
        '<span lang="{lang}" dir="{dir}">{text}</span> <span class="bb-original-inline" '
        'lang="{source}" dir="{source_dir}"><span class="govuk-visually-hidden" '
        'lang="{machine_lang}">{machine}: </span>({original})</span>',
        lang=result.language, dir=result.dir, text=result.text, source=source,
        source_dir=direction(source), machine_lang=words["machine_lang"],
        machine=words["machine"], original=result.original)


@register.simple_tag(takes_context=True)
def translated_print(context, text, school=None, source="en"):
    """``translated`` for paper (the book's PDF): the translation, marked as machine
    translation, then the original after it, since nothing can be tapped."""
    if text is None or not str(text).strip():
        return ""
    request = context.get("request")
    school = _school(context, school)
    results = display.translations_for(request, [text], school=school, source=source)
    source = display.base_language(source)
    original = display._breaks(escape(str(text)))
    if results is None or not results[0].machine:
        return format_html('<span lang="{}" dir="{}">{}</span>', source, direction(source),
                           mark_safe(original))
    result = results[0]
    words = labels(result.language, source)
    return format_html(
        '<span lang="{lang}" dir="{dir}">{text}</span> <span class="machine" '
        'lang="{machine_lang}">{machine}</span><span class="original" lang="{source}" '
        'dir="{source_dir}">{original}</span>',
        lang=result.language, dir=result.dir,
        text=mark_safe(display._breaks(escape(result.text))),
        machine_lang=words["machine_lang"], machine=words["machine"], source=source,
        source_dir=direction(source), original=mark_safe(original))


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
    script = ""
    if request is None or not getattr(request, "_bb_read_aloud_script", False):
        if request is not None:
            request._bb_read_aloud_script = True
        script = format_html('<script type="module" src="{}"></script>',
                             static("translation/read_aloud.js"))
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
