"""The family's side: Layla (Arabic, needs an interpreter) books a meeting with Amira's
class teacher on her phone in a few taps, gets a longer slot with the interpreter recorded
and adds it to her calendar; moves it and cancels it with a reason. Omar, who lives apart,
books his own and never sees hers; Rex, under a court order, gets 404 everywhere."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from bridgebook.appointments.models import Appointment, AppointmentNotice
from bridgebook.appointments.selectors import free_slots
from bridgebook.appointments.tests.helpers import (
    TODAY,
    TUESDAY,
    at,
    book_for,
    book_url,
    settings_for,
    window,
)
from bridgebook.conftest import signed_in


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _first_key(world, contact, staff=None):
    staff = staff or world.class_teacher
    return free_slots(school=world.school, staff_ids=[staff.pk],
                      contacts=[contact])[staff.pk][0].key


def test_layla_books_a_longer_meeting_with_an_arabic_interpreter(world,
                                                                   django_capture_on_commit_callbacks):
    settings_for(world)
    window(world)
    window(world, day=datetime.date(2026, 3, 5), language="ar", interpreter="Samira Haddad")
    client = signed_in(world.parent)

    # Who: Amira's class teacher, with times with an Arabic interpreter.
    page = client.get(book_url(world))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cara Teacher" in text and "interpreter for Arabic" in text
    # Which day: Thursday's same-language block is offered too.
    days = client.get(book_url(world, staff=world.class_teacher.pk)).content.decode()
    assert "Tuesday 3 March" in days and "Thursday 5 March" in days
    # What time: 35-minute meetings (20 and the school's 15 for the interpreter).
    times = client.get(book_url(world, staff=world.class_teacher.pk, day="2026-03-05"))
    assert "15:30–16:05" in times.content.decode()
    key = _first_key(world, world.parent_contact)
    confirm_url = reverse("appointments:book_confirm", args=[world.pupil.pk])
    confirm = client.get(confirm_url, {"staff": world.class_teacher.pk, "slot": key})
    assert confirm.status_code == 200
    assert "35 minutes" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url, {"staff": world.class_teacher.pk, "slot": key,
                                             "mode": "in_school",
                                             "about": "Sleep and swimming"})
    appointment = Appointment.objects.get(contact=world.parent_contact)
    assert response.status_code == 302
    assert response["Location"] == reverse("appointments:appointment",
                                           args=[appointment.pk]) + "?booked=1"
    assert appointment.starts_at == at(datetime.date(2026, 3, 5), 15, 30)
    assert appointment.ends_at - appointment.starts_at == datetime.timedelta(minutes=35)
    assert appointment.interpreter_language == "ar"
    assert appointment.interpreter_name == "Samira Haddad"
    assert appointment.place == "Reception"
    assert appointment.about == "Sleep and swimming"

    done = client.get(response["Location"]).content.decode()
    assert "Add to my calendar" in done
    ics = client.get(reverse("appointments:calendar", args=[appointment.pk]))
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["UID"]) == appointment.uid
    assert event["DTSTART"].params["TZID"] == "Europe/London"


def test_a_family_without_an_interpreter_is_not_offered_a_same_language_block(world):
    window(world, language="ar", interpreter="Samira Haddad")
    client = signed_in(world.separated_parent)
    page = client.get(book_url(world)).content.decode()
    assert "No free times at the moment" in page
    assert client.get(book_url(world, staff=world.class_teacher.pk)).status_code == 200
    assert "no free times" in client.get(
        book_url(world, staff=world.class_teacher.pk)).content.decode()


def test_a_time_taken_meanwhile_sends_the_family_back_to_choose(world):
    window(world)
    key = _first_key(world, world.separated_contact)
    book_for(world, world.parent_contact, minutes=35)
    client = signed_in(world.separated_parent)
    response = client.post(reverse("appointments:book_confirm", args=[world.pupil.pk]),
                           {"staff": world.class_teacher.pk, "slot": key, "mode": "phone"})
    assert response.status_code == 302
    assert response["Location"].startswith(book_url(world))
    assert Appointment.objects.count() == 1


def test_layla_moves_then_cancels_with_a_reason(world, django_capture_on_commit_callbacks):
    window(world)
    appointment = book_for(world, minutes=35)
    client = signed_in(world.parent)
    move_url = reverse("appointments:move", args=[appointment.pk])
    page = client.get(move_url).content.decode()
    assert "16:05–16:40" in page and "15:30–16:05" not in page
    key = free_slots(school=world.school, staff_ids=[world.class_teacher.pk],
                     contacts=[world.parent_contact], exclude=appointment)[
        world.class_teacher.pk][1].key
    assert client.post(move_url, {"slot": key}).status_code == 400      # no reason
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url, {"slot": key, "reason": "My shift changed"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.sequence == 1
    assert appointment.starts_at == at(TUESDAY, 16, 5)
    assert appointment.change_reason == "My shift changed"
    page = client.get(reverse("appointments:appointment", args=[appointment.pk]))
    assert "My shift changed" in page.content.decode()

    cancel_url = reverse("appointments:cancel", args=[appointment.pk])
    assert client.post(cancel_url, {"reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_url, {"reason": "Amira is ill"})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert appointment.change_reason == "Amira is ill"
    assert list(AppointmentNotice.objects.filter(appointment=appointment).order_by("pk")
                .values_list("what", "sequence")) == [("booked", 0), ("moved", 1),
                                                      ("cancelled", 2)]
    ics = Calendar.from_ical(client.get(
        reverse("appointments:calendar", args=[appointment.pk])).content)
    assert str(ics["METHOD"]) == "CANCEL"
    page = client.get(reverse("appointments:appointment", args=[appointment.pk]))
    assert "This meeting is cancelled." in page.content.decode()


def test_omar_books_his_own_and_never_sees_laylas(world):
    window(world)
    laylas = book_for(world, minutes=35)
    omar = signed_in(world.separated_parent)
    key = _first_key(world, world.separated_contact)
    omar.post(reverse("appointments:book_confirm", args=[world.pupil.pk]),
              {"staff": world.class_teacher.pk, "slot": key, "mode": "phone"})
    his = Appointment.objects.get(contact=world.separated_contact)
    assert his.interpreter_language == ""
    assert his.ends_at - his.starts_at == datetime.timedelta(minutes=20)
    assert his.starts_at == at(TUESDAY, 16, 5)          # after Layla's
    for name in ("appointment", "calendar", "move", "cancel"):
        assert omar.get(reverse(f"appointments:{name}", args=[laylas.pk])).status_code == 404
    tab = omar.get(reverse("appointments:pupil", args=[world.pupil.pk])).content.decode()
    assert reverse("appointments:appointment", args=[his.pk]) in tab
    assert reverse("appointments:appointment", args=[laylas.pk]) not in tab
    upcoming = omar.get(reverse("appointments:upcoming")).content.decode()
    assert reverse("appointments:appointment", args=[laylas.pk]) not in upcoming
    layla = signed_in(world.parent)
    assert layla.get(reverse("appointments:appointment", args=[his.pk])).status_code == 404


def test_rex_gets_404_everywhere(world):
    window(world)
    appointment = book_for(world, minutes=35)
    rex = signed_in(world.restricted_parent)
    for url in (book_url(world), reverse("appointments:pupil", args=[world.pupil.pk]),
                reverse("appointments:book_confirm", args=[world.pupil.pk]),
                reverse("appointments:appointment", args=[appointment.pk]),
                reverse("appointments:calendar", args=[appointment.pk])):
        assert rex.get(url).status_code == 404, url


def test_the_calendar_link_stops_working_when_a_parent_is_restricted(world):
    from bridgebook.people.models import PupilContact

    appointment = book_for(world, world.separated_contact)
    client = signed_in(world.separated_parent)
    url = reverse("appointments:calendar", args=[appointment.pk])
    assert client.get(url).status_code == 200
    PupilContact.objects.filter(contact=world.separated_contact).update(is_restricted=True)
    assert client.get(url).status_code == 404


def test_staff_may_see_the_booking_pages_but_not_book_as_a_family(world):
    assert signed_in(world.class_teacher).get(book_url(world)).status_code == 403
    assert signed_in(world.other_teacher).get(book_url(world)).status_code == 404


@pytest.mark.parametrize("params", [
    {"staff": "²"}, {"staff": "abc"}, {"staff": "١"}, {"staff": "99999999999999999999"},
    {"staff": "{cara}", "day": "9999-12-31"}, {"staff": "{cara}", "day": "0001-01-01"},
    {"staff": "{cara}", "day": "²⁰²⁶-03-03"}, {"staff": "{cara}", "day": "2026-W10-2"},
    {"staff": "{cara}", "day": "2026-02-30"}, {"staff": "{cara}", "day": "abc"},
])
def test_a_made_up_booking_link_is_not_found_never_an_error(world, params):
    """Review P2-8: an id of digits that are not ASCII ("²".isdigit() is True, int("²")
    raises) or a day at the end of time answer 404, not 500."""
    window(world)
    params = {key: value.replace("{cara}", str(world.class_teacher.pk))
              for key, value in params.items()}
    response = signed_in(world.parent).get(book_url(world), params)
    assert response.status_code == 404


def test_a_made_up_last_step_goes_back_to_choosing(world):
    window(world)
    key = _first_key(world, world.parent_contact)
    confirm_url = reverse("appointments:book_confirm", args=[world.pupil.pk])
    client = signed_in(world.parent)
    for staff in ("²", "abc", ""):
        response = client.get(confirm_url, {"staff": staff, "slot": key})
        assert response.status_code == 302
        assert response["Location"] == reverse("appointments:book", args=[world.pupil.pk])
    response = client.post(confirm_url, {"staff": "²", "slot": key, "mode": "in_school"})
    assert response.status_code == 302 and not Appointment.objects.exists()


def test_the_last_day_there_is_has_no_free_times(world):
    window(world)
    found = free_slots(school=world.school, staff_ids=[world.class_teacher.pk],
                       contacts=[world.parent_contact], day=datetime.date.max)
    assert found == {world.class_teacher.pk: []}


def test_each_side_reads_what_the_other_wrote_in_their_language_on_the_page(world, settings):
    """Review P3-13: Layla's Arabic reaches Cara's page in English, marked, the original
    one tap away; what Cara wrote reaches Layla's page in Arabic, and Omar's Arabic-free."""
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    laylas = book_for(world, about="النوم")
    caras = book_for(world, world.separated_contact, by=world.class_teacher,
                     about="Swimming kit", starts=at(TUESDAY, 16, 30))
    staff = signed_in(world.class_teacher)
    page = staff.get(reverse("appointments:appointment", args=[laylas.pk])).content.decode()
    assert "[en] النوم" in page and "Machine translation" in page
    assert 'lang="ar"' in page and "Show the original (Arabic)" in page
    page = staff.get(reverse("appointments:appointment", args=[caras.pk])).content.decode()
    assert "Swimming kit" in page and "[en]" not in page
    layla = signed_in(world.parent, interface_language=None)
    page = layla.get(reverse("appointments:appointment", args=[laylas.pk])).content.decode()
    assert "النوم" in page and "[ar]" not in page          # her own words, as written
    Appointment.objects.filter(pk=laylas.pk).update(about="Swimming kit",
                                                    booked_by=world.class_teacher)
    page = layla.get(reverse("appointments:appointment", args=[laylas.pk])).content.decode()
    assert "[ar] Swimming kit" in page
    omar = signed_in(world.separated_parent)
    page = omar.get(reverse("appointments:appointment", args=[caras.pk])).content.decode()
    assert "Swimming kit" in page and "[" not in page.split("Swimming kit")[0][-20:]
