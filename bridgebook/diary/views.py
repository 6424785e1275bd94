"""The pupil's book: the timeline, entries with their threads, writing and changing entries,
book settings and class or whole-school events.

Each view: sign-in → access layer (404 when the thing may not be seen, 403 when it may be
seen but not changed) → form → one action or selector → render or redirect.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgebook.announcements.access import can_compose
from bridgebook.core import audit
from bridgebook.core.access import access_school, viewer_for
from bridgebook.core.models import AuditEvent
from bridgebook.core.navigation import show_school
from bridgebook.core.paging import paginate
from bridgebook.diary import actions, selectors
from bridgebook.diary.access import (
    access_book,
    access_book_settings,
    access_entry,
    access_event,
    access_incident,
    can_manage_book,
    can_write_event,
    can_write_events,
    can_write_whole_school_events,
    event_classes,
    may_change,
)
from bridgebook.diary.forms import (
    AcknowledgeForm,
    BookFilterForm,
    BookSettingsForm,
    EventForm,
    HomeEntryEditForm,
    HomeEntryForm,
    ReplyForm,
    SchoolEntryEditForm,
    SchoolEntryForm,
)
from bridgebook.diary.models import Entry
from bridgebook.people.models import Contact
from bridgebook.translation import display

BOOK_PAGE_SIZE = 20


def _record_staff_view(request, pupil, summary: str) -> None:
    """Staff reading a child's book is kept in the audit log (families leave receipts)."""
    if viewer_for(request.user).is_staff_member:
        audit.record(actor=request.user, action=AuditEvent.Action.VIEW, obj=pupil,
                     summary=f"{summary} of {pupil.legal_name}")


# The book --------------------------------------------------------------------------------

@login_required
def book(request, pk: int):
    pupil = access_book(request.user, pk)
    viewer = viewer_for(request.user)
    show_school(request, pupil.school)
    form = BookFilterForm(request.GET or None)
    filters = form.filters()
    timeline = selectors.pupil_timeline(request.user, pupil, **filters)
    context = paginate(request, timeline, per_page=BOOK_PAGE_SIZE)
    entries = [item for item in context["page"] if item.item_kind == "entry"]
    # A family reader in another language: the whole page's texts in one translation batch.
    display.prefetch_entries(request, entries, school=pupil.school)
    selectors.unkeep_translated_cards(request, entries, school=pupil.school)
    # Read by the user's contact at the pupil's school (whose name staff see).
    contact_id = viewer.contact_for_school(pupil.school_id)
    filtered = bool(filters.get("since") or filters.get("until") or filters.get("kinds"))
    if viewer.is_family and contact_id is not None:
        actions.do_mark_read(entries=entries, contact=contact_id)
    elif viewer.is_staff_member and not filtered:
        # What the family wrote is read by this member of staff (a filtered book may hide it).
        actions.do_mark_book_read(user=request.user, pupil=pupil)
    _record_staff_view(request, pupil, "Viewed the book")
    return render(request, "diary/book.html", {
        "pupil": pupil, "school": pupil.school, "form": form, **context,
        "is_staff_view": viewer.is_staff_member, "is_family": viewer.is_family,
        "can_manage": viewer.is_staff_member and can_manage_book(request.user, pupil),
        "filtered": filtered, "reader_language": display.target_language(request, pupil.school),
        "pdf_query": urlencode({"from": filters["since"].isoformat(),
                                "to": filters["until"].isoformat()})
        if filters.get("since") and filters.get("until") else "",
    })


def _reply_form(request, entry, data=None) -> ReplyForm:
    return ReplyForm(data, other_household=selectors.has_other_household(request.user,
                                                                         entry.pupil))


def _entry_context(request, entry, *, reply_form=None) -> dict:
    viewer = viewer_for(request.user)
    context = selectors.entry_detail(request.user, entry)
    context.update(
        pupil=entry.pupil, school=entry.pupil.school,
        reply_form=reply_form or _reply_form(request, entry),
        acknowledge_form=AcknowledgeForm(),
        is_staff_view=viewer.is_staff_member, is_family=viewer.is_family,
        can_change=may_change(request.user, entry) and entry.origin != Entry.Origin.PUPIL,
        can_remove=may_change(request.user, entry),
        extras=selectors.entry_extras(request.user, [entry]).get(entry.pk, []),
    )
    return context


@login_required
def entry_detail(request, pk: int):
    entry = access_entry(request.user, pk)
    viewer = viewer_for(request.user)
    show_school(request, entry.pupil.school)
    context = _entry_context(request, entry)
    contact_id = viewer.contact_for_school(entry.pupil.school_id)
    if viewer.is_family and contact_id is not None:
        actions.do_mark_read(entries=[entry], contact=contact_id)
    elif viewer.is_staff_member:
        actions.do_mark_book_read(user=request.user, pupil=entry.pupil, entry=entry)
    _record_staff_view(request, entry.pupil, "Viewed a book entry")
    return render(request, "diary/entry_detail.html", context)


@login_required
def entry_history(request, pk: int):
    entry = access_entry(request.user, pk)
    show_school(request, entry.pupil.school)
    return render(request, "diary/entry_history.html", {
        "entry": entry, "pupil": entry.pupil, "school": entry.pupil.school,
        "revisions": selectors.entry_history(entry),
    })


# Writing ---------------------------------------------------------------------------------

def _school_form(pupil, data=None, *, edit=False, initial=None):
    form_class = SchoolEntryEditForm if edit else SchoolEntryForm
    return form_class(data, initial=initial, parts=selectors.book_parts(pupil),
                      activities=selectors.active_activities(pupil.school))


def _home_form(data=None, *, edit=False, initial=None, other_household=False):
    form_class = HomeEntryEditForm if edit else HomeEntryForm
    return form_class(data, initial=initial, other_household=other_household)


@login_required
def entry_new(request, pk: int):
    pupil = access_book(request.user, pk)
    viewer = viewer_for(request.user)
    show_school(request, pupil.school)
    data = request.POST if request.method == "POST" else None
    if viewer.is_staff_member:
        origin, form = Entry.Origin.SCHOOL, _school_form(pupil, data)
    elif viewer.is_family:
        origin, form = Entry.Origin.HOME, _home_form(
            data, other_household=selectors.has_other_household(request.user, pupil))
    else:  # pragma: no cover - anyone else cannot see the pupil
        raise Http404
    if data is not None and form.is_valid():
        # Families' entries go straight to school; staff choose draft or publish.
        publish = origin == Entry.Origin.HOME or "publish" in request.POST
        entry = actions.do_create_entry(
            pupil=pupil, author=request.user, origin=origin,
            date=form.cleaned_data["date"], data=form.entry_data(),
            activities=getattr(form, "chosen_activities", lambda: None)() or (),
            incidents=getattr(form, "incidents", lambda: [])(), publish=publish)
        messages.success(request, _("Entry published.") if entry.is_published
                         else _("Draft saved. Families cannot see it until it is published."))
        return redirect("diary:entry", entry.pk)
    template = "diary/entry_form.html" if origin == Entry.Origin.SCHOOL \
        else "diary/home_entry_form.html"
    return render(request, template, {"pupil": pupil, "school": pupil.school, "form": form})


@login_required
def entry_edit(request, pk: int):
    entry = access_entry(request.user, pk, write=True)
    pupil = entry.pupil
    show_school(request, pupil.school)
    if entry.origin == Entry.Origin.PUPIL:
        messages.info(request, _("“My day” is written with symbols on the My day page."))
        return redirect("diary:entry", entry.pk)
    school = entry.origin == Entry.Origin.SCHOOL
    initial_for = SchoolEntryForm.initial_for if school else HomeEntryForm.initial_for
    data = request.POST if request.method == "POST" else None
    share = not school and selectors.has_other_household(request.user, pupil)
    form = _school_form(pupil, data, edit=True, initial=initial_for(entry)) if school \
        else _home_form(data, edit=True, initial=initial_for(entry), other_household=share)
    conflict = None
    if data is not None and form.is_valid():
        try:
            entry = actions.do_update_entry(
                entry=entry, editor=request.user,
                expected_version=form.cleaned_data["version"], data=form.entry_data(),
                date=form.cleaned_data["date"],
                activities=form.chosen_activities() if school else None,
                incidents=form.incidents() if school else (),
                publish=school and "publish" in request.POST)
        except actions.EntryRemoved:
            messages.error(request, _("Someone else removed this entry while you were "
                                      "editing. Your changes have not been saved."))
            return redirect("diary:book", pupil.pk)
        except actions.EntryChanged as changed:
            conflict = {"submitted": _submitted(form)}
            entry = changed.latest
            form = _school_form(pupil, edit=True, initial=initial_for(entry)) if school \
                else _home_form(edit=True, initial=initial_for(entry), other_household=share)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("diary:entry", entry.pk)
    template = "diary/entry_form.html" if school else "diary/home_entry_form.html"
    return render(request, template, {
        "pupil": pupil, "school": pupil.school, "form": form, "entry": entry,
        "conflict": conflict,
    }, status=409 if conflict else 200)


def _submitted(form) -> list[tuple[str, str]]:
    """What the editor typed, so nothing is lost when their save is refused."""
    rows = []
    for name, value in form.cleaned_data.items():
        if name == "version" or value in (None, "", [], ()):
            continue
        if isinstance(value, list) or hasattr(value, "__iter__") and not isinstance(value, str):
            value = ", ".join(str(item) for item in value)
        rows.append((form.fields[name].label, str(value)))
    return rows


@login_required
@require_POST
def entry_remove(request, pk: int):
    entry = access_entry(request.user, pk, write=True)
    actions.do_remove_entry(entry=entry, acting_user=request.user)
    messages.success(request, _("Entry removed. It is kept in the audit log."))
    return redirect("diary:book", entry.pupil_id)


# Replies and acknowledgements ------------------------------------------------------------

@login_required
@require_POST
def reply(request, pk: int):
    entry = access_entry(request.user, pk)
    form = _reply_form(request, entry, request.POST)
    if form.is_valid():
        actions.do_reply(entry=entry, author=request.user, text=form.cleaned_data["text"],
                         shared_with_all=form.cleaned_data.get("shared_with_all", False))
        form = _reply_form(request, entry)
        if not request.htmx:
            messages.success(request, _("Reply sent."))
            return redirect(reverse("diary:entry", args=[entry.pk]) + "#replies")
    if request.htmx:
        return render(request, "diary/_thread.html", {
            "entry": entry, "replies": selectors.entry_replies(request.user, entry),
            "reply_form": form})
    show_school(request, entry.pupil.school)
    return render(request, "diary/entry_detail.html",
                  _entry_context(request, entry, reply_form=form))


@login_required
@require_POST
def acknowledge(request, pk: int):
    incident = access_incident(request.user, pk, acknowledge=True)
    # Acknowledged by the user's contact at the pupil's school.
    contact_id = viewer_for(request.user).contact_for_school(incident.entry.pupil.school_id)
    contact = Contact.objects.select_related("user").get(pk=contact_id)
    form = AcknowledgeForm(request.POST)
    back = reverse("diary:entry", args=[incident.entry_id]) + f"#incident-{incident.pk}"
    if not form.is_valid():
        # A note too long to keep: nothing is recorded, and the family is told why.
        messages.error(request, " ".join(form.errors["note"]))
        return redirect(back)
    actions.do_acknowledge_incident(incident=incident, contact=contact,
                                    note=form.cleaned_data["note"])
    messages.success(request, _("Thank you. The school can see you have read this."))
    return redirect(back)


# Settings --------------------------------------------------------------------------------

@login_required
def book_settings(request, pk: int):
    pupil = access_book_settings(request.user, pk)
    show_school(request, pupil.school)
    current = selectors.book_settings(pupil)
    initial = {"parts": list(current.parts) if current and current.parts
               else [str(part) for part in selectors.DEFAULT_PARTS],
               "share_personal_care": bool(current and current.share_personal_care)}
    form = BookSettingsForm(request.POST if request.method == "POST" else None,
                            initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_save_book_settings(
            pupil=pupil, parts=form.cleaned_data["parts"],
            share_personal_care=form.cleaned_data["share_personal_care"],
            acting_user=request.user)
        messages.success(request, _("Book settings saved."))
        return redirect("diary:book", pupil.pk)
    return render(request, "diary/book_settings.html",
                  {"pupil": pupil, "school": pupil.school, "form": form})


# Events ----------------------------------------------------------------------------------

@login_required
def event_new(request, urn: str):
    school = access_school(request.user, urn)
    request.bridgebook_school = school
    if not can_write_events(request.user, school):
        raise PermissionDenied
    whole_school = can_write_whole_school_events(request.user, school)
    classes = list(event_classes(request.user, school).order_by("name"))
    form = EventForm(request.POST if request.method == "POST" else None, classes=classes,
                     whole_school=whole_school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = actions.do_create_event(
            school=school, school_class=form.chosen_class(), date=data["date"],
            title=data["title"], description=data["description"], author=request.user,
            publish="draft" not in request.POST)
        messages.success(request, _("Event added to the books it concerns.")
                         if event.published_at else _("Event saved as a draft."))
        return redirect("diary:event", event.pk)
    return render(request, "diary/event_form.html", {"school": school, "form": form})


@login_required
def event_detail(request, pk: int):
    event = access_event(request.user, pk)
    show_school(request, event.school)
    display.prefetch_entries(request, [], school=event.school, events=[event])
    return render(request, "diary/event_detail.html", {
        "event": event, "school": event.school,
        "photos": selectors.event_photos(request.user, event),
        "pupils": selectors.event_pupils(request.user, event),
        "can_write_to_families": event.published_at is not None and event.deleted_at is None
        and can_compose(request.user, event.school),
        "can_publish": event.published_at is None and can_write_event(request.user, event),
    })


@login_required
@require_POST
def event_publish(request, pk: int):
    """Publish a draft event: it goes into the books it concerns, and their families are
    told as for an event published when it was written."""
    event = access_event(request.user, pk, write=True)
    if actions.do_publish_event(event=event, acting_user=request.user):
        messages.success(request, _("Event published. It is in the books it concerns."))
    else:
        messages.info(request, _("This event was already published."))
    return redirect("diary:event", event.pk)
