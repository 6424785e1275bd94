"""The staff's side: publishing when they can meet (outside lessons unless they say so, a
same-language block with its interpreter), taking a time back, my appointments with each
family's needs, booking a meeting for a family from the child's page, the meeting page,
notes afterwards, and the school's settings."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from bridgebook.appointments.models import Appointment, AppointmentSettings, Availability
from bridgebook.appointments.tests.helpers import (
    THURSDAY,
    TODAY,
    TUESDAY,
    at,
    book_for,
    settings_for,
    window,
)
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent, LessonPeriod


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def availability_form(**fields) -> dict:
    data = {"day_day": "3", "day_month": "3", "day_year": "2026", "starts": "15:30",
            "ends": "17:30", "slot_minutes": "20", "modes": ["in_school", "phone"],
            "language": "", "interpreter_name": ""}
    data.update(fields)
    return data


def test_cara_publishes_a_time_after_school(world):
    url = reverse("appointments:availability", args=[world.school.urn])
    client = signed_in(world.class_teacher)
    assert client.get(url).status_code == 200
    response = client.post(url, availability_form())
    assert response.status_code == 302
    window = Availability.objects.get(staff=world.class_teacher)
    assert window.starts_at == at(TUESDAY, 15, 30)
    assert window.ends_at == at(TUESDAY, 17, 30)
    assert window.modes == ["in_school", "phone"]
    assert AuditEvent.objects.filter(object_type="availability", actor=world.class_teacher,
                                     action="create").exists()
    page = client.get(url).content.decode()
    assert "Tuesday 3 March 2026, 15:30–17:30" in page


def test_a_time_in_lessons_is_refused_naming_the_lesson_unless_ticked(world):
    LessonPeriod.objects.create(school=world.school, weekday=1, name="Swimming",
                                starts_at=datetime.time(14, 0), ends_at=datetime.time(15, 45))
    url = reverse("appointments:availability", args=[world.school.urn])
    client = signed_in(world.class_teacher)
    response = client.post(url, availability_form())
    assert response.status_code == 400
    assert "This time overlaps Swimming (14:00 to 15:45)" in response.content.decode()
    assert not Availability.objects.exists()
    assert client.post(url, availability_form(during_lessons="on")).status_code == 302
    assert Availability.objects.count() == 1


def test_a_same_language_block_and_mistakes(world):
    url = reverse("appointments:availability", args=[world.school.urn])
    client = signed_in(world.class_teacher)
    client.post(url, availability_form(language="ar", interpreter_name="Samira Haddad"))
    block = Availability.objects.get()
    assert (block.language, block.interpreter_name) == ("ar", "Samira Haddad")
    for bad in ({"ends": "15:00"}, {"modes": []}, {"day_day": "1"},
                {"starts": "16:00", "ends": "16:10"}, {"starts": "16:00", "ends": "18:00"},
                {"day_day": "4", "interpreter_name": "Someone"}):
        assert client.post(url, availability_form(**bad)).status_code == 400, bad
    assert Availability.objects.count() == 1


def test_a_time_is_taken_back_only_when_nothing_is_booked_in_it(world):
    first, second = window(world), window(world, day=datetime.date(2026, 3, 4))
    book_for(world, availability=first)
    client = signed_in(world.class_teacher)
    client.post(reverse("appointments:availability_remove", args=[first.pk]))
    client.post(reverse("appointments:availability_remove", args=[second.pk]))
    assert list(Availability.objects.values_list("pk", flat=True)) == [first.pk]
    other = signed_in(world.other_teacher)
    assert other.post(reverse("appointments:availability_remove",
                              args=[first.pk])).status_code == 404


def test_my_appointments_show_each_familys_needs(world):
    world.parent_contact.literacy_support = True
    world.parent_contact.save(update_fields=["literacy_support"])
    book_for(world, minutes=35, interpreter_language="ar", interpreter_name="Samira Haddad")
    page = signed_in(world.class_teacher).get(
        reverse("appointments:mine", args=[world.school.urn])).content.decode()
    assert "Layla Hassan" in page and "Amira" in page
    assert "Needs an interpreter" in page
    assert "Needs help with reading and writing" in page
    assert "Interpreter booked: Arabic" in page and "Samira Haddad" in page
    other = signed_in(world.other_teacher).get(
        reverse("appointments:mine", args=[world.school.urn])).content.decode()
    assert "Layla Hassan" not in other


def test_cara_books_a_meeting_for_omar_from_amiras_page(world):
    settings_for(world)
    client = signed_in(world.class_teacher)
    url = reverse("appointments:staff_book", args=[world.pupil.pk])
    page = client.get(url).content.decode()
    assert "Omar Hassan" in page and "Layla Hassan" in page and "Rex" not in page
    response = client.post(url, {
        "contact": world.parent_contact.pk, "day_day": "3", "day_month": "3",
        "day_year": "2026", "starts": "16:00", "minutes": "20", "mode": "video",
        "place": "", "interpreter_name": "Language Line", "about": "Transport"})
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.booked_by == world.class_teacher
    assert appointment.ends_at - appointment.starts_at == datetime.timedelta(minutes=35)
    assert appointment.interpreter_language == "ar"
    assert appointment.interpreter_name == "Language Line"
    assert appointment.video_link.startswith("https://meet.example.org/mapledown-")
    # The same time again clashes.
    again = client.post(url, {
        "contact": world.separated_contact.pk, "day_day": "3", "day_month": "3",
        "day_year": "2026", "starts": "16:10", "minutes": "20", "mode": "phone"})
    assert again.status_code == 400
    assert "just been booked" in again.content.decode()
    assert client.post(url, {"contact": world.restricted_contact.pk}).status_code == 400


def test_the_meeting_page_notes_and_calendar(world):
    appointment = book_for(world, minutes=35, interpreter_language="ar")
    client = signed_in(world.class_teacher)
    page = client.get(reverse("appointments:appointment", args=[appointment.pk]))
    text = page.content.decode()
    assert "Move the meeting" in text and "Write the notes of the meeting" in text
    notes_url = reverse("appointments:notes", args=[appointment.pk])
    refused = client.post(notes_url, {"notes": "Talked about sleep"})
    assert refused.status_code == 400                     # not started yet
    with time_machine.travel(at(TUESDAY, 16, 10), tick=False):
        later = signed_in(world.class_teacher)      # a staff session times out when idle
        response = later.post(notes_url, {"notes": "Talked about sleep"})
        assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.notes == "Talked about sleep"
    from bridgebook.contact.models import ContactRecord

    record = ContactRecord.objects.get(pupil=world.pupil)
    assert record.interpreter is True
    assert signed_in(world.senco).get(notes_url).status_code == 403
    ics = client.get(reverse("appointments:calendar", args=[appointment.pk]))
    assert b"SUMMARY:Meeting with Layla Hassan about" in ics.content


def test_a_people_manager_cancels_for_the_teacher(world, django_capture_on_commit_callbacks):
    appointment = book_for(world)
    client = signed_in(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appointments:cancel", args=[appointment.pk]),
                               {"reason": "Cara is on a course"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "cancelled" and appointment.changed_by == world.office
    assert signed_in(world.therapist).get(
        reverse("appointments:cancel", args=[appointment.pk])).status_code == 403


def test_the_settings_page(world):
    url = reverse("appointments:settings", args=[world.school.urn])
    client = signed_in(world.office)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"place": "Hall", "interpreter_extra_minutes": "10",
                            "video_link_template": "http://meet.example.org/room"})
    assert bad.status_code == 400
    good = client.post(url, {"place": "Hall", "interpreter_extra_minutes": "10",
                             "video_link_template": "https://meet.example.org/m-{room}"})
    assert good.status_code == 302
    saved = AppointmentSettings.objects.get(school=world.school)
    assert (saved.place, saved.interpreter_extra_minutes) == ("Hall", 10)
    assert signed_in(world.class_teacher).get(url).status_code == 403


def test_each_write_leaves_an_audit_row_with_its_actor(world, django_capture_on_commit_callbacks):
    from bridgebook.appointments import actions

    with django_capture_on_commit_callbacks() as callbacks:
        window = actions.do_add_availability(
            acting_user=world.senco, school=world.school, starts_at=at(TUESDAY, 15),
            ends_at=at(TUESDAY, 16), slot_minutes=30, modes=["phone"], language="",
            interpreter_name="ignored without a language")
        actions.do_save_settings(acting_user=world.principal, school=world.school,
                                 place="Hall", interpreter_extra_minutes=20,
                                 video_link_template="")
        actions.do_remove_availability(acting_user=world.senco, availability=window)
    assert callbacks == []                   # nothing to tell anyone
    assert window.interpreter_name == ""
    rows = list(AuditEvent.objects.filter(object_type__in=["availability",
                                                           "appointmentsettings"])
                .order_by("pk").values_list("object_type", "action", "actor"))
    assert rows == [("availability", "create", world.senco.pk),
                    ("appointmentsettings", "update", world.principal.pk),
                    ("availability", "delete", world.senco.pk)]


def test_a_parents_evening_meeting_is_not_moved_here(world):
    from bridgebook.appointments.models import ParentsEvening

    evening = ParentsEvening.objects.create(
        school=world.school, name="Spring", booking_closes_at=at(TUESDAY, 9),
        booking_opens_at=at(TUESDAY, 9) - datetime.timedelta(days=7))
    appointment = book_for(world, evening=evening)
    client = signed_in(world.parent)
    page = client.get(reverse("appointments:appointment", args=[appointment.pk]))
    assert "Move the meeting" not in page.content.decode()
    response = client.get(reverse("appointments:move", args=[appointment.pk]))
    assert response.status_code == 302


def test_a_familys_landing_page_offers_a_meeting(world):
    page = signed_in(world.parent).get(reverse("core:home")).content.decode()
    assert "Book a meeting about" in page
    book_for(world)
    page = signed_in(world.parent).get(reverse("core:home")).content.decode()
    assert "1 meeting booked" in page
    omar = signed_in(world.separated_parent).get(reverse("core:home")).content.decode()
    assert "1 meeting booked" not in omar


# Review P2-9: a meeting the family did not come to ---------------------------------------

def _records(world):
    from bridgebook.contact.models import ContactRecord

    return list(ContactRecord.objects.filter(pupil=world.pupil))


def test_a_meeting_counts_as_contact_a_day_after_it_ends(world):
    from bridgebook.appointments import booking

    appointment = book_for(world)                         # Tuesday 15:30–15:50
    with time_machine.travel(at(TUESDAY, 16), tick=False):
        assert booking.count_held_meetings() == 0
    with time_machine.travel(at(TUESDAY + datetime.timedelta(days=1), 15, 40), tick=False):
        assert booking.count_held_meetings() == 0
    with time_machine.travel(at(TUESDAY + datetime.timedelta(days=1), 16), tick=False):
        assert booking.count_held_meetings() == 1
        assert booking.count_held_meetings() == 0
    [record] = _records(world)
    assert record.source_key == f"appointment:{appointment.pk}"


def test_cara_says_the_family_did_not_come(world, django_capture_on_commit_callbacks):
    from bridgebook.appointments import booking
    from bridgebook.messaging.models import Message

    appointment = book_for(world)
    url = reverse("appointments:not_held", args=[appointment.pk])
    page_url = reverse("appointments:appointment", args=[appointment.pk])
    client = signed_in(world.class_teacher)
    # Not before it has started.
    assert "Did not come" not in client.get(page_url).content.decode()
    assert client.post(url).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    messages_before = Message.objects.count()
    with time_machine.travel(at(TUESDAY, 15, 45), tick=False):
        cara = signed_in(world.class_teacher)
        assert "Did not come" in cara.get(page_url).content.decode()
        assert cara.get(url).status_code == 200
        # Only the meeting's own member of staff.
        assert signed_in(world.office).post(url).status_code == 403
        assert signed_in(world.parent).post(url).status_code == 403
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert cara.post(url).status_code == 302
        assert callbacks == []                           # nobody is told
        appointment.refresh_from_db()
        assert appointment.status == "not_held" and appointment.changed_by == world.class_teacher
        assert "Did not happen" in cara.get(page_url).content.decode()
        layla = signed_in(world.parent).get(page_url).content.decode()
        assert "This meeting did not take place." in layla
    assert Message.objects.count() == messages_before
    assert AuditEvent.objects.filter(object_type="appointment", object_id=str(appointment.pk),
                                     action="update", actor=world.class_teacher,
                                     summary__contains="did not come").exists()
    with time_machine.travel(at(TUESDAY + datetime.timedelta(days=3), 9), tick=False):
        assert booking.count_held_meetings() == 0
    assert _records(world) == []
    # Notes are not written for a meeting that did not happen.
    with time_machine.travel(at(TUESDAY, 16), tick=False):
        with pytest.raises(booking.NotBookable):
            booking.record_meeting(appointment, by=world.class_teacher, notes="x")


def test_a_counted_meeting_said_not_to_have_happened_or_cancelled_is_taken_back(world):
    from bridgebook.appointments import booking

    first = book_for(world)
    second = book_for(world, world.separated_contact, starts=at(TUESDAY, 16))
    # Notes count a meeting at once; the hourly job counts the other a day later.
    with time_machine.travel(at(TUESDAY, 16, 30), tick=False):
        booking.record_meeting(first, by=world.class_teacher, notes="Talked about sleep")
    assert len(_records(world)) == 1
    with time_machine.travel(at(TUESDAY + datetime.timedelta(days=1), 17), tick=False):
        assert booking.count_held_meetings() == 1
        assert len(_records(world)) == 2
        booking.mark_not_held(first, by=world.class_teacher)
        assert [r.source_key for r in _records(world)] == [f"appointment:{second.pk}"]
        # A meeting that has started is not cancelled: it did not happen, or it did.
        with pytest.raises(booking.NotBookable):
            booking.cancel(second, by=world.office, reason="Entered by mistake")
        assert len(_records(world)) == 1
        booking.mark_not_held(second, by=world.class_teacher)
        assert _records(world) == []
    assert AuditEvent.objects.filter(object_type="contactrecord", action="delete").count() == 2


def test_separated_parents_who_came_together_are_each_reached(world):
    from bridgebook.appointments import booking

    meeting = book_for(world, with_contacts=[world.separated_contact])
    with time_machine.travel(at(TUESDAY + datetime.timedelta(days=1), 17), tick=False):
        assert booking.count_held_meetings() == 1
        records = _records(world)
        assert sorted(record.household_id for record in records) == sorted(
            [world.parent_contact.household_id, world.separated_contact.household_id])
        assert booking.count_held_meetings() == 0
        booking.mark_not_held(meeting, by=world.class_teacher)
        assert _records(world) == []


def test_a_meeting_that_has_started_is_neither_moved_nor_cancelled(world):
    from bridgebook.appointments import booking

    meeting = book_for(world)
    with time_machine.travel(at(TUESDAY, 15, 35), tick=False):
        with pytest.raises(booking.NotBookable):
            booking.cancel(meeting, by=world.parent, reason="Changed my mind")
        with pytest.raises(booking.NotBookable):
            booking.move(meeting, starts_at=at(THURSDAY, 15, 30),
                         ends_at=at(THURSDAY, 15, 50), by=world.parent)
        meeting.refresh_from_db()
        assert meeting.is_booked and meeting.sequence == 0
        page = signed_in(world.parent).get(reverse("appointments:appointment",
                                                   args=[meeting.pk])).content.decode()
        assert reverse("appointments:cancel", args=[meeting.pk]) not in page
        response = signed_in(world.parent).post(
            reverse("appointments:cancel", args=[meeting.pk]), {"reason": "Late"})
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.is_booked


# Review P2-11: a moved meeting belongs to its new window ---------------------------------

def test_a_moved_meeting_takes_its_new_windows_time_and_interpreter(
        world, django_capture_on_commit_callbacks):
    from bridgebook.appointments import actions, booking
    from bridgebook.appointments.tests.helpers import THURSDAY

    settings_for(world)
    tuesday = window(world)
    thursday = window(world, day=THURSDAY, language="ar", interpreter="Samira Haddad")
    appointment = book_for(world, minutes=35, interpreter_language="ar",
                           availability=tuesday)
    assert appointment.interpreter_name == ""
    # Layla moves it to Thursday's same-language block.
    client = signed_in(world.parent)
    url = reverse("appointments:move", args=[appointment.pk])
    key = f"{thursday.pk}-{int(at(THURSDAY, 15, 30).timestamp())}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"slot": key, "reason": "Work"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.availability == thursday
    assert appointment.interpreter_name == "Samira Haddad"
    # Tuesday's window may be taken back now; Thursday's not.
    actions.do_remove_availability(acting_user=world.class_teacher, availability=tuesday)
    with pytest.raises(actions.AvailabilityError):
        actions.do_remove_availability(acting_user=world.class_teacher, availability=thursday)
    # Back to a time from no same-language block: the block's interpreter does not come.
    booking.move(appointment, starts_at=at(THURSDAY + datetime.timedelta(days=7), 9),
                 ends_at=at(THURSDAY + datetime.timedelta(days=7), 9, 35),
                 by=world.class_teacher, reason="Samira is away")
    appointment.refresh_from_db()
    assert appointment.availability is None and appointment.interpreter_name == ""


def test_an_interpreter_booked_for_the_meeting_itself_stays_when_it_moves(world):
    from bridgebook.appointments import booking

    plain = window(world)
    appointment = book_for(world, minutes=35, interpreter_language="ar",
                           interpreter_name="Hana (by phone)", by=world.class_teacher)
    booking.move(appointment, starts_at=at(TUESDAY, 16, 30), ends_at=at(TUESDAY, 17, 5),
                 by=world.class_teacher, reason="Clash")
    appointment.refresh_from_db()
    # The window that holds the new time, found for a caller that does not say.
    assert appointment.availability == plain
    assert appointment.interpreter_name == "Hana (by phone)"
