"""Termly contact and home visits in the browser, every page checked with axe: Cara (Amira's
class teacher) sees both of Amira's homes not reached this term, logs a call with Omar,
and plans a home visit for Tia the therapist with herself to alert; Tia checks in on her
phone and forgets to check out; Cara acknowledges the alert on the overdue page; the
principal reads the coverage per class."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import PHONE, check_axe
from bridgebook.contact.models import HomeVisit
from bridgebook.contact.tests.factories import term_around

pytestmark = pytest.mark.django_db(transaction=True)


def _phone(browser, live_server, sign_in_as, user):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    sign_in_as(tab, user)
    return tab


def test_the_class_teacher_logs_a_call_and_plans_a_visit(page, world, sign_in_as):
    term_around(world.school, ends_in_days=14)
    sign_in_as(page, world.class_teacher)
    page.goto(f"/schools/{world.school.urn}/contact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Termly contact")
    check_axe(page)
    page.get_by_role("link", name="Class A").click()
    expect(page.get_by_role("heading", name="Not reached this term (2)")).to_be_visible()
    expect(page.get_by_text("families have not been reached yet")).to_be_visible()
    expect(page.get_by_text("Rex")).to_have_count(0)
    check_axe(page)

    # A call with Omar, who lives apart.
    page.get_by_role("link", name="Log contact with Omar Hassan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log contact")
    expect(page.get_by_label("Omar Hassan")).to_be_checked()
    expect(page.get_by_label("Rex Stone")).to_have_count(0)
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_axe(page)                              # the error summary and fields in error
    page.get_by_label("Time").fill("00:01")
    page.get_by_label("What was it about?").fill("How Amira is sleeping")
    page.get_by_role("group", name="Was an interpreter there?").get_by_label(
        "No").check()
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_role("heading", name="Not reached this term (1)")).to_be_visible()
    check_axe(page)

    # A home visit to Layla's home, for Tia, with Cara to alert.
    page.goto(f"/pupils/{world.pupil.pk}/contact/")
    expect(page.get_by_text("How Amira is sleeping")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Plan a home visit").click()
    expect(page.get_by_label("Interpreter for")).to_have_value("ar")
    check_axe(page)
    page.get_by_label(re.compile("1 Maple Road")).check()
    page.get_by_label("Physiotherapy").check()
    page.get_by_label("Member of staff visiting").select_option(label="Tia Therapist")
    page.get_by_label("Colleague to alert if the visit overruns").select_option(
        label="Cara Teacher")
    day = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Expected end time").fill("11:00")
    page.get_by_role("button", name="Plan the visit").click()
    expect(page.get_by_text("Home visit planned.")).to_be_visible()
    check_axe(page)
    assert HomeVisit.objects.get().lead == world.therapist


def test_the_therapist_checks_in_on_her_phone_and_the_buddy_acknowledges(
        browser, live_server, world, sign_in_as):
    # Seventy minutes ago, but today still when the suite runs just after midnight.
    midnight = timezone.localtime(timezone.now(), world.school.tz).replace(
        hour=0, minute=1, second=0, microsecond=0)
    start = max(timezone.now() - datetime.timedelta(minutes=70), midnight)
    visit = HomeVisit.objects.create(
        school=world.school, pupil=world.pupil, household=world.parent_contact.household,
        address="1 Maple Road, Northmere", purpose="physiotherapy", lead=world.therapist,
        buddy=world.class_teacher, starts_at=start,
        ends_at=start + datetime.timedelta(minutes=40))
    phone = _phone(browser, live_server, sign_in_as, world.therapist)
    phone.goto("/visits/today/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("My visits today")
    check_axe(phone)
    phone.get_by_role("button", name=re.compile("^Check in")).click()
    expect(phone.get_by_role("button", name=re.compile("^Check out"))).to_be_visible()
    check_axe(phone)
    phone.context.close()

    # Overdue: the alert went out (check_home_visits), and Cara sees it on her phone.
    HomeVisit.objects.filter(pk=visit.pk).update(alerted_at=timezone.now())
    buddy = _phone(browser, live_server, sign_in_as, world.class_teacher)
    buddy.goto("/")
    expect(buddy.get_by_text("Lone working alert")).to_be_visible()
    check_axe(buddy)
    buddy.get_by_role("link", name="See the overdue visits and acknowledge").click()
    expect(buddy.get_by_text("1 Maple Road, Northmere")).to_be_visible()
    check_axe(buddy)
    buddy.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(buddy.get_by_text("No overdue visits for you.")).to_be_visible()
    check_axe(buddy)
    buddy.context.close()
    assert HomeVisit.objects.get(pk=visit.pk).acknowledged_by == world.class_teacher


@pytest.mark.parametrize("width", ["desktop"])
def test_the_principal_reads_coverage_per_class(page, world, sign_in_as):
    term_around(world.school)
    sign_in_as(page, world.principal)
    page.goto(f"/schools/{world.school.urn}/contact/")
    table = page.get_by_role("table", name="Families reached this term, by class")
    expect(table.get_by_role("rowheader", name="Class A")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Class B")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Home visits and termly contact settings").click()
    expect(page.get_by_label("Home visits are made in pairs")).to_be_visible()
    check_axe(page)


def test_the_class_teacher_moves_a_visit_and_then_cancels_it(page, world, sign_in_as):
    """A planned visit is changed (a later time, a second member of staff) and then
    called off with a reason: it leaves Tia's day and is never written up."""
    start = timezone.now() + datetime.timedelta(days=1)
    visit = HomeVisit.objects.create(
        school=world.school, pupil=world.pupil, household=world.parent_contact.household,
        address="1 Maple Road, Northmere", purpose="physiotherapy", lead=world.therapist,
        buddy=world.class_teacher, starts_at=start,
        ends_at=start + datetime.timedelta(minutes=60))
    sign_in_as(page, world.class_teacher)
    page.goto(f"/visits/{visit.pk}/")
    expect(page.get_by_role("link", name="Write up the visit")).to_have_count(0)
    check_axe(page)
    page.get_by_role("link", name="Change the visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the visit")
    expect(page.get_by_label("Member of staff visiting")).to_have_value(str(world.therapist.pk))
    check_axe(page)
    page.get_by_label("Second member of staff").select_option(label="Sam Senco")
    page.get_by_label("Start time").fill("13:00")
    page.get_by_label("Expected end time").fill("14:00")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Home visit changed.")).to_be_visible()
    expect(page.get_by_text("Tia Therapist, Sam Senco")).to_be_visible()

    page.get_by_role("link", name="Cancel the visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel the visit")
    page.get_by_role("button", name="Cancel the visit").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_axe(page)
    page.get_by_label("Why is the visit cancelled?").fill("Layla is unwell")
    page.get_by_role("button", name="Cancel the visit").click()
    expect(page.get_by_text("Home visit cancelled.")).to_be_visible()
    expect(page.get_by_text("Layla is unwell")).to_be_visible()
    expect(page.get_by_role("link", name="Change the visit")).to_have_count(0)
    check_axe(page)
    visit.refresh_from_db()
    assert visit.cancelled_at and visit.second == world.senco
    assert timezone.localtime(visit.starts_at, world.school.tz).hour == 13
