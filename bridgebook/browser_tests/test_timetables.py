"""A class teacher writes Class A's week, gives Amira a change of her own and sends it to
families; Amira's mother opens the Timetable tab of Amira's page. Every page is checked
with axe at phone and desktop widths."""

import datetime

import pytest
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.diary import symbols
from bridgebook.messaging.models import Message
from bridgebook.timetables import actions
from bridgebook.timetables.models import TIMETABLE, Kind, TimetableSession, Variation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(page):
    """The tab, with the symbols answered from the symbol files in the test itself: the live
    server shares one in-memory SQLite connection between its threads, and a timetable asks
    for many symbols at once (see test_class_day.py)."""
    def fulfil(route):
        hexcode = route.request.url.rsplit("/", 1)[-1].split(".svg")[0]
        route.fulfill(status=200, content_type="image/svg+xml",
                      body=symbols.symbol_svg(hexcode))

    page.route("**/symbols/*.svg*", fulfil)
    return page


def _week(world) -> TimetableSession:
    def add(weekday, starts, ends, what, kind, **extra):
        return actions.do_add_session(
            school_class=world.class_a, acting_user=world.class_teacher,
            data={"weekday": weekday, "starts_at": datetime.time(*starts),
                  "ends_at": datetime.time(*ends), "what": what, "kind": kind, **extra})

    for day in range(5):
        add(day, (9, 15), (10, 15), "Morning circle", Kind.LESSON)
        add(day, (12, 15), (13, 15), "Lunch", Kind.BREAK, symbol="1F374")
    add(1, (13, 15), (14, 15), "Swimming at the leisure centre", Kind.SWIMMING,
        notes="Bring a towel and swimming kit")
    add(4, (10, 30), (12, 15), "Trip to the city farm", Kind.TRIP, place="City farm")
    return add(1, (10, 30), (11, 30), "PE in the hall", Kind.LESSON)


def test_the_class_teacher_writes_the_week_and_sends_it(page, world, sign_in_as):
    sign_in_as(page, world.class_teacher)
    page.goto("/")
    page.get_by_role("link", name="The class’s timetable for Class A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Class A’s timetable")
    check_axe(page)

    page.get_by_role("link", name="Add a session").first.click()
    check_axe(page)
    page.get_by_label("Day").select_option(label="Tuesday")
    page.get_by_label("Starts at").fill("13:15")
    page.get_by_label("Ends at").fill("14:15")
    page.get_by_label("What happens").fill("Swimming at the leisure centre")
    page.get_by_label("Kind of session").select_option(label="Swimming")
    page.get_by_label("Notes for families").fill("Bring a towel")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("region", name="Tuesday")).to_contain_text(
        "Swimming at the leisure centre")
    expect(page.get_by_text("Families have not been sent this timetable yet.")).to_be_visible()
    check_axe(page)

    # The session's own page, and back.
    page.get_by_role("link", name="Change Tuesday 13:15 Swimming at the leisure centre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a session")
    check_axe(page)
    page.get_by_role("link", name="Back to the timetable").click()

    page.get_by_role("button", name="Send to families").click()
    expect(page.get_by_text("Sent: 2 family members have a message")).to_be_visible()
    check_axe(page)
    assert sorted(Message.objects.filter(kind=TIMETABLE).values_list(
        "contact__first_name", flat=True)) == ["Layla", "Omar"]


def test_the_class_teacher_gives_amira_a_change_of_her_own(page, world, sign_in_as):
    pe = _week(world)
    sign_in_as(page, world.class_teacher)
    page.goto(f"/pupils/{world.pupil.pk}/timetable/changes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes just for Amira")
    check_axe(page)
    page.get_by_label("Something else instead of a class session").check()
    page.get_by_label("Which class session").select_option(label="Tuesday 10:30: PE in the hall")
    page.get_by_label("What happens").fill("Speech and language therapy")
    page.get_by_label("Kind of session").select_option(label="Therapy")
    page.get_by_role("button", name="Add the change").click()
    expect(page.get_by_text("Added to Amira’s own timetable.")).to_be_visible()
    check_axe(page)
    variation = Variation.objects.get(pupil=world.pupil)
    assert variation.replaces_id == pe.pk
    page.get_by_role("link", name="Change Tuesday Speech and language therapy").click()
    check_axe(page)


def test_a_parent_opens_the_timetable_tab(page, world, sign_in_as):
    pe = _week(world)
    actions.do_add_variation(pupil=world.pupil, acting_user=world.class_teacher, data={
        "change": Variation.Change.INSTEAD, "replaces": pe,
        "what": "Speech and language therapy", "kind": Kind.THERAPY})
    actions.do_send(school_class=world.class_a, acting_user=world.class_teacher)
    sign_in_as(page, world.parent)
    page.goto("/")
    page.get_by_role("link", name="Amira’s page").click()
    page.get_by_role("navigation", name="Amira’s pages").get_by_role(
        "link", name="Timetable").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira Hassan’s timetable")
    tuesday = page.get_by_role("region", name="Tuesday")
    expect(tuesday).to_contain_text("Speech and language therapy")
    expect(tuesday).to_contain_text("Instead of: PE in the hall")
    expect(tuesday).to_contain_text("Just for Amira")
    expect(page.get_by_role("navigation", name="Amira’s pages").get_by_role(
        "link", name="Timetable")).to_have_attribute("aria-current", "page")
    check_axe(page)
