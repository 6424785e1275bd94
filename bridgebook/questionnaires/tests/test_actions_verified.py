"""Every questionnaire action through ``verify_action``: audited by whoever acts (never
with what a family answered), the families told only after commit."""

import datetime

from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.models import Message
from bridgebook.questionnaires import actions
from bridgebook.questionnaires.models import (
    Answer,
    Kind,
    Question,
    QuestionnaireRequest,
    QuestionnaireTemplate,
    Topic,
)
from bridgebook.questionnaires.tests.conftest import question_of, request_for

Action = AuditEvent.Action


def test_the_standard_template_is_set_up_once(world):
    with verify_action(actor=world.senco, event_type=Action.CREATE) as result:
        template = actions.do_ensure_standard_template(school=world.school,
                                                       acting_user=world.senco)
    assert template.is_standard and template.questions.exists()
    assert result.audit_events[0].summary.startswith("Set up the standard questionnaire")
    assert actions.do_ensure_standard_template(school=world.school,
                                               acting_user=world.senco) == template
    assert QuestionnaireTemplate.objects.filter(school=world.school).count() == 1


def test_changing_the_template(world, template):
    with verify_action(actor=world.senco, event_type=Action.UPDATE) as result:
        actions.do_update_template(template=template, acting_user=world.senco,
                                   name="Baseline", intro="A few questions.")
    template.refresh_from_db()
    assert (template.name, template.intro) == ("Baseline", "A few questions.")
    assert set(result.audit_events[0].changes) == {"name", "intro"}


def test_adding_changing_moving_and_removing_a_question(world, template):
    data = {"topic": Topic.SLEEP, "kind": Kind.CHOICE, "text": "Does she nap?", "hint": "",
            "options": [{"label": "Yes"}, {"label": "No"}], "multiple": False}
    with verify_action(actor=world.senco, event_type=Action.CREATE):
        question = actions.do_add_question(template=template, acting_user=world.senco,
                                           data=data)
    question.refresh_from_db()
    assert [option["key"] for option in question.options] == ["o1", "o2"]

    with verify_action(actor=world.senco, event_type=Action.UPDATE) as changed:
        actions.do_change_question(question=question, acting_user=world.senco,
                                   data={**data, "text": "Does she nap in the day?"})
    question.refresh_from_db()
    assert question.text == "Does she nap in the day?"
    assert "text" in changed.audit_events[0].changes

    sleep = list(Question.objects.filter(template=template, topic=Topic.SLEEP,
                                         removed_at__isnull=True).order_by("position"))
    assert sleep[-1] == question and len(sleep) > 1
    with verify_action(actor=world.senco, event_type=Action.UPDATE) as moved:
        actions.do_move_question(question=question, acting_user=world.senco, up=True)
    after = list(Question.objects.filter(template=template, topic=Topic.SLEEP,
                                         removed_at__isnull=True).order_by("position"))
    assert after[-2:] == [question, sleep[-2]]                 # one place up
    assert "Moved a question up" in moved.audit_events[0].summary

    with verify_action(actor=world.senco, event_type=Action.DELETE):
        actions.do_remove_question(question=question, acting_user=world.senco)
    question.refresh_from_db()
    assert question.removed_at is not None


def test_sending_a_round_tells_each_family_member_after_commit(world, template):
    with verify_action(actor=world.senco, event_type=Action.CREATE) as result:
        sent = actions.do_send_round(school=world.school, template=template,
                                     acting_user=world.senco, name="Baseline",
                                     sent_on=datetime.date(2026, 11, 16), pupils=[world.pupil])
    contacts = set(sent.requests.values_list("contact_id", flat=True))
    assert world.parent_contact.pk in contacts and world.restricted_contact.pk not in contacts
    told = set(Message.objects.filter(kind=actions.QUESTIONNAIRE, source_id=sent.pk)
               .values_list("contact_id", flat=True))
    assert told == contacts
    assert result.audit_events[0].summary.startswith("Sent the questionnaire Baseline")


def test_answering_and_sending_to_school(world, sent):
    item = request_for(sent, world.parent_contact)
    question = question_of(sent, Kind.TEXT)
    with verify_action(actor=world.parent, event_type=Action.UPDATE) as answered:
        answer = actions.do_save_answer(request=item, question=question,
                                        acting_user=world.parent, choices=[],
                                        text="She sleeps well.")
    assert Answer.objects.get(pk=answer.pk).text == "She sleeps well."
    assert "sleeps" not in answered.audit_events[0].summary       # never what was answered

    with verify_action(actor=world.parent, event_type=Action.UPDATE):
        assert actions.do_send_to_school(request=item, acting_user=world.parent)
    item.refresh_from_db()
    assert item.status == QuestionnaireRequest.Status.SENT and item.submitted_at
