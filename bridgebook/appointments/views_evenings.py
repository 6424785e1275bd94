"""Parents' evenings' pages.

Staff: a school's evenings; setting one up (sessions, staff taking part, breaks) and its
overview, for the principal, the policy coordinator and the office (``EVENING_ROLES``);
each member of staff's schedule with each family's needs and the pupil's targets; the notes
of a meeting, which become a contact record.

Families, on their phone and in their language: the evenings open for booking, the
booking page (suggested back-to-back times first, then every free time), confirming, and
their own household's meetings, which they may cancel.

Each view: sign-in → access (access.py: 404 when the thing may not be seen, 403 when it
may be seen but not changed) → form → one action or read → render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bridgebook.appointments import booking, evenings
from bridgebook.appointments.access import (
    EVENING_ROLES,
    access_evening,
    access_family_evening,
    access_meeting,
    can_run,
    family_contact,
    may_cancel,
)
from bridgebook.appointments.booking import NotBookable
from bridgebook.appointments.forms_evenings import (
    BreakForm,
    CancelForm,
    EveningForm,
    NotesForm,
    SessionForm,
    StaffForm,
)
from bridgebook.appointments.models import EveningBreak, ParentsEvening
from bridgebook.core.access import access_school, query_id, viewer_for
from bridgebook.core.navigation import show_school


def _overview_url(evening) -> str:
    return reverse("appointments:evening_overview", args=[evening.pk])


def _form_page(request, *, form, heading, back, school, button, evening=None, extra=None,
               status=200):
    return render(request, "appointments/evenings/form.html", {
        "form": form, "heading": heading, "back": back, "school": school,
        "button": button, "evening": evening, **(extra or {})}, status=status)


# The school's evenings -------------------------------------------------------------------------

@require_GET
@login_required
def evening_list(request, urn: str):
    school = access_school(request.user, urn)
    show_school(request, school)
    found = list(ParentsEvening.objects.filter(school=school)
                 .prefetch_related("sessions").order_by("-booking_opens_at", "-pk"))
    return render(request, "appointments/evenings/list.html", {
        "school": school, "evenings": found, "runs": can_run(request.user, school),
        "now": timezone.now()})


@require_http_methods(["GET", "POST"])
@login_required
def evening_create(request, urn: str):
    school = access_school(request.user, urn, need=EVENING_ROLES)
    show_school(request, school)
    form = EveningForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        evening = evenings.do_create_evening(school=school, by=request.user,
                                             session=form.cleaned_data["session"],
                                             **form.evening_data())
        messages.success(request, _("Parents’ evening set up. Now add the staff taking "
                                    "part."))
        return redirect("appointments:evening_staff_add", evening.pk)
    return _form_page(request, form=form, heading=_("Set up a parents’ evening"),
                      back=reverse("appointments:evening_list", args=[school.urn]),
                      school=school, button=_("Set up the evening"),
                      status=400 if form.errors else 200)


@require_GET
@login_required
def evening_overview(request, pk: int):
    evening = access_evening(request.user, pk, run=True)
    show_school(request, evening.school)
    return render(request, "appointments/evenings/overview.html", {
        "evening": evening, "school": evening.school,
        "overview": evenings.overview(evening, user=request.user),
        "sessions": list(evening.sessions.all()), "breaks": list(evening.breaks.all())})


@require_http_methods(["GET", "POST"])
@login_required
def evening_edit(request, pk: int):
    evening = access_evening(request.user, pk, run=True)
    school = evening.school
    show_school(request, school)
    tz = school.tz
    opens = timezone.localtime(evening.booking_opens_at, tz)
    closes = timezone.localtime(evening.booking_closes_at, tz)
    form = EveningForm(request.POST or None, school=school, new=False, initial={
        "name": evening.name, "mode": evening.mode, "place": evening.place,
        "slot_minutes": evening.slot_minutes, "gap_minutes": evening.gap_minutes,
        "opens_on": opens.date(), "opens_at": f"{opens:%H:%M}", "closes_on": closes.date(),
        "closes_at": f"{closes:%H:%M}"})
    refused = None  # 409: the action refused, its reason a form error
    if request.method == "POST" and form.is_valid():
        try:
            evenings.do_edit_evening(evening=evening, by=request.user, **form.evening_data())
        except evenings.GridLocked as error:
            form.add_error(error.field, str(error))
            refused = 409
        else:
            messages.success(request, _("Parents’ evening saved."))
            return redirect(_overview_url(evening))
    return _form_page(request, form=form, heading=_("Change the parents’ evening"),
                      back=_overview_url(evening), school=school, button=_("Save"),
                      evening=evening, status=refused or (400 if form.errors else 200))


@require_http_methods(["GET", "POST"])
@login_required
def evening_session_add(request, pk: int):
    evening = access_evening(request.user, pk, run=True)
    show_school(request, evening.school)
    form = SessionForm(request.POST or None, school=evening.school)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.cleaned_data["session"]
        evenings.do_add_session(evening=evening, by=request.user, starts_at=starts_at,
                                ends_at=ends_at)
        messages.success(request, _("Session added."))
        return redirect(_overview_url(evening))
    return _form_page(request, form=form, heading=_("Add a session"),
                      back=_overview_url(evening), school=evening.school,
                      button=_("Add the session"), evening=evening,
                      status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def evening_staff_add(request, pk: int):
    evening = access_evening(request.user, pk, run=True)
    show_school(request, evening.school)
    taking_part = list(evening.staff.all())
    form = StaffForm(request.POST or None, school=evening.school,
                     taking_part=[item.staff_id for item in taking_part])
    refused = None  # 409: the action refused, its reason a form error
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evenings.do_add_staff(evening=evening, by=request.user, staff=data["staff"],
                                  slot_minutes=data["slot_minutes"], room=data["room"])
        except evenings.GridLocked as error:
            form.add_error(error.field, str(error))
            refused = 409
        else:
            messages.success(request, _("%(name)s takes part.")
                             % {"name": data["staff"].full_name})
            return redirect("appointments:evening_staff_add", evening.pk)
    return _form_page(request, form=form, heading=_("Staff taking part"),
                      back=_overview_url(evening), school=evening.school,
                      button=_("Add"), evening=evening,
                      extra={"taking_part": taking_part, "staff_page": True},
                      status=refused or (400 if form.errors else 200))


@require_POST
@login_required
def evening_staff_remove(request, pk: int, staff_pk: int):
    evening = access_evening(request.user, pk, run=True)
    item = next((item for item in evening.staff.all() if item.pk == staff_pk), None)
    if item is None:
        raise Http404
    try:
        evenings.do_remove_staff(evening_staff=item, by=request.user)
    except NotBookable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s no longer takes part.")
                         % {"name": item.staff.full_name})
    return redirect("appointments:evening_staff_add", evening.pk)


@require_http_methods(["GET", "POST"])
@login_required
def evening_break_add(request, pk: int):
    evening = access_evening(request.user, pk, run=True)
    show_school(request, evening.school)
    form = BreakForm(request.POST or None, evening=evening)
    refused = None  # 409: the action refused, its reason a form error
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        staff = next((item.staff for item in evening.staff.all()
                      if item.staff_id == data["staff"]), None)
        try:
            evenings.do_add_break(evening=evening, by=request.user,
                                  starts_at=data["starts_at"], ends_at=data["ends_at"],
                                  staff=staff)
        except NotBookable as error:
            form.add_error(None, str(error))
            refused = 409
        else:
            messages.success(request, _("Break added."))
            return redirect("appointments:evening_break_add", evening.pk)
    staff_names = {item.staff_id: item.staff.full_name for item in evening.staff.all()}
    breaks = [(item, staff_names.get(item.staff_id, "")) for item in evening.breaks.all()]
    return _form_page(request, form=form, heading=_("Breaks"), back=_overview_url(evening),
                      school=evening.school, button=_("Add the break"), evening=evening,
                      extra={"breaks": breaks, "breaks_page": True},
                      status=refused or (400 if form.errors else 200))


@require_POST
@login_required
def evening_break_remove(request, pk: int, break_pk: int):
    evening = access_evening(request.user, pk, run=True)
    item = EveningBreak.objects.filter(evening=evening, pk=break_pk).first()
    if item is None:
        raise Http404
    try:
        evenings.do_remove_break(evening_break=item, by=request.user)
    except NotBookable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Break removed."))
    return redirect("appointments:evening_break_add", evening.pk)


# A member of staff's evening ---------------------------------------------------------------------

@require_GET
@login_required
def evening_schedule(request, pk: int):
    """The member of staff's schedule (who runs the evening may read anyone's: ?staff=)."""
    evening = access_evening(request.user, pk)
    show_school(request, evening.school)
    staff_id = request.user.pk
    taking_part = {item.staff_id: item for item in evening.staff.all()}
    chosen = request.GET.get("staff", "")
    if chosen:
        chosen_id = query_id(chosen)
        if chosen_id is None or chosen_id not in taking_part:
            raise Http404
        if chosen_id != request.user.pk and not can_run(request.user, evening.school):
            raise PermissionDenied
        staff_id = chosen_id
    item = taking_part.get(staff_id)
    meetings = evenings.schedule(evening, staff_id, user=request.user) if item else []
    return render(request, "appointments/evenings/schedule.html", {
        "evening": evening, "school": evening.school, "evening_staff": item,
        "meetings": meetings, "now": timezone.now(),
        "runs": can_run(request.user, evening.school)})


@require_http_methods(["GET", "POST"])
@login_required
def evening_notes(request, pk: int):
    meeting = access_meeting(request.user, pk, notes=True)
    show_school(request, meeting.school)
    form = NotesForm(request.POST or None, initial={"notes": meeting.notes})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                booking.record_meeting(meeting, by=request.user,
                                       notes=form.cleaned_data["notes"])
            except NotBookable as error:
                form.add_error("notes", str(error))
                status = 409
            else:
                messages.success(request, _("Notes saved in the contact log."))
                return redirect(reverse("appointments:evening_schedule",
                                        args=[meeting.evening_id])
                                + f"?staff={meeting.staff_id}")
        else:
            status = 400
    return render(request, "appointments/evenings/notes.html", {
        "meeting": meeting, "school": meeting.school, "form": form,
        "started": meeting.starts_at <= timezone.now()}, status=status)


# Families ----------------------------------------------------------------------------------------

@require_GET
@login_required
def evening_family(request):
    """The parents' evenings a family member can book now, at each school of their
    children."""
    viewer = viewer_for(request.user)
    if not viewer.is_family:
        raise Http404
    schools = [school_id for school_id in viewer.contacts
               if family_contact(request.user, school_id) is not None]
    found = list(evenings.open_evenings_for(schools).select_related("school")
                 .prefetch_related("sessions").order_by("booking_closes_at"))
    return render(request, "appointments/evenings/family/list.html", {"evenings": found})


def _coming_ids(data) -> list[int]:
    """Who is coming too: ids the plan offers are kept (``family_plan``), anything else is
    left out."""
    return [found for found in map(query_id, data.getlist("with")) if found is not None]


@require_http_methods(["GET", "POST"])
@login_required
def evening_book(request, pk: int):
    """Book: suggested back-to-back times, then every free time for each child; a POST
    of chosen times shows them to confirm, and a POST with ``confirm`` books them all."""
    evening, contact = access_family_evening(request.user, pk)
    data = request.POST if request.method == "POST" else request.GET
    kept = viewer_for(request.user).restricted_pupil_ids
    plan = evenings.family_plan(evening, contact, coming_ids=_coming_ids(data), exclude=kept)
    context = {"evening": evening, "school": evening.school, "plan": plan,
               "is_open": evening.is_open(), "sessions": list(evening.sessions.all())}
    if request.method == "GET":
        return render(request, "appointments/evenings/family/book.html", context)
    chosen = [evenings.read_choice(plan, value) for value in request.POST.getlist("choice")
              if value]
    if None in chosen or not chosen:
        context["error"] = (_("Choose at least one time.") if not chosen
                            else _("That time is not one you can book. Please choose again."))
        return render(request, "appointments/evenings/family/book.html", context, status=400)
    if request.POST.get("confirm") != "yes":
        context["chosen"] = [(pupil, offer, times, evenings.choice_value(pupil, offer,
                                                                        times[0]))
                             for pupil, offer, times in chosen]
        return render(request, "appointments/evenings/family/confirm.html", context)
    try:
        booked = evenings.book_together(plan=plan, chosen=chosen, by=request.user)
    except NotBookable as error:
        context["plan"] = evenings.family_plan(evening, contact,
                                               coming_ids=_coming_ids(data), exclude=kept)
        context["error"] = str(error)
        return render(request, "appointments/evenings/family/book.html", context, status=409)
    messages.success(request, _("Booked. We have sent you the times.")
                     if len(booked) > 1 else _("Booked. We have sent you the time."))
    return redirect("appointments:evening_book", evening.pk)


@require_http_methods(["GET", "POST"])
@login_required
def evening_cancel(request, pk: int):
    meeting = access_meeting(request.user, pk)
    if not may_cancel(request.user, meeting):
        raise PermissionDenied
    show_school(request, meeting.school)
    staff_side = viewer_for(request.user).is_staff_member
    back = (reverse("appointments:evening_schedule", args=[meeting.evening_id])
            + f"?staff={meeting.staff_id}" if staff_side
            else reverse("appointments:evening_book", args=[meeting.evening_id]))
    if meeting.is_booked and meeting.has_started:
        messages.error(request, _("This meeting has already started, so it can no longer be "
                                  "moved or cancelled."))
        return redirect(back)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        booking.cancel(meeting, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The meeting is cancelled."))
        return redirect(back)
    # A family whose meeting is cancelled may book another time at the evening, while
    # it is open (never at ordinary appointment booking).
    book_again = (reverse("appointments:evening_book", args=[meeting.evening_id])
                  if not staff_side and meeting.evening.is_open() else "")
    return render(request, "appointments/evenings/cancel.html", {
        "meeting": meeting, "school": meeting.school, "form": form, "back": back,
        "cancelled": not meeting.is_booked, "book_again": book_again},
        status=400 if form.errors else 200)

