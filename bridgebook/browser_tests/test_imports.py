"""The office brings pupils in from the MIS in the browser; axe checks every step."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.people.models import Pupil

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).resolve().parent.parent / "imports" / "tests" / "fixtures"


def test_office_imports_a_pupils_csv(page, world, sign_in_as):
    sign_in_as(page, world.office)
    page.goto("/")
    page.goto(f"/schools/{world.school.urn}/imports/")
    check_axe(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    page.get_by_label("Pupils, exported from the MIS as CSV").check()
    page.get_by_label("Upload a file").set_input_files(str(FIXTURES / "pupils.csv"))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name="Check the changes")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Import these changes").click()
    expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible()
    check_axe(page)
    assert Pupil.objects.filter(school=world.school, legal_first_name="Maja").exists()


def test_a_broken_ctf_is_refused_in_plain_words(page, world, sign_in_as, tmp_path):
    broken = tmp_path / "cut-short.xml"
    broken.write_text("<?xml version='1.0'?><CTfile><Header><CTFversion>25.0</CTFversion>")
    sign_in_as(page, world.principal)
    page.goto(f"/schools/{world.school.urn}/imports/")
    page.get_by_label("A Common Transfer File (XML)").check()
    page.get_by_label("Upload a file").set_input_files(str(broken))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="The file cannot be imported")).to_be_visible()
    check_axe(page)
