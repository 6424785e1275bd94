"""The demo: Agnieszka Nowak answered this term's baseline about Zofia in Polish and has
Jakub's to answer on her phone; the SENCO compares Zofia's answers with last term's."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import Role, School, StaffRole
from bridgebook.messaging.models import Message
from bridgebook.people.models import Contact, Pupil
from bridgebook.questionnaires import selectors
from bridgebook.questionnaires.actions import QUESTIONNAIRE
from bridgebook.questionnaires.demo import seed_demo_questionnaires
from bridgebook.questionnaires.models import (
    Answer,
    QuestionnaireRequest,
    QuestionnaireRound,
    VoiceRecording,
)


@pytest.fixture
def demo(db, settings):
    call_command("seed_demo", stdout=StringIO())
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    return School.objects.get(name__startswith="Mapledown")


def test_the_senco_compares_this_terms_answers_with_last_terms(demo):
    assert all(school.questionnaire_templates.filter(is_standard=True).exists()
               for school in School.objects.all())
    zofia = Pupil.objects.get(school=demo, legal_first_name="Zofia", legal_last_name="Nowak")
    result = selectors.comparison(zofia)
    assert result.previous is not None and result.current.sent_on > result.previous.sent_on
    assert result.changed >= 8
    senco = StaffRole.objects.get(school=demo, role=Role.SENCO).user
    client = signed_in(senco)
    page = client.get(reverse("questionnaires:compare", args=[zofia.pk])).content.decode()
    assert "answers changed" in page
    assert ">Changed</strong>" in page
    assert "[en] Cichy pokój i jej kocyk." in page       # written in Polish, read in English
    assert "Machine translation" in page
    assert "<audio controls" in page
    recording = VoiceRecording.objects.get(answer__request__pupil=zofia)
    played = client.get(reverse("questionnaires:recording", args=[recording.token]))
    assert played.status_code == 200 and played["Content-Type"] == "audio/wav"


def test_agnieszka_has_jakubs_questionnaire_to_answer_on_her_phone(demo):
    agnieszka = Contact.objects.get(school=demo, first_name="Agnieszka", last_name="Nowak")
    jakub = Pupil.objects.get(school=demo, legal_first_name="Jakub", legal_last_name="Nowak")
    current = QuestionnaireRound.objects.filter(school=demo).order_by("-sent_on").first()
    item = QuestionnaireRequest.objects.get(round=current, pupil=jakub, contact=agnieszka)
    assert item.is_open and item.answered == 0
    assert Message.objects.filter(kind=QUESTIONNAIRE, contact=agnieszka,
                                  source_id=current.pk).exists()
    # Her husband Piotr answers his own.
    assert QuestionnaireRequest.objects.filter(round=current, pupil=jakub,
                                               contact__first_name="Piotr").exists()
    page = signed_in(agnieszka.user, interface_language=None).get("/").content.decode()
    assert reverse("questionnaires:pupil", args=[jakub.pk]) in page


def test_seeding_again_adds_nothing(demo):
    answers, rounds = Answer.objects.count(), QuestionnaireRound.objects.count()
    assert not any(seed_demo_questionnaires().values())
    assert (Answer.objects.count(), QuestionnaireRound.objects.count()) == (answers, rounds)
