"""The demo, with dates frozen: Hannah Price, Willow's class teacher, has published next
week's times after school with an Arabic same-language block; Layla Hassan (Amira's
mother, who reads Arabic and needs an interpreter) books a meeting with her on her phone
through the family pages: it is longer (20 minutes and the school's 15 for the interpreter)
with the Arabic interpreter recorded, and she adds it to her calendar."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from bridgebook.appointments.models import Appointment, AppointmentSettings, Availability
from bridgebook.appointments.selectors import free_slots
from bridgebook.conftest import signed_in
from bridgebook.core.models import User
from bridgebook.core.tests.factories import UserFactory
from bridgebook.people.models import Contact, Pupil

LONDON = ZoneInfo("Europe/London")
SEEDED = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)        # a Wednesday
BOOKING = datetime.datetime(2026, 12, 3, 19, 0, tzinfo=LONDON)      # Thursday evening
BLOCK_DAY = datetime.date(2026, 12, 10)                              # next week's Thursday


@pytest.fixture
def demo(db, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    with time_machine.travel(SEEDED, tick=False):
        call_command("seed_demo", "--quiet", stdout=StringIO())


def layla() -> tuple[User, Contact]:
    contact = Contact.objects.get(first_name="Layla", last_name="Hassan")
    if contact.user is None:
        contact.user = UserFactory(email=contact.email or "layla@demo.example",
                                   full_name=contact.full_name)
        contact.save(update_fields=["user"])
    return contact.user, contact


def test_the_demo_publishes_times_after_school(demo):
    settings = AppointmentSettings.objects.get(school__name="Mapledown School")
    assert settings.interpreter_extra_minutes == 15
    hannah = Availability.objects.filter(staff__full_name="Hannah Price").order_by("starts_at")
    assert [w.starts_at.astimezone(LONDON).strftime("%a %d %H:%M") for w in hannah] == [
        "Tue 08 15:30", "Thu 10 15:30"]
    assert [w.language for w in hannah] == ["", "ar"]
    assert Availability.objects.exclude(staff__full_name="Hannah Price").count() == 2
    # Seeding again adds nothing.
    with time_machine.travel(SEEDED, tick=False):
        call_command("seed_demo", "--quiet", stdout=StringIO())
    assert Availability.objects.count() == 4


def test_layla_books_with_hannah_and_an_arabic_interpreter(demo):
    user, contact = layla()
    amira = Pupil.objects.get(legal_first_name="Amira", legal_last_name="Hassan")
    hannah = User.objects.get(full_name="Hannah Price")
    with time_machine.travel(BOOKING, tick=False):
        client = signed_in(user, interface_language=None)
        start = client.get(reverse("appointments:book", args=[amira.pk]))
        assert start.status_code == 200
        assert "Hannah Price" in start.content.decode()
        days = client.get(reverse("appointments:book", args=[amira.pk]),
                          {"staff": hannah.pk})
        assert days.status_code == 200
        times = client.get(reverse("appointments:book", args=[amira.pk]),
                           {"staff": hannah.pk, "day": BLOCK_DAY.isoformat()})
        assert times.status_code == 200
        slot = free_slots(school=amira.school, staff_ids=[hannah.pk],
                          contacts=[contact])[hannah.pk][0]
        assert slot.language == "ar"          # the same-language block comes first
        assert slot.key in times.content.decode()
        confirm = reverse("appointments:book_confirm", args=[amira.pk])
        assert client.get(confirm, {"staff": hannah.pk, "slot": slot.key}).status_code == 200
        done = client.post(confirm, {"staff": hannah.pk, "slot": slot.key,
                                     "mode": "in_school", "about": ""})
        assert done.status_code == 302
        appointment = Appointment.objects.get(contact=contact)
        assert appointment.staff == hannah
        assert appointment.ends_at - appointment.starts_at == datetime.timedelta(minutes=35)
        assert appointment.interpreter_language == "ar"
        assert appointment.interpreter_name == "Samira Haddad (Arabic interpreter)"
        assert appointment.place == "Reception, Mapledown School"
        page = client.get(done["Location"])
        assert page.status_code == 200
        assert 'lang="ar"' in page.content.decode()          # in her language
        ics = client.get(reverse("appointments:calendar", args=[appointment.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(ics.content)
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == appointment.uid
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTSTART"].dt == datetime.datetime(2026, 12, 10, 15, 30, tzinfo=LONDON)
    assert calendar["METHOD"] == "REQUEST"
