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
