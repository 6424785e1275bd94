"""The conduct log in the browser, every page checked with axe: Sian, a deputy head (the
senior leader role at Mapledown), records that Rex, under a court order about Amira,
threatened Amira's class teacher by phone, breaching the agreement's statement on abusive
conduct; adds the warning letter sent and a review date; the log lists it. Cara, the class
teacher it is about, is turned away from it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.conduct.models import ConductIncident
from bridgebook.conduct.tests.factories import senior_leader_at

pytestmark = pytest.mark.django_db(transaction=True)


def _date(page, name: str, day: datetime.date) -> None:
    page.locator(f"#id_{name}_day").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


def test_a_senior_leader_records_an_incident(page, world, sign_in_as):
    sian = senior_leader_at(world.school)
    sign_in_as(page, sian)
    urn = world.school.urn
    page.goto(f"/schools/{urn}/conduct/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conduct towards staff")
    expect(page.get_by_text("No open incidents.")).to_be_visible()
    check_axe(page)

    page.get_by_role("link", name="Record an incident").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an incident")
    check_axe(page)
    page.get_by_role("button", name="Record the incident").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Choose the contact, or give the name of the "
                                          "adult")).to_be_visible()
    check_axe(page)                                  # the error summary and fields in error

    page.get_by_label("Who: a contact of the school").select_option(
        label="Rex Stone (Amira Hassan)")
    page.get_by_label("Pupil it relates to").select_option(label="Amira Hassan")
    _date(page, "occurred_on", timezone.localdate() - datetime.timedelta(days=1))
    page.get_by_label("Time").fill("15:20")
    page.get_by_label("By phone").check()
    page.get_by_label("What happened").fill("Rang the office and said he would be waiting "
                                            "for Cara after school.")
    page.get_by_label("Cara Teacher").check()
    page.get_by_label("Home-school agreement statement it breaches").select_option(
        label="Abusive conduct is not tolerated")
    page.get_by_role("button", name="Record the incident").click()
    expect(page.get_by_text("Incident recorded.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rex Stone")
    expect(page.get_by_text(re.compile("^Harassment, intimidation"))).to_be_visible()
    expect(page.get_by_text("The PDF is for the school to check before release",
                            exact=False)).to_be_visible()
    check_axe(page)

    page.get_by_role("link", name="Add an action taken").click()
    check_axe(page)
    page.get_by_label("Warning letter").check()
    page.get_by_label("Note").fill("Letter from the head, sent by post")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Letter from the head, sent by post")).to_be_visible()

    page.get_by_role("link", name="Set a review date").click()
    check_axe(page)
    review = timezone.localdate() + datetime.timedelta(days=28)
    _date(page, "due_on", review)
    page.get_by_role("button", name="Set the date").click()
    expect(page.get_by_role("link", name=re.compile("^Record the review"))).to_be_visible()
    check_axe(page)

    page.get_by_role("link", name="Back to the conduct log").click()
    expect(page.get_by_role("cell", name="Rex Stone Amira Hassan")).to_be_visible()
    check_axe(page)

    incident = ConductIncident.objects.get()
    assert incident.statement_key == "no_abuse"
    assert incident.reviews.get().due_on == review
    assert list(incident.staff_affected.all()) == [world.class_teacher]


def test_the_class_teacher_it_is_about_is_turned_away(page, world, sign_in_as):
    from bridgebook.conduct.tests.factories import incident_for

    incident = incident_for(world.school, contact=world.restricted_contact,
                            staff_affected=[world.class_teacher])
    sign_in_as(page, world.class_teacher)
    response = page.goto(f"/schools/{world.school.urn}/conduct/{incident.pk}/")
    assert response.status == 404
    page.goto(f"/schools/{world.school.urn}/")
    expect(page.get_by_role("link", name="Conduct towards staff")).to_have_count(0)
    check_axe(page)
