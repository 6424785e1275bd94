"""Conversations in the browser: a teacher writes to Amira's family outside working hours
and is told the email waits until 08:00; a parent reads and replies on a phone; the
teacher sees the unread badge. Axe on each page, at phone and desktop widths."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import PHONE, WIDTHS, check_axe
from bridgebook.messaging import actions

pytestmark = pytest.mark.django_db(transaction=True)


def _context(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    return context


def test_late_message_waits_and_the_parent_replies(page, browser, live_server, world,
                                                   sign_in_as, width):
    # The teacher does not work today, so whatever the time now is outside their hours
    # and the email and text wait until 08:00 on their next working day.
    today = timezone.localdate(timezone.now(), world.school.tz).weekday()
    actions.do_set_working_hours(
        user=world.class_teacher, school=world.school,
        hours={day: (datetime.time(8), datetime.time(17)) for day in range(7) if day != today})
    pupil = world.pupil

    sign_in_as(page, world.class_teacher)
    page.goto(f"/messages/pupils/{pupil.pk}/conversations/")
    check_axe(page)
    page.get_by_role("link", name="Write to the family").click()
    expect(page.get_by_role("heading", name="Write to Amira’s family")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check_axe(page)
    # To Amira's mother's household only (her father, who lives elsewhere, would get a
    # conversation of his own).
    page.get_by_label("Omar Hassan (father, lives elsewhere)").uncheck()
    page.get_by_label("Subject").fill("Swimming on Thursday")
    page.get_by_label("Message").fill("Please send a towel and goggles.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "the email and text will be sent at 08:00")
    expect(page.locator(".govuk-tag")).to_contain_text("Email and text will be sent at 08:00")
    check_axe(page)

    # The parent reads it on a phone straight away (the in-app copy is not held).
    context = _context(browser, live_server, PHONE)
    phone = context.new_page()
    sign_in_as(phone, world.parent)
    phone.goto(f"/messages/pupils/{pupil.pk}/conversations/")
    expect(phone.get_by_text("1 unread")).to_be_visible()
    check_axe(phone)
    phone.get_by_role("link", name="Swimming on Thursday").click()
    expect(phone.get_by_text("Please send a towel and goggles.")).to_be_visible()
    expect(phone.get_by_text("Cara Teacher usually replies")).to_be_visible()
    expect(phone.get_by_text("Email and text will be sent")).to_have_count(0)
    check_axe(phone)
    phone.get_by_label("Your reply").fill("Will do. He loves swimming!")
    phone.get_by_role("button", name="Send reply").click()
    expect(phone.get_by_text("Your message has been sent to school.")).to_be_visible()
    expect(phone.get_by_text("Will do. He loves swimming!")).to_be_visible()
    check_axe(phone)
    phone.goto("/messages/settings/")
    phone.get_by_label("As soon as something is added").check()
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Your choice has been saved.")).to_be_visible()
    check_axe(phone)
    context.close()

    # The family's pages at this run's width too.
    wide = _context(browser, live_server, WIDTHS[width])
    family = wide.new_page()
    sign_in_as(family, world.separated_parent)
    for path in (f"/messages/pupils/{pupil.pk}/conversations/", "/messages/conversations/",
                 "/messages/settings/"):
        family.goto(path)
        check_axe(family)
    wide.close()

    # The teacher sees the unread badge on the landing and reads the reply.
    page.goto("/")
    expect(page.locator("#unread-conversations")).to_have_text("1 unread")
    check_axe(page)
    page.get_by_role("link", name="Messages from families").click()
    check_axe(page)
    page.get_by_role("link", name="Amira Hassan: Swimming on Thursday").click()
    expect(page.get_by_text("Will do. He loves swimming!")).to_be_visible()
    page.goto("/messages/working-hours/")
    check_axe(page)
