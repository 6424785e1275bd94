"""Appointments in the browser, every page checked with axe: Layla, on her phone, books a
meeting with Amira's class teacher (a longer one, with the Arabic interpreter of a
same-language block), adds it to her calendar, moves it and cancels it with a reason, and
reads it in Arabic; Cara, at a desktop, publishes when she can meet (refused in lesson time
until she says so), reads her appointments with each family's needs, books a meeting for
Omar from Amira's page and opens it; the office sets the school's settings. Cara reads what
Layla wrote in English (machine translated, the Arabic one tap away) and says, once the
meeting has started, that the family did not come."""

import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from bridgebook.appointments.demo import next_week
from bridgebook.appointments.models import Appointment, AppointmentSettings, Availability
from bridgebook.browser_tests.conftest import check_axe
from bridgebook.core.models import LessonPeriod

pytestmark = pytest.mark.django_db(transaction=True)


def _at(day: datetime.date, hour: int, minute: int, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tz)


def _times(world) -> tuple[datetime.date, datetime.date]:
    """Cara's times next week: Tuesday after school, and Thursday's Arabic block."""
    AppointmentSettings.objects.create(school=world.school, place="Reception",
                                       interpreter_extra_minutes=15)
    monday = next_week(timezone.localdate())
    tuesday, thursday = monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=3)
    tz = world.school.tz
    Availability.objects.create(school=world.school, staff=world.class_teacher,
                                starts_at=_at(tuesday, 15, 30, tz),
                                ends_at=_at(tuesday, 17, 30, tz), slot_minutes=20,
                                modes=["in_school", "phone", "video"])
    Availability.objects.create(school=world.school, staff=world.class_teacher,
                                starts_at=_at(thursday, 15, 30, tz),
                                ends_at=_at(thursday, 17, 0, tz), slot_minutes=20,
                                modes=["in_school"], language="ar",
                                interpreter_name="Samira Haddad")
    return tuesday, thursday


@pytest.mark.parametrize("width", ["phone"])
def test_layla_books_moves_and_cancels_on_her_phone(page, world, sign_in_as):
    tuesday, thursday = _times(world)
    amira = world.pupil
    sign_in_as(page, world.parent)

    page.goto(f"/pupils/{amira.pk}/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    check_axe(page)
    page.get_by_role("link", name="Book a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who would you like to meet?")
    expect(page.get_by_text("An interpreter for Arabic will be there.")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Cara Teacher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which day?")
    check_axe(page)
    page.get_by_role("link", name=thursday.strftime("%A %-d %B")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What time?")
    expect(page.get_by_text("Each meeting is 35 minutes long.")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name=re.compile(r"^15:30–16:05")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and book")
    check_axe(page)
    page.get_by_label("What would you like to talk about?").fill("Sleep and swimming")
    page.get_by_role("button", name="Book the meeting").click()

    expect(page.get_by_role("heading", name="Your meeting is booked")).to_be_visible()
    appointment = Appointment.objects.get(contact=world.parent_contact)
    assert appointment.interpreter_language == "ar"
    assert appointment.interpreter_name == "Samira Haddad"
    assert appointment.ends_at - appointment.starts_at == datetime.timedelta(minutes=35)
    check_axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar").click()
    calendar = Calendar.from_ical(open(download.value.path(), "rb").read())
    assert str(calendar.walk("VEVENT")[0]["UID"]) == appointment.uid
    # Her own copy names her address alone (RFC 5546 wants an ATTENDEE).
    assert str(calendar.walk("VEVENT")[0]["ATTENDEE"]) == "mailto:layla@family.example"

    page.get_by_role("link", name="Move the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move the meeting")
    check_axe(page)
    page.get_by_role("button", name="Move the meeting").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_axe(page)
    page.get_by_role("radio", name="16:05–16:40", exact=True).check()
    page.get_by_label("Why are you moving it?").fill("I work late that day")
    page.get_by_role("button", name="Move the meeting").click()
    expect(page.get_by_text("The meeting has moved. Everyone has been told.")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.sequence == 1
    # Now in Tuesday's window: the Thursday block's interpreter does not come with it (an
    # interpreter for Arabic is still needed).
    assert appointment.availability.starts_at == _at(tuesday, 15, 30, world.school.tz)
    assert appointment.interpreter_language == "ar" and appointment.interpreter_name == ""

    page.get_by_role("link", name="Cancel the meeting").click()
    check_axe(page)
    page.get_by_label("Why are you cancelling?").fill("Amira is ill")
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page.get_by_text("This meeting is cancelled.")).to_be_visible()
    check_axe(page)
    page.goto("/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your meetings")
    check_axe(page)

    # In her own language, right to left.
    page.context.clear_cookies()
    sign_in_as(page, world.parent, interface_language=None)
    page.goto(f"/appointments/{appointment.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check_axe(page)
    page.goto(f"/pupils/{amira.pk}/meetings/book/")
    check_axe(page)


@pytest.mark.parametrize("width", ["desktop"])
def test_cara_publishes_her_times_and_books_for_omar(page, world, sign_in_as):
    _times(world)
    LessonPeriod.objects.create(school=world.school, weekday=2, name="Swimming",
                                starts_at=datetime.time(14, 0), ends_at=datetime.time(15, 45))
    wednesday = next_week(timezone.localdate()) + datetime.timedelta(days=2)
    sign_in_as(page, world.class_teacher)

    page.goto(f"/schools/{world.school.urn}/appointments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My appointments")
    check_axe(page)
    page.get_by_role("link", name="When I can meet families").click()
    check_axe(page)
    page.get_by_label("Day", exact=True).fill(str(wednesday.day))
    page.get_by_label("Month", exact=True).fill(str(wednesday.month))
    page.get_by_label("Year", exact=True).fill(str(wednesday.year))
    page.get_by_label("From", exact=True).fill("15:30")
    page.get_by_label("Until", exact=True).fill("17:00")
    page.get_by_role("button", name="Add this time").click()
    expect(page.get_by_text("This time overlaps Swimming (14:00 to 15:45)").first).to_be_visible()
    check_axe(page)
    page.get_by_label("During lessons").check()
    page.get_by_role("button", name="Add this time").click()
    expect(page.get_by_text("Families can now book this time.")).to_be_visible()
    check_axe(page)

    page.goto(f"/pupils/{world.pupil.pk}/meetings/")
    check_axe(page)
    page.get_by_role("link", name="Book a meeting with the family").click()
    check_axe(page)
    page.get_by_label("Omar Hassan").check()
    page.get_by_label("Day", exact=True).fill(str(wednesday.day))
    page.get_by_label("Month", exact=True).fill(str(wednesday.month))
    page.get_by_label("Year", exact=True).fill(str(wednesday.year))
    page.get_by_label("Time", exact=True).fill("16:30")
    page.get_by_label("By phone").check()
    page.get_by_role("button", name="Book the meeting").click()
    expect(page.get_by_text("The meeting is booked. The family has been told.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting with Omar Hassan")
    check_axe(page)
    page.get_by_role("link", name="Write the notes of the meeting").click()
    check_axe(page)

    page.goto(f"/schools/{world.school.urn}/appointments/")
    expect(page.get_by_role("table")).to_contain_text("Omar Hassan")
    check_axe(page)

    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/appointments/settings/")
    check_axe(page)
    page.get_by_label("video meeting link").fill("https://meet.example.org/mapledown-{room}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The settings for appointments are saved.")).to_be_visible()
    check_axe(page)


@pytest.mark.parametrize("width", ["desktop"])
def test_cara_reads_laylas_words_and_says_the_family_did_not_come(page, world, sign_in_as,
                                                                  settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    starts = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=10)
    appointment = Appointment.objects.create(
        school=world.school, staff=world.class_teacher, pupil=world.pupil,
        contact=world.parent_contact, household=world.parent_contact.household,
        starts_at=starts, ends_at=starts + datetime.timedelta(minutes=35),
        about="النوم والسباحة", booked_by=world.parent, interpreter_language="ar")
    sign_in_as(page, world.class_teacher)
    page.goto(f"/appointments/{appointment.pk}/")
    expect(page.get_by_text("[en] النوم والسباحة")).to_be_visible()
    expect(page.get_by_text("Machine translation")).to_be_visible()
    page.get_by_text("Show the original (Arabic)").click()
    expect(page.locator(".bb-original[lang=ar]")).to_have_text("النوم والسباحة")
    check_axe(page)
    page.get_by_role("link", name="Did not come: the meeting did not happen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The family did not come")
    check_axe(page)
    page.get_by_role("button", name="The meeting did not happen").click()
    expect(page.get_by_text("The meeting is marked as not happened.")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Did not happen")
    check_axe(page)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.NOT_HELD
