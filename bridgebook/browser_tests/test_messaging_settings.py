"""The office sets the school's messaging rules: texts for unread messages and the school's
working hours, from the school page, with errors linked to their fields; axe checks each
page at phone and desktop widths."""

import datetime

import pytest
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.messaging import quiet_hours
from bridgebook.messaging.models import SchoolMessagingSettings

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_office_sets_texts_and_the_schools_hours(page, world, sign_in_as):
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/")
    page.get_by_role("link", name="Messaging settings").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Messaging settings")
    expect(page.get_by_text("The school has not chosen yet")).to_be_visible()
    check_axe(page)

    # "Yes" without a number: the summary links to the hours box.
    page.get_by_role("radio", name="Yes, after the number of hours below").check()
    page.get_by_role("button", name="Save messaging settings").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter how many hours to wait, from 1 to 72")
    check_axe(page)
    summary.get_by_role("link").click()
    hours = page.get_by_role("textbox", name="Hours to wait before the text is sent")
    expect(hours).to_be_focused()

    hours.fill("4")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.get_by_role("textbox", name=f"{day}: from").fill("08:30")
        page.get_by_role("textbox", name=f"{day}: until").fill("15:30")
    page.get_by_role("button", name="Save messaging settings").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The messaging settings have been saved.")
    expect(page.get_by_text("At the moment: Mon–Fri 8:30–15:30")).to_be_visible()
    expect(hours).to_have_value("4")
    check_axe(page)

    assert SchoolMessagingSettings.objects.get(school=world.school).fallback_sms_after_hours == 4
    assert quiet_hours.school_hours(world.school)[0] == (datetime.time(8, 30),
                                                         datetime.time(15, 30))
