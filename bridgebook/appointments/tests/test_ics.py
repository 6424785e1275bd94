"""The calendar invitation (RFC 5545): parsed back with icalendar, it has every property a
phone's calendar needs; a move keeps the UID and raises SEQUENCE; a cancellation is
METHOD:CANCEL with the same UID."""

import datetime

import pytest
import time_machine
from icalendar import Calendar

from bridgebook.appointments import booking, ics, notifications
from bridgebook.appointments.models import Mode
from bridgebook.appointments.tests.helpers import TODAY, TUESDAY, at, book_for, settings_for


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def parse(data: bytes):
    calendar = Calendar.from_ical(data)
    return calendar, calendar.walk("VEVENT")[0]


def test_the_invitation_has_every_property(world):
    settings_for(world)
    appointment = book_for(world, minutes=35, with_contacts=[world.separated_contact],
                           place="Willow classroom", about="Swimming",
                           interpreter_language="ar", interpreter_name="Samira")
    data = notifications.calendar_file(appointment, for_family=True,
                                       reader=world.parent_contact)
    calendar, event = parse(data)
    assert calendar["PRODID"] == ics.PRODID
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == appointment.uid
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert event["DTSTART"].dt == at(TUESDAY, 15, 30)
    assert event["DTEND"].dt == at(TUESDAY, 16, 5)
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Meeting with Cara Teacher about Amira"
    assert event["LOCATION"] == "Willow classroom"
    assert "An interpreter for Arabic will be there." in event["DESCRIPTION"]
    assert "Swimming" in event["DESCRIPTION"]
    assert str(event["ORGANIZER"]) == "mailto:cara@mapledown.example"
    assert event["ORGANIZER"].params["CN"] == "Cara Teacher"
    # The family's own copy names the reader's address alone (RFC 5546 wants an
    # ATTENDEE), never the other parent's; the member of staff's names both parents coming.
    assert str(event["ATTENDEE"]) == "mailto:layla@family.example"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    _calendar, staff_event = parse(notifications.calendar_file(appointment, for_family=False))
    assert sorted(str(a) for a in staff_event["ATTENDEE"]) == [
        "mailto:layla@family.example", "mailto:omar@family.example"]
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/London"]
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")


def test_the_summary_is_in_the_readers_language(world):
    from django.utils import translation

    appointment = book_for(world)
    with translation.override("ar"):
        _calendar, event = parse(notifications.calendar_file(appointment, for_family=True))
    with translation.override("ar"):
        expected = notifications.summary(appointment, for_family=True)
    assert event["SUMMARY"] == expected


def test_phone_and_video_locations(world):
    settings_for(world)
    phone = book_for(world, mode=Mode.PHONE)
    video = book_for(world, world.separated_contact, starts=at(TUESDAY, 16), mode=Mode.VIDEO)
    assert parse(notifications.calendar_file(phone, for_family=True))[1]["LOCATION"] == "Phone"
    _calendar, event = parse(notifications.calendar_file(video, for_family=True))
    assert event["LOCATION"].startswith("https://meet.example.org/mapledown-")
    assert event["LOCATION"] == video.video_link
    assert str(event["URL"]) == video.video_link


def test_a_move_keeps_the_uid_and_raises_the_sequence_and_a_cancel_is_a_cancel(world):
    appointment = book_for(world)
    _calendar, first = parse(notifications.calendar_file(appointment, for_family=True))
    moved = booking.move(appointment, starts_at=at(TUESDAY, 16), ends_at=at(TUESDAY, 16, 20),
                         by=world.parent, reason="Work")
    calendar, second = parse(notifications.calendar_file(moved, for_family=True))
    assert calendar["METHOD"] == "REQUEST"
    assert str(second["UID"]) == str(first["UID"]) == appointment.uid
    assert second["SEQUENCE"] == first["SEQUENCE"] + 1 == 1
    assert second["DTSTART"].dt == at(TUESDAY, 16)
    cancelled = booking.cancel(moved, by=world.parent, reason="Ill")
    calendar, third = parse(notifications.calendar_file(cancelled, for_family=True))
    assert calendar["METHOD"] == "CANCEL"
    assert str(third["UID"]) == appointment.uid
    assert third["SEQUENCE"] == 2
    assert third["STATUS"] == "CANCELLED"


def test_the_organizer_is_the_member_of_staff_or_else_the_schools_no_reply_address(
        world, settings):
    """Review P3-15: RFC 5546 requires an ORGANIZER on a REQUEST and a CANCEL."""
    settings.DEFAULT_FROM_EMAIL = "Bridgebook <no-reply@mapledown.example>"
    appointment = book_for(world)
    _calendar, event = parse(notifications.calendar_file(appointment, for_family=True))
    assert str(event["ORGANIZER"]) == "mailto:cara@mapledown.example"
    assert str(event["ORGANIZER"].params["CN"]) == "Cara Teacher"
    world.class_teacher.email = ""
    world.class_teacher.save(update_fields=["email"])
    appointment.refresh_from_db()
    for current in (appointment, booking.cancel(appointment, by=world.parent, reason="Ill")):
        calendar, event = parse(notifications.calendar_file(current, for_family=True))
        assert str(event["ORGANIZER"]) == "mailto:no-reply@mapledown.example"
        assert str(event["ORGANIZER"].params["CN"]) == "Mapledown School"
    assert calendar["METHOD"] == "CANCEL"


def test_the_familys_calendar_file_names_only_its_reader(world):
    """Issue 14 audit: each family member's download lists their own address only."""
    from django.urls import reverse

    from bridgebook.conftest import signed_in

    appointment = book_for(world, with_contacts=[world.separated_contact])
    url = reverse("appointments:calendar", args=[appointment.pk])
    for user, address in ((world.parent, "mailto:layla@family.example"),
                          (world.separated_parent, "mailto:omar@family.example")):
        response = signed_in(user).get(url)
        assert response.status_code == 200
        _calendar, event = parse(response.content)
        assert str(event["ATTENDEE"]) == address  # one ATTENDEE, theirs
    cancelled = booking.cancel(appointment, by=world.parent, reason="Ill")
    calendar, event = parse(signed_in(world.separated_parent).get(url).content)
    assert calendar["METHOD"] == "CANCEL"
    assert str(event["ATTENDEE"]) == "mailto:omar@family.example"
    assert cancelled.sequence == 1


def test_a_meeting_that_did_not_happen_is_no_cancellation(world):
    """Issue 14 audit: only a cancelled meeting is METHOD:CANCEL; one its member of staff
    said did not happen stays a REQUEST (its SEQUENCE unchanged)."""
    appointment = book_for(world)
    with time_machine.travel(at(TUESDAY, 15, 40), tick=False):
        not_held = booking.mark_not_held(appointment, by=world.class_teacher)
    assert not_held.is_not_held
    assert ics.method_for(not_held) == ics.REQUEST
    calendar, event = parse(notifications.calendar_file(not_held, for_family=True))
    assert calendar["METHOD"] == "REQUEST"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0


def test_a_household_member_who_is_not_coming_has_not_answered(world):
    """Review: the family's calendar file named its reader as having accepted even when
    they neither booked nor are coming. Fiona lives with Layla (who booked, with Omar
    coming): her copy names her alone (RFC 5546 wants one ATTENDEE), as NEEDS-ACTION;
    Layla's and Omar's as ACCEPTED."""
    from django.urls import reverse

    from bridgebook.conftest import signed_in
    from bridgebook.core.tests.factories import UserFactory
    from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory

    fiona = ContactFactory(school=world.school, household=world.parent_contact.household,
                           first_name="Fiona", email="fiona@family.example")
    fiona.user = UserFactory(email=fiona.email, full_name=fiona.full_name)
    fiona.save(update_fields=["user"])
    PupilContactFactory(pupil=world.pupil, contact=fiona, relationship="STF")
    appointment = book_for(world, with_contacts=[world.separated_contact])
    url = reverse("appointments:calendar", args=[appointment.pk])
    for user, address, answer in (
            (fiona.user, "mailto:fiona@family.example", "NEEDS-ACTION"),
            (world.parent, "mailto:layla@family.example", "ACCEPTED"),
            (world.separated_parent, "mailto:omar@family.example", "ACCEPTED")):
        response = signed_in(user).get(url)
        assert response.status_code == 200
        _calendar, event = parse(response.content)
        assert str(event["ATTENDEE"]) == address  # one ATTENDEE, theirs
        assert event["ATTENDEE"].params["PARTSTAT"] == answer
    _calendar, event = parse(notifications.calendar_file(appointment, for_family=True,
                                                         reader=fiona))
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
