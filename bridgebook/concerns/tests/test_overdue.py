"""The daily job: a concern whose staff could not be emailed when it was raised is sent to
them, and a concern not acknowledged by the end of the school day it was due is flagged to
the school's leaders, each once however often it runs."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from bridgebook.concerns import actions, notifications
from bridgebook.concerns.models import Concern, Status
from bridgebook.concerns.tests.factories import concern_for
from bridgebook.core.models import AuditEvent

D = datetime.date


def _run() -> str:
    out = StringIO()
    call_command("flag_overdue_concerns", stdout=out)
    return out.getvalue()


def test_an_overdue_concern_is_flagged_to_the_leaders_once(world, senior_leader):
    concern = concern_for(world.pupil, world.parent_contact, acknowledge_by=D(2026, 3, 2))
    assert "leaders told: 1" in _run()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert sorted(email.to) == sorted([senior_leader.email, world.principal.email])
    assert "was not acknowledged by the end of Monday 2 March" in email.body
    assert Concern.objects.get(pk=concern.pk).overdue_flagged_at is not None
    assert AuditEvent.objects.filter(object_type="concern", object_id=str(concern.pk),
                                     actor__isnull=True).exists()
    assert "leaders told: 0" in _run()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("due,status", [
    (D(2026, 3, 3), Status.RAISED),          # due by the end of today: not late yet
    (D(2026, 3, 2), Status.ACKNOWLEDGED),    # late, but acknowledged since
    (D(2026, 3, 2), Status.ESCALATED),       # passed to a senior leader already
])
def test_nothing_is_flagged_that_is_not_late_and_waiting(world, due, status):
    concern_for(world.pupil, world.parent_contact, acknowledge_by=due, status=status)
    assert actions.flag_overdue() == 0
    assert mail.outbox == []


def test_a_failed_email_is_tried_again_next_run(world, monkeypatch):
    concern = concern_for(world.pupil, world.parent_contact, acknowledge_by=D(2026, 3, 2))

    def broken(concern_id):
        raise OSError("mail server down")

    monkeypatch.setattr(notifications, "tell_leaders_overdue", broken)
    assert actions.flag_overdue() == 0
    assert Concern.objects.get(pk=concern.pk).overdue_flagged_at is None
    monkeypatch.undo()
    assert actions.flag_overdue() == 1
    assert len(mail.outbox) == 1


def test_a_leader_kept_from_the_child_is_not_told(world):
    """Rex, under a court order about Amira, is also a principal at Mapledown here."""
    from bridgebook.core.tests.factories import StaffRoleFactory
    from bridgebook.people.models import PupilContact

    PupilContact.objects.filter(contact=world.restricted_contact).update(is_restricted=True)
    StaffRoleFactory(user=world.restricted_parent, school=world.school, role="principal")
    concern_for(world.pupil, world.parent_contact, acknowledge_by=D(2026, 3, 2))
    assert actions.flag_overdue() == 1
    assert mail.outbox[0].to == [world.principal.email]


def test_staff_not_told_when_it_was_raised_are_told_by_the_next_run_once(
        world, monkeypatch, django_capture_on_commit_callbacks):
    """The mail server is down as Layla raises her concern: Cara is emailed by the next
    run, once; a second run (or two at once, each claiming it first) sends nothing more."""
    def down(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        concern = actions.do_raise_concern(
            acting_user=world.parent, pupil=world.pupil, contact=world.parent_contact,
            addressed_to="class", text="Amira comes home hungry.")
    assert mail.outbox == []
    assert Concern.objects.get(pk=concern.pk).staff_told_at is None
    monkeypatch.undo()

    assert "staff were not told of, sent now: 1" in _run()
    assert [email.to for email in mail.outbox] == [[world.class_teacher.email]]
    assert "Amira comes home hungry." in mail.outbox[0].body
    assert Concern.objects.get(pk=concern.pk).staff_told_at is not None
    assert "staff were not told of, sent now: 0" in _run()
    assert notifications.tell_staff(concern.pk) is False
    assert len(mail.outbox) == 1


def test_a_concern_acknowledged_since_is_not_sent_to_staff_again(world):
    concern = concern_for(world.pupil, world.parent_contact, status=Status.ACKNOWLEDGED)
    Concern.objects.filter(pk=concern.pk).update(staff_told_at=None)
    assert actions.tell_staff_missed() == 0
    assert mail.outbox == []
