"""Concerns in the browser, every page checked with axe: Layla, who writes Polish here, raises
a concern about Amira on her phone, in Polish, with Amira's class staff and asks to meet;
Cara (Amira's class teacher) reads it in English, machine translation marked with the
original one tap away, and acknowledges it, naming herself; Layla sees who is dealing with
it; the principal's page lists it with the school's response times."""

import re

import pytest
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import PHONE, check_axe
from bridgebook.concerns.models import Concern, Status
from bridgebook.people.models import Contact

pytestmark = pytest.mark.django_db(transaction=True)

LOCAL = {"BACKEND": "local", "OPTIONS": {}}
POLISH = "Amira od tygodnia nie je lunchu w szkole. Czy możemy porozmawiać?"


def _phone(browser, live_server, sign_in_as, user):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    sign_in_as(tab, user)
    return tab


def test_a_parent_raises_a_concern_in_polish_and_staff_acknowledge_it(
        page, browser, live_server, world, sign_in_as, settings):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    Contact.objects.filter(pk=world.parent_contact.pk).update(language="pl",
                                                              interpreter_needed=False)

    # Layla, on her phone.
    layla = _phone(browser, live_server, sign_in_as, world.parent)
    layla.goto("/")
    layla.get_by_role("link", name=re.compile("Raise a concern about Amira")).click()
    expect(layla.get_by_role("heading", level=1)).to_have_text("Concerns")
    check_axe(layla)
    layla.get_by_role("link", name="Raise a concern").click()
    expect(layla.get_by_role("heading", level=1)).to_have_text("Raise a concern")
    expect(layla.get_by_text("complaint")).to_have_count(0)
    check_axe(layla)
    layla.get_by_role("button", name="Send my concern").click()
    expect(layla.get_by_text("There is a problem")).to_be_visible()
    expect(layla.get_by_role("link", name="Write your concern")).to_be_visible()
    check_axe(layla)                                   # the error summary and fields in error
    layla.get_by_label("Class staff (Cara Teacher)").check()
    layla.get_by_label("What is your concern?").fill(POLISH)
    layla.get_by_label("Yes, I would like to meet").check()
    layla.get_by_role("button", name="Send my concern").click()
    expect(layla.get_by_text("Your concern has been sent.")).to_be_visible()
    expect(layla.get_by_text(POLISH)).to_be_visible()
    expect(layla.get_by_text(re.compile("the school aims to acknowledge it by"))).to_be_visible()
    check_axe(layla)
    concern = Concern.objects.get()
    assert concern.language == "pl" and concern.text == POLISH and concern.wants_meeting

    # Cara reads it in English, marked, and acknowledges it.
    sign_in_as(page, world.class_teacher)
    page.goto(f"/schools/{world.school.urn}/concerns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Concerns")
    check_axe(page)
    page.get_by_role("link", name=re.compile("Amira Hassan")).click()
    expect(page.get_by_text(f"[en] {POLISH}")).to_be_visible()
    page.get_by_text("Show the original").first.click()
    expect(page.locator(".bb-original", has_text=POLISH).first).to_be_visible()
    check_axe(page)
    page.get_by_label("Who is dealing with it?").select_option(label="Cara Teacher")
    page.get_by_role("button", name="Acknowledge and tell the family").click()
    expect(page.get_by_text("Acknowledged. The family has been told")).to_be_visible()
    expect(page.get_by_role("link", name="Book a meeting with the family")).to_be_visible()
    check_axe(page)
    concern.refresh_from_db()
    assert concern.status == Status.ACKNOWLEDGED and concern.handler == world.class_teacher

    # Layla sees who is dealing with it.
    layla.reload()
    expect(layla.get_by_text("Being worked on").first).to_be_visible()
    expect(layla.get_by_text("Cara Teacher is dealing with it").first).to_be_visible()
    check_axe(layla)

    # The principal's page: open concerns, response times, outcomes.
    sign_in_as(page, world.principal)
    page.goto(f"/schools/{world.school.urn}/concerns/")
    expect(page.get_by_role("heading", name="Response times")).to_be_visible()
    expect(page.get_by_text("1 of 1 acknowledged")).to_be_visible()
    check_axe(page)
    layla.context.close()
