"""Waiting for the book's PDF on a phone: the page says it is being made, changes by
itself when it is ready (htmx asking every 3 seconds), and offers the download; axe checks
it waiting and ready."""

import pytest
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe
from bridgebook.diary import actions
from bridgebook.diary.models import BookExport

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", ["phone"])
def test_a_parent_waits_for_the_pdf_and_downloads_it(page, world, sign_in_as, settings):
    # The task is queued, not run, as when a worker has not got to it yet.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    sign_in_as(page, world.parent)
    page.goto(f"/pupils/{world.pupil.pk}/book.pdf?from=2026-03-01&to=2026-03-10")
    page.get_by_role("button", name="Make the PDF").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("We are making your PDF")
    expect(page.get_by_text("This page will change by itself")).to_be_visible()
    check_axe(page)

    actions.do_render_book_export(export_id=BookExport.objects.get().pk)  # the worker
    expect(heading).to_have_text("Your PDF is ready", timeout=10_000)
    assert page.title() == "Your PDF is ready – Bridgebook"
    check_axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == (
        "book-amira-hassan-2026-03-01-to-2026-03-10.pdf")
