"""Baseline questionnaires in the browser, at phone and desktop width, every page checked
with axe: a parent answers on their phone, one question a page, and sends it to school; a
parent with literacy needs is offered to answer by speaking; the SENCO edits the school's
questionnaire, sends it, and compares this term's answers with last term's."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.questionnaires import actions
from bridgebook.questionnaires.models import Kind, Question, VoiceRecording
from bridgebook.targets.tests.factories import target_for

WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 64


@pytest.fixture
def template(world):
    return actions.do_ensure_standard_template(school=world.school, acting_user=world.senco)


def send(world, template, name, day):
    return actions.do_send_round(school=world.school, template=template,
                                 acting_user=world.senco, name=name, sent_on=day,
                                 pupils=[world.pupil])


def number_of(round_, kind, *, multiple=None) -> int:
    questions = {q.pk: q for q in Question.objects.filter(pk__in=round_.question_ids)}
    for number, pk in enumerate(round_.question_ids, start=1):
        question = questions[pk]
        if question.kind == kind and (multiple is None or question.multiple == multiple):
            return number
    raise LookupError(kind)


def test_a_parent_answers_on_their_phone_and_sends_it(page, world, template, sign_in_as):
    sent = send(world, template, "Autumn term 2026 baseline", datetime.date(2026, 11, 16))
    item = sent.requests.get(contact=world.parent_contact)
    sign_in_as(page, world.parent)
    page.goto("/")
    page.get_by_role("link", name="Tell school about Amira at home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaires")
    check_axe(page)
    page.get_by_role("link", name="Tell us about Amira at home").click()
    check_axe(page)
    page.get_by_role("link", name="Start").click()
    # Question 1: a scale.
    expect(page.get_by_text("Question 1 of")).to_be_visible()
    check_axe(page)
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    # Question 2: a choice.
    expect(page.get_by_text("Question 2 of")).to_be_visible()
    check_axe(page)
    page.get_by_label("Now and then").check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Your answers are saved")).to_be_visible()
    expect(page.get_by_text("You have answered 2 of")).to_be_visible()
    # A picture choice, several at once.
    pictures = number_of(sent, Kind.PICTURE, multiple=True)
    page.goto(f"/questionnaires/{item.pk}/questions/{pictures}/")
    check_axe(page)
    page.get_by_label("Signs and gestures").check()
    page.get_by_label("Pointing or taking your hand").check()
    page.get_by_role("button", name="Save and continue").click()
    # Free text, and a voice answer from a file (the phone's recorder).
    page.goto(f"/questionnaires/{item.pk}/questions/{number_of(sent, Kind.TEXT)}/")
    page.get_by_role("textbox", name="Your answer").fill("A bath and the same song every night")
    page.get_by_text("Answer by speaking instead").click()
    page.get_by_label("Record your answer, or choose a recording from your phone").set_input_files(
        files=[{"name": "answer.webm", "mimeType": "audio/webm", "buffer": WEBM}])
    check_axe(page)
    page.get_by_role("button", name="Save and come back later").click()
    assert VoiceRecording.objects.filter(answer__request=item).exists()
    page.goto(f"/questionnaires/{item.pk}/check/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    check_axe(page)
    page.get_by_role("button", name="Send to school").click()
    expect(page.get_by_text("Thank you. Your answers are with the school.")).to_be_visible()
    expect(page.get_by_text("Sent to school", exact=True)).to_be_visible()
    check_axe(page)


def test_a_parent_with_literacy_needs_is_offered_to_speak_first(page, world, template,
                                                                sign_in_as):
    world.parent_contact.literacy_support = True
    world.parent_contact.save(update_fields=["literacy_support"])
    sent = send(world, template, "Autumn term 2026 baseline", datetime.date(2026, 11, 16))
    item = sent.requests.get(contact=world.parent_contact)
    sign_in_as(page, world.parent)
    page.goto(f"/questionnaires/{item.pk}/")
    expect(page.get_by_text("You can answer each question by speaking")).to_be_visible()
    page.goto(f"/questionnaires/{item.pk}/questions/{number_of(sent, Kind.TEXT)}/")
    expect(page.get_by_role("heading", name="Say your answer")).to_be_visible()
    check_axe(page)


def _answer(world, round_, user, contact, answers):
    item = round_.requests.get(contact=contact)
    for question, (choices, text) in answers.items():
        actions.do_save_answer(request=item, question=question, acting_user=user,
                               choices=choices, text=text)
    return item


def test_the_senco_edits_sends_and_compares(page, world, template, sign_in_as):
    before = send(world, template, "Summer term 2026 baseline", datetime.date(2026, 6, 8))
    now = send(world, template, "Autumn term 2026 baseline", datetime.date(2026, 11, 16))
    questions = {q.kind: q for q in Question.objects.filter(pk__in=now.question_ids)}
    scale, text = questions[Kind.SCALE], questions[Kind.TEXT]
    for round_, point, words in ((before, "2", "A quiet room"), (now, "4", "Her blanket")):
        item = _answer(world, round_, world.parent, world.parent_contact,
                       {scale: ([point], ""), text: ([], words)})
        actions.do_send_to_school(request=item, acting_user=world.parent)
    answer = item.answers.get(question=text)
    recording = VoiceRecording(answer=answer, school=world.school, content_type="audio/webm",
                               extension="webm", size=len(WEBM))
    recording.file.save("a.webm", ContentFile(WEBM), save=False)
    recording.save()

    target = target_for(world.pupil)
    sign_in_as(page, world.senco)
    page.goto(f"/schools/{world.school.urn}/questionnaires/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaires")
    check_axe(page)
    page.get_by_role("link", name=template.name).click()
    check_axe(page)
    page.get_by_role("link", name="Add a question").click()
    check_axe(page)
    page.get_by_label("Question", exact=True).fill("Does your child like water?")
    page.get_by_label("What your child enjoys").check()
    page.get_by_label("Free text").check()
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Change.*Does your child like water")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a question")
    check_axe(page)
    page.goto(f"/schools/{world.school.urn}/questionnaires/{template.pk}/edit/")
    check_axe(page)
    page.goto(f"/schools/{world.school.urn}/questionnaires/send/")
    check_axe(page)
    page.goto(f"/schools/{world.school.urn}/questionnaires/sent/{now.pk}/")
    check_axe(page)
    page.goto(f"/pupils/{world.pupil.pk}/questionnaires/")
    check_axe(page)
    page.get_by_role("link", name="Compare with last time").click()
    expect(page.get_by_text("2 answers changed.")).to_be_visible()
    expect(page.get_by_text("up 2 points")).to_be_visible()
    expect(page.locator("audio")).to_have_count(1)
    check_axe(page)
    # An answer becomes evidence for one of Amira's targets.
    page.get_by_role("link", name=re.compile(
        "^Use as evidence.*" + re.escape(text.text))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Use an answer as evidence")
    check_axe(page)
    page.get_by_label(target.text).check()
    page.get_by_role("button", name="Add as evidence").click()
    expect(page.get_by_text("Added as evidence.")).to_be_visible()
    assert target.evidence.filter(source="questionnaire").exists()
