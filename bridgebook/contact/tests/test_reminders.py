"""The termly reminder: each class teacher once a term, in the weeks before it ends,
naming the families not reached (never the restricted contact)."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

from bridgebook.contact.models import TermReminder
from bridgebook.contact.tests.factories import record_for, term_around
from bridgebook.people.models import ClassStaff


def teachers(world):
    ClassStaff.objects.filter(user__in=[world.class_teacher, world.other_teacher]).update(
        is_class_teacher=True)


def test_no_reminder_early_in_the_term(world):
    teachers(world)
    term_around(world.school, ends_in_days=40)
    call_command("remind_termly_contact", stdout=StringIO())
    assert mail.outbox == []


def test_each_class_teacher_is_reminded_once_a_term(world):
    teachers(world)
    term_around(world.school, ends_in_days=15)
    record_for(world.pupil, world.class_teacher, household=world.parent_contact.household)
    output = StringIO()
    call_command("remind_termly_contact", stdout=output)
    assert "Sent 1 termly contact reminders" in output.getvalue()
    # Class B has no families; Class A has Omar's home left.
    [email] = mail.outbox
    assert email.to == ["cara@mapledown.example"]
    assert "Omar Hassan" in email.body and "Layla" not in email.body and "Rex" not in email.body
    call_command("remind_termly_contact", stdout=StringIO())
    assert len(mail.outbox) == 1 and TermReminder.objects.count() == 1
