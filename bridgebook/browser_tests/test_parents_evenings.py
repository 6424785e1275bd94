"""Parents' evenings in the browser, every page checked with axe: Omar, on his phone, finds
the evening from his landing page and books Amira's and Sami's teachers back to back from a
suggestion, then cancels one with a reason; Layla reads her booking page in Arabic; the
office, at a desktop, sets up an evening (staff, a break) and reads its overview; Cara
reads her schedule with the family's needs and opens the notes of a meeting."""

import datetime

import pytest
from playwright.sync_api import expect

from bridgebook.appointments import booking
from bridgebook.appointments.models import Appointment, ParentsEvening
from bridgebook.appointments.tests.evening_fixtures import open_evening, tomorrow
from bridgebook.browser_tests.conftest import check_axe
from bridgebook.people.tests.factories import PupilContactFactory, PupilFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", ["phone"])
def test_omar_books_back_to_back_on_his_phone_and_cancels_one(page, world, sign_in_as):
    evening = open_evening(world)
    sami = PupilFactory(school=world.school, school_class=world.class_b,
                        legal_first_name="Sami", legal_last_name="Hassan")
    PupilContactFactory(pupil=sami, contact=world.separated_contact, relationship="PAF")
    sign_in_as(page, world.separated_parent)

    page.goto("/")
    page.get_by_role("link", name="Book a time to meet Amira’s teacher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parents’ evenings")
    check_axe(page)
    page.get_by_role("link", name="Book or see your times").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book parents’ evening")
    expect(page.get_by_role("heading", name="Suggested times, one after another")).to_be_visible()
    check_axe(page)

    page.get_by_role("button", name="Choose these times").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your times")
    expect(page.get_by_text("With Cara Teacher about Amira")).to_be_visible()
    expect(page.get_by_text("With Otto Teacher about Sami")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Book these times").click()
    expect(page.get_by_role("heading", name="Your meetings")).to_be_visible()
    check_axe(page)
    assert Appointment.objects.filter(evening=evening, contact=world.separated_contact,
                                      status="booked").count() == 2

    page.get_by_role("link", name="Cancel").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel the meeting?")
    check_axe(page)
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_axe(page)
    page.get_by_label("Why are you cancelling?").fill("Sami has a hospital appointment")
    page.get_by_role("button", name="Cancel the meeting").click()
    expect(page.get_by_text("The meeting is cancelled.")).to_be_visible()
    assert Appointment.objects.filter(evening=evening, contact=world.separated_contact,
                                      status="booked").count() == 1


@pytest.mark.parametrize("width", ["phone"])
def test_layla_reads_the_booking_page_in_arabic(page, world, sign_in_as):
    evening = open_evening(world)
    sign_in_as(page, world.parent, interface_language=None)
    page.goto(f"/parents-evenings/{evening.pk}/book/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    check_axe(page)


@pytest.mark.parametrize("width", ["desktop"])
def test_the_office_sets_up_an_evening_and_cara_reads_her_schedule(
        page, browser, live_server, world, sign_in_as):
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/parents-evenings/")
    check_axe(page)
    page.get_by_role("link", name="Set up a parents’ evening").click()
    check_axe(page)
    today = datetime.date.today()
    day = today + datetime.timedelta(days=14)
    page.get_by_label("Name").fill("Summer parents’ evening")
    page.get_by_label("In school").check()
    for name, date in (("opens_on", today), ("closes_on", day - datetime.timedelta(days=1)),
                       ("day", day)):
        page.locator(f"#id_{name}_day").fill(str(date.day))
        page.locator(f"#id_{name}_month").fill(str(date.month))
        page.locator(f"#id_{name}_year").fill(str(date.year))
    page.get_by_role("button", name="Set up the evening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff taking part")
    check_axe(page)
    page.get_by_label("Member of staff").select_option(label="Cara Teacher")
    page.get_by_label("Room").fill("Class A")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Cara Teacher takes part.")).to_be_visible()
    evening = ParentsEvening.objects.get(name="Summer parents’ evening")
    page.goto(f"/parents-evenings/{evening.pk}/breaks/")
    page.get_by_label("From").fill("17:00")
    page.get_by_label("Until").fill("17:15")
    page.get_by_role("button", name="Add the break").click()
    expect(page.get_by_text("Break added.")).to_be_visible()
    check_axe(page)
    page.goto(f"/parents-evenings/{evening.pk}/overview/")
    expect(page.get_by_role("table", name="Meetings booked with each member of staff")
           ).to_contain_text("Cara Teacher")
    check_axe(page)

    # Cara's schedule for an open evening, with Layla's meeting (Arabic, an interpreter).
    spring = open_evening(world)
    meeting = booking.book(staff=world.class_teacher, pupil=world.pupil,
                           contact=world.parent_contact, starts_at=tomorrow(world.school, 16),
                           ends_at=tomorrow(world.school, 16, 25), by=world.parent,
                           evening=spring, interpreter_language="ar")
    cara = browser.new_context(viewport=page.viewport_size, base_url=live_server.url,
                               locale="en-GB").new_page()
    sign_in_as(cara, world.class_teacher)
    cara.goto(f"/parents-evenings/{spring.pk}/schedule/")
    expect(cara.get_by_text("Interpreter needed")).to_be_visible()
    expect(cara.get_by_text("Layla Hassan")).to_be_visible()
    check_axe(cara)
    # Before the meeting the page says notes come after it (test_evenings.py writes them:
    # moving the clock here would end Cara's signed-in session).
    cara.get_by_role("link", name="Write notes").click()
    expect(cara.get_by_role("heading", level=1)).to_have_text("Notes of the meeting")
    expect(cara.get_by_text("Notes can be written once the meeting has started.")
           ).to_be_visible()
    check_axe(cara)
    assert meeting.notes == ""
    cara.context.close()
