"""Photos, "my day" symbols and the PDF of a pupil's book.

Each view: sign-in → access layer (404 when the thing may not be seen, 403 when it may be
seen but not changed) → form → one action → render or redirect. Photos are streamed
here and only here, never from MEDIA_URL.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bridgebook.core.access import access_class, visible_pupils
from bridgebook.diary import actions, exports, pdf, photos, selectors, symbols, voice
from bridgebook.diary.access import (
    access_book,
    access_entry,
    access_export,
    access_my_day,
    access_photo,
    can_show_photos,
)
from bridgebook.diary.forms_media import GroupPhotoForm, MyDayForm, PhotoForm

# Photos ----------------------------------------------------------------------------------

@require_GET
@login_required
def photo(request, token: str):
    """The photo file, for someone who may see a tagged pupil whose consent allows it."""
    item = access_photo(request.user, token)
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Content-Disposition"] = 'inline; filename="photo.jpg"'
    # Only the signed-in browser may keep it, and not for long: consent can be withdrawn.
    patch_cache_control(response, private=True, max_age=3600)
    patch_vary_headers(response, ["Cookie"])
    return response


@login_required
def photo_add(request, pk: int):
    """Add photos to an entry: staff to school entries and "my day", families to their own
    home entries."""
    entry = access_entry(request.user, pk, write=True)
    pupil = entry.pupil
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.do_add_photos(entry=entry, files=form.cleaned_data["photos"],
                                          alt_text=form.cleaned_data["alt_text"],
                                          uploaded_by=request.user)
        except photos.PhotoError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("%(count)s photos added.") % {"count": len(added)}
                             if len(added) != 1 else _("Photo added."))
            return redirect("diary:entry", entry.pk)
    return render(request, "diary/photo_add.html", {
        "entry": entry, "pupil": pupil, "form": form,
        "consent": can_show_photos(pupil),
    })


@login_required
def group_photo_add(request, pk: int, day: str):
    """A group photo for a class day, tagged with the pupils in it (staff of the class)."""
    school_class = access_class(request.user, pk)
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    request.bridgebook_school = school_class.school
    pupils = visible_pupils(request.user).filter(school_class=school_class).order_by(
        "legal_first_name", "legal_last_name", "pk")
    form = GroupPhotoForm(request.POST or None, request.FILES or None, pupils=pupils)
    form.fields["pupils"].label_from_instance = _pupil_label
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_photos(school_class=school_class, day=date,
                                  files=form.cleaned_data["photos"],
                                  alt_text=form.cleaned_data["alt_text"],
                                  pupils=form.cleaned_data["pupils"], uploaded_by=request.user)
        except photos.PhotoError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Group photo added."))
            return redirect("diary:class_day_on", school_class.pk, date.isoformat())
    return render(request, "diary/photo_group_add.html", {
        "school_class": school_class, "school": school_class.school, "day": date,
        "form": form,
    })


def _pupil_label(pupil) -> str:
    if can_show_photos(pupil):
        return pupil.display_name
    return _("%(name)s (no photo consent)") % {"name": pupil.display_name}


# Pupil voice -----------------------------------------------------------------------------

@require_GET
def symbol(request, hexcode: str):
    """A curated OpenMoji symbol as SVG; nothing personal, so no sign-in and a long cache."""
    try:
        svg = symbols.symbol_svg(hexcode)
    except KeyError:
        raise Http404 from None
    response = HttpResponse(svg, content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    # An SVG opened on its own runs no script and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
def my_day(request, pk: int):
    """The pupil tells their day with symbols; staff who can see the pupil help them."""
    pupil = access_my_day(request.user, pk)  # families read "my day" in the book
    request.bridgebook_school = pupil.school
    form = MyDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = voice.symbols_in_order(form.cleaned_data["symbols"],
                                        form.cleaned_data["order"])
        try:
            actions.do_add_my_day(pupil=pupil, author=request.user, symbols=chosen)
        except voice.VoiceError as error:
            form.add_error("symbols", error.message)
        else:
            messages.success(request, _("%(name)s’s day is saved in their book.")
                             % {"name": pupil.first_name})
            return redirect("diary:my_day", pupil.pk)
    selected = voice.symbols_in_order(form.data.getlist("symbols"),
                                      form.data.get("order", "").split()) if form.is_bound \
        else []
    today = timezone.localdate()
    saved = selectors.my_days(pupil, today)
    groups = _symbol_groups(selected)
    return render(request, "diary/my_day.html", {
        "pupil": pupil, "school": pupil.school, "form": form, "today": today,
        "groups": groups,
        "first_input_id": f"symbol-{groups[0]['key']}-{groups[0]['symbols'][0]['hexcode']}",
        "selected": [_symbol_view(hexcode) for hexcode in selected],
        "saved": [[_symbol_view(item.get("symbol", ""), item.get("word", ""))
                   for item in entry.symbols if isinstance(item, dict)] for entry in saved],
    })


def _symbol_view(hexcode: str, word: str = "") -> dict:
    return {"hexcode": hexcode, "word": symbols.word_for(hexcode, word),
            "url": symbols.symbol_url(hexcode) if symbols.is_known(hexcode) else ""}


def _symbol_groups(selected: list[str]) -> list[dict]:
    chosen = set(selected)
    return [{"key": group.key, "label": group.label,
             "symbols": [{**_symbol_view(symbol.hexcode), "checked": symbol.hexcode in chosen}
                         for symbol in group.symbols]}
            for group in symbols.GROUPS]


# The book as a PDF -----------------------------------------------------------------------
# Made in the background (actions.exports): the range page asks for it, the export's page waits
# for it and offers the download.

@require_http_methods(["GET", "POST"])
@login_required
def book_pdf(request, pk: int):
    """Choose the dates of the book's PDF (filled in from ?from=&to=, as the book's own link
    gives them) and ask for it; the person is sent to the export's page to wait for it."""
    pupil = access_book(request.user, pk)
    if request.method == "POST":
        raw_from, raw_to = request.POST.get("from"), request.POST.get("to")
        include_replies = request.POST.get("replies") == "yes"
        try:
            date_from, date_to = pdf.parse_range(raw_from, raw_to)
        except pdf.RangeError as error:
            return _range_page(request, pupil, error=error.message, raw_from=raw_from,
                               raw_to=raw_to, include_replies=include_replies, status=400)
        export = actions.do_request_book_export(
            user=request.user, pupil=pupil, date_from=date_from, date_to=date_to,
            include_replies=include_replies, language=get_language())
        return redirect("diary:book_export", export.pk)
    raw_from, raw_to = request.GET.get("from"), request.GET.get("to")
    if not raw_from and not raw_to:
        today = timezone.localdate()
        raw_from = (today - datetime.timedelta(days=pdf.DEFAULT_DAYS - 1)).isoformat()
        raw_to = today.isoformat()
    return _range_page(request, pupil, error=None, raw_from=raw_from, raw_to=raw_to,
                       include_replies=request.GET.get("replies") == "yes")


def _range_page(request, pupil, *, error, raw_from, raw_to, include_replies, status=200):
    recent = selectors.recent_exports(request.user, pupil)
    return render(request, "diary/pdf_range.html", {
        "pupil": pupil, "school": pupil.school, "error": error,
        "date_from": (raw_from or "")[:10], "date_to": (raw_to or "")[:10],
        "include_replies": include_replies,
        "recent": [(export, exports.state_of(export)) for export in recent],
    }, status=status)


@require_GET
@login_required
def book_export(request, pk: int):
    """The page of one PDF being made: it says so and updates itself (htmx every three
    seconds, or a refresh without JavaScript) until the PDF is ready to download or could
    not be made, when it offers to try again."""
    export = access_export(request.user, pk)
    state = exports.state_of(export)
    if request.htmx and state == exports.WAITING:
        return HttpResponse(status=204)  # nothing new: htmx swaps nothing, nothing is re-read
    response = render(request, "diary/book_export.html", {
        "export": export, "pupil": export.pupil, "school": export.pupil.school,
        "state": state, "filename": pdf.filename_for(export.pupil, export.date_from,
                                                     export.date_to),
    })
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@login_required
def book_export_download(request, pk: int):
    """The PDF itself, for the person who asked for it, as an attachment (audited)."""
    export = access_export(request.user, pk)
    if exports.state_of(export) != exports.READY:
        return redirect("diary:book_export", export.pk)
    try:
        handle = actions.do_open_export(export=export, user=request.user)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True,
                            filename=pdf.filename_for(export.pupil, export.date_from,
                                                      export.date_to))
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
@login_required
def book_export_retry(request, pk: int):
    """Ask again for a PDF that could not be made (the same dates and replies)."""
    export = access_export(request.user, pk)
    again = actions.do_request_book_export(
        user=request.user, pupil=export.pupil, date_from=export.date_from,
        date_to=export.date_to, include_replies=export.include_replies,
        language=get_language())
    return redirect("diary:book_export", again.pk)
