"""Writing questionnaires: the school's templates and questions, sending a round to the
families, a family member's answers (saved as they go) and sending them to school.

Each action takes the person acting, runs in one transaction, writes an audit row (what
was done, never what a family answered: that is special category data) and starts side
effects (messages, removing a replaced recording's file) only after commit.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.recipients import resolve
from bridgebook.questionnaires import standard
from bridgebook.questionnaires.models import (
    TOPIC_ORDER,
    Answer,
    Kind,
    Question,
    QuestionnaireRequest,
    QuestionnaireRound,
    QuestionnaireTemplate,
    VoiceRecording,
)
from bridgebook.questionnaires.recordings import CheckedRecording
from bridgebook.translation.services import written_language

# The kind of message that asks a family member to answer (``Message.kind``).
QUESTIONNAIRE = "questionnaire"
QUESTION_FIELDS = ["topic", "kind", "text", "hint", "options", "multiple", "scale_max",
                   "low_label", "high_label"]

Action = AuditEvent.Action


class AnswerError(ValueError):
    """An answer that does not fit its question, or a request that is no longer open."""


# Templates and questions -----------------------------------------------------------------

def do_ensure_standard_template(*, school, acting_user) -> QuestionnaireTemplate:
    """The school's standard baseline, made from ``standard.py`` the first time anyone
    needs it (one query when it is there already)."""
    found = QuestionnaireTemplate.objects.filter(school=school, is_standard=True).first()
    if found is not None:
        return found
    with transaction.atomic():
        now = timezone.now()
        template, created = QuestionnaireTemplate.objects.get_or_create(
            school=school, is_standard=True,
            defaults={"name": standard.NAME, "intro": standard.INTRO, "created_at": now,
                      "updated_at": now})
        if created:
            Question.objects.bulk_create(
                Question(template=template, topic=topic, kind=kind, text=text, hint=hint,
                         position=(index + 1) * 10, **extra)
                for index, (topic, kind, text, hint, extra) in enumerate(standard.QUESTIONS))
            audit.record(actor=acting_user, action=Action.CREATE, obj=template, school=school,
                         summary=f"Set up the standard questionnaire: {template.name}")
    return template


def do_update_template(*, template: QuestionnaireTemplate, acting_user, name: str,
                       intro: str) -> QuestionnaireTemplate:
    with transaction.atomic(durable=True):
        changes = audit.changed_fields(template, {"name": name, "intro": intro},
                                       ["name", "intro"])
        template.name, template.intro = name, intro
        template.updated_at = timezone.now()
        template.save(update_fields=["name", "intro", "updated_at"])
        audit.record(actor=acting_user, action=Action.UPDATE, obj=template,
                     school=template.school, changes=changes,
                     summary=f"Changed the questionnaire {template.name}")
    return template


def keyed_options(options: list[dict], existing: list[dict] = ()) -> list[dict]:
    """Options as stored: each keeps the key it was given (an answer names its option by
    key, so changing an option's wording keeps the answers' meaning); a new option gets
    the next key."""
    known = {option["key"] for option in existing if option.get("key")}
    numbers = [int(key[1:]) for key in known if key[1:].isdigit()]
    next_number = max(numbers, default=0) + 1
    keyed = []
    for option in options:
        key = option.get("key") or ""
        if key not in known:
            key = f"o{next_number}"
            next_number += 1
        keyed.append({"key": key, "label": option["label"].strip(),
                      "symbol": option.get("symbol", "") or ""})
    return keyed


def _question_values(data: dict, existing: list[dict] = ()) -> dict:
    values = {name: data[name] for name in QUESTION_FIELDS if name in data}
    kind = values.get("kind")
    if kind in (Kind.CHOICE, Kind.PICTURE):
        values["options"] = keyed_options(values.get("options") or [], existing)
        if kind == Kind.CHOICE:
            values["options"] = [{**option, "symbol": ""} for option in values["options"]]
    else:
        values["options"] = []
        values["multiple"] = False
    return values


def do_add_question(*, template: QuestionnaireTemplate, acting_user, data: dict) -> Question:
    """Add a question at the end of its topic."""
    with transaction.atomic(durable=True):
        values = _question_values(data)
        last = (Question.objects.filter(template=template, removed_at__isnull=True)
                .aggregate(end=Max("position"))["end"] or 0)
        question = Question.objects.create(template=template, position=last + 10, **values)
        _renumber(template, topic_first=True)
        template.updated_at = timezone.now()
        template.save(update_fields=["updated_at"])
        audit.record(actor=acting_user, action=Action.CREATE, obj=question,
                     school=template.school,
                     summary=f"Added a question to {template.name}: {question.text}")
    return question


def do_change_question(*, question: Question, acting_user, data: dict) -> Question:
    """Change a question's wording, kind or options (answers already given keep their
    option keys)."""
    with transaction.atomic(durable=True):
        values = _question_values(data, question.options)
        changes = audit.changed_fields(question, values, list(values))
        for name, value in values.items():
            setattr(question, name, value)
        question.save(update_fields=list(values))
        if "topic" in changes:
            _renumber(question.template, topic_first=True)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=question,
                     school=question.template.school, changes=changes,
                     summary=f"Changed a question of {question.template.name}: "
                             f"{question.text}")
    return question


def do_move_question(*, question: Question, acting_user, up: bool) -> Question:
    """Move a question one place up or down within its topic."""
    with transaction.atomic(durable=True):
        siblings = list(Question.objects.select_for_update()
                        .filter(template_id=question.template_id, topic=question.topic,
                                removed_at__isnull=True).order_by("position", "pk"))
        index = next(i for i, item in enumerate(siblings) if item.pk == question.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
            positions = sorted(item.position for item in siblings)
            for item, position in zip(siblings, positions, strict=True):
                item.position = position
            Question.objects.bulk_update(siblings, ["position"])
            audit.record(actor=acting_user, action=Action.UPDATE, obj=question,
                         school=question.template.school,
                         summary=f"Moved a question {'up' if up else 'down'} in "
                                 f"{question.template.name}: {question.text}")
    return question


def do_remove_question(*, question: Question, acting_user) -> Question:
    """Take a question out of the template. It is kept, with any answers given to it, so
    earlier rounds still read as they were answered; later rounds do not ask it."""
    with transaction.atomic(durable=True):
        question.removed_at = timezone.now()
        question.save(update_fields=["removed_at"])
        audit.record(actor=acting_user, action=Action.DELETE, obj=question,
                     school=question.template.school,
                     summary=f"Removed a question from {question.template.name}: "
                             f"{question.text}")
    return question


def _renumber(template: QuestionnaireTemplate, *, topic_first: bool) -> None:
    """Positions 10, 20, 30... in topic order, then each topic's own order."""
    questions = list(Question.objects.filter(template=template, removed_at__isnull=True))
    questions.sort(key=lambda q: (TOPIC_ORDER.get(q.topic, 99), q.position, q.pk))
    for number, question in enumerate(questions, start=1):
        question.position = number * 10
    Question.objects.bulk_update(questions, ["position"])


# Sending a round -------------------------------------------------------------------------

class AlreadySent(Exception):
    """The questionnaire went out under this name on this day already (a second press)."""

    def __init__(self, sent: QuestionnaireRound):
        super().__init__(f"Already sent as round {sent.pk}")
        self.sent = sent


def do_send_round(*, school, template: QuestionnaireTemplate, acting_user, name: str,
                  sent_on: datetime.date, pupils, notify: bool = True) -> QuestionnaireRound:
    """Send the template for ``pupils``: one request per pupil and contact entitled to
    information about them (parental responsibility or named to receive it, never a
    restricted contact), so each parent answers separately; and one message to each of
    those contacts, in their language, naming each of their children (``create_messages``
    with the children, so it is readable only while they stay entitled). ``notify=False``
    writes no messages (the demo's round of last term, long since read)."""
    pupils = list(pupils)
    if not pupils:
        raise ValueError("A questionnaire is sent for at least one pupil")
    question_ids = list(Question.objects.filter(template=template, removed_at__isnull=True)
                        .order_by("position", "pk").values_list("pk", flat=True))
    if not question_ids:
        raise ValueError("The questionnaire has no questions")
    recipients = resolve(pupils)
    now = timezone.now()
    with transaction.atomic():
        # One at a time per questionnaire, so a second press finds the first one's round.
        QuestionnaireTemplate.objects.select_for_update().filter(pk=template.pk).first()
        already = QuestionnaireRound.objects.filter(template=template, name=name,
                                                    sent_on=sent_on).first()
        if already is not None:
            raise AlreadySent(already)
        sent = QuestionnaireRound.objects.create(
            school=school, template=template, name=name, sent_on=sent_on,
            question_ids=question_ids, sent_by=acting_user, created_at=now)
        requests = QuestionnaireRequest.objects.bulk_create(
            QuestionnaireRequest(round=sent, pupil=pupil, contact=recipient.contact,
                                 created_at=now)
            for recipient in recipients for pupil in recipient.pupils)
        by_contact: dict[int, list[QuestionnaireRequest]] = {}
        for request in requests:
            by_contact.setdefault(request.contact_id, []).append(request)
        drafts = [_draft(recipient, by_contact[recipient.contact.pk]) for recipient in recipients]
        if drafts and notify:
            create_messages(school=school, kind=QUESTIONNAIRE, drafts=drafts,
                            source_id=sent.pk)
        audit.record(actor=acting_user, action=Action.CREATE, obj=sent, school=school,
                     summary=f"Sent the questionnaire {sent.name} for {len(pupils)} pupils "
                             f"to {len(recipients)} family members")
    return sent


def _draft(recipient, requests: list[QuestionnaireRequest]) -> Draft:
    contact = recipient.contact
    names = {pupil.pk: pupil.first_name for pupil in recipient.pupils}
    with translation.override(contact.language):
        subject = _("Tell us about %(names)s at home") % {"names": recipient.children_names}
        lines = [_("We would like to know how %(names)s is getting on at home. Please answer "
                   "a short questionnaire: it takes a few minutes on your phone, and you can "
                   "stop and come back.") % {"names": recipient.children_names}]
        for request in requests:
            url = settings.BRIDGEBOOK_BASE_URL + reverse("questionnaires:request",
                                                         args=[request.pk])
            lines.append(_("About %(name)s: %(url)s") % {"name": names[request.pupil_id],
                                                         "url": url})
    return Draft(contact=contact, subject=subject, body="\n".join(lines),
                 language=contact.language, pupils=list(recipient.pupils))


# Answering -------------------------------------------------------------------------------

def clean_choices(question: Question, choices: list[str]) -> list[str]:
    """The choices as stored, or AnswerError when they do not fit the question."""
    choices = [str(choice) for choice in choices if str(choice).strip()]
    if question.kind == Kind.TEXT:
        return []
    if question.kind == Kind.SCALE:
        if len(choices) > 1:
            raise AnswerError("A scale takes one point")
        if choices and not (choices[0].isdigit()
                            and 1 <= int(choices[0]) <= question.scale_max):
            raise AnswerError("Not a point on the scale")
        return choices
    keys = [option["key"] for option in question.options]
    if any(choice not in keys for choice in choices):
        raise AnswerError("Not one of the question's options")
    if len(choices) > 1 and not question.multiple:
        raise AnswerError("The question takes one choice")
    return sorted(set(choices), key=keys.index)


def do_save_answer(*, request: QuestionnaireRequest, question: Question, acting_user,
                   choices: list[str], text: str, language_fallback: str | None = None,
                   recording: CheckedRecording | None = None,
                   remove_recording: bool = False) -> Answer | None:
    """Save one answer as the family member goes (a blank answer to a question not yet
    answered saves nothing). Text keeps the language it was written in (what the
    translation backend detects, else the writer's language on record). A new recording
    replaces the one before; its file is removed after commit."""
    if question.pk not in request.round.question_ids:
        raise AnswerError("The question is not part of this questionnaire")
    choices = clean_choices(question, choices)
    text = (text or "").strip()
    now = timezone.now()
    # What may call out (the translation backend's language detection, the file storage)
    # happens before the transaction, which then holds its lock only for the rows.
    language = "en"
    if text:
        before = (Answer.objects.filter(request=request, question=question)
                  .values_list("text", "language").first())
        language = before[1] if before and before[0] == text else written_language(
            text, fallback=language_fallback or request.contact.language)
    kept = None
    if recording is not None:
        kept = VoiceRecording(school_id=request.pupil.school_id,
                              content_type=recording.content_type,
                              extension=recording.extension, size=recording.size,
                              recorded_by=acting_user, created_at=now)
        kept.file.save(recording.content.name, recording.content, save=False)
    try:
        return _save_answer(request=request, question=question, acting_user=acting_user,
                            choices=choices, text=text, language=language, kept=kept,
                            remove_recording=remove_recording, now=now)
    except BaseException:
        if kept is not None:
            kept.file.storage.delete(kept.file.name)   # nothing points at it
        raise


def _save_answer(*, request, question, acting_user, choices, text, language, kept,
                 remove_recording, now) -> Answer | None:
    old_file = None
    with transaction.atomic(durable=True):
        locked = QuestionnaireRequest.objects.select_for_update().get(pk=request.pk)
        if not locked.is_open:
            raise AnswerError("The answers were sent to school already")
        answer = (Answer.objects.filter(request=request, question=question)
                  .select_related("recording").first())
        blank = not choices and not text and kept is None
        if answer is None and blank:
            return None
        if answer is None:
            answer = Answer.objects.create(request=request, question=question,
                                           choices=choices, text=text, language=language,
                                           saved_at=now)
        else:
            answer.choices, answer.text, answer.language = choices, text, language
            answer.saved_at = now
            answer.save(update_fields=["choices", "text", "language", "saved_at"])
        if (kept is not None or remove_recording) and answer.has_recording:
            old_file = answer.recording.file.name
            answer.recording.delete()
            answer.recording = None
        if kept is not None:
            kept.answer = answer
            kept.save()
            answer.recording = kept
        _count_answered(locked, now)
        request.answered, request.updated_at = locked.answered, now
        audit.record(actor=acting_user, action=Action.UPDATE, obj=answer,
                     school=request.pupil.school, pupil=request.pupil,
                     summary=f"Answered a question of {request.round.name} about "
                             f"{request.pupil.legal_name}"
                             + (" (voice recording)" if kept is not None else ""))
        if old_file:
            transaction.on_commit(lambda: default_storage.delete(old_file))
    return answer


def _count_answered(request: QuestionnaireRequest, now) -> None:
    answers = Answer.objects.filter(request=request).select_related("recording")
    request.answered = sum(1 for answer in answers if not answer.is_empty)
    request.updated_at = now
    request.save(update_fields=["answered", "updated_at"])


def do_send_to_school(*, request: QuestionnaireRequest, acting_user) -> bool:
    """The family member sends their answers to school: staff read them from now on, and
    they no longer change. True for the call that sent them (a double tap sends once)."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        sent = QuestionnaireRequest.objects.filter(
            pk=request.pk, status=QuestionnaireRequest.Status.OPEN).update(
            status=QuestionnaireRequest.Status.SENT, submitted_at=now, updated_at=now)
        if sent:
            request.status, request.submitted_at = QuestionnaireRequest.Status.SENT, now
            audit.record(actor=acting_user, action=Action.UPDATE, obj=request,
                         school=request.pupil.school, pupil=request.pupil,
                         summary=f"Sent the answers to {request.round.name} about "
                                 f"{request.pupil.legal_name} to school")
    return bool(sent)
