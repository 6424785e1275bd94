"""A pupil tells their day with symbols, by touch and by keyboard; axe checks each page.

Also the other pages of photos and the PDF: adding a group photo and choosing the dates of
a book's PDF.
"""

import datetime as dt
import io

import pytest
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.diary.models import Entry, Photo
from bridgebook.people.models import PhotoConsent

pytestmark = pytest.mark.django_db(transaction=True)


def chosen_words(page) -> list[str]:
    return [text.strip() for text in page.locator("#chosen-list li").all_inner_texts()]


def test_a_teacher_helps_a_pupil_tell_their_day(page, world, sign_in_as):
    sign_in_as(page, world.class_teacher)
    page.goto(f"/pupils/{world.pupil.pk}/my-day/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")
    expect(page.get_by_text("Nothing chosen yet.")).to_be_visible()
    check_axe(page)

    # Nothing chosen: the error summary links to the first symbol.
    page.get_by_role("button", name="Save my day").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose at least one symbol")
    check_axe(page)
    summary.get_by_role("link").click()
    happy = page.get_by_role("checkbox", name="happy", exact=True)
    expect(happy).to_be_focused()

    # By keyboard: Space chooses, Tab moves to the next symbol, Space again takes one away.
    page.keyboard.press("Space")
    expect(happy).to_be_checked()
    page.keyboard.press("Tab")
    good = page.get_by_role("checkbox", name="good", exact=True)
    expect(good).to_be_focused()
    page.keyboard.press("Space")
    assert chosen_words(page) == ["happy", "good"]
    # By touch (a tap on the card).
    page.get_by_role("checkbox", name="swimming").check()
    page.get_by_role("checkbox", name="food", exact=True).check()
    assert chosen_words(page) == ["happy", "good", "swimming", "food"]
    good.focus()
    page.keyboard.press("Space")
    expect(good).not_to_be_checked()
    assert chosen_words(page) == ["happy", "swimming", "food"]
    expect(page.get_by_text("Nothing chosen yet.")).to_be_hidden()
    check_axe(page)

    page.get_by_role("button", name="Save my day").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved in their book")
    expect(page.get_by_text("Already saved today")).to_be_visible()
    check_axe(page)
    entry = Entry.objects.get(pupil=world.pupil, origin=Entry.Origin.PUPIL)
    assert entry.is_published
    assert [item["word"] for item in entry.symbols] == ["happy", "swimming", "food"]


def test_the_symbols_credit_leads_to_the_about_page(page, world, sign_in_as):
    sign_in_as(page, world.class_teacher)
    page.goto(f"/pupils/{world.pupil.pk}/my-day/")
    page.get_by_role("link", name="About the symbols").click()
    expect(page.get_by_text("All emojis designed by OpenMoji")).to_be_visible()
    check_axe(page)


def test_a_teacher_adds_a_group_photo(page, world, sign_in_as, tmp_path):
    from PIL import Image

    world.pupil.photo_consent = PhotoConsent.BOOK
    world.pupil.save(update_fields=["photo_consent"])
    photo = tmp_path / "park.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 160, 60)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    day = dt.date(2026, 3, 10).isoformat()

    sign_in_as(page, world.class_teacher)
    page.goto(f"/classes/{world.class_a.pk}/book/{day}/photos/add/")
    check_axe(page)
    page.get_by_role("button", name="Add photo").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_axe(page)
    page.get_by_label("Amira Hassan").check()
    page.get_by_label("Photos", exact=True).set_input_files(str(photo))
    page.get_by_label("What the photos show").fill("Class A at the park")
    page.get_by_role("button", name="Add photo").click()
    page.wait_for_url(f"**/classes/{world.class_a.pk}/book/{day}/")
    assert list(Photo.objects.get().pupils.all()) == [world.pupil]


def test_a_parent_chooses_dates_for_the_pdf(page, world, sign_in_as):
    sign_in_as(page, world.parent)
    page.goto(f"/pupils/{world.pupil.pk}/book.pdf")
    check_axe(page)
    page.get_by_label("From").fill("2026-03-10")
    page.get_by_label("To").fill("2026-03-01")
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The end date must be the same as or after the start date")
    check_axe(page)
    page.get_by_label("To").fill("2026-03-20")
    page.get_by_role("button", name="Make the PDF").click()
    # Tasks run at once in tests, so the PDF is ready by the time its page opens.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your PDF is ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
