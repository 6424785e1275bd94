"""Staff manage pupils, families, classes and staff in the browser; axe checks every page."""

import re

import pytest
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.people.models import Pupil

pytestmark = pytest.mark.django_db(transaction=True)


def test_teacher_reads_a_pupil_and_the_family(page, world, sign_in_as):
    sign_in_as(page, world.class_teacher)
    page.goto("/")
    page.get_by_role("link", name=world.pupil.display_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.pupil.display_name)
    # Restrictions and interpreter needs are visible wherever staff see the family.
    expect(page.get_by_text("Court order: no information to be shared.").first).to_be_visible()
    expect(page.get_by_text("Needs an interpreter").first).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Layla Hassan").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Layla Hassan")
    check_axe(page)
    page.goto(f"/classes/{world.class_a.pk}/")
    check_axe(page)


def test_office_adds_a_pupil_fixing_mistakes(page, world, sign_in_as):
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/pupils/")
    check_axe(page)
    page.get_by_role("link", name="Add a pupil").click()
    check_axe(page)
    page.get_by_label("Legal first name").fill("Zofia")
    page.get_by_label("Legal last name").fill("Nowak")
    birth = page.get_by_role("group", name="Date of birth")
    birth.get_by_label("Day").fill("12")
    birth.get_by_label("Month").fill("4")
    birth.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Add pupil").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    check_axe(page)
    # The summary links to the field with the problem.
    summary.get_by_role("link").first.click()
    expect(birth.get_by_label("Day")).to_be_focused()
    birth.get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Add pupil").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zofia Nowak")
    check_axe(page)
    assert Pupil.objects.filter(legal_first_name="Zofia", school=world.school).count() == 1


def test_office_searches_families_and_adds_a_contact(page, world, sign_in_as):
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/families/")
    page.get_by_role("searchbox").fill("Hassan")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Hassan, Omar")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Add a contact").first.click()
    check_axe(page)
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Popescu")
    page.get_by_label("Mobile number").fill("0113 496 0000")
    page.get_by_role("button", name="Add contact").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("landline")
    check_axe(page)
    page.get_by_label("Mobile number").fill("07700 900555")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ana Popescu")
    check_axe(page)


def test_principal_manages_staff_and_classes(page, world, sign_in_as):
    sign_in_as(page, world.principal)
    page.goto(f"/schools/{world.school.urn}/staff/")
    expect(page.get_by_role("link", name="Cara Teacher")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Add a member of staff").click()
    expect(page).to_have_url(re.compile(r"/staff/new/$"))
    check_axe(page)
    page.goto(f"/schools/{world.school.urn}/classes/")
    check_axe(page)
    page.get_by_role("link", name="Class A").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Class A")
    check_axe(page)


def test_parent_sees_their_child_without_family_details(page, world, sign_in_as):
    sign_in_as(page, world.parent)
    page.goto("/")
    page.get_by_role("link", name=world.pupil.display_name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.pupil.display_name)
    expect(page.get_by_text("Court order")).to_have_count(0)
    expect(page.get_by_text("Omar Hassan")).to_have_count(0)
    check_axe(page)


def test_restricted_parent_gets_not_found(page, world, sign_in_as):
    sign_in_as(page, world.restricted_parent)
    response = page.goto(f"/pupils/{world.pupil.pk}/")
    assert response.status == 404
    expect(page.get_by_text(world.pupil.display_name)).to_have_count(0)
