"""Lone working: the buddy is alerted once when a check-out is overdue (email, text, in the
app), the senior leader once if nobody acknowledges, and acknowledging stops escalation."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bridgebook.conftest import signed_in
from bridgebook.contact import actions
from bridgebook.contact.lone_working import ALERT, ESCALATION, find_overdue_visits
from bridgebook.contact.models import ContactSettings, HomeVisit, StaffPhone
from bridgebook.contact.tests.factories import visit_for
from bridgebook.messaging.models import OutboxMessage

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def out(world):
    """Tia checked in at Layla's home an hour ago, due out now; Cara is her buddy, with a
    mobile number; Sam the SENCO is the senior leader."""
    StaffPhone.objects.create(user=world.class_teacher, mobile="+447700900100")
    ContactSettings.objects.create(school=world.school, senior_leader=world.senco)
    visit = visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                      buddy=world.class_teacher, starts_in_minutes=-60)
    HomeVisit.objects.filter(pk=visit.pk).update(checked_in_at=visit.starts_at)
    return HomeVisit.objects.get(pk=visit.pk)


def run(at, capture):
    with capture(execute=True):
        return find_overdue_visits(now=at)


def test_no_alert_within_the_grace_minutes(out, django_capture_on_commit_callbacks):
    assert run(out.ends_at + 14 * MINUTE, django_capture_on_commit_callbacks) == []
    assert mail.outbox == []


def test_the_buddy_is_alerted_once_by_email_text_and_in_the_app(
        world, out, django_capture_on_commit_callbacks):
    at = out.ends_at + 15 * MINUTE
    sent = run(at, django_capture_on_commit_callbacks)
    assert [(s.stage, s.user_id) for s in sent] == [(ALERT, world.class_teacher.pk)]
    assert [m.to for m in mail.outbox] == [["cara@mapledown.example"]]
    assert "1 Maple Road" in mail.outbox[0].body
    expected = timezone.localtime(out.ends_at, world.school.tz).strftime("%H:%M")
    assert expected in mail.outbox[0].body
    assert "Amira" not in mail.outbox[0].body
    text = OutboxMessage.objects.get(channel="sms")
    assert text.to == "+447700900100" and "1 Maple Road" in text.body
    assert run(at + MINUTE, django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 1 and OutboxMessage.objects.count() == 1
    page = signed_in(world.class_teacher).get(reverse("contact:landing_alerts")).content.decode()
    assert "Lone working alert" in page


def test_the_claim_is_a_conditional_update(out, django_capture_on_commit_callbacks):
    """A run that lost the race (another set alerted_at first, and sent) sends nothing."""
    at = out.ends_at + 20 * MINUTE
    HomeVisit.objects.filter(pk=out.pk).update(alerted_at=at, alert_emailed_at=at,
                                               alert_texted_at=at)
    assert run(at, django_capture_on_commit_callbacks) == []
    assert mail.outbox == [] and not OutboxMessage.objects.exists()


def test_each_channel_goes_once_whichever_run_sends_it(
        world, out, django_capture_on_commit_callbacks):
    """The run that claimed the alert and a run sweeping up what is unsent share each
    channel's claim: the buddy gets one email and one text however they interleave."""
    at = out.ends_at + 20 * MINUTE
    with django_capture_on_commit_callbacks() as winner:
        assert [s.stage for s in find_overdue_visits(now=at)] == [ALERT]
    run(at + MINUTE, django_capture_on_commit_callbacks)      # sweeps up the unsent
    for callback in winner:                                   # the winner sends after
        callback()
    assert len(mail.outbox) == 1 and OutboxMessage.objects.count() == 1


def test_unacknowledged_alerts_escalate_once_to_the_senior_leader(
        world, out, django_capture_on_commit_callbacks):
    alerted = out.ends_at + 15 * MINUTE
    run(alerted, django_capture_on_commit_callbacks)
    assert run(alerted + 29 * MINUTE, django_capture_on_commit_callbacks) == []
    sent = run(alerted + 30 * MINUTE, django_capture_on_commit_callbacks)
    assert [(s.stage, s.user_id) for s in sent] == [(ESCALATION, world.senco.pk)]
    assert mail.outbox[-1].to == ["sam@mapledown.example"]
    assert "ESCALATED" in mail.outbox[-1].subject
    assert run(alerted + 60 * MINUTE, django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 2
    assert HomeVisit.objects.get(pk=out.pk).escalated_to == world.senco


def test_without_a_senior_leader_the_principal_is_alerted(
        world, out, django_capture_on_commit_callbacks):
    ContactSettings.objects.filter(school=world.school).update(senior_leader=None)
    alerted = out.ends_at + 15 * MINUTE
    run(alerted, django_capture_on_commit_callbacks)
    sent = run(alerted + 30 * MINUTE, django_capture_on_commit_callbacks)
    assert sent[0].user_id == world.principal.pk


@pytest.mark.parametrize("missing", ["lead", "buddy"])
def test_an_escalation_never_goes_to_someone_on_the_visit(
        world, out, missing, django_capture_on_commit_callbacks):
    """The senior leader is the one who has not checked out (or the buddy who has not
    answered): the escalation goes to the principal instead, never to them."""
    HomeVisit.objects.filter(pk=out.pk).update(**{missing: world.senco})
    alerted = out.ends_at + 15 * MINUTE
    run(alerted, django_capture_on_commit_callbacks)
    sent = run(alerted + 30 * MINUTE, django_capture_on_commit_callbacks)
    assert [(s.stage, s.user_id) for s in sent] == [(ESCALATION, world.principal.pk)]


def test_acknowledging_stops_the_escalation(world, out, django_capture_on_commit_callbacks):
    alerted = out.ends_at + 15 * MINUTE
    run(alerted, django_capture_on_commit_callbacks)
    client = signed_in(world.class_teacher)
    assert "1 Maple Road" in client.get(reverse("contact:overdue")).content.decode()
    client.post(reverse("contact:acknowledge", args=[out.pk]))
    visit = HomeVisit.objects.get(pk=out.pk)
    assert visit.acknowledged_by == world.class_teacher and visit.acknowledged_at
    assert run(alerted + 60 * MINUTE, django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 1
    assert "No overdue visits" in client.get(reverse("contact:overdue")).content.decode()


def test_checking_out_stops_the_alert(world, out, django_capture_on_commit_callbacks):
    actions.do_check_out(acting_user=world.therapist, visit=out)
    assert run(out.ends_at + 60 * MINUTE, django_capture_on_commit_callbacks) == []


def test_another_teacher_cannot_acknowledge(world, out, django_capture_on_commit_callbacks):
    run(out.ends_at + 15 * MINUTE, django_capture_on_commit_callbacks)
    response = signed_in(world.office).post(reverse("contact:acknowledge", args=[out.pk]))
    assert response.status_code == 403


def test_the_command_says_what_it_did_and_sends_nothing_twice(
        world, out, django_capture_on_commit_callbacks):
    import time_machine

    with time_machine.travel(out.ends_at + 16 * MINUTE, tick=False):
        output = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("check_home_visits", stdout=output)
        assert "1 alerted, 0 escalated" in output.getvalue()
        output = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("check_home_visits", stdout=output)
        assert "0 alerted, 0 escalated" in output.getvalue()
    assert len(mail.outbox) == 1
