"""Switching the interface language with the links at the top of every page: Urdu is laid out
right to left, Polish left to right, at phone and desktop widths, with axe on each page."""

import pytest
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.core.tests.test_translations import compiled  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled")]


def brand_centre(page) -> float:
    box = page.locator(".bb-header__brand").bounding_box()
    return box["x"] + box["width"] / 2


def test_family_switches_to_urdu_and_polish(page, world, sign_in_as):
    sign_in_as(page, world.parent)
    page.goto("/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en-gb")
    expect(html).to_have_attribute("dir", "ltr")
    width = page.viewport_size["width"]
    assert brand_centre(page) < width / 2
    languages = page.get_by_role("navigation", name="Language")

    languages.locator("summary").click()     # open the language chooser
    languages.get_by_role("link", name="اردو").click()
    expect(html).to_have_attribute("lang", "ur")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("آپ کا بچہ")
    expect(page.get_by_role("link", name="اصل مواد پر جائیں")).to_be_attached()
    # Right to left: the header's brand sits on the right, and text starts on the right.
    assert brand_centre(page) > width / 2
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    heading = page.get_by_role("heading", level=1).bounding_box()
    main = page.locator("main").bounding_box()
    assert heading["x"] + heading["width"] > main["x"] + main["width"] - 40
    check_axe(page)

    page.get_by_role("link", name=world.pupil.display_name).first.click()
    expect(html).to_have_attribute("dir", "rtl")
    check_axe(page)

    languages = page.get_by_role("navigation", name="زبان")
    languages.locator("summary").click()
    languages.get_by_role("link", name="Polski").click()
    expect(html).to_have_attribute("lang", "pl")
    expect(html).to_have_attribute("dir", "ltr")
    assert brand_centre(page) < width / 2
    check_axe(page)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje dziecko")
    expect(page.get_by_role("link", name="Przejdź do treści")).to_be_attached()
    check_axe(page)


def test_family_sign_in_in_arabic(page):
    page.goto("/accounts/family/")
    languages = page.get_by_role("navigation", name="Language")
    languages.locator("summary").click()
    languages.get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "سجّل الدخول كولي أمر أو مقدّم رعاية")
    check_axe(page)
