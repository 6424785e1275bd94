"""What a questionnaire never does: hand one household's answer to the other through a
target's evidence, show a member of staff a pupil a court order keeps from them, break the
answers already given when a question is changed."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.messaging.models import Message
from bridgebook.people.models import Contact, Pupil, PupilContact
from bridgebook.questionnaires import actions, recordings
from bridgebook.questionnaires.models import Answer, Kind, QuestionnaireRound
from bridgebook.questionnaires.tests.conftest import WEBM, question_of, request_for
from bridgebook.targets.models import Evidence
from bridgebook.targets.tests.factories import target_for


def _answered(world, sent, words="She sleeps through the night now"):
    item = request_for(sent, world.parent_contact)
    question = question_of(sent, Kind.TEXT)
    actions.do_save_answer(request=item, question=question, acting_user=world.parent,
                           choices=[], text=words, recording=None)
    actions.do_send_to_school(request=item, acting_user=world.parent)
    return Answer.objects.get(request=item, question=question)


def test_an_answer_used_as_evidence_stays_with_its_household(world, sent):
    target = target_for(world.pupil)
    answer = _answered(world, sent)
    client = signed_in(world.senco)
    url = reverse("questionnaires:answer_evidence", args=[answer.pk])
    assert client.post(url, {"targets": [target.pk],
                             "note": "Layla: she sleeps through the night now"}
                       ).status_code == 302
    evidence = Evidence.objects.get(source=Evidence.Source.QUESTIONNAIRE)
    assert evidence.from_family
    assert evidence.household_id == world.parent_contact.household_id
    page = reverse("targets:target", args=[target.pk])
    assert "sleeps through the night" in signed_in(world.parent).get(page).content.decode()
    assert "sleeps through the night" in signed_in(world.class_teacher).get(
        page).content.decode()
    assert "sleeps through the night" not in signed_in(world.separated_parent).get(
        page).content.decode()


def test_a_member_of_staff_under_a_court_order_never_sees_the_pupil_in_a_round(world, sent):
    # The office's address is the restricted contact's: the order wins over the role.
    Contact.objects.filter(pk=world.restricted_contact.pk).update(email=world.office.email)
    assert PupilContact.objects.filter(contact=world.restricted_contact,
                                       is_restricted=True).exists()
    client = signed_in(world.office)
    page = client.get(reverse("questionnaires:round",
                              args=[world.school.urn, sent.pk])).content.decode()
    assert world.pupil.legal_first_name not in page
    assert world.parent_contact.first_name not in page
    # The SENCO, under no order, sees Amira and her parents asked.
    senco = signed_in(world.senco).get(reverse("questionnaires:round",
                                                args=[world.school.urn, sent.pk]))
    assert world.parent_contact.first_name in senco.content.decode()
    form = client.get(reverse("questionnaires:round_new",
                              args=[world.school.urn])).content.decode()
    assert world.pupil.legal_first_name not in form
    assert world.pupil_b.legal_first_name in form


def test_pupils_who_have_left_are_not_offered(world, template):
    Pupil.objects.filter(pk=world.pupil_b.pk).update(
        admission_date=datetime.date(2019, 9, 2),
        leaving_date=datetime.date.today() - datetime.timedelta(days=1))
    form = signed_in(world.senco).get(reverse("questionnaires:round_new",
                                              args=[world.school.urn])).content.decode()
    assert world.pupil.legal_first_name in form
    assert world.pupil_b.legal_first_name not in form


def test_an_answered_questions_kind_stays_and_the_pages_still_open(world, sent):
    answer = _answered(world, sent)
    question = answer.question
    client = signed_in(world.senco)
    url = reverse("questionnaires:question_edit",
                  args=[world.school.urn, question.pk])
    page = client.get(url).content.decode()
    assert "Families have answered this question" in page
    client.post(url, {"topic": question.topic, "kind": Kind.SCALE, "text": question.text,
                      "hint": "", "scale_max": 5, "low_label": "", "high_label": "",
                      "form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"})
    question.refresh_from_db()
    assert question.kind == Kind.TEXT
    assert client.get(reverse("questionnaires:compare",
                              args=[world.pupil.pk])).status_code == 200


def test_sending_twice_sends_once(world, template):
    client = signed_in(world.senco)
    url = reverse("questionnaires:round_new", args=[world.school.urn])
    data = {"template": template.pk, "name": "Spring baseline", "sent_on_day": "2",
            "sent_on_month": "3", "sent_on_year": "2026", "pupils": [world.pupil.pk]}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert QuestionnaireRound.objects.count() == 1
    assert Message.objects.filter(contact=world.parent_contact,
                                  kind="questionnaire").count() == 1


def test_a_recording_that_cannot_be_kept_leaves_no_file_behind(world, sent, settings):
    item = request_for(sent, world.parent_contact)
    actions.do_send_to_school(request=item, acting_user=world.parent)   # locked now
    checked = recordings.check_recording(
        SimpleUploadedFile("a.webm", WEBM, content_type="audio/webm"))
    with pytest.raises(actions.AnswerError):
        actions.do_save_answer(request=item, question=question_of(sent, Kind.TEXT),
                               acting_user=world.parent, choices=[], text="",
                               recording=checked)
    kept = list(Path(settings.MEDIA_ROOT).rglob("*.webm"))
    assert kept == []
