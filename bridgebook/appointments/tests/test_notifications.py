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


# Review P2-7: nothing is lost when telling fails ------------------------------------------

def _run_hourly_job() -> str:
    out = StringIO()
    call_command("send_appointment_reminders", stdout=out)
    return out.getvalue()


def test_the_staff_email_goes_even_when_the_familys_messages_fail(
        world, monkeypatch, django_capture_on_commit_callbacks):
    def broken(notice):
        raise RuntimeError("messaging is down")

    monkeypatch.setattr(notifications, "tell_family", broken)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_for(world, starts=at(TUESDAY + datetime.timedelta(days=2), 15, 30))
    assert len(staff_emails()) == 1
    notice = AppointmentNotice.objects.get(appointment=appointment, what="booked")
    assert not messages_for(notice)
    monkeypatch.undo()
    # The next hourly run writes the family's messages, once.
    with time_machine.travel(TODAY + datetime.timedelta(minutes=15), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert "1 family notices" in _run_hourly_job()
        assert set(messages_for(notice)) == {world.parent_contact.pk}
        with django_capture_on_commit_callbacks(execute=True):
            _run_hourly_job()
    assert Message.objects.filter(kind=APPOINTMENT_NOTICE, source_id=notice.pk).count() == 1
    assert len(staff_emails()) == 1


def test_a_failed_staff_email_is_sent_by_the_next_hourly_run_and_only_once(
        world, monkeypatch, django_capture_on_commit_callbacks):
    def broken(self, *args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_for(world)            # the failure does not reach the booking
        old = book_for(world, world.separated_contact, starts=at(TUESDAY, 16, 30))
        booking.move(old, starts_at=at(TUESDAY, 17), ends_at=at(TUESDAY, 17, 20),
                     by=world.class_teacher, reason="A staff meeting")
    booked = AppointmentNotice.objects.get(appointment=appointment, what="booked")
    assert booked.staff_emailed_at is None and staff_emails() == []
    assert set(messages_for(booked)) == {world.parent_contact.pk}
    monkeypatch.undo()
    # Left alone while it may still be on its way; then sent, once.
    with django_capture_on_commit_callbacks(execute=True):
        _run_hourly_job()
    assert staff_emails() == []
    for minutes in (15, 75, 135):
        with time_machine.travel(TODAY + datetime.timedelta(minutes=minutes), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                _run_hourly_job()
    subjects = sorted(email.subject for email in staff_emails())
    # Layla's booking, and Omar's meeting as it is now (moved), not its old booking.
    assert len(subjects) == 2
    assert subjects[0].startswith("Meeting booked") and "15:30" in subjects[0]
    assert subjects[1].startswith("Meeting moved") and "17:00" in subjects[1]
    booked.refresh_from_db()
    assert booked.staff_emailed_at is not None
    assert Message.objects.filter(kind=APPOINTMENT_NOTICE, source_id=booked.pk).count() == 1


def test_one_reminder_failing_does_not_stop_the_others(world, monkeypatch,
                                                      django_capture_on_commit_callbacks):
    first = book_for(world, starts=at(TUESDAY, 15, 30))
    second = book_for(world, world.separated_contact, starts=at(TUESDAY, 16, 30))
    real = booking.remind

    def remind(appointment):
        if appointment.pk == first.pk:
            raise RuntimeError("locked")
        return real(appointment)

    monkeypatch.setattr(booking, "remind", remind)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 1
    assert AppointmentNotice.objects.filter(what="reminder").get().appointment == second


# Review P3-13 and P3-14: what each side wrote, in the reader's language ------------------

@pytest.fixture
def local_backend(settings):
    """The local backend marks a translation "[ar] …" rather than translating."""
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


def test_what_layla_wrote_reaches_staff_in_english_marked_with_the_original(
        world, local_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_for(world, about="النوم")
    email = staff_emails()[0]
    assert "To talk about: [en] النوم (machine translated)" in email.body
    assert "As written (Arabic): النوم" in email.body
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(appointment, by=world.parent, reason="مريضة")
    assert "Reason: [en] مريضة (machine translated)" in staff_emails()[1].body
    # Layla reads her own words as she wrote them.
    cancelled = AppointmentNotice.objects.get(appointment=appointment, what="cancelled")
    body = messages_for(cancelled)[world.parent_contact.pk].body
    assert "مريضة" in body and "[ar]" not in body


def test_what_staff_wrote_reaches_each_family_member_in_theirs(
        world, local_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_for(world, by=world.class_teacher, about="Swimming",
                               with_contacts=[world.separated_contact])
    notice = AppointmentNotice.objects.get(appointment=appointment, what="booked")
    sent = messages_for(notice)
    assert "[ar] Swimming (ترجمة آلية)" in sent[world.parent_contact.pk].body
    assert "To talk about: Swimming\n" in sent[world.separated_contact.pk].body
    # The staff email keeps the staff's own words.
    assert "To talk about: Swimming\n" in staff_emails()[0].body
    # Layla's calendar file, in Arabic.
    from django.urls import reverse

    from bridgebook.conftest import signed_in

    layla = signed_in(world.parent, interface_language=None)
    data = layla.get(reverse("appointments:calendar", args=[appointment.pk])).content
    description = str(Calendar.from_ical(data).walk("VEVENT")[0]["DESCRIPTION"])
    assert "[ar] Swimming (ترجمة آلية)" in description


def test_a_reason_from_someone_else_in_the_household_is_in_their_language(
        world, local_backend, django_capture_on_commit_callbacks):
    """Review P3-14: Layla's partner Piotr (Polish, her household, not at the meeting) moves
    it: his reason is Polish, so staff read it translated from Polish and Layla in Arabic."""
    from bridgebook.core.tests.factories import UserFactory
    from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory

    piotr = ContactFactory(school=world.school, household=world.parent_contact.household,
                           first_name="Piotr", last_name="Nowak", language="pl",
                           email="piotr@family.example")
    PupilContactFactory(pupil=world.pupil, contact=piotr, relationship="PAF",
                        parental_responsibility=True, priority=4)
    piotr.user = UserFactory(email=piotr.email, full_name="Piotr Nowak")
    piotr.save(update_fields=["user"])
    appointment = book_for(world)
    assert notifications.reason_language(appointment) == "en"
    with django_capture_on_commit_callbacks(execute=True):
        booking.move(appointment, starts_at=at(TUESDAY, 16), ends_at=at(TUESDAY, 16, 20),
                     by=piotr.user, reason="Praca")
    appointment.refresh_from_db()
    assert notifications.reason_language(appointment) == "pl"
    moved = [email for email in staff_emails() if email.subject.startswith("Meeting moved")]
    assert "Reason: [en] Praca (machine translated)" in moved[0].body
    assert "As written (Polish): Praca" in moved[0].body
    notice = AppointmentNotice.objects.get(appointment=appointment, what="moved")
    assert "[ar] Praca" in messages_for(notice)[world.parent_contact.pk].body


def test_a_notice_overtaken_by_a_later_change_sends_no_staff_email(world):
    """The booking's email had not gone when the meeting was cancelled: only the
    cancellation reaches the member of staff, never a stale "Meeting booked"."""
    appointment = book_for(world)
    booked = AppointmentNotice.objects.get(appointment=appointment, what="booked")
    booking.cancel(appointment, by=world.parent, reason="Ill")
    assert notifications.email_staff.call(notice_id=booked.pk) is False
    cancelled = AppointmentNotice.objects.get(appointment=appointment, what="cancelled")
    assert notifications.email_staff.call(notice_id=cancelled.pk) is True
    assert [email.subject.split(":")[0] for email in staff_emails()] == ["Meeting cancelled"]


def test_the_familys_calendar_file_names_no_ones_email_address(world):
    appointment = book_for(world, with_contacts=[world.separated_contact])
    family = Calendar.from_ical(notifications.calendar_file(appointment, for_family=True))
    assert "ATTENDEE" not in family.walk("VEVENT")[0]
    staff = Calendar.from_ical(notifications.calendar_file(appointment, for_family=False))
    attendees = staff.walk("VEVENT")[0]["ATTENDEE"]
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert {str(a) for a in attendees} >= {f"mailto:{world.parent_contact.email}"}


def test_an_interpreter_still_to_find_is_said_so_to_staff(world):
    appointment = book_for(world, minutes=35, interpreter_language="ar")
    notice = AppointmentNotice.objects.get(appointment=appointment)
    body = notifications.staff_email(notice).body
    assert "none is named for this meeting yet" in body
