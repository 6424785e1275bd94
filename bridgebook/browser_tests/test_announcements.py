"""The office writes to a class, checks who gets it, sends, and reads the delivery report;
a parent reads the message on a phone. Axe on every page at phone and desktop widths."""

import pytest
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import PHONE, check_axe
from bridgebook.messaging.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_writes_to_a_class_and_a_parent_reads_it(page, browser, live_server, world,
                                                        sign_in_as):
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/announcements/")
    check_axe(page)
    page.get_by_role("link", name="Write an announcement").click()
    check_axe(page)
    page.get_by_role("button", name="Continue to check who gets it").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    page.get_by_label("Subject").fill("Swimming moves to Thursday")
    page.get_by_label("Message").fill("Swimming is on Thursday this week. Please send a towel.")
    page.get_by_label("Chosen classes").check()
    page.get_by_label("Class A", exact=True).check()
    page.get_by_role("button", name="Continue to check who gets it").click()
    check_axe(page)
    # Layla and Omar hear; the restricted contact is never counted.
    page.get_by_role("button", name="Send to 2 contacts").click()
    check_axe(page)
    assert sorted(Message.objects.values_list("contact__first_name", flat=True)) == [
        "Layla", "Omar"]
    page.goto(f"/schools/{world.school.urn}/announcements/")
    # A sent announcement opens on its delivery report.
    page.get_by_role("link", name="Swimming moves to Thursday").first.click()
    expect(page.get_by_text("Layla Hassan").first).to_be_visible()
    check_axe(page)

    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    mum = context.new_page()
    sign_in_as(mum, world.parent)
    mum.goto("/messages/")
    check_axe(mum)
    mum.get_by_role("link", name="Swimming moves to Thursday").click()
    expect(mum.get_by_text("Please send a towel.")).to_be_visible()
    check_axe(mum)
    context.close()


def test_important_announcement_reaches_everyone_at_once(page, live_server, world,
                                                         sign_in_as):
    """The office sends a closure marked important: the preview says everyone gets it at
    once and Arabic is checked afterwards; the report shows each language reached in the
    same minute and the check to come. Axe on each page."""
    from bridgebook.announcements.models import Announcement

    announcement = Announcement.objects.create(
        school=world.school, author=world.office, subject="School closed on Monday",
        body="The school is closed on Monday for staff training.", important=True)
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/announcements/{announcement.pk}/")
    expect(page.locator("#checked-afterwards")).to_contain_text("everyone gets it at once")
    expect(page.locator("#checked-afterwards")).to_contain_text("Arabic: 1 contact")
    check_axe(page)
    page.get_by_role("button", name="Send to 2 contacts").click()
    expect(page.locator("#reach")).to_contain_text("Arabic")
    expect(page.locator("#translation-checks")).to_contain_text(
        "A person has not checked the translation yet")
    check_axe(page)
    assert sorted(Message.objects.values_list("contact__first_name", flat=True)) == [
        "Layla", "Omar"]
    assert Message.objects.values("created_at").distinct().count() == 1


def test_waiting_for_the_arabic_check_is_chosen_on_the_form(page, live_server, world,
                                                            sign_in_as):
    """The office chooses to wait for the check for a document that is not urgent: the form
    explains it delays those families and refuses it with "important"; the preview says
    who gets it later and why; the report shows Layla waiting, and the office sends Arabic
    without the check. Axe on each page."""
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/announcements/new/")
    page.get_by_label("Subject").fill("Next year's term dates")
    page.get_by_label("Message").fill("The term dates for next year are attached.")
    page.get_by_label("This is important").check()
    page.get_by_label("Wait for a person to check each translation").check()
    page.get_by_role("button", name="Continue to check who gets it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "An important announcement goes to everyone at once")
    check_axe(page)
    page.get_by_label("This is important").uncheck()
    page.get_by_role("button", name="Continue to check who gets it").click()
    expect(page.locator("#held-languages")).to_contain_text(
        "1 contact who reads Arabic will get it only after a person has checked its "
        "translation, because you chose to wait for the check.")
    check_axe(page)
    page.get_by_role("button", name="Send to 2 contacts").click()
    expect(page.get_by_text("Gets it when a person has checked the Arabic translation."))\
        .to_be_visible()
    expect(page.locator("#reach")).to_contain_text("Arabic")
    check_axe(page)
    page.get_by_role("button", name="Send to Arabic readers now, without the check").click()
    expect(page.locator("#translation-checks")).to_contain_text("Sent without the check")
    check_axe(page)
    assert sorted(Message.objects.values_list("contact__first_name", flat=True)) == [
        "Layla", "Omar"]
