"""Every book page a member of staff or a parent opens, checked with axe at phone and
desktop widths, with the forms' error summaries."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.diary import actions
from bridgebook.diary.models import Activity, BookEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def entry(world):
    Activity.objects.create(school=world.school, name="Swimming")
    return actions.do_create_entry(
        pupil=world.pupil, author=world.class_teacher, origin="school",
        date=timezone.localdate(), data={"mood": 4, "note": "A calm, happy morning."},
        incidents=[{"kind": "accident", "happened_at": datetime.time(10, 30),
                    "what_happened": "Bumped her knee in the playground.",
                    "action_taken": "Cold compress; she went back to play.",
                    "who_was_told": "Class teacher"}],
        publish=True)


def test_staff_write_correct_and_see_history(page, world, entry, sign_in_as):
    sign_in_as(page, world.class_teacher)
    page.goto(f"/pupils/{world.pupil.pk}/book/new/")
    check_axe(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    page.goto(f"/entries/{entry.pk}/edit/")
    check_axe(page)
    page.get_by_label("A note for home").fill("A calm, happy morning and a lovely swim.")
    page.get_by_role("button", name="Save changes").click()
    page.goto(f"/entries/{entry.pk}/history/")
    expect(page.get_by_text("A calm, happy morning.", exact=False).first).to_be_visible()
    check_axe(page)
    page.goto(f"/pupils/{world.pupil.pk}/book/settings/")
    check_axe(page)


def test_staff_add_a_whole_school_event(page, world, sign_in_as):
    sign_in_as(page, world.principal)
    page.goto(f"/schools/{world.school.urn}/book-events/new/")
    check_axe(page)
    page.get_by_role("button").filter(has_text="Publish").first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    event = BookEvent.objects.create(school=world.school, date=timezone.localdate(),
                                     title="Theatre group visit", author=world.principal,
                                     published_at=timezone.now())
    page.goto(f"/book-events/{event.pk}/")
    check_axe(page)


def test_parent_acknowledges_an_accident_and_filters_the_book(page, world, entry,
                                                              sign_in_as):
    sign_in_as(page, world.parent)
    page.goto(f"/entries/{entry.pk}/")
    expect(page.get_by_text("Bumped her knee in the playground.")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="I have read this").click()
    expect(page.get_by_role("button", name="I have read this")).to_have_count(0)
    check_axe(page)
    page.goto(f"/pupils/{world.pupil.pk}/book/")
    page.get_by_text("Filter the book").click()
    page.get_by_role("button", name="Filter", exact=True).click()
    check_axe(page)
