"""What the family and the member of staff are told: each family member of the meeting in
their own language (Layla's dates in Arabic), never the restricted stepfather, each notice
once; the member of staff an email with the invitation attached, once however often it is
asked; tomorrow's reminder once however often the hourly job runs."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from bridgebook.appointments import booking, notifications, reminders
from bridgebook.appointments.models import APPOINTMENT_NOTICE, AppointmentNotice
from bridgebook.appointments.tests.helpers import TODAY, TUESDAY, at, book_for
from bridgebook.messaging.models import Message


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def staff_emails() -> list:
    return [email for email in mail.outbox if email.to == ["cara@mapledown.example"]]


def messages_for(notice) -> dict:
    return {m.contact_id: m for m in Message.objects.filter(kind=APPOINTMENT_NOTICE,
                                                            source_id=notice.pk)}


def test_each_family_member_hears_in_their_language_and_never_the_restricted(
        world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_for(world, minutes=35, interpreter_language="ar",
                               with_contacts=[world.separated_contact,
                                              world.restricted_contact])
    notice = AppointmentNotice.objects.get(appointment=appointment, what="booked")
    sent = messages_for(notice)
    assert set(sent) == {world.parent_contact.pk, world.separated_contact.pk}
    layla, omar = sent[world.parent_contact.pk], sent[world.separated_contact.pk]
    assert layla.language == "ar"
    assert "مارس" in layla.body                    # 3 March, in Arabic
    assert "March" in omar.body and "15:30" in omar.body
    assert "Cara Teacher" in omar.body and "In school" in omar.body
    assert "An interpreter for Arabic will be there." in omar.body
    assert f"/appointments/{appointment.pk}/meeting.ics" in omar.body
    assert list(layla.pupils.all()) == [world.pupil]
    # Told once, however often asked.
    notifications.tell(notice.pk)
    assert Message.objects.filter(kind=APPOINTMENT_NOTICE, source_id=notice.pk).count() == 2


def test_a_change_carries_its_reason(world, django_capture_on_commit_callbacks):
    appointment = book_for(world, world.separated_contact)
    with django_capture_on_commit_callbacks(execute=True):
        booking.move(appointment, starts_at=at(TUESDAY, 16), ends_at=at(TUESDAY, 16, 20),
                     by=world.class_teacher, reason="A staff meeting")
    moved = AppointmentNotice.objects.get(appointment=appointment, what="moved")
    body = messages_for(moved)[world.separated_contact.pk].body
    assert "16:00" in body and "Reason: A staff meeting" in body
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(appointment, by=world.separated_parent, reason="Work")
    cancelled = AppointmentNotice.objects.get(appointment=appointment, what="cancelled")
    message = messages_for(cancelled)[world.separated_contact.pk]
    assert "cancelled" in message.subject and "Reason: Work" in message.body


def test_the_member_of_staff_gets_the_invitation_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_for(world, minutes=35, interpreter_language="ar",
                               about="Sleep")
    assert len(staff_emails()) == 1
    email = staff_emails()[0]
    assert "Layla Hassan" in email.body and "needs an interpreter for Arabic" in email.body
    assert "Sleep" in email.body
    name, content, mimetype = email.attachments[0]
    assert name == "meeting.ics" and mimetype == "text/calendar; method=REQUEST"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["UID"]) == appointment.uid
    notice = AppointmentNotice.objects.get(appointment=appointment)
    assert notice.staff_emailed_at is not None
    assert notifications.email_staff.call(notice_id=notice.pk) is False
    notifications.tell(notice.pk)
    assert len(staff_emails()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(appointment, by=world.parent, reason="Ill")
    assert len(staff_emails()) == 2
    _name, content, mimetype = staff_emails()[1].attachments[0]
    assert mimetype == "text/calendar; method=CANCEL"
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == appointment.uid


def test_a_failed_email_is_sent_by_the_next_attempt(world, monkeypatch):
    appointment = book_for(world)
    notice = AppointmentNotice.objects.get(appointment=appointment)

    def broken(self, *args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(ConnectionError):
        notifications.email_staff.call(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.staff_emailed_at is None
    monkeypatch.undo()
    assert notifications.email_staff.call(notice_id=notice.pk) is True
    assert len(staff_emails()) == 1


def test_tomorrows_meetings_are_reminded_once(world, django_capture_on_commit_callbacks):
    tomorrow = book_for(world, starts=at(TUESDAY, 15, 30))
    later = book_for(world, world.separated_contact,
                     starts=at(TUESDAY + datetime.timedelta(days=1), 15, 30))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_appointment_reminders", stdout=StringIO())
    reminder = AppointmentNotice.objects.get(what="reminder")
    assert reminder.appointment == tomorrow
    message = messages_for(reminder)[world.parent_contact.pk]
    assert message.language == "ar"
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("send_appointment_reminders", stdout=out)
    assert "Sent 0 appointment reminders." in out.getvalue()
    assert AppointmentNotice.objects.filter(what="reminder").count() == 1
    assert Message.objects.filter(kind=APPOINTMENT_NOTICE, source_id=reminder.pk).count() == 1
    assert not AppointmentNotice.objects.filter(appointment=later, what="reminder").exists()
    assert staff_emails() == []          # the reminder is the family's


def test_tomorrow_is_by_the_schools_clock(world):
    # At 00:30 on a Tuesday in June it is still Monday in UTC: Wednesday's meeting is the
    # school's tomorrow, and Tuesday's is today.
    tuesday = datetime.date(2026, 6, 2)
    with time_machine.travel(at(tuesday, 0, 30), tick=False):
        today = book_for(world, starts=at(tuesday, 15))
        wednesday = book_for(world, world.separated_contact,
                             starts=at(tuesday + datetime.timedelta(days=1), 9))
        assert [a.pk for a in reminders.due_tomorrow()] == [wednesday.pk]
        assert today.pk not in [a.pk for a in reminders.due_tomorrow()]
