"""The school's questionnaires: templates and their questions, sending rounds, a child's
questionnaires and the comparison of this round's answers with the round before.

Each view: sign-in → access layer (404 when the thing may not be seen, 403 when it may be
seen but not changed) → form → one action or selector → render or redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bridgebook.core.access import access_pupil, viewer_for
from bridgebook.core.navigation import show_school
from bridgebook.questionnaires import actions, selectors
from bridgebook.questionnaires.access import (
    access_answers,
    access_manage,
    access_question,
    access_round,
    access_sent_answer,
    access_template,
    can_manage,
)
from bridgebook.questionnaires.forms import (
    EvidenceForm,
    QuestionForm,
    RoundForm,
    TemplateForm,
    option_formset,
    question_data,
    symbol_choices,
)
from bridgebook.questionnaires.models import Kind
from bridgebook.targets.access import can_contribute, can_plan
from bridgebook.targets.actions import do_add_evidence
from bridgebook.targets.models import Evidence
from bridgebook.targets.selectors import open_targets
from bridgebook.translation import display

# Templates and questions -----------------------------------------------------------------


@require_GET
@login_required
def questionnaire_list(request, urn: str):
    """The school's questionnaires (the standard baseline is set up the first time this
    page is opened) and the rounds sent."""
    school = access_manage(request.user, urn)
    request.bridgebook_school = school
    actions.do_ensure_standard_template(school=school, acting_user=request.user)
    return render(request, "questionnaires/list.html", {
        "school": school, "templates": selectors.templates_for(school),
        "rounds": selectors.rounds_for(school),
    })


@require_GET
@login_required
def template_detail(request, urn: str, pk: int):
    template = access_template(request.user, urn, pk)
    request.bridgebook_school = template.school
    return render(request, "questionnaires/template.html", {
        "school": template.school, "template": template,
        "topics": selectors.template_questions(template),
    })


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request, urn: str, pk: int):
    template = access_template(request.user, urn, pk)
    request.bridgebook_school = template.school
    form = TemplateForm(request.POST or None, instance=None, initial={
        "name": template.name, "intro": template.intro})
    if request.method == "POST" and form.is_valid():
        actions.do_update_template(template=template, acting_user=request.user,
                                   name=form.cleaned_data["name"],
                                   intro=form.cleaned_data["intro"])
        messages.success(request, _("Questionnaire saved."))
        return redirect("questionnaires:template", urn, template.pk)
    return render(request, "questionnaires/template_form.html", {
        "school": template.school, "template": template, "form": form,
    })


def _question_page(request, *, template, question=None):
    form = QuestionForm(request.POST or None, instance=None, initial=None if question is None
                        else {name: getattr(question, name) for name in QuestionForm.Meta.fields},
                        answered=question is not None and question.answers.exists())
    if question is None and not form.is_bound:
        form.initial = {"kind": Kind.CHOICE, "scale_max": 5}
    options = option_formset(request.POST or None, question)
    if request.method == "POST":
        data = question_data(form, options)
        if data is not None:
            if question is None:
                actions.do_add_question(template=template, acting_user=request.user, data=data)
                messages.success(request, _("Question added."))
            else:
                actions.do_change_question(question=question, acting_user=request.user,
                                           data=data)
                messages.success(request, _("Question saved."))
            return redirect("questionnaires:template", template.school.urn, template.pk)
    return render(request, "questionnaires/question_form.html", {
        "school": template.school, "template": template, "question": question,
        "form": form, "options": options, "symbol_choices": symbol_choices(),
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def question_add(request, urn: str, pk: int):
    template = access_template(request.user, urn, pk)
    request.bridgebook_school = template.school
    return _question_page(request, template=template)


@require_http_methods(["GET", "POST"])
@login_required
def question_edit(request, urn: str, pk: int):
    question = access_question(request.user, urn, pk)
    request.bridgebook_school = question.template.school
    return _question_page(request, template=question.template, question=question)


@require_POST
@login_required
def question_move(request, urn: str, pk: int):
    question = access_question(request.user, urn, pk)
    actions.do_move_question(question=question, acting_user=request.user,
                             up=request.POST.get("direction") != "down")
    return redirect(f"{_template_url(question)}#question-{question.pk}")


@require_POST
@login_required
def question_remove(request, urn: str, pk: int):
    question = access_question(request.user, urn, pk, removed=True)
    if question.removed_at is None:
        actions.do_remove_question(question=question, acting_user=request.user)
    messages.success(request, _("Question removed. Answers already given to it are kept."))
    return redirect(_template_url(question))


def _template_url(question) -> str:
    return reverse("questionnaires:template",
                   args=[question.template.school.urn, question.template_id])


# Rounds ----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
def round_new(request, urn: str):
    """Send a questionnaire for classes or chosen pupils: every contact entitled to each
    pupil gets their own to answer, in their language."""
    school = access_manage(request.user, urn)
    request.bridgebook_school = school
    actions.do_ensure_standard_template(school=school, acting_user=request.user)
    form = RoundForm(request.POST or None, school=school, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            sent = actions.do_send_round(
                school=school, template=form.cleaned_data["template"],
                acting_user=request.user, name=form.cleaned_data["name"],
                sent_on=form.cleaned_data["sent_on"], pupils=form.chosen_pupils())
        except actions.AlreadySent as sent:
            messages.info(request, _("This questionnaire was sent under this name today "
                                     "already: here it is. Nothing more was sent."))
            return redirect("questionnaires:round", urn, sent.sent.pk)
        except ValueError:
            form.add_error(None, _("The chosen classes have no pupils, or the questionnaire "
                                   "has no questions."))
        else:
            messages.success(request, _("Questionnaire sent."))
            return redirect("questionnaires:round", urn, sent.pk)
    return render(request, "questionnaires/round_form.html", {"school": school, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_GET
@login_required
def round_detail(request, urn: str, pk: int):
    """Who was asked about each pupil, and who has sent their answers."""
    found = access_round(request.user, urn, pk)
    request.bridgebook_school = found.school
    # Not a pupil a court order keeps from this member of staff.
    requests = [item for item in selectors.round_requests(found)
                if item.pupil_id not in viewer_for(request.user).restricted_pupil_ids]
    pupils: dict[int, dict] = {}
    for item in requests:
        pupils.setdefault(item.pupil_id, {"pupil": item.pupil, "requests": []})[
            "requests"].append(item)
    return render(request, "questionnaires/round.html", {
        "school": found.school, "round": found, "pupils": list(pupils.values()),
        "total": len(found.question_ids),
        "returned": sum(1 for item in requests if not item.is_open),
        "asked": len(requests),
    })


# A child's questionnaires ----------------------------------------------------------------

@require_GET
@login_required
def pupil_questionnaires(request, pk: int):
    """A child's tab: staff see the rounds and who answered; a family member their own
    questionnaires about the child."""
    pupil = access_pupil(request.user, pk)
    show_school(request, pupil.school)
    viewer = viewer_for(request.user)
    if viewer.is_staff_member:
        return render(request, "questionnaires/pupil_staff.html", {
            "pupil": pupil, "rounds": selectors.pupil_rounds(pupil),
            "can_send": can_manage(request.user, pupil.school),
        })
    return render(request, "questionnaires/pupil_family.html", {
        "pupil": pupil, "requests": selectors.family_requests(viewer, pupil),
    })


@require_GET
@login_required
def compare(request, pk: int):
    """This round's answers beside the round before, per question and family member, with
    what changed marked in words (not by colour alone)."""
    pupil = access_answers(request.user, pk)
    show_school(request, pupil.school)

    result = selectors.comparison(pupil, request.GET.get("round"))
    display.translate_sources(request, result.sources(), school=pupil.school)
    may_plan = can_plan(request.user, pupil)
    if may_plan:
        # "Make a target" starts the target with the answer's words, as staff read them.
        for group in result.topics:
            for row in group["questions"]:
                for respondent in row["respondents"]:
                    if respondent.now is not None:
                        respondent.target_text = answer_words(
                            request, respondent.now.answer, pupil.school,
                            row["question"])[:300]
    return render(request, "questionnaires/compare.html", {
        "pupil": pupil, "result": result, "may_plan": may_plan,
        "may_add_evidence": can_contribute(request.user, pupil),
    })


# From an answer to the pupil's targets ----------------------------------------------------

def answer_words(request, answer, school, question=None) -> str:
    """An answer in words as this member of staff reads it: its options or point, and what
    the family wrote (in the reader's language where it was machine translated)."""
    question = question or answer.question
    shown = selectors.shown(answer, question)
    if shown is None:
        return ""
    parts = list(shown.words)
    if shown.point:
        parts.append(_("%(point)s out of %(top)s") % {"point": shown.point,
                                                     "top": question.scale_max})
    if answer.text:
        results = display.translations_for(request, [answer.text], school=school,
                                           source=answer.language)
        parts.append(results[0].text if results and results[0].machine else answer.text)
    return "; ".join(parts)


@require_http_methods(["GET", "POST"])
@login_required
def answer_evidence(request, pk: int):
    """Use a family's answer as evidence for the pupil's open targets (staff who record
    evidence for the pupil). It is still the family member's answer: their household reads
    it with the target, the pupil's other household does not (as with anything a family
    writes)."""
    answer = access_sent_answer(request.user, pk)
    item = answer.request
    pupil = item.pupil
    if not can_contribute(request.user, pupil):
        raise PermissionDenied
    show_school(request, pupil.school)
    targets = open_targets(pupil)
    question = answer.question.text
    words = answer_words(request, answer, pupil.school)
    initial_note = f"{question} {item.contact.full_name}: {words}"
    form = EvidenceForm(request.POST or None, targets=targets,
                        initial={"note": initial_note[:2000]})
    if request.method == "POST" and form.is_valid():
        do_add_evidence(request.user, pupil, targets=list(form.cleaned_data["targets"]),
                        note=form.cleaned_data["note"],
                        happened_on=timezone.localtime(item.submitted_at).date(),
                        source=Evidence.Source.QUESTIONNAIRE, from_family=True,
                        household_id=item.contact.household_id)
        messages.success(request, _("Added as evidence."))
        return redirect(f"{reverse('questionnaires:compare', args=[pupil.pk])}"
                        f"?round={item.round_id}")
    return render(request, "questionnaires/evidence.html", {
        "pupil": pupil, "answer": answer, "item": item, "form": form,
        "has_targets": targets.exists(),
    }, status=400 if request.method == "POST" else 200)
