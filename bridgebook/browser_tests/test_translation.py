"""Language access in the browser: a parent who reads Urdu sees a book entry's machine
translation, labelled, laid out right to left, and opens the English original; the EAL
teacher corrects and approves a translation. axe at phone and desktop widths."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe, check_translated_then_original
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff
from bridgebook.diary import actions
from bridgebook.translation.actions import request_review
from bridgebook.translation.models import ReviewRequest
from bridgebook.translation.selectors import approved_text
from bridgebook.translation.standard_terms import ensure_standard_terms

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _local_translation(settings, transactional_db):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    # Transactional tests flush the database, taking the migration's standard terms.
    ensure_standard_terms()


def test_parent_reads_the_entry_in_urdu_and_opens_the_original(page, world, sign_in_as):
    world.parent_contact.language = "ur"
    world.parent_contact.save(update_fields=["language"])
    entry = actions.do_create_entry(
        pupil=world.pupil, author=world.class_teacher, origin="school",
        date=timezone.localdate(),
        data={"mood": 4, "note": "A calm morning. We practised PECS at snack time."},
        incidents=[{"kind": "accident", "happened_at": datetime.time(10, 30),
                    "what_happened": "Bumped her knee.", "action_taken": "Cold compress.",
                    "who_was_told": "Class teacher"}],
        publish=True)
    sign_in_as(page, world.parent)
    page.goto(f"/entries/{entry.pk}/")
    # The labels are in Urdu where the interface has them.
    check_translated_then_original(page, "ur", "[ur] A calm morning.",
                                   "A calm morning. We practised PECS at snack time.")
    # The glossary explanation is reached by keyboard from the term.
    term_link = page.locator(".bb-translated dfn a").first
    term_link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Picture Exchange Communication System").first).to_be_visible()
    check_axe(page)


def test_eal_teacher_corrects_and_approves_a_translation(page, world, sign_in_as):
    eal = staff(world.school, Role.EAL_TEACHER, full_name="Eda Eal",
                email="eda@mapledown.example")
    review = request_review(school=world.school, text="School is closed on Monday.",
                            language="ur", ref="announcement:1", requested_by=world.office,
                            purpose="Training day")
    sign_in_as(page, eal)
    page.goto(f"/schools/{world.school.urn}/translations/?language=ur")
    check_axe(page)
    page.get_by_role("link", name="Training day").click()
    expect(page.get_by_text("School is closed on Monday.").first).to_be_visible()
    box = page.get_by_label("Translation into Urdu")
    assert box.get_attribute("dir") == "rtl"
    expect(box).to_have_value("[ur] School is closed on Monday.")
    check_axe(page)
    box.fill("")
    page.get_by_role("button", name="Approve this translation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    page.get_by_label("Translation into Urdu").fill("اسکول پیر کو بند ہے۔")
    page.get_by_role("button", name="Approve this translation").click()
    expect(page.get_by_text("The translation is approved.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()
    check_axe(page)
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.APPROVED
    assert approved_text("announcement:1", "ur") == "اسکول پیر کو بند ہے۔"
