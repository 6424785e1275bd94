"""The main journeys of each role, at phone and desktop widths, with axe on every page."""

import re

import pytest
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)


def test_welcome_and_sign_in_pages(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bridgebook")
    check_axe(page)
    page.get_by_role("link", name="Sign in as a member of staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign in")
    check_axe(page)
    page.goto("/accounts/family/")
    check_axe(page)
    page.goto("/about/")
    check_axe(page)


def test_skip_link_reaches_main_content_by_keyboard(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main-content$"))


def test_staff_sign_in_with_second_factor(page, world):
    device = TOTPDevice.objects.create(user=world.class_teacher, name="phone", confirmed=True)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(world.class_teacher.email)
    page.get_by_label("Password").fill("wrong password!")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The email address or password is not right")
    check_axe(page)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("authenticator app")
    check_axe(page)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_role("textbox", name="Code").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Continue").click()
    heading = page.get_by_role("heading", name="Your class: Class A, Mapledown School")
    expect(heading).to_be_visible()
    expect(page.get_by_role("link", name=world.pupil.display_name)).to_be_visible()
    check_axe(page)


def test_first_sign_in_sets_up_the_authenticator(page, world):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(world.office.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    check_axe(page)
    page.get_by_role("textbox", name="Code").fill("123")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the 6-digit code")
    check_axe(page)


def test_parent_signs_in_by_text_message(page, world):
    page.goto("/accounts/family/")
    page.get_by_label("Your email address or mobile number").fill("0770090000")
    page.get_by_role("button", name="Send me a link and a code").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    page.get_by_label("Your email address or mobile number").fill("07700 900001")
    page.get_by_role("button", name="Send me a link and a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your text messages")
    check_axe(page)
    message = OutboxMessage.objects.filter(to="+447700900001").latest("id")
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    # Layla reads Arabic: she lands in it, right to left.
    with translation.override("ar"):
        your_child = translation.ngettext("Your child", "Your children", 1)
    expect(page.get_by_role("heading", level=1)).to_have_text(your_child)
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.get_by_role("link", name=world.pupil.display_name)).to_be_visible()
    check_axe(page)


def test_development_outbox_page(page, world, settings):
    settings.BRIDGEBOOK_OUTBOX_PAGE = True
    OutboxMessage.objects.create(channel="sms", to="+447700900001", body="Bridgebook code 123456")
    page.goto("/messages/outbox/")
    expect(page.get_by_text("Bridgebook code 123456")).to_be_visible()
    check_axe(page)


def test_principal_filters_the_audit_log(page, world, sign_in_as):
    from bridgebook.core import audit

    audit.record(actor=world.class_teacher, action="view", obj=world.pupil,
                 summary="Viewed Amira Hassan")
    sign_in_as(page, world.principal)
    page.goto("/")
    expect(page.get_by_role("heading", name="Mapledown School")).to_be_visible()
    check_axe(page)
    page.goto(f"/schools/{world.school.urn}/audit/")
    expect(page.get_by_text("Viewed Amira Hassan")).to_be_visible()
    check_axe(page)
    page.get_by_label("Who").select_option(label=world.principal.full_name)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No events match.")).to_be_visible()
    check_axe(page)


def test_trust_admin_sees_both_schools(page, world, sign_in_as):
    sign_in_as(page, world.trust_admin)
    page.goto("/")
    expect(page.get_by_role("heading", name="Oakleigh School")).to_be_visible()
    check_axe(page)


def test_right_to_left_language(page, world, sign_in_as):
    sign_in_as(page, world.parent)
    page.goto("/")
    page.get_by_role("navigation", name="Language").locator("summary").click()
    page.get_by_role("link", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    check_axe(page)


def test_menu_collapses_on_a_phone(page, world, sign_in_as, width):
    sign_in_as(page, world.principal)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    if width == "phone":
        expect(menu).to_be_visible()
        expect(page.get_by_role("link", name="Oversight")).to_be_hidden()
        menu.click()
        expect(page.get_by_role("link", name="Oversight")).to_be_visible()
    else:
        expect(menu).to_be_hidden()
        expect(page.get_by_role("link", name="Oversight")).to_be_visible()
    # A page in a section lists the section's pages in one short row, and the page's own
    # heading still starts in the top half of a phone's screen.
    page.goto(f"/schools/{world.school.urn}/pupils/")
    section = page.get_by_role("navigation", name="Pupils")
    expect(section.get_by_role("link", name="Families")).to_be_visible()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading["y"] < page.viewport_size["height"] / 2
    check_axe(page)


def test_office_sets_the_school_day(page, world, sign_in_as):
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/")
    check_axe(page)
    page.get_by_role("link", name="Add a lesson time").click()
    check_axe(page)
    page.get_by_role("textbox", name="Name").fill("Lesson 1")
    page.get_by_role("textbox", name="Starts at").fill("10:00")
    page.get_by_role("textbox", name="Ends at").fill("09:00")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The lesson must end after")
    check_axe(page)
    page.get_by_role("textbox", name="Ends at").fill("10:45")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Lesson time added.")).to_be_visible()
    expect(page.get_by_role("heading", name="Friday")).to_be_visible()
    check_axe(page)
