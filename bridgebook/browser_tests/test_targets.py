"""Targets shared with home, in a browser at phone and desktop width, every page checked
with axe: a teacher tags the class's day entries to a target in one tap each and records
progress; a parent reading in Polish sees the targets and what works, and adds what she saw
at home; the SENCO sets a target, a strategy and the school's scale."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.diary.tests.factories import EntryFactory
from bridgebook.targets.models import Evidence, Plan, Progress, Strategy
from bridgebook.targets.tests.factories import outcome_for, target_for
from bridgebook.translation.display import labels


def _amira_targets(world):
    outcome = outcome_for(world.pupil, text="Amira will tell adults what she wants")
    target = target_for(world.pupil, outcome=outcome,
                        text="Amira will ask for the swing with her symbol card")
    Plan.objects.filter(pupil=world.pupil).update(engagement_model=True)
    Progress.objects.create(target=target, step=1, recorded_on=datetime.date(2026, 1, 5))
    Progress.objects.create(target=target, step=2, recorded_on=datetime.date(2026, 2, 5))
    Strategy.objects.create(pupil=world.pupil, text="Give her two choices and wait")
    return target


def test_a_teacher_tags_two_days_in_one_tap_each_and_records_progress(page, world, sign_in_as):
    target = _amira_targets(world)
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in (1, 2)]
    for day in days:
        EntryFactory(pupil=world.pupil, author=world.class_teacher, date=day,
                     note=f"Played on {day}")
    sign_in_as(page, world.class_teacher)
    for day in days:
        page.goto(f"/classes/{world.class_a.pk}/book/{day.isoformat()}/")
        # Something typed and not saved yet stays where it is: the tap does not leave.
        note = page.get_by_label("Note for Amira")
        note.fill("Typed, not saved yet")
        button = page.get_by_role("button", name="Tag for: Amira will ask for the swing")
        expect(button).to_have_attribute("aria-pressed", "false")
        check_axe(page)
        button.click()
        expect(page.get_by_role("button", name="Evidence for: Amira will ask for the swing")
               ).to_have_attribute("aria-pressed", "true")
        expect(note).to_have_value("Typed, not saved yet")
    assert Evidence.objects.filter(targets=target, entry__isnull=False).count() == 2

    page.goto(f"/targets/{target.pk}/")
    expect(page.get_by_role("img", name="Progress over time")).to_be_visible()
    expect(page.get_by_role("link", name="The book entry of")).to_have_count(2)
    check_axe(page)
    page.get_by_text("Record progress", exact=True).first.click()
    page.get_by_label("Secure").check()
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    assert Progress.objects.filter(target=target).count() == 3
    check_axe(page)

    page.goto(f"/pupils/{world.pupil.pk}/targets/engagement/")
    check_axe(page)


def test_a_parent_sees_the_targets_and_adds_something_from_home(page, world, sign_in_as,
                                                                 settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    target = _amira_targets(world)
    world.parent_contact.language = "pl"
    world.parent_contact.save()
    machine = labels("pl")["machine"]
    sign_in_as(page, world.parent, interface_language=None)
    page.goto(f"/pupils/{world.pupil.pk}/targets/")
    # The target's link holds its words in Polish; the mark and the original follow it.
    link = page.get_by_role("link", name="[pl] Amira will ask for the swing with her symbol card",
                            exact=True)
    expect(link).to_be_visible()
    expect(page.locator("li.bb-target").get_by_text(machine, exact=True)).to_be_visible()
    expect(page.get_by_text("[pl] Give her two choices and wait")).to_be_visible()
    check_axe(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "[pl] Amira will ask for the swing with her symbol card")
    expect(page.locator("h1 + p").get_by_text(machine, exact=True)).to_be_visible()
    check_axe(page)
    page.goto(f"/pupils/{world.pupil.pk}/targets/evidence/new/?target={target.pk}")
    check_axe(page)
    page.locator("textarea").fill("Poprosiła o huśtawkę kartą w parku")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    evidence = Evidence.objects.get(pupil=world.pupil, from_family=True)
    assert evidence.household_id == world.parent_contact.household_id
    page.goto(f"/targets/{target.pk}/")
    expect(page.get_by_text("Poprosiła o huśtawkę kartą w parku")).to_be_visible()
    check_axe(page)


def test_the_senco_sets_a_target_a_strategy_and_the_scale(page, world, sign_in_as):
    _amira_targets(world)
    sign_in_as(page, world.senco)
    page.goto(f"/pupils/{world.pupil.pk}/targets/")
    check_axe(page)
    page.get_by_role("link", name="Set a target").click()
    check_axe(page)
    page.get_by_label("Target", exact=True).fill("Amira will sign finished")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira will sign finished")
    page.goto(f"/pupils/{world.pupil.pk}/targets/strategies/new/")
    check_axe(page)
    page.goto(f"/pupils/{world.pupil.pk}/targets/outcomes/new/")
    check_axe(page)
    page.goto(f"/schools/{world.school.urn}/targets/scale/")
    check_axe(page)


@pytest.mark.parametrize("width", ["phone"])
def test_every_form_of_a_plan_passes_axe_at_phone_width(page, world, sign_in_as):
    target = _amira_targets(world)
    strategy = Strategy.objects.get(pupil=world.pupil)
    sign_in_as(page, world.senco)
    for url in (f"/pupils/{world.pupil.pk}/targets/plan/new/",
                f"/pupils/{world.pupil.pk}/targets/plan/edit/",
                f"/targets/{target.pk}/edit/",
                f"/targets/outcomes/{target.outcome_id}/edit/",
                f"/targets/strategies/{strategy.pk}/edit/",
                f"/targets/{target.pk}/progress/"):
        page.goto(url)
        expect(page.locator("main form button[type=submit]").last).to_be_visible()
        check_axe(page)
