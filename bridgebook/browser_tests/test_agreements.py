"""The home-school agreement in the browser, every page checked with axe: the principal
starts a new version, adds a statement with its easy read and symbols, is told what stops
publishing and publishes it with what changed; Layla, on her phone, reads it in easy read
with the pictures and signs; her class teacher sees her signature, sits with Amira who signs
by choosing a symbol, and reads who might like help; the office sends the admissions pack
and Layla opens it."""

import pytest
from playwright.sync_api import expect

from bridgebook.agreements import actions, selectors
from bridgebook.agreements.models import PackDelivery, Signature
from bridgebook.agreements.tests import factories
from bridgebook.browser_tests.conftest import PHONE, check_axe

pytestmark = pytest.mark.django_db(transaction=True)


def _phone(browser, live_server, sign_in_as, user):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    sign_in_as(tab, user)
    return tab


def test_the_principal_publishes_a_new_version(page, world, sign_in_as):
    factories.published(world.school, world.principal)
    sign_in_as(page, world.principal)
    page.goto(f"/schools/{world.school.urn}/agreement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home-school agreement")
    expect(page.get_by_text("Version 1 is in force")).to_be_visible()
    check_axe(page)
    page.get_by_label("A copy of the version in force").check()
    page.get_by_role("button", name="Start a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft of version 2")
    check_axe(page)

    page.get_by_role("link", name="Add a statement to What the school expects of pupils").click()
    expect(page.get_by_label("What the school expects of pupils")).to_be_checked()
    page.get_by_label("The statement, in plain words").fill(
        "Pupils will let an adult know when they need help.")
    page.get_by_label("Easy read").fill("I tell an adult when I need help.")
    page.get_by_text("Me and my body").click()
    page.get_by_label("help", exact=True).check()
    check_axe(page)
    page.get_by_role("button", name="Add the statement").click()
    expect(page.get_by_text("Statement added.")).to_be_visible()
    expect(page.get_by_text("I tell an adult when I need help.")).to_be_visible()
    check_axe(page)

    page.get_by_role("link", name="Check and publish").click()
    expect(page.get_by_role("heading", name="What changed since version 1")).to_be_visible()
    expect(page.get_by_text("Pupils will let an adult know when they need help.")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_role("link", name="Say what changed since version 1, in plain words"))\
        .to_be_visible()
    check_axe(page)                               # the error summary
    page.get_by_label("What changed, in plain words").fill(
        "Pupils have their own part now, in their own words.")
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_text("Version 2 is published.")).to_be_visible()
    expect(page.get_by_text("Version 2 is in force")).to_be_visible()
    check_axe(page)
    assert selectors.current_version(world.school).number == 2

    page.get_by_role("link", name="Read version 2").click()
    expect(page.get_by_role("heading", name="What changed since version 1")).to_be_visible()
    check_axe(page)


def test_a_parent_on_her_phone_reads_the_easy_read_and_signs(browser, live_server, world,
                                                            sign_in_as):
    factories.published(world.school, world.principal)
    tab = _phone(browser, live_server, sign_in_as, world.parent)
    tab.goto(f"/pupils/{world.pupil.pk}/agreement/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Home-school agreement")
    expect(tab.get_by_text(factories.OWN_AIM)).to_be_visible()
    check_axe(tab)
    tab.get_by_role("link", name="Easy read with pictures").click()
    expect(tab.get_by_text(factories.OWN_AIM_EASY)).to_be_visible()
    expect(tab.locator("img[src*='1F5E3']")).to_be_visible()
    check_axe(tab)
    tab.get_by_role("button", name="Sign the agreement").click()
    expect(tab.get_by_text("There is a problem")).to_be_visible()
    check_axe(tab)
    tab.get_by_label("Your full name").fill("Layla Hassan")
    tab.get_by_role("button", name="Sign the agreement").click()
    expect(tab.get_by_text("Thank you. You signed the home-school agreement for Amira."))\
        .to_be_visible()
    expect(tab.get_by_text("You signed version 1 on")).to_be_visible()
    check_axe(tab)
    signature = Signature.objects.get(contact=world.parent_contact)
    assert (signature.format, signature.language) == ("easy_read", "ar")
    tab.context.close()


def test_the_class_teacher_sits_with_amira_and_sees_who_might_like_help(page, world,
                                                                        sign_in_as):
    version = factories.published(world.school, world.principal)
    factories.sign(version, world.separated_contact, [world.pupil])
    sign_in_as(page, world.class_teacher)
    page.goto(f"/pupils/{world.pupil.pk}/agreement/")
    expect(page.get_by_text("Offer an interpreter (Arabic) to read it together")).to_be_visible()
    check_axe(page)
    page.get_by_label("Yes, by choosing a symbol").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Sit with Amira to read and sign it").click()
    expect(page.get_by_text("Amira, do you agree? Choose a picture.")).to_be_visible()
    check_axe(page)
    page.get_by_label("yes", exact=True).check()
    page.get_by_label("I sat with the child while they read and signed").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Amira signed the agreement. Well done!")).to_be_visible()
    check_axe(page)
    assert Signature.objects.get(signer="pupil").user == world.class_teacher

    page.goto(f"/schools/{world.school.urn}/agreement/signatures/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who might like help with the agreement")
    expect(page.get_by_role("cell", name="Layla Hassan (Mother)")).to_be_visible()
    check_axe(page)


def test_the_office_sends_the_pack_and_the_parent_opens_it(page, browser, live_server, world,
                                                           sign_in_as):
    factories.published(world.school, world.principal)
    actions.do_add_agreement_to_pack(school=world.school, acting_user=world.office)
    item = factories.document(world.school, world.office)
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/agreement/pack/")
    expect(page.get_by_role("link", name=item.title)).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Add a document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a document to the pack")
    check_axe(page)
    page.goto(f"/schools/{world.school.urn}/agreement/pack/new-families/")
    check_axe(page)
    page.get_by_role("button", name="Send the pack to the family of Amira Hassan").click()
    expect(page.get_by_text("The admissions pack was sent to")).to_be_visible()
    expect(page.get_by_text("Not opened yet").first).to_be_visible()
    check_axe(page)

    tab = _phone(browser, live_server, sign_in_as, world.parent)
    tab.goto("/")
    tab.get_by_role("link", name="2 documents from school").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Admissions pack")
    expect(tab.get_by_role("link", name="The home-school agreement")).to_be_visible()
    check_axe(tab)
    assert PackDelivery.objects.get(contact=world.parent_contact).opened_at is not None
    tab.context.close()
