"""A family member answering a questionnaire on their phone: one question a page, each
answer saved when they go on (a POST per step, no JavaScript needed), stop and come back
at any time, check the answers and send them to school at the end. They read each
question in their language (machine translated, marked, the English one tap away), can
have it read aloud, and may answer by speaking instead of writing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bridgebook.core.navigation import show_school
from bridgebook.diary import symbols
from bridgebook.questionnaires import actions, selectors
from bridgebook.questionnaires.access import access_family_request, access_recording
from bridgebook.questionnaires.forms import TOPIC_LABELS, AnswerForm
from bridgebook.questionnaires.models import Kind
from bridgebook.questionnaires.recordings import MAX_MEGABYTES, RecordingError, check_recording
from bridgebook.translation import display


def reading(request, text: str, school) -> dict | None:
    """A staff-written English text as this reader reads it: the machine translation into
    their language (with the words that mark it) or the original."""
    if not text:
        return None
    results = display.translations_for(request, [text], school=school)
    result = results[0] if results else None
    if result is None or not result.machine:
        return {"text": text, "lang": "en", "dir": "ltr", "machine": False}
    words = display.labels(display.target_language(request, school), "en")
    return {"text": result.text, "lang": result.language, "dir": result.dir,
            "machine": True, "original": result.original, "words": words}


def _prefetch(request, questions, school) -> None:
    """Every English text of the questions the page shows, translated for the reader at
    once (one cache query, none where nothing translates)."""
    texts = []
    for question in questions:
        texts += [question.text, question.hint, question.low_label, question.high_label]
        texts += [option.get("label", "") for option in question.options]
    display.translate_sources(request, [("en", text) for text in texts if text],
                              school=school)


def _first_unanswered(questions, answers) -> int:
    for number, question in enumerate(questions, start=1):
        answer = answers.get(question.pk)
        if answer is None or answer.is_empty:
            return number
    return len(questions)


@require_GET
@login_required
def request_start(request, pk: int):
    """What the questionnaire is, how far the family member has got, and where to go on;
    once sent, what they sent."""
    item = access_family_request(request.user, pk)
    pupil = item.pupil
    show_school(request, pupil.school)
    questions = selectors.round_questions(item.round)
    answers = selectors.answers_by_question(item)
    template = item.round.template
    _prefetch(request, [] if item.is_open else questions, pupil.school)
    return render(request, "questionnaires/request.html", {
        "item": item, "pupil": pupil, "questions": questions, "total": len(questions),
        "intro": reading(request, template.intro, pupil.school),
        "next_number": _first_unanswered(questions, answers),
        "summary": (_summary(request, questions, answers, pupil.school)
                    if not item.is_open else []),
        "voice_first": item.contact.literacy_support,
    })


def _summary(request, questions, answers, school) -> list[dict]:
    rows = []
    for number, question in enumerate(questions, start=1):
        rows.append({"number": number, "question": question,
                     "reading": reading(request, question.text, school),
                     "shown": selectors.shown(answers.get(question.pk), question)})
    return rows


@require_http_methods(["GET", "POST"])
@login_required
def step(request, pk: int, number: int):
    """One question: saved on "Save and continue" (then the next question, or the check
    at the end) or "Save and come back later"."""
    item = access_family_request(request.user, pk)
    if not item.is_open:
        return redirect("questionnaires:request", item.pk)
    pupil = item.pupil
    show_school(request, pupil.school)
    questions = selectors.round_questions(item.round)
    if not 1 <= number <= len(questions):
        raise Http404
    question = questions[number - 1]
    answers = selectors.answers_by_question(item)
    answer = answers.get(question.pk)
    posted = request.method == "POST"
    form = AnswerForm(request.POST if posted else None, request.FILES if posted else None,
                      question=question)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        checked, problem = None, None
        if data.get("recording"):
            try:
                checked = check_recording(data["recording"])
            except RecordingError as error:
                problem = error.message
        try:
            answer = actions.do_save_answer(
                request=item, question=question, acting_user=request.user,
                choices=data["choice"], text=data["text"], recording=checked,
                remove_recording=bool(data.get("remove_recording")))
        except actions.AnswerError:
            return redirect("questionnaires:request", item.pk)
        if problem is None:
            if request.POST.get("then") == "later":
                messages.success(request, _("Your answers are saved. Come back to finish "
                                            "at any time."))
                return redirect("questionnaires:request", item.pk)
            if number < len(questions):
                return redirect("questionnaires:step", item.pk, number + 1)
            return redirect("questionnaires:check", item.pk)
        # Everything else was kept: the family member hears what to do about the file.
        form.add_error("recording", problem)
        status = 400
    elif request.method == "POST":
        status = 400
    _prefetch(request, [question], pupil.school)
    shown = selectors.shown(answer, question)
    chosen = set(form.data.getlist("choice")) if form.is_bound else set(
        answer.choices if answer else [])
    return render(request, "questionnaires/step.html", {
        "item": item, "pupil": pupil, "question": question, "number": number,
        "total": len(questions), "form": form, "answer": answer, "shown": shown,
        "reading": reading(request, question.text, pupil.school),
        "hint": reading(request, question.hint, pupil.school),
        "topic": TOPIC_LABELS.get(question.topic, ""),
        "options": _options(request, question, chosen, pupil.school),
        "text_value": form.data.get("text", "") if form.is_bound else (
            answer.text if answer else ""),
        "voice_first": item.contact.literacy_support,
        "max_megabytes": MAX_MEGABYTES,
        "is_scale": question.kind == Kind.SCALE, "is_text": question.kind == Kind.TEXT,
        "multiple": question.multiple and question.has_options,
    }, status=status)


def _options(request, question, chosen: set, school) -> list[dict]:
    """The options as the step shows them: a choice's or picture choice's (with its symbol),
    or each point of a scale (the two ends with their words)."""
    if question.kind == Kind.SCALE:
        low = reading(request, question.low_label, school)
        high = reading(request, question.high_label, school)
        return [{"value": str(point), "label": str(point), "checked": str(point) in chosen,
                 "end": low if point == 1 else high if point == question.scale_max else None}
                for point in range(1, question.scale_max + 1)]
    if question.kind == Kind.TEXT:
        return []
    items = []
    for option in question.options:
        symbol = option.get("symbol", "")
        items.append({"value": option["key"], "label": option["label"],
                      "checked": option["key"] in chosen,
                      "picture": symbols.symbol_url(symbol)
                      if question.kind == Kind.PICTURE and symbols.is_known(symbol) else ""})
    return items


@require_http_methods(["GET", "POST"])
@login_required
def check_answers(request, pk: int):
    """Every answer on one page, each with a link to change it, and "Send to school"."""
    item = access_family_request(request.user, pk)
    if not item.is_open:
        return redirect("questionnaires:request", item.pk)
    if request.method == "POST":
        actions.do_send_to_school(request=item, acting_user=request.user)
        messages.success(request, _("Thank you. Your answers are with the school."))
        return redirect("questionnaires:request", item.pk)
    pupil = item.pupil
    show_school(request, pupil.school)
    questions = selectors.round_questions(item.round)
    answers = selectors.answers_by_question(item)
    _prefetch(request, questions, pupil.school)
    return render(request, "questionnaires/check.html", {
        "item": item, "pupil": pupil,
        "summary": _summary(request, questions, answers, pupil.school),
        "answered": item.answered, "total": len(questions),
    })


@require_GET
@login_required
def recording(request, token: str):
    """A voice answer, for the family member who recorded it and the pupil's staff."""
    item = access_recording(request.user, token)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="answer.{item.extension}"'
    patch_cache_control(response, private=True, max_age=3600)
    patch_vary_headers(response, ["Cookie"])
    return response

