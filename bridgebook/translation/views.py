"""The glossary pages (all staff read; EAL teacher, SENCO, office and principal change) and
the translation review queue (EAL teacher and principal)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bridgebook.core.access import access_school
from bridgebook.people.codes import (
    LANGUAGES,
    RTL_LANGUAGES,
    language_name_here,
    language_name_in,
)
from bridgebook.translation import actions, selectors
from bridgebook.translation.access import (
    GLOSSARY_EDIT_ROLES,
    REVIEW_ROLES,
    access_glossary_term,
    access_review,
    can_edit_glossary,
    can_share_with_trust,
)
from bridgebook.translation.forms import GlossaryTermForm, GlossaryTranslationForm, ReviewForm
from bridgebook.translation.glossary import terms_for_school

LANGUAGE_NAMES = {code: english for code, english, _own in LANGUAGES}


@login_required
def glossary(request, urn: str):
    school = access_school(request.user, urn)
    request.bridgebook_school = school
    terms = terms_for_school(school)
    for term in terms:
        term.translation_rows = [(language_name_here(code), code, text,
                                  "rtl" if code in RTL_LANGUAGES else "ltr")
                                 for code, text in sorted(term.translations.items())]
    return render(request, "translation/glossary.html", {
        "school": school, "terms": terms,
        "can_edit": can_edit_glossary(request.user, school)})


@login_required
def glossary_add(request, urn: str):
    school = access_school(request.user, urn, need=GLOSSARY_EDIT_ROLES)
    request.bridgebook_school = school
    form = GlossaryTermForm(request.POST or None,
                            may_share=can_share_with_trust(request.user, school))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_glossary_term(school=school, acting_user=request.user,
                                         **form.cleaned_data)
        except IntegrityError:
            form.add_error("term", _("This term is already in the glossary: change it there"))
        else:
            messages.success(request, _("The term is added to the glossary."))
            return redirect("translation:glossary", school.urn)
    return render(request, "translation/glossary_form.html", {
        "school": school, "form": form, "heading": _("Add a term to the glossary")})


@login_required
def glossary_edit(request, urn: str, term_id: int):
    school, term = access_glossary_term(request.user, urn, term_id, write=True)
    request.bridgebook_school = school
    form = GlossaryTermForm(request.POST or None,
                            initial={"term": term.term, "explanation": term.explanation})
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("term", "explanation")}
        try:
            actions.do_change_glossary_term(glossary_term=term, school=school,
                                            acting_user=request.user, **data)
        except IntegrityError:
            form.add_error("term", _("This term is already in the glossary: change it there"))
        else:
            messages.success(request, _("The term is saved."))
            return redirect("translation:glossary", school.urn)
    return render(request, "translation/glossary_form.html", {
        "school": school, "form": form, "term": term,
        "heading": _("Change a glossary term")})


@login_required
def glossary_translation(request, urn: str, term_id: int):
    school, term = access_glossary_term(request.user, urn, term_id, write=True)
    request.bridgebook_school = school
    language = request.GET.get("language", "")
    form = GlossaryTranslationForm(request.POST or None, initial={
        "language": language, "text": term.translations.get(language, "")})
    if request.method == "POST" and form.is_valid():
        actions.do_set_glossary_translation(glossary_term=term, school=school,
                                            acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The agreed translation is saved."))
        return redirect("translation:glossary", school.urn)
    return render(request, "translation/glossary_form.html", {
        "school": school, "form": form, "term": term, "explain": True,
        "heading": _("Agree a translation of %(term)s") % {"term": term.term}})


@login_required
def review_queue(request, urn: str):
    school = access_school(request.user, urn, need=REVIEW_ROLES)
    request.bridgebook_school = school
    language = request.GET.get("language") or None
    if language not in LANGUAGE_NAMES:
        language = None
    return render(request, "translation/review_queue.html", {
        "school": school, "languages": selectors.queue_languages(school),
        "language": language,
        "language_name": language_name_here(language) if language else "",
        "reviews": selectors.review_queue(school, language)})


@login_required
def review_detail(request, urn: str, review_id: int):
    school, review = access_review(request.user, urn, review_id)
    request.bridgebook_school = school
    initial = review.reviewed_text or review.machine_text
    form = ReviewForm(request.POST or None, initial={"text": initial})
    if request.method == "POST" and form.is_valid():
        actions.do_approve_review(review=review, acting_user=request.user,
                                  text=form.cleaned_data["text"])
        messages.success(request, _("The translation is approved."))
        return redirect(f"{_queue_url(school)}?language={review.language}")
    return render(request, "translation/review_detail.html", {
        "school": school, "review": review, "form": form,
        # The headings name both languages in the reviewer's interface language
        # ("Oryginał (angielski)" for a reviewer reading the pages in Polish).
        "language_name": language_name_in(review.language, get_language()),
        "dir": "rtl" if review.language in RTL_LANGUAGES else "ltr",
        "source_name": language_name_in(review.source_language, get_language()),
        "source_dir": "rtl" if review.source_language in RTL_LANGUAGES else "ltr"})


def _queue_url(school) -> str:
    from django.urls import reverse

    return reverse("translation:reviews", args=[school.urn])
