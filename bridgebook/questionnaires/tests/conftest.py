import datetime

import pytest

from bridgebook.questionnaires import actions
from bridgebook.questionnaires.models import Question

# The first bytes of a WebM file, as Chrome's MediaRecorder writes it.
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 200


@pytest.fixture
def template(world):
    return actions.do_ensure_standard_template(school=world.school, acting_user=world.senco)


@pytest.fixture
def sent(world, template):
    """The standard baseline, sent for Amira and Ben by the SENCO."""
    return actions.do_send_round(school=world.school, template=template,
                                 acting_user=world.senco, name="Autumn term 2026 baseline",
                                 sent_on=datetime.date(2026, 11, 16),
                                 pupils=[world.pupil, world.pupil_b])


def request_for(sent, contact):
    return sent.requests.get(contact=contact)


def question_of(sent, kind: str, number: int = 0) -> Question:
    return [q for q in Question.objects.filter(pk__in=sent.question_ids).order_by("position")
            if q.kind == kind][number]


def number_of(sent, question) -> int:
    return sent.question_ids.index(question.pk) + 1
