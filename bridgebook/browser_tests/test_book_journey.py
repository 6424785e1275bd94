"""The book from end to end: a teacher writes today's book for the class, a parent reads it
on a phone, replies and sends weekend news with a photo, the separated parent reads it too,
the restricted parent cannot, and the teacher sees who has read it. Axe on every page."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import PHONE, check_axe
from bridgebook.diary.models import Entry, Photo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def width():
    """One run: the journey moves between a desktop (teacher) and phones (parents)."""
    return "desktop"


def _phone(browser, live_server, sign_in_as, user):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in_as(page, user)
    return page


def _photo(tmp_path):
    path = tmp_path / "beach.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_day_in_the_book(page, browser, live_server, world, sign_in_as, tmp_path):
    world.pupil.photo_consent = "book"
    world.pupil.save(update_fields=["photo_consent"])
    name = world.pupil.display_name

    # The teacher writes today's book from the class page.
    sign_in_as(page, world.class_teacher)
    page.goto(f"/classes/{world.class_a.pk}/book/")
    check_axe(page)
    pupil = page.locator(f"#pupil-{world.pupil.pk}")
    pupil.get_by_label("Happy", exact=True).check()
    pupil.get_by_label("Most", exact=True).check()
    pupil.get_by_role("textbox").first.fill("Amira swam a whole width on her own today.")
    page.get_by_role("button", name="Publish the book for today").click()
    check_axe(page)
    entry = Entry.objects.get(pupil=world.pupil, date=timezone.localdate())
    assert entry.status == "published"

    # Mum reads it on her phone, replies, and sends weekend news with a photo.
    mum = _phone(browser, live_server, sign_in_as, world.parent)
    mum.goto("/")
    expect(mum.get_by_text("1 new entry")).to_be_visible()
    check_axe(mum)
    mum.get_by_role("link", name=name).first.click()
    mum.goto(f"/pupils/{world.pupil.pk}/book/")
    expect(mum.get_by_text("Amira swam a whole width on her own today.")).to_be_visible()
    check_axe(mum)
    mum.goto(f"/entries/{entry.pk}/")
    mum.get_by_label("Your reply").fill("Thank you! She told us all about it.")
    mum.get_by_role("button", name="Send reply").click()
    expect(mum.get_by_text("Thank you! She told us all about it.")).to_be_visible()
    check_axe(mum)
    mum.goto(f"/pupils/{world.pupil.pk}/book/new/")
    check_axe(mum)
    mum.get_by_label("News from home").fill("We went to the beach on Saturday.")
    mum.get_by_role("button", name="Send to school").click()
    home = Entry.objects.get(pupil=world.pupil, origin="home")
    mum.goto(f"/entries/{home.pk}/photos/add/")
    check_axe(mum)
    mum.get_by_label("Photos", exact=True).set_input_files(str(_photo(tmp_path)))
    mum.get_by_label("What the photos show").fill("Amira on the beach")
    mum.get_by_role("button", name="Add photos").click()
    assert Photo.objects.filter(entry=home).count() == 1
    expect(mum.get_by_role("img", name="Amira on the beach")).to_be_visible()
    check_axe(mum)

    # Dad, in the other household, reads the same entry.
    dad = _phone(browser, live_server, sign_in_as, world.separated_parent)
    dad.goto(f"/pupils/{world.pupil.pk}/book/")
    expect(dad.get_by_text("Amira swam a whole width on her own today.")).to_be_visible()
    dad.goto(f"/entries/{entry.pk}/")
    check_axe(dad)

    # The parent under a court order sees nothing.
    restricted = _phone(browser, live_server, sign_in_as, world.restricted_parent)
    response = restricted.goto(f"/pupils/{world.pupil.pk}/book/")
    assert response.status == 404
    assert restricted.goto(f"/entries/{entry.pk}/").status == 404

    # The teacher sees who has read it, and Mum's news with its photo in the book.
    page.goto(f"/entries/{entry.pk}/")
    expect(page.get_by_text("Read by Layla Hassan")).to_be_visible()
    expect(page.get_by_text("Read by Omar Hassan")).to_be_visible()
    check_axe(page)
    page.goto(f"/pupils/{world.pupil.pk}/book/")
    expect(page.get_by_text("We went to the beach on Saturday.")).to_be_visible()
    expect(page.get_by_role("img", name="Amira on the beach")).to_be_visible()
    check_axe(page)
