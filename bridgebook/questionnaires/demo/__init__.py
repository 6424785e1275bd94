"""The demo trust's questionnaires.

Every demo school has the standard baseline. At Mapledown, Rowan and Cedar classes (Zofia
and Jakub Nowak's) were sent it last term and again this term. Last term Agnieszka Nowak
answered about both children in English, with the EAL teacher's help; this term she
answered about Zofia in Polish on her phone (with one answer spoken) and sent it, and has
Jakub's still to answer, so the SENCO (``rachel.moore@``) compares Zofia's two terms on
her Questionnaires tab and sees what changed, and Agnieszka can answer Jakub's on her
phone. This term's round is sent through the action, so each family member has their
message in the app (and the outbox).

Idempotent: a round is keyed on its school and name, so a second run adds nothing.

The story's data (who answers what, in which language, when) is in story.py.
"""

from __future__ import annotations

import datetime
import io
import wave

from django.db import transaction
from django.utils import timezone

from bridgebook.core.models import Role, School, StaffRole
from bridgebook.people.models import Contact, Pupil
from bridgebook.questionnaires import actions
from bridgebook.questionnaires.demo.story import (
    ANSWERED_AT,
    ANSWERED_DAYS_AFTER,
    CLASSES,
    JAKUB,
    JAKUB_LAST_TERM,
    LAST_TERM_LANGUAGE,
    LAST_TERM_SENT_DAYS_AGO,
    MAPLEDOWN,
    MOTHER,
    SPOKEN,
    THIS_TERM_LANGUAGE,
    THIS_TERM_SENT_DAYS_AGO,
    ZOFIA,
    ZOFIA_LAST_TERM,
    ZOFIA_THIS_TERM,
)
from bridgebook.questionnaires.models import (
    Answer,
    Question,
    QuestionnaireRequest,
    QuestionnaireRound,
    VoiceRecording,
)
from bridgebook.questionnaires.recordings import sniff


def term_name(day: datetime.date) -> str:
    """ "Autumn term 2026 baseline" for a day in September to December, and so on."""
    season = "Autumn" if day.month >= 9 else "Spring" if day.month <= 4 else "Summer"
    return f"{season} term {day.year} baseline"


def seed_demo_questionnaires() -> dict[str, int]:
    created = {"questionnaire templates": 0, "questionnaire rounds": 0,
               "questionnaire answers": 0}
    with transaction.atomic():
        for school in School.objects.all():
            made = not school.questionnaire_templates.filter(is_standard=True).exists()
            actions.do_ensure_standard_template(school=school, acting_user=None)
            created["questionnaire templates"] += made
        school = School.objects.filter(urn=MAPLEDOWN).first()
        if school is None:
            return created
        _seed_mapledown(school, created)
    return created


def _seed_mapledown(school: School, created: dict[str, int]) -> None:
    template = school.questionnaire_templates.get(is_standard=True)
    pupils = list(Pupil.objects.filter(school=school, school_class__name__in=CLASSES))
    if not pupils:
        return
    today = timezone.localdate()
    last_term = today - datetime.timedelta(days=LAST_TERM_SENT_DAYS_AGO)
    this_term = today - datetime.timedelta(days=THIS_TERM_SENT_DAYS_AGO)
    senco = (StaffRole.objects.filter(school=school, role=Role.SENCO)
             .select_related("user").first())
    agnieszka = Contact.objects.filter(school=school, first_name=MOTHER[0],
                                       last_name=MOTHER[1]).first()
    zofia = next((p for p in pupils if p.legal_first_name == ZOFIA), None)
    jakub = next((p for p in pupils if p.legal_first_name == JAKUB), None)

    earlier = QuestionnaireRound.objects.filter(school=school, name=term_name(last_term)).first()
    if earlier is None:
        # Last term's round, written as it stood (its messages were read long ago).
        earlier = actions.do_send_round(school=school, template=template,
                                        acting_user=senco.user if senco else None,
                                        name=term_name(last_term), sent_on=last_term,
                                        pupils=pupils, notify=False)
        created["questionnaire rounds"] += 1
        if agnieszka and zofia:
            created["questionnaire answers"] += _answer(earlier, zofia, agnieszka,
                                                        ZOFIA_LAST_TERM, LAST_TERM_LANGUAGE,
                                                        sent=True)
        if agnieszka and jakub:
            created["questionnaire answers"] += _answer(earlier, jakub, agnieszka,
                                                        JAKUB_LAST_TERM, LAST_TERM_LANGUAGE,
                                                        sent=True)
    current = QuestionnaireRound.objects.filter(school=school, name=term_name(this_term)).first()
    if current is None:
        current = actions.do_send_round(school=school, template=template,
                                        acting_user=senco.user if senco else None,
                                        name=term_name(this_term), sent_on=this_term,
                                        pupils=pupils)
        created["questionnaire rounds"] += 1
        if agnieszka and zofia:
            created["questionnaire answers"] += _answer(current, zofia, agnieszka,
                                                        ZOFIA_THIS_TERM, THIS_TERM_LANGUAGE,
                                                        sent=True, spoken=SPOKEN)


def _answer(round_: QuestionnaireRound, pupil, contact, answers: dict, language: str, *,
            sent: bool, spoken: str = "") -> int:
    request = QuestionnaireRequest.objects.filter(round=round_, pupil=pupil,
                                                  contact=contact).first()
    if request is None:
        return 0
    questions = {q.text: q for q in Question.objects.filter(pk__in=round_.question_ids)}
    when = timezone.make_aware(datetime.datetime.combine(
        round_.sent_on + datetime.timedelta(days=ANSWERED_DAYS_AFTER), ANSWERED_AT))
    made = []
    for text, value in answers.items():
        question = questions.get(text)
        if question is None:
            continue
        if isinstance(value, int):
            choices, words = [str(value)], ""
        elif isinstance(value, list):
            labels = {option["label"]: option["key"] for option in question.options}
            choices, words = [labels[label] for label in value if label in labels], ""
        else:
            choices, words = [], value
        made.append(Answer(request=request, question=question, choices=choices, text=words,
                           language=language if words else "en", saved_at=when))
    Answer.objects.bulk_create(made)
    if spoken and spoken in questions:
        answer = Answer.objects.get(request=request, question=questions[spoken])
        data = _spoken_answer()
        content_type, extension = sniff(data[:16])
        recording = VoiceRecording(answer=answer, school_id=pupil.school_id,
                                   content_type=content_type, extension=extension,
                                   size=len(data), recorded_by=contact.user, created_at=when)
        from django.core.files.base import ContentFile

        recording.file.save(f"answer.{extension}", ContentFile(data), save=False)
        recording.save()
    request.answered = len(made)
    request.updated_at = when
    fields = ["answered", "updated_at"]
    if sent:
        request.status, request.submitted_at = QuestionnaireRequest.Status.SENT, when
        fields += ["status", "submitted_at"]
    request.save(update_fields=fields)
    return len(made)


def _spoken_answer() -> bytes:
    """Two seconds of a soft hum as a WAV file: a stand-in for a parent's voice (the demo
    ships no recording of a real person)."""
    import math

    rate = 8000
    frames = bytearray()
    for index in range(rate * 2):
        sample = int(3000 * math.sin(2 * math.pi * 220 * index / rate))
        frames += sample.to_bytes(2, "little", signed=True)
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(bytes(frames))
    return out.getvalue()
