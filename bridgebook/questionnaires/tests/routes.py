"""What every persona gets from the questionnaires' routes (merged into
bridgebook/core/tests/route_rules.py RULES)."""

import datetime
import itertools

from django.core.files.base import ContentFile

from bridgebook.core.tests.route_rules import (
    OAKLEIGH,
    PEOPLE_MANAGERS,
    SEE_AMIRA,
    SEE_AMIRA_STAFF,
    SEE_BEN,
    SEE_BEN_STAFF,
    STAFF_HERE,
    Records,
    amira,
    ben,
    expect,
    get,
    olly,
    post,
    school_page,
)
from bridgebook.questionnaires import actions
from bridgebook.questionnaires.models import (
    Answer,
    QuestionnaireRequest,
    QuestionnaireRound,
    QuestionnaireTemplate,
    VoiceRecording,
)


def template(r: Records) -> QuestionnaireTemplate:
    return r.make("questionnaires.template", lambda w: actions.do_ensure_standard_template(
        school=w.school, acting_user=w.senco))


def oakleigh_template(r: Records) -> QuestionnaireTemplate:
    return r.make("questionnaires.oakleigh_template",
                  lambda w: actions.do_ensure_standard_template(school=w.other_school,
                                                                acting_user=None))


# Each case that posts makes its records again for each persona: each round its own name
# (the same name on the same day is the same round, sent once).
_ROUNDS = itertools.count(1)


def sent(r: Records) -> QuestionnaireRound:
    """The baseline sent for Amira and Ben: Layla, Omar and Fiona each have their own."""
    def build(w):
        round_ = actions.do_send_round(school=w.school, template=template(r),
                                       acting_user=w.senco,
                                       name=f"Autumn baseline {next(_ROUNDS)}",
                                       sent_on=datetime.date(2026, 11, 16),
                                       pupils=[w.pupil, w.pupil_b])
        # Rex's, written before the court order was recorded.
        QuestionnaireRequest.objects.create(round=round_, pupil=w.pupil,
                                            contact=w.restricted_contact)
        return round_
    return r.make("questionnaires.sent", build)


def request_of(r: Records, contact_name: str) -> QuestionnaireRequest:
    return sent(r).requests.get(contact=getattr(r.w, contact_name))


def recording(r: Records, *, sent_to_school: bool) -> VoiceRecording:
    """Layla's voice answer (Omar's, for one she has not sent)."""
    def build(w):
        contact = "parent_contact" if sent_to_school else "separated_contact"
        item = request_of(r, contact)
        answer = Answer.objects.create(request=item, question_id=sent(r).question_ids[0])
        kept = VoiceRecording(answer=answer, school=w.school, content_type="audio/webm",
                              extension="webm", size=4)
        kept.file.save("a.webm", ContentFile(b"\x1a\x45\xdf\xa3"), save=False)
        kept.save()
        if sent_to_school:
            QuestionnaireRequest.objects.filter(pk=item.pk).update(
                status=QuestionnaireRequest.Status.SENT)
        return kept
    return r.make(f"questionnaires.recording.{sent_to_school}", build)


def question(r: Records):
    return template(r).questions.filter(removed_at__isnull=True).order_by("position").last()


MANAGE = expect(PEOPLE_MANAGERS, STAFF_HERE)
MANAGE_POST = expect(PEOPLE_MANAGERS, STAFF_HERE, code="ok")


def _request_cases(route: str, suffix=()):
    return (
        get("Layla's", lambda r: [request_of(r, "parent_contact").pk, *suffix],
            expect({"parent"}, SEE_AMIRA_STAFF)),
        get("Omar's", lambda r: [request_of(r, "separated_contact").pk, *suffix],
            expect({"separated_parent"}, SEE_AMIRA_STAFF)),
        get("Rex's (restricted since)", lambda r: [request_of(r, "restricted_contact").pk,
                                                   *suffix],
            expect(set(), SEE_AMIRA_STAFF)),
        get("Fiona's (Ben)", lambda r: [request_of(r, "foster_contact").pk, *suffix],
            expect({"foster_carer"}, SEE_BEN_STAFF)),
    )


RULES = {
    "questionnaires:list": school_page(PEOPLE_MANAGERS),
    "questionnaires:round_new": school_page(PEOPLE_MANAGERS),
    "questionnaires:template": (
        get("Mapledown's", lambda r: [r.w.school.urn, template(r).pk], MANAGE),
        get("Oakleigh's under Mapledown's URN",
            lambda r: [r.w.school.urn, oakleigh_template(r).pk],
            expect(set(), STAFF_HERE - PEOPLE_MANAGERS)),
        get("Oakleigh's", lambda r: [r.w.other_school.urn, oakleigh_template(r).pk],
            expect(OAKLEIGH)),
    ),
    "questionnaires:template_edit": (
        get("Mapledown's", lambda r: [r.w.school.urn, template(r).pk], MANAGE),
    ),
    "questionnaires:question_add": (
        get("Mapledown's", lambda r: [r.w.school.urn, template(r).pk], MANAGE),
    ),
    "questionnaires:question_edit": (
        get("a question", lambda r: [r.w.school.urn, question(r).pk], MANAGE),
    ),
    "questionnaires:question_move": (
        post("a question", lambda r: [r.w.school.urn, question(r).pk], MANAGE_POST),
    ),
    "questionnaires:question_remove": (
        post("a question", lambda r: [r.w.school.urn, question(r).pk], MANAGE_POST),
    ),
    "questionnaires:round": (
        get("sent for Amira and Ben", lambda r: [r.w.school.urn, sent(r).pk], MANAGE),
        get("under Oakleigh's URN", lambda r: [r.w.other_school.urn, sent(r).pk],
            expect(set())),
    ),
    "questionnaires:pupil": (
        get("Amira", amira, expect(SEE_AMIRA)),
        get("Ben", ben, expect(SEE_BEN)),
        get("Olly at Oakleigh", olly, expect(OAKLEIGH)),
    ),
    "questionnaires:compare": (
        get("Amira", lambda r: [sent(r) and r.w.pupil.pk], expect(SEE_AMIRA_STAFF)),
        get("Ben", ben, expect(SEE_BEN_STAFF)),
        get("Olly at Oakleigh", olly, expect(OAKLEIGH)),
    ),
    "questionnaires:request": _request_cases("request"),
    "questionnaires:step": _request_cases("step", (1,)),
    "questionnaires:check": _request_cases("check"),
    "questionnaires:answer_evidence": (
        get("Layla's answer, sent to school",
            lambda r: [recording(r, sent_to_school=True).answer_id],
            expect(SEE_AMIRA_STAFF - {"office"}, {"office"})),
        get("Omar's, not sent yet", lambda r: [recording(r, sent_to_school=False).answer_id],
            expect()),
    ),
    "questionnaires:recording": (
        get("Layla's, sent to school", lambda r: [recording(r, sent_to_school=True).token],
            expect(SEE_AMIRA_STAFF | {"parent"})),
        get("Omar's, not sent yet", lambda r: [recording(r, sent_to_school=False).token],
            expect({"separated_parent"})),
    ),
}
