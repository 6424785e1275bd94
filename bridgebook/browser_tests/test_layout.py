"""Layout on a phone and a desktop: the delivery report and the announcement preview never
scroll sideways (a wide table scrolls in its own labelled wrapper), an Urdu page indents its
lists on the right, "Stop reading" shows only while something is read, and the language
chooser keeps to one line until it is opened. Axe on every page."""

import pytest
from playwright.sync_api import expect

from bridgebook.announcements import actions
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.browser_tests.conftest import check_axe
from bridgebook.browser_tests.test_book_pages import entry  # noqa: F401 (a fixture)
from bridgebook.core.tests.test_translations import compiled  # noqa: F401 (a fixture)
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory

pytestmark = pytest.mark.django_db(transaction=True)

LONG_EMAIL = "maximilian.alexander.worthington-smythe@a-family-with-a-long-domain.example.org"
# A web address is one long word: it must wrap, not widen the page.
LONG_SUBJECT = ("Swimming kit: https://mapledown.example/letters/2026/swimming-kit-towel-and-"
                "goggles-reminder-for-every-family")

SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"
# Every table on the page, and whether it sits in a focusable, labelled scrolling wrapper.
TABLES = """[...document.querySelectorAll('main table')].map(table => {
    const wrapper = table.closest('.bb-table-wrapper');
    return {id: table.id || table.caption?.textContent.trim(),
            wrapped: !!wrapper && wrapper.tabIndex === 0 && wrapper.role === 'region'
                     && !!wrapper.getAttribute('aria-label')
                     && getComputedStyle(wrapper).overflowX === 'auto'};
})"""


@pytest.fixture
def long_contact(world):
    """A step-father with a long name and a long email address, living with Amira."""
    contact = ContactFactory(school=world.school, household=world.parent_contact.household,
                             first_name="Maximilian-Alexander", last_name="Worthington-Smythe",
                             email=LONG_EMAIL, mobile="+447700900009")
    PupilContactFactory(pupil=world.pupil, contact=contact, relationship="STF", priority=4)
    return contact


@pytest.fixture
def draft(world, long_contact):
    """An announcement to the whole school whose sender chose to wait for the translation
    check: the preview says Arabic readers get it later, and why."""
    return AnnouncementFactory(school=world.school, author=world.office, subject=LONG_SUBJECT,
                               wait_for_check=True)


@pytest.fixture
def sent(world, long_contact):
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       subject=LONG_SUBJECT, important=True)
    actions.do_send(announcement=announcement, acting_user=world.office)
    return announcement


# What makes a page too wide, to say so when it is: elements reaching past the window, and
# text wider than its box (a long word). Not a table's cells, which scroll in the wrapper.
OVERFLOWING = """[...document.querySelectorAll('body *')].filter(el => {
    if (el.closest('.bb-table-wrapper, .govuk-visually-hidden, .govuk-skip-link')) return false;
    const box = el.getBoundingClientRect();
    return box.right > window.innerWidth + 1 || box.left < -1
        || (el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1
            && getComputedStyle(el).overflowX === 'visible');
}).map(el => el.outerHTML.slice(0, 120))"""


def assert_fits_the_screen(page) -> None:
    """The page never scrolls sideways; every table is in its scrolling wrapper."""
    assert page.evaluate(SIDEWAYS) <= 0, \
        f"{page.url} scrolls sideways: {page.evaluate(OVERFLOWING)}"
    tables = page.evaluate(TABLES)
    assert tables, "no table on the page"
    assert [t for t in tables if not t["wrapped"]] == []


def test_preview_and_report_fit_a_phone(page, width, world, draft, sent, sign_in_as):
    sign_in_as(page, world.office)
    page.goto(f"/schools/{world.school.urn}/announcements/{draft.pk}/")
    expect(page.get_by_role("heading", name="Check and send")).to_be_visible()
    expect(page.locator("#held-languages")).to_contain_text("Arabic")
    assert_fits_the_screen(page)
    check_axe(page)

    page.goto(f"/schools/{world.school.urn}/announcements/{sent.pk}/report/")
    expect(page.get_by_role("heading", name="Delivery report")).to_be_visible()
    expect(page.get_by_text(LONG_EMAIL)).to_be_visible()
    assert_fits_the_screen(page)
    totals = page.get_by_role("region", name="Totals by channel and status")
    expect(totals).to_be_visible()
    if width == "phone":
        # A column for each status does not fit a phone: the wrapper scrolls, not the page.
        assert totals.evaluate("el => el.scrollWidth > el.clientWidth")
        totals.focus()
        expect(totals).to_be_focused()
    check_axe(page)


def test_urdu_lists_and_inset_text_sit_on_the_right(page, world, draft, sent, sign_in_as,
                                                   compiled):  # noqa: F811
    sign_in_as(page, world.office)
    page.goto(f"/language/ur/?next=/schools/{world.school.urn}/announcements/{draft.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    bullets = page.locator("#held-languages .govuk-list--bullet")
    expect(bullets).to_be_visible()
    style = bullets.evaluate("el => getComputedStyle(el)")
    assert float(style["paddingRight"].removesuffix("px")) > float(
        style["paddingLeft"].removesuffix("px"))
    assert style["paddingLeft"] == "0px"
    inset = page.locator("#held-languages").evaluate("el => getComputedStyle(el)")
    assert inset["borderRightWidth"] == "10px" and inset["borderLeftWidth"] == "0px"
    # The summary list reads from the right: the key, then its value to the left of it.
    key, value = (page.locator(".govuk-summary-list__row").first.locator(part).bounding_box()
                  for part in (".govuk-summary-list__key", ".govuk-summary-list__value"))
    assert key["x"] + key["width"] >= value["x"] + value["width"]
    assert page.evaluate(SIDEWAYS) <= 0
    check_axe(page)

    page.goto(f"/schools/{world.school.urn}/announcements/{sent.pk}/report/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # A list without bullets is indented at neither side (the browser's own indent, at the
    # start of the line, is taken away too).
    outcomes = page.locator("#outcomes").evaluate("el => getComputedStyle(el)")
    assert outcomes["paddingRight"] == outcomes["paddingLeft"] == "0px"
    assert_fits_the_screen(page)
    check_axe(page)


# Chromium without speech voices fails an utterance at once, so speaking is replaced by a
# list the test can end itself.
FAKE_SPEECH = """if ('speechSynthesis' in window) {
    window.spoken = [];
    speechSynthesis.speak = utterance => window.spoken.push(utterance);
    speechSynthesis.cancel = () => {};
}"""


def test_stop_reading_shows_only_while_reading(page, world, entry, sign_in_as):  # noqa: F811
    page.add_init_script(FAKE_SPEECH)
    sign_in_as(page, world.parent)
    page.goto(f"/pupils/{world.pupil.pk}/book/")
    control = page.locator(f'[data-module="bb-read-aloud"][data-target="entry-text-{entry.pk}"]')
    stop = control.get_by_role("button", name="Stop reading")
    expect(stop).to_be_hidden()
    if not page.evaluate("'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window"):
        expect(control).to_be_hidden()
        return
    read = control.get_by_role("button", name="Read aloud")
    expect(read).to_be_visible()
    check_axe(page)
    read.click()
    expect(stop).to_be_visible()
    expect(stop).to_be_focused()
    expect(read).to_be_hidden()
    assert "A calm, happy morning." in page.evaluate(
        "window.spoken.map(u => u.text).join(' ')")
    check_axe(page)
    # Reading to the end puts "Read aloud" back.
    page.evaluate("window.spoken.at(-1).onend()")
    expect(stop).to_be_hidden()
    expect(read).to_be_visible()
    # Stopping does too, with the focus back on "Read aloud".
    read.click()
    expect(stop).to_be_visible()
    stop.click()
    expect(stop).to_be_hidden()
    expect(read).to_be_focused()


def test_language_chooser_is_one_line_and_opens_by_keyboard(page, width, world, sign_in_as,
                                                            compiled):  # noqa: F811
    sign_in_as(page, world.parent)
    page.goto("/")
    chooser = page.get_by_role("navigation", name="Language")
    summary = chooser.locator("summary")
    expect(summary).to_have_text("Language: English")
    expect(chooser.get_by_role("link", name="Polski")).to_be_hidden()
    height = chooser.bounding_box()["height"]
    assert height <= 48, f"the language chooser is {height}px high"
    check_axe(page)

    # Tab from the top of the page to the chooser, open it, and go on to Polski.
    for _press in range(30):
        page.keyboard.press("Tab")
        if summary.evaluate("el => el === document.activeElement"):
            break
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    polski = chooser.get_by_role("link", name="Polski")
    expect(polski).to_be_visible()
    expect(chooser.locator('[aria-current="true"]')).to_have_text("English")
    for code, link in [("pl", polski), ("ur", chooser.get_by_role("link", name="اردو"))]:
        expect(link).to_have_attribute("lang", code)
        expect(link).to_have_attribute("hreflang", code)
        expect(link).to_have_attribute("href", f"/language/{code}/?next=/")
    check_axe(page)
    page.keyboard.press("Tab")
    expect(polski).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje dziecko")
    chooser = page.get_by_role("navigation", name="Język")
    expect(chooser.locator("summary")).to_contain_text("Polski")
    assert chooser.bounding_box()["height"] <= 48
    check_axe(page)
