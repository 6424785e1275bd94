"""Baseline questionnaires: who is asked, answering as you go, voice answers, reading and
comparing the answers, and the audit trail."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.models import Message
from bridgebook.people.models import PupilContact
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory
from bridgebook.questionnaires import actions, recordings, selectors
from bridgebook.questionnaires.models import (
    Answer,
    Kind,
    Question,
    QuestionnaireRequest,
    VoiceRecording,
)
from bridgebook.questionnaires.tests.conftest import (
    WEBM,
    number_of,
    question_of,
    request_for,
)
from bridgebook.translation.display import labels

pytestmark = pytest.mark.django_db


def step_url(request, number):
    return reverse("questionnaires:step", args=[request.pk, number])


# Who is asked ----------------------------------------------------------------------------

def test_each_entitled_contact_is_asked_separately_and_the_restricted_never(world, sent):
    amira = {r.contact_id for r in sent.requests.filter(pupil=world.pupil)}
    assert amira == {world.parent_contact.pk, world.separated_contact.pk}
    assert not sent.requests.filter(contact=world.restricted_contact).exists()
    # One message each, in the app, naming the child (so it is re-checked when read).
    messages = Message.objects.filter(kind=actions.QUESTIONNAIRE, source_id=sent.pk)
    assert {m.contact_id for m in messages} == amira
    layla = messages.get(contact=world.parent_contact)
    assert list(layla.pupils.values_list("pk", flat=True)) == [world.pupil.pk]
    assert reverse("questionnaires:request",
                   args=[request_for(sent, world.parent_contact).pk]) in layla.body


def test_a_contact_named_to_receive_information_is_asked_one_without_is_not(world, template):
    grandma = ContactFactory(school=world.school, first_name="Nadia", last_name="Hassan")
    PupilContactFactory(pupil=world.pupil, contact=grandma, relationship="OTH",
                        parental_responsibility=False, receives_information=True)
    neighbour = ContactFactory(school=world.school, first_name="Ned", last_name="Bor")
    PupilContactFactory(pupil=world.pupil, contact=neighbour, relationship="OTH",
                        parental_responsibility=False, receives_information=False)
    sent = actions.do_send_round(school=world.school, template=template,
                                 acting_user=world.senco, name="Spring",
                                 sent_on=datetime.date(2026, 11, 1), pupils=[world.pupil])
    asked = set(sent.requests.values_list("contact_id", flat=True))
    assert grandma.pk in asked
    assert neighbour.pk not in asked


def test_a_court_order_recorded_after_sending_takes_the_questionnaire_back(world, sent):
    item = request_for(sent, world.separated_contact)
    client = signed_in(world.separated_parent)
    assert client.get(reverse("questionnaires:request", args=[item.pk])).status_code == 200
    PupilContact.objects.filter(pupil=world.pupil, contact=world.separated_contact).update(
        is_restricted=True)
    assert client.get(reverse("questionnaires:request", args=[item.pk])).status_code == 404
    assert client.post(step_url(item, 1), {"text": "x"}).status_code == 404


# Answering -------------------------------------------------------------------------------

def test_answers_are_saved_as_you_go_and_you_can_come_back(world, sent):
    item = request_for(sent, world.parent_contact)
    scale = question_of(sent, Kind.SCALE)
    client = signed_in(world.parent)
    number = number_of(sent, scale)
    response = client.post(step_url(item, number), {"choice": "4", "then": "next"})
    assert response.status_code == 302
    assert response["Location"] == step_url(item, number + 1)
    answer = Answer.objects.get(request=item, question=scale)
    assert answer.choices == ["4"]
    # Stop and come back later: saved, and the start page says how far they got.
    text = question_of(sent, Kind.TEXT)
    response = client.post(step_url(item, number_of(sent, text)),
                           {"text": "A bath and a song", "then": "later"})
    assert response["Location"] == reverse("questionnaires:request", args=[item.pk])
    page = client.get(response["Location"]).content.decode()
    assert "You have answered 2 of" in page
    item.refresh_from_db()
    assert item.answered == 2 and item.is_open
    # The step shows what was saved.
    page = client.get(step_url(item, number)).content.decode()
    assert 'value="4" checked' in page


def test_a_choice_that_is_not_an_option_is_refused(world, sent):
    item = request_for(sent, world.parent_contact)
    choice = question_of(sent, Kind.CHOICE)
    response = signed_in(world.parent).post(step_url(item, number_of(sent, choice)),
                                            {"choice": "nonsense"})
    assert response.status_code == 400
    assert not Answer.objects.filter(request=item).exists()


def test_several_pictures_may_be_chosen_where_the_question_allows(world, sent):
    item = request_for(sent, world.parent_contact)
    picture = next(q for q in Question.objects.filter(pk__in=sent.question_ids)
                   if q.kind == Kind.PICTURE and q.multiple)
    keys = [option["key"] for option in picture.options[:2]]
    client = signed_in(world.parent)
    page = client.get(step_url(item, number_of(sent, picture))).content.decode()
    assert reverse("diary:symbol", args=[picture.options[0]["symbol"]]) in page
    client.post(step_url(item, number_of(sent, picture)), {"choice": keys})
    assert Answer.objects.get(request=item, question=picture).choices == keys


def test_sending_to_school_locks_the_answers(world, sent):
    item = request_for(sent, world.parent_contact)
    client = signed_in(world.parent)
    client.post(step_url(item, 1), {"choice": "3"})
    response = client.post(reverse("questionnaires:check", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == QuestionnaireRequest.Status.SENT
    # A later change is not taken: the step sends them back to what they sent.
    client.post(step_url(item, 1), {"choice": "5"})
    assert Answer.objects.get(request=item, question_id=sent.question_ids[0]).choices == ["3"]
    assert "Sent to school" in client.get(
        reverse("questionnaires:request", args=[item.pk])).content.decode()


def test_the_other_parent_never_sees_anothers_answers(world, sent):
    layla = request_for(sent, world.parent_contact)
    signed_in(world.parent).post(step_url(layla, 1), {"choice": "2", "text": "Private"})
    omar = signed_in(world.separated_parent)
    for url in (reverse("questionnaires:request", args=[layla.pk]), step_url(layla, 1),
                reverse("questionnaires:check", args=[layla.pk])):
        assert omar.get(url).status_code == 404
    page = omar.get(reverse("questionnaires:pupil", args=[world.pupil.pk])).content.decode()
    assert reverse("questionnaires:request", args=[layla.pk]) not in page
    # Staff read, they do not answer for the family.
    assert signed_in(world.class_teacher).get(step_url(layla, 1)).status_code == 403


# Voice answers ---------------------------------------------------------------------------

def upload(data: bytes, name="answer.webm", content_type="audio/webm"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_voice_answer_is_kept_and_played_only_to_who_may_hear_it(world, sent):
    item = request_for(sent, world.parent_contact)
    text = question_of(sent, Kind.TEXT)
    client = signed_in(world.parent)
    response = client.post(step_url(item, number_of(sent, text)),
                           {"recording": upload(WEBM)})
    assert response.status_code == 302
    recording = VoiceRecording.objects.get(answer__request=item)
    assert recording.content_type == "audio/webm"
    assert recording.token not in recording.file.name or len(recording.token) >= 32
    url = reverse("questionnaires:recording", args=[recording.token])
    played = client.get(url)
    assert played.status_code == 200 and played["Content-Type"] == "audio/webm"
    assert b"".join(played.streaming_content).startswith(WEBM[:4])
    assert signed_in(world.separated_parent).get(url).status_code == 404
    assert signed_in(world.restricted_parent).get(url).status_code == 404
    assert signed_in(world.other_school_staff).get(url).status_code == 404
    # Staff hear it once the family member sends their answers.
    teacher = signed_in(world.class_teacher)
    assert teacher.get(url).status_code == 404
    actions.do_send_to_school(request=item, acting_user=world.parent)
    assert teacher.get(url).status_code == 200
    assert signed_in(world.other_teacher).get(url).status_code == 404


@pytest.mark.parametrize(("data", "content_type", "message"), [
    (WEBM + b"\x00" * (recordings.MAX_BYTES), "audio/webm", "smaller than 10 MB"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "audio/webm", "must be a sound recording"),
    (WEBM, "application/pdf", "must be a sound recording"),
])
def test_a_file_that_is_not_a_recording_is_refused_and_nothing_is_lost(
        world, sent, data, content_type, message):
    item = request_for(sent, world.parent_contact)
    text = question_of(sent, Kind.TEXT)
    number = number_of(sent, text)
    client = signed_in(world.parent)
    client.post(step_url(item, number), {"recording": upload(WEBM)})
    before = VoiceRecording.objects.get(answer__request=item)
    response = client.post(step_url(item, number), {
        "text": "What I typed", "recording": upload(data, content_type=content_type)})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "There is a problem" in page
    assert "What I typed" in page
    answer = Answer.objects.get(request=item, question=text)
    assert answer.text == "What I typed"
    assert VoiceRecording.objects.get(answer=answer).pk == before.pk


def test_a_new_recording_replaces_the_old_and_its_file_goes(world, sent,
                                                         django_capture_on_commit_callbacks):
    item = request_for(sent, world.parent_contact)
    question = question_of(sent, Kind.TEXT)
    first = recordings.check_recording(upload(WEBM))
    actions.do_save_answer(request=item, question=question, acting_user=world.parent,
                           choices=[], text="", recording=first)
    old = VoiceRecording.objects.get(answer__request=item)
    storage = old.file.storage
    assert storage.exists(old.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_save_answer(request=item, question=question, acting_user=world.parent,
                               choices=[], text="", recording=recordings.check_recording(
                                   upload(b"OggS" + b"\x00" * 100, "a.ogg", "audio/ogg")))
    new = VoiceRecording.objects.get(answer__request=item)
    assert new.content_type == "audio/ogg" and new.pk != old.pk
    assert not storage.exists(old.file.name)


def test_sniffing_knows_the_recorders_formats():
    assert recordings.sniff(b"\x00\x00\x00\x20ftypM4A ")[0] == "audio/mp4"
    assert recordings.sniff(b"\x00\x00\x00\x20ftyp3gp4")[0] == "audio/3gpp"
    assert recordings.sniff(b"RIFF\x00\x00\x00\x00WAVE")[0] == "audio/wav"
    assert recordings.sniff(b"ID3\x04")[0] == "audio/mpeg"
    assert recordings.sniff(b"%PDF-1.4") is None
    assert recordings.sniff(b"\x00\x00\x00\x1cftypmp42")[0] == "audio/mp4"   # Chrome, Safari
    assert recordings.sniff(b"\x00\x00\x00\x18ftypheic") is None   # a photo from a phone
    assert recordings.sniff(b"\x00\x00\x00\x14ftypqt  ") is None   # a QuickTime film


def test_someone_with_literacy_needs_is_offered_the_voice_answer_first(world, sent):
    item = request_for(sent, world.parent_contact)
    text = question_of(sent, Kind.TEXT)
    client = signed_in(world.parent)
    page = client.get(step_url(item, number_of(sent, text))).content.decode()
    assert "Answer by speaking instead" in page          # tucked away for most
    world.parent_contact.literacy_support = True
    world.parent_contact.save(update_fields=["literacy_support"])
    page = client.get(step_url(item, number_of(sent, text))).content.decode()
    assert "Answer by speaking instead" not in page
    assert page.index("Say your answer") < page.index('id="id_text"')


# Reading the answers ---------------------------------------------------------------------

def answer_and_send(world, sent, contact, user, answers: dict):
    item = request_for(sent, contact)
    for question, (choices, text) in answers.items():
        actions.do_save_answer(request=item, question=question, acting_user=user,
                               choices=choices, text=text)
    actions.do_send_to_school(request=item, acting_user=user)
    return item


def test_the_comparison_marks_what_changed_in_words(world, template, sent):
    later = actions.do_send_round(school=world.school, template=template,
                                  acting_user=world.senco, name="Spring term 2027 baseline",
                                  sent_on=datetime.date(2027, 2, 1), pupils=[world.pupil])
    scale = question_of(sent, Kind.SCALE)
    choice = question_of(sent, Kind.CHOICE)
    text = question_of(sent, Kind.TEXT)
    answer_and_send(world, sent, world.parent_contact, world.parent,
                    {scale: (["2"], ""), choice: (["o1"], ""), text: ([], "A bath")})
    answer_and_send(world, later, world.parent_contact, world.parent,
                    {scale: (["4"], ""), choice: (["o1"], ""), text: ([], "A bath and a song")})
    result = selectors.comparison(world.pupil)
    assert result.current == later and result.previous == sent
    rows = {row["question"].pk: row for group in result.topics for row in group["questions"]}
    changes = {pk: row["respondents"][0].change for pk, row in rows.items()
               if row["respondents"]}
    assert changes[scale.pk] == selectors.CHANGED
    assert changes[choice.pk] == selectors.SAME
    assert changes[text.pk] == selectors.CHANGED
    assert result.changed == 2
    page = signed_in(world.senco).get(
        reverse("questionnaires:compare", args=[world.pupil.pk])).content.decode()
    assert "2 answers changed" in page
    assert "up 2 points" in page
    assert page.count(">Changed</strong>") == 2
    assert "Same as last time" in page


def test_staff_read_only_what_was_sent_to_school(world, sent):
    item = request_for(sent, world.parent_contact)
    actions.do_save_answer(request=item, question=question_of(sent, Kind.TEXT),
                           acting_user=world.parent, choices=[], text="Not ready yet")
    url = reverse("questionnaires:compare", args=[world.pupil.pk])
    page = signed_in(world.senco).get(url).content.decode()
    assert "Not ready yet" not in page
    assert "<bdi>Layla Hassan</bdi> has not sent their answers yet" in page
    actions.do_send_to_school(request=item, acting_user=world.parent)
    assert "Not ready yet" in signed_in(world.senco).get(url).content.decode()


def test_families_do_not_read_the_comparison(world, sent):
    url = reverse("questionnaires:compare", args=[world.pupil.pk])
    assert signed_in(world.parent).get(url).status_code == 404
    assert signed_in(world.other_teacher).get(url).status_code == 404


# Language --------------------------------------------------------------------------------

@pytest.fixture
def local_backend(settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


def test_families_read_questions_in_their_language_marked_with_the_original(
        world, sent, local_backend):
    item = request_for(sent, world.parent_contact)          # Layla reads Arabic
    question = Question.objects.get(pk=sent.question_ids[0])
    page = signed_in(world.parent).get(step_url(item, 1)).content.decode()
    words = labels("ar", "en")          # the marks, in Arabic where the interface has them
    assert f"[ar] {question.text}" in page
    assert escape(words["machine"]) in page
    assert escape(words["original"]) in page
    assert f'<div class="govuk-details__text" lang="en" dir="ltr">{escape(question.text)}' \
        in page


def test_what_a_family_wrote_reaches_staff_in_english_marked(world, sent, local_backend):
    item = request_for(sent, world.parent_contact)
    text = question_of(sent, Kind.TEXT)
    signed_in(world.parent).post(step_url(item, number_of(sent, text)),
                                 {"text": "حمام وأغنية"})
    answer = Answer.objects.get(request=item, question=text)
    assert answer.language == "ar"        # the writer's language (the backend detects none)
    actions.do_send_to_school(request=item, acting_user=world.parent)
    page = signed_in(world.senco).get(
        reverse("questionnaires:compare", args=[world.pupil.pk])).content.decode()
    assert "[en] حمام وأغنية" in page
    assert "Machine translation" in page
    assert 'lang="ar"' in page


# Templates -------------------------------------------------------------------------------

def test_every_school_starts_with_the_standard_baseline_and_edits_it(world):
    client = signed_in(world.senco)
    assert client.get(reverse("questionnaires:list", args=[world.school.urn])).status_code == 200
    template = world.school.questionnaire_templates.get(is_standard=True)
    topics = set(template.questions.values_list("topic", flat=True))
    assert topics == {"behaviour", "communication", "sleep", "eating", "toileting",
                      "mobility", "enjoys", "upsets", "matters"}
    assert set(template.questions.values_list("kind", flat=True)) == set(Kind.values)
    response = client.post(
        reverse("questionnaires:question_add", args=[world.school.urn, template.pk]), {
            "text": "Does your child have a favourite toy?", "topic": "enjoys",
            "kind": "picture", "scale_max": "5", "options-TOTAL_FORMS": "2",
            "options-INITIAL_FORMS": "0", "options-0-label": "Teddy",
            "options-0-symbol": "1F3CA", "options-1-label": "Music",
            "options-1-symbol": "1F3B5"})
    assert response.status_code == 302
    added = template.questions.get(text="Does your child have a favourite toy?")
    assert [o["key"] for o in added.options] == ["o1", "o2"]
    # Added at the end of its topic, before the next topic's questions.
    enjoys = list(template.questions.filter(removed_at__isnull=True, topic="enjoys")
                  .order_by("position"))
    assert enjoys[-1] == added
    upsets = template.questions.filter(topic="upsets").order_by("position").first()
    assert added.position < upsets.position


def test_a_picture_choice_needs_a_symbol_for_each_option(world, template):
    response = signed_in(world.senco).post(
        reverse("questionnaires:question_add", args=[world.school.urn, template.pk]), {
            "text": "Favourite?", "topic": "enjoys", "kind": "picture", "scale_max": "5",
            "options-TOTAL_FORMS": "2", "options-INITIAL_FORMS": "0",
            "options-0-label": "Teddy", "options-0-symbol": "",
            "options-1-label": "Music", "options-1-symbol": "1F3B5"})
    assert response.status_code == 400
    assert "Choose a symbol for each option" in response.content.decode()


def test_changing_an_option_keeps_its_key_and_removing_keeps_the_answers(world, sent):
    choice = question_of(sent, Kind.CHOICE)
    item = request_for(sent, world.parent_contact)
    actions.do_save_answer(request=item, question=choice, acting_user=world.parent,
                           choices=["o2"], text="")
    options = [{**option} for option in choice.options]
    options[1]["label"] = "Once or twice in a week"
    actions.do_change_question(question=choice, acting_user=world.senco, data={
        "text": choice.text, "kind": Kind.CHOICE, "topic": choice.topic,
        "options": options + [{"label": "Every day"}]})
    choice.refresh_from_db()
    assert [o["key"] for o in choice.options] == ["o1", "o2", "o3", "o4", "o5"]
    assert choice.option_label("o2") == "Once or twice in a week"
    actions.do_remove_question(question=choice, acting_user=world.senco)
    assert Answer.objects.filter(question=choice).exists()
    later = actions.do_send_round(school=world.school, template=choice.template,
                                  acting_user=world.senco, name="Next",
                                  sent_on=datetime.date(2027, 1, 10), pupils=[world.pupil])
    assert choice.pk not in later.question_ids


def test_moving_a_question_swaps_it_with_its_neighbour(world, template):
    first, second = template.questions.filter(topic="behaviour").order_by("position")[:2]
    signed_in(world.senco).post(reverse("questionnaires:question_move",
                                        args=[world.school.urn, second.pk]),
                                {"direction": "up"})
    order = list(template.questions.filter(topic="behaviour").order_by("position"))
    assert order[:2] == [second, first]


def test_a_round_for_a_class_asks_about_every_pupil_in_it(world, template):
    response = signed_in(world.senco).post(
        reverse("questionnaires:round_new", args=[world.school.urn]), {
            "template": template.pk, "name": "Class A baseline", "sent_on_day": "16",
            "sent_on_month": "11", "sent_on_year": "2026", "classes": [world.class_a.pk]})
    assert response.status_code == 302
    sent = world.school.questionnaire_rounds.get(name="Class A baseline")
    assert set(sent.requests.values_list("pupil_id", flat=True)) == {world.pupil.pk}


# Audit -----------------------------------------------------------------------------------

def test_every_write_is_audited_with_who_did_it(world, template, sent):
    def last(object_type):
        return AuditEvent.objects.filter(object_type=object_type).order_by("-id").first()

    assert last("questionnairetemplate").actor == world.senco
    assert last("questionnaireround").actor == world.senco
    item = request_for(sent, world.parent_contact)
    answer = actions.do_save_answer(request=item, question=question_of(sent, Kind.TEXT),
                                    acting_user=world.parent, choices=[], text="Secret words")
    event = last("answer")
    assert event.actor == world.parent and event.pupil_id == world.pupil.pk
    assert event.object_id == str(answer.pk)
    assert "Secret words" not in event.summary        # what a family said stays out of it
    actions.do_send_to_school(request=item, acting_user=world.parent)
    assert last("questionnairerequest").actor == world.parent
    question = question_of(sent, Kind.SCALE)
    actions.do_remove_question(question=question, acting_user=world.office)
    assert last("question").action == AuditEvent.Action.DELETE
    assert last("question").actor == world.office


# Into the pupil's targets ----------------------------------------------------------------

def test_an_answer_becomes_evidence_for_a_target_or_starts_one(world, sent):
    from bridgebook.targets.models import Evidence
    from bridgebook.targets.tests.factories import target_for

    target = target_for(world.pupil)
    item = request_for(sent, world.parent_contact)
    text = question_of(sent, Kind.TEXT)
    answer = actions.do_save_answer(request=item, question=text, acting_user=world.parent,
                                    choices=[], text="She uses a symbol card for snack")
    actions.do_send_to_school(request=item, acting_user=world.parent)
    senco = signed_in(world.senco)
    page = senco.get(reverse("questionnaires:compare", args=[world.pupil.pk])).content.decode()
    evidence_url = reverse("questionnaires:answer_evidence", args=[answer.pk])
    assert evidence_url in page
    assert (reverse("targets:target_new", args=[world.pupil.pk])
            + "?text=She%20uses%20a%20symbol%20card%20for%20snack") in page
    form = senco.get(evidence_url).content.decode()
    assert target.text in form
    response = senco.post(evidence_url, {"targets": [target.pk],
                                         "note": "Layla: she uses a symbol card"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(pupil=world.pupil)
    assert evidence.source == "questionnaire"
    assert list(evidence.targets.all()) == [target]
    assert evidence.happened_on == item.submitted_at.date()
    # The office reads answers but records no evidence; families never get here.
    assert signed_in(world.office).get(evidence_url).status_code == 403
    assert signed_in(world.parent).get(evidence_url).status_code == 404


def test_an_answer_not_sent_to_school_cannot_be_used(world, sent):
    item = request_for(sent, world.parent_contact)
    answer = actions.do_save_answer(request=item, question=question_of(sent, Kind.TEXT),
                                    acting_user=world.parent, choices=[], text="Draft")
    url = reverse("questionnaires:answer_evidence", args=[answer.pk])
    assert signed_in(world.senco).get(url).status_code == 404
