"""The PDF of a pupil's book: who may have it, what goes in, what stays out.

Neither pypdf nor pdftotext is installed, so what the PDF says is checked on the HTML that
WeasyPrint is given, and that the PDF is real by its header and its embedded images.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import translation
from PIL import Image

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.queries import FAMILY_FRAME
from bridgebook.diary import actions, pdf
from bridgebook.diary.actions import do_add_my_day, do_add_photos
from bridgebook.diary.models import BookExport, Entry
from bridgebook.people.models import PhotoConsent

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)
SEE_PUPIL = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin",
             "parent", "separated_parent"}
RANGE = {"from": "2026-03-01", "to": "2026-03-10"}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def fed(monkeypatch):
    """The HTML each PDF was made from."""
    pages = []
    real = pdf.book_html

    def capture(context):
        html = real(context)
        pages.append(html)
        return html

    monkeypatch.setattr(pdf, "book_html", capture)
    return pages


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (30, 120, 200)).save(out, "JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def book(world):
    """A week of Amira's book: a school entry with a photo and an incident, a draft, an
    entry outside the range, my day, a class event, a reply."""
    world.pupil.photo_consent = PhotoConsent.BOOK
    world.pupil.save(update_fields=["photo_consent"])
    entry = actions.do_create_entry(
        pupil=world.pupil, author=world.class_teacher, origin=Entry.Origin.SCHOOL,
        date=dt.date(2026, 3, 9),
        data={"note": "Amira counted to twenty at snack time.", "mood": 5,
              "food": {"lunch": "most", "drinks": "Water"},
              "health": {"medication": [{"name": "Calpol", "time": "12:30"}],
                         "personal_care": "Changed after swimming."}},
        incidents=[{"kind": "accident", "happened_at": dt.time(11, 15),
                    "what_happened": "Tripped on the playground and grazed her knee.",
                    "action_taken": "Cleaned and a plaster put on.", "who_was_told": "Mum"}],
        publish=True)
    [photo] = do_add_photos(entry=entry, files=[jpeg()], alt_text="Amira at snack time",
                            uploaded_by=world.class_teacher)
    actions.do_reply(entry=entry, author=world.parent, text="Well done Amira from Mum!")
    actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                            origin=Entry.Origin.SCHOOL, date=dt.date(2026, 3, 10),
                            data={"note": "A draft nobody else has read."}, publish=False)
    actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                            origin=Entry.Origin.SCHOOL, date=dt.date(2026, 2, 1),
                            data={"note": "Long ago in February."}, publish=True)
    do_add_my_day(pupil=world.pupil, author=world.class_teacher, symbols=["1F3CA", "1F604"],
                  date=dt.date(2026, 3, 9))
    actions.do_create_event(school=world.school, school_class=world.class_a,
                            date=dt.date(2026, 3, 5), title="Theatre visit",
                            description="A visiting theatre group.", author=world.principal,
                            publish=True)
    return {"entry": entry, "photo": photo}


def url(world, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("diary:book_pdf", args=[world.pupil.pk]) + (f"?{query}" if query else "")


@pytest.fixture
def make_pdf(django_capture_on_commit_callbacks):
    """Ask for the PDF as the form does and fetch it once the task has made it (tasks run at
    once in tests, when the request's transaction commits): the download response."""

    def make(client, world, **data):
        with django_capture_on_commit_callbacks(execute=True):
            asked = client.post(url(world), data)
        assert asked.status_code == 302, asked.status_code
        export = BookExport.objects.get(pk=resolve(asked["Location"]).kwargs["pk"])
        assert export.status == BookExport.Status.READY, export.error
        return client.get(reverse("diary:book_export_download", args=[export.pk]))

    return make


# Ranges ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw_from", "raw_to", "message"), [
    ("2026-03-10", "2026-03-01", "The end date must be the same as or after the start date"),
    ("2025-01-01", "2026-03-01", "Choose dates no more than a year apart"),
    ("2026-02-30", "2026-03-01", "The start date must be a real date"),
    ("yesterday", "", "The start date must be a real date"),
    ("2026-03-01", "soon", "The end date must be a real date"),
])
def test_a_bad_range_is_explained(raw_from, raw_to, message):
    with pytest.raises(pdf.RangeError, match=message):
        pdf.parse_range(raw_from, raw_to, today=TODAY)


def test_good_ranges():
    assert pdf.parse_range("2026-03-01", "2026-03-10", today=TODAY) == (
        dt.date(2026, 3, 1), dt.date(2026, 3, 10))
    assert pdf.parse_range("2026-03-01", "", today=TODAY) == (dt.date(2026, 3, 1), TODAY)
    assert pdf.parse_range(None, None, today=TODAY) == (dt.date(2026, 2, 11), TODAY)
    assert pdf.parse_range("2025-03-11", "2026-03-10", today=TODAY)[0] == dt.date(2025, 3, 11)


# Who may have it -------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_download_the_book(world, book, name, make_pdf):
    client = signed_in(persona(world, name))
    if name not in SEE_PUPIL:
        response = client.post(url(world), RANGE)
        assert response.status_code == (302 if name == "anonymous" else 404), name
        assert not BookExport.objects.exists()
        return
    response = make_pdf(client, world, **RANGE)
    assert response.status_code == 200, name
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert "book-amira-hassan-2026-03-01-to-2026-03-10.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_the_restricted_parent_gets_nothing_and_nothing_is_audited(world, book):
    response = signed_in(world.restricted_parent).post(url(world), RANGE)
    assert response.status_code == 404
    assert not BookExport.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


# What goes in ----------------------------------------------------------------------------

def pdf_bytes(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_book_says_what_was_published_in_plain_words(world, book, fed, make_pdf):
    content = pdf_bytes(make_pdf(signed_in(world.parent), world, replies="yes", **RANGE))
    assert content.startswith(b"%PDF")
    [html] = fed
    for text in ["Amira Hassan’s home-school book", "Mapledown School", "Class A",
                 "From 1 March 2026 to 10 March 2026",
                 "Amira counted to twenty at snack time.", "Very happy", "Lunch: Most",
                 "Water", "Calpol at 12:30", "Tripped on the playground and grazed her knee.",
                 "Cleaned and a plaster put on.", "Theatre visit", "A visiting theatre group.",
                 "swimming", "happy", "Well done Amira from Mum!", "counter(page)",
                 "All emojis designed by OpenMoji"]:
        assert text in html, text
    # Drafts, entries outside the range, and personal care the family has not asked for.
    for text in ["A draft nobody else has read.", "Long ago in February.",
                 "Changed after swimming."]:
        assert text not in html, text
    # My day symbols and the photo are embedded from the book's own addresses.
    assert f'{pdf.SYMBOL_SCHEME}1F3CA' in html
    assert f'{pdf.PHOTO_SCHEME}{book["photo"].token}' in html
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert b"/DCTDecode" in content  # the JPEG is in the PDF itself


def test_replies_are_left_out_unless_asked_for(world, book, fed, make_pdf):
    make_pdf(signed_in(world.class_teacher), world, **RANGE)
    assert "Well done Amira from Mum!" not in fed[0]


def test_staff_get_no_drafts_either(world, book, fed, make_pdf):
    make_pdf(signed_in(world.class_teacher), world, **RANGE)
    assert "Amira counted to twenty" in fed[0]
    assert "A draft nobody else has read." not in fed[0]


def test_no_photos_without_consent(world, book, fed, make_pdf):
    world.pupil.photo_consent = PhotoConsent.NONE
    world.pupil.save(update_fields=["photo_consent"])
    content = pdf_bytes(make_pdf(signed_in(world.parent), world, **RANGE))
    [html] = fed
    assert book["photo"].token not in html
    assert "Photos are not included: there is no photo consent." in html
    assert b"/DCTDecode" not in content


def test_the_pdf_is_in_the_language_it_was_asked_in(world, book, fed, make_pdf):
    """The task runs outside the request, in the language of the person who asked."""
    client = signed_in(world.parent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    try:
        make_pdf(client, world, **RANGE)
    finally:
        translation.deactivate()   # LocaleMiddleware leaves the request's language active
    assert BookExport.objects.get().language == "ar"
    assert 'lang="ar" dir="rtl"' in fed[0]


def test_each_download_is_audited_and_asking_is_not(world, book, make_pdf):
    client = signed_in(world.parent)
    response = make_pdf(client, world, **RANGE)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == world.parent and event.pupil == world.pupil
    assert "01/03/2026 to 10/03/2026" in event.summary
    client.get(response.wsgi_request.path)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2


def test_the_pdf_fetches_nothing_from_the_network_or_disk(world, book):
    fetcher = pdf._fetcher({book["photo"].token})
    for address in ["http://example.com/a.png", "https://example.com/a.css",
                    "file:///etc/passwd", f"{pdf.SYMBOL_SCHEME}1F4A9",
                    f"{pdf.PHOTO_SCHEME}someone-elses-photo"]:
        with pytest.raises(ValueError):
            fetcher.fetch(address)
    assert fetcher.fetch(f"{pdf.PHOTO_SCHEME}{book['photo'].token}").read()[:2] == b"\xff\xd8"
    assert fetcher.fetch(f"{pdf.SYMBOL_SCHEME}1F3CA").read().lstrip().startswith(b"<svg")


@pytest.mark.parametrize("photos", [1, 4])
def test_the_pdf_costs_the_same_queries_however_many_photos(world, photos,
                                                            django_assert_num_queries):
    world.pupil.photo_consent = PhotoConsent.BOOK
    world.pupil.save(update_fields=["photo_consent"])
    entry = actions.do_create_entry(
        pupil=world.pupil, author=world.class_teacher, origin=Entry.Origin.SCHOOL,
        date=dt.date(2026, 3, 9), data={"note": "Painting with Amira."}, publish=True)
    do_add_photos(entry=entry, files=[jpeg() for _ in range(photos)],
                  alt_text="Amira painting", uploaded_by=world.class_teacher)
    # 1. the parent's Viewer (staff roles, court orders, trusts administered and contacts,
    #    in one query);
    # 2-4. ids and dates of the book's entries, events and days of group photos;
    # 5. the entries, 6-9. their activities, incidents, photos and replies, 10. the
    #    parent's read receipts;
    # 11. the book's settings (which parts it shows);
    # 12. where every photo of the book is stored, for the PDF renderer (once, for all).
    with django_assert_num_queries(12):
        content = pdf.render_book_pdf(user=world.parent, pupil=world.pupil,
                                      date_from=dt.date(2026, 3, 1),
                                      date_to=dt.date(2026, 3, 10))
    assert content.startswith(b"%PDF")
    assert content.count(b"/DCTDecode") == photos  # every photo is in it


def test_an_empty_range_still_makes_a_pdf(world, fed, make_pdf):
    content = pdf_bytes(make_pdf(signed_in(world.class_teacher), world,
                                 **{"from": "2020-01-01", "to": "2020-01-31"}))
    assert content.startswith(b"%PDF")
    assert "Nothing was published in the book between these dates." in fed[0]


# Choosing dates --------------------------------------------------------------------------

def test_without_dates_the_page_asks_for_them(world):
    response = signed_in(world.parent).get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="from"' in page and 'value="2026-02-11"' in page and 'value="2026-03-10"' in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert not BookExport.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_books_own_link_fills_in_its_dates_and_asks_for_nothing(world):
    """A GET only fills in the form: asking for a PDF is a POST."""
    response = signed_in(world.parent).get(url(world, **RANGE))
    page = response.content.decode()
    assert 'value="2026-03-01"' in page and 'value="2026-03-10"' in page
    assert not BookExport.objects.exists()


@pytest.mark.parametrize(("params", "message"), [
    ({"from": "2026-03-10", "to": "2026-03-01"},
     "The end date must be the same as or after the start date"),
    ({"from": "2024-01-01", "to": "2026-03-01"}, "Choose dates no more than a year apart"),
])
def test_a_bad_range_gets_a_clear_page(world, params, message):
    response = signed_in(world.parent).post(url(world), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert message in page and "govuk-error-summary" in page and 'href="#id_from"' in page
    assert not BookExport.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_range_page_lists_the_pdfs_asked_for_in_the_last_day(
        world, django_assert_num_queries):
    def export(days_ago, status, day):
        made = BookExport.objects.create(
            requested_by=world.parent, pupil=world.pupil, date_from=dt.date(2026, 3, day),
            date_to=dt.date(2026, 3, day), language="en-gb", status=status)
        BookExport.objects.filter(pk=made.pk).update(
            created_at=NOW - dt.timedelta(days=days_ago))

    export(0, BookExport.Status.READY, 1)
    export(0, BookExport.Status.FAILED, 2)
    export(0, BookExport.Status.QUEUED, 3)
    export(2, BookExport.Status.READY, 4)          # gone tomorrow... already past a day
    BookExport.objects.create(requested_by=world.separated_parent, pupil=world.pupil,
                              date_from=dt.date(2026, 3, 5), date_to=dt.date(2026, 3, 5),
                              language="en-gb")   # someone else's
    client = signed_in(world.parent)
    client.get(url(world))
    # FAMILY_FRAME, the pupil (visible and with school and class), and the exports.
    with django_assert_num_queries(FAMILY_FRAME + 2):
        page = client.get(url(world)).content.decode()
    assert "Your PDFs from the last day" in page
    assert "1 March 2026 to 1 March 2026</a>:\n    ready to download" in page
    assert "2 March 2026 to 2 March 2026</a>:\n    could not be made" in page
    assert "3 March 2026 to 3 March 2026</a>:\n    being made" in page
    assert "4 March 2026" not in page and "5 March 2026" not in page
