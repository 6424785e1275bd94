"""Staff pages for appointments: when I can meet (the windows a member of staff publishes),
my appointments (with each family's language needs), a child's meetings and booking one
for the family, one meeting (move, cancel, notes afterwards or "did not come", its calendar
file), and the school's settings. A family member who opens a child's meetings or a meeting
gets the family's pages (views_family.py); moving, cancelling and the calendar file are shared.

Each view: sign-in → access layer (404 when the thing may not be seen, 403 when it may be
seen but not changed) → form → one action or selector → render or redirect.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bridgebook.appointments import actions, booking, notifications, selectors, views_family
from bridgebook.appointments.access import (
    access_appointment,
    access_availability,
    access_meeting_school,
    access_staff_booking,
    can_change,
    can_change_settings,
    can_meet,
)
from bridgebook.appointments.forms import (
    AvailabilityForm,
    MoveForm,
    NotesForm,
    ReasonForm,
    SettingsForm,
    StaffBookForm,
)
from bridgebook.appointments.models import AppointmentSettings, Mode
from bridgebook.core.access import access_pupil, viewer_for
from bridgebook.core.navigation import show_school
from bridgebook.messaging.recipients import resolve
from bridgebook.translation import display


def _form_page(request, *, form, heading, back, pupil=None, school=None, button=None,
               intro="", status=200, extra=None, template="appointments/form.html"):
    return render(request, template, {
        "form": form, "heading": heading, "back": back, "pupil": pupil,
        "school": school or (pupil.school if pupil else None), "button": button or _("Save"),
        "intro": intro, **(extra or {})}, status=status)


def _url(appointment) -> str:
    return reverse("appointments:appointment", args=[appointment.pk])


# The member of staff's pages ------------------------------------------------------------

@require_GET
@login_required
def mine(request, urn: str):
    """My appointments: the meetings to come, each family's language needs. Three queries
    however many meetings (the meetings, who comes with each, the school's settings)."""
    school = access_meeting_school(request.user, urn)
    show_school(request, school)
    return render(request, "appointments/mine.html", {
        "school": school, "tz": school.tz,
        "appointments": selectors.upcoming_for_staff(request.user, school),
        "can_meet": can_meet(request.user, school),
        "can_change_settings": can_change_settings(request.user, school)})


@require_http_methods(["GET", "POST"])
@login_required
def availability(request, urn: str):
    """When I can meet: the windows to come, and a form to add one."""
    school = access_meeting_school(request.user, urn, meet=True)
    show_school(request, school)
    form = AvailabilityForm(request.POST or None, school=school, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            actions.do_add_availability(
                acting_user=request.user, school=school, starts_at=data["starts_at"],
                ends_at=data["ends_at"], slot_minutes=data["slot_minutes"],
                modes=data["modes"], language=data["language"],
                interpreter_name=data["interpreter_name"])
            messages.success(request, _("Families can now book this time."))
            return redirect("appointments:availability", urn=school.urn)
        status = 400
    return render(request, "appointments/availability.html", {
        "school": school, "tz": school.tz, "form": form,
        "windows": selectors.availability_of(request.user, school)}, status=status)


@require_POST
@login_required
def availability_remove(request, pk: int):
    window = access_availability(request.user, pk)
    try:
        actions.do_remove_availability(acting_user=request.user, availability=window)
    except actions.AvailabilityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("That time is no longer offered to families."))
    return redirect("appointments:availability", urn=window.school.urn)


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request, urn: str):
    school = access_meeting_school(request.user, urn, settings=True)
    show_school(request, school)
    current = booking.settings_for(school)
    form = SettingsForm(request.POST or None, instance=current
                        if current.pk else AppointmentSettings(school=school))
    if request.method == "POST" and form.is_valid():
        actions.do_save_settings(acting_user=request.user, school=school, **form.cleaned_data)
        messages.success(request, _("The settings for appointments are saved."))
        return redirect("appointments:settings", urn=school.urn)
    return _form_page(request, form=form, school=school, heading=_("Appointments"),
                      back=reverse("core:school", args=[school.urn]),
                      status=400 if form.errors else 200,
                      intro=_("Where families come for meetings in school, how much longer "
                              "a meeting with an interpreter lasts, and the link for video "
                              "meetings."))


# A child's meetings --------------------------------------------------------------------------

@require_GET
@login_required
def pupil_appointments(request, pk: int):
    """A child's Meetings tab: every meeting with the family, for staff; a family member's
    own (and their household's), for them."""
    pupil = access_pupil(request.user, pk)
    show_school(request, pupil.school)
    if viewer_for(request.user).is_family:
        return views_family.family_pupil_page(request, pupil)
    return render(request, "appointments/pupil.html", {
        "pupil": pupil, "school": pupil.school, "tz": pupil.school.tz,
        "appointments": selectors.for_pupil(request.user, pupil),
        "can_book": can_meet(request.user, pupil.school)})


@require_http_methods(["GET", "POST"])
@login_required
def staff_book(request, pk: int):
    """A member of staff books a meeting with a family member about the child."""
    pupil = access_staff_booking(request.user, pk)
    show_school(request, pupil.school)
    contacts = [recipient.contact for recipient in resolve([pupil])]
    settings = booking.settings_for(pupil.school)
    form = StaffBookForm(request.POST or None, contacts=contacts, school=pupil.school,
                         initial={"place": settings.place})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            contact = data["contact_obj"]
            minutes = booking.meeting_minutes(data["minutes"], [contact], pupil.school)
            starts_at = data["starts_at"]
            language = booking.interpreter_language([contact])
            try:
                appointment = booking.book(
                    staff=request.user, pupil=pupil, contact=contact, starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=minutes), by=request.user,
                    mode=data["mode"], place=data["place"] if data["mode"] == Mode.IN_SCHOOL
                    else "", about=data["about"], interpreter_language=language,
                    interpreter_name=data["interpreter_name"] if language else "")
            except booking.NotBookable as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The meeting is booked. The family has been "
                                            "told."))
                return redirect(_url(appointment))
    return _form_page(request, form=form, pupil=pupil, heading=_("Book a meeting"),
                      back=reverse("appointments:pupil", args=[pupil.pk]),
                      button=_("Book the meeting"), status=status,
                      intro=_("The family is told in their own language, with the time and "
                              "a calendar invitation."))


# One meeting -----------------------------------------------------------------------------

@require_GET
@login_required
def appointment(request, pk: int):
    meeting = access_appointment(request.user, pk)
    school = meeting.school
    show_school(request, school)
    if viewer_for(request.user).is_family:
        return views_family.family_appointment(request, meeting)
    contacts = notifications.family_contacts(meeting)
    own = meeting.staff_id == request.user.pk
    return render(request, "appointments/appointment.html", {
        "appointment": meeting, "pupil": meeting.pupil, "school": school, "tz": school.tz,
        "contacts": contacts, "when": notifications.when(meeting),
        "how": notifications.how(meeting),
        "interpreter": notifications.interpreter_line(meeting),
        "can_change": (meeting.is_booked and not meeting.has_started
                       and can_change(request.user, meeting)),
        "can_move": not meeting.evening_id,
        "about_source": notifications.about_language(meeting, contacts),
        "reason_source": notifications.reason_language(meeting, contacts),
        "can_write_notes": meeting.is_booked and own,
        "can_say_not_held": meeting.is_booked and own and meeting.has_started})


@require_http_methods(["GET", "POST"])
@login_required
def move(request, pk: int):
    """Move a meeting to another free time of the same member of staff, with the reason
    (staff or the family)."""
    meeting = access_appointment(request.user, pk, change=True)
    show_school(request, meeting.school)
    contacts = notifications.family_contacts(meeting)
    slots = selectors.free_slots(school=meeting.school, staff_ids=[meeting.staff_id],
                                 contacts=contacts, exclude=meeting)[meeting.staff_id]
    slots = [slot for slot in slots if slot.starts_at != meeting.starts_at]
    form = MoveForm(request.POST or None, slots=slots)
    status = 200
    if not meeting.is_booked:
        return redirect(_url(meeting))
    if meeting.has_started:
        messages.error(request, _("This meeting has already started, so it can no longer be "
                                  "moved or cancelled."))
        return redirect(_url(meeting))
    if meeting.evening_id:
        # A parents' evening's meetings move within the evening, on its own pages.
        messages.error(request, _("A parents’ evening meeting cannot be moved here. Cancel "
                                  "it and book another time at the evening."))
        return redirect(_url(meeting))
    if request.method == "POST":
        status = 400
        if form.is_valid():
            chosen = next(slot for slot in slots if slot.key == form.cleaned_data["slot"])
            try:
                booking.move(meeting, starts_at=chosen.starts_at, ends_at=chosen.ends_at,
                             by=request.user, reason=form.cleaned_data["reason"],
                             availability=chosen.availability)
            except booking.NotBookable as error:
                form.add_error("slot", str(error))
            else:
                messages.success(request, _("The meeting has moved. Everyone has been told."))
                return redirect(_url(meeting))
    return render(request, "appointments/move.html", {
        "appointment": meeting, "pupil": meeting.pupil, "school": meeting.school,
        "tz": meeting.school.tz, "form": form, "when": notifications.when(meeting),
        "days": selectors.by_day(slots, meeting.school.tz),
        "chosen": form["slot"].value()}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def cancel(request, pk: int):
    meeting = access_appointment(request.user, pk, change=True)
    show_school(request, meeting.school)
    if not meeting.is_booked:
        return redirect(_url(meeting))
    if meeting.has_started:
        messages.error(request, _("This meeting has already started, so it can no longer be "
                                  "moved or cancelled."))
        return redirect(_url(meeting))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        booking.cancel(meeting, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The meeting is cancelled. Everyone has been told."))
        return redirect(_url(meeting))
    return _form_page(request, form=form, pupil=meeting.pupil, heading=_("Cancel the meeting"),
                      back=_url(meeting), button=_("Cancel the meeting"),
                      status=400 if form.errors else 200,
                      intro=_("The meeting on %(when)s will be cancelled, and the other side "
                              "told why.") % {"when": notifications.when(meeting)},
                      extra={"danger": True})


@require_http_methods(["GET", "POST"])
@login_required
def not_held(request, pk: int):
    """Its member of staff says a meeting did not take place (the family did not come),
    once it has started: it does not count as contact with the family. The family is not
    messaged."""
    meeting = access_appointment(request.user, pk, notes=True)
    show_school(request, meeting.school)
    if not meeting.is_booked:
        return redirect(_url(meeting))
    if not meeting.has_started:
        messages.error(request, _("You can say a meeting did not happen once it has started. "
                                  "Until then, move it or cancel it."))
        return redirect(_url(meeting))
    if request.method == "POST":
        try:
            booking.mark_not_held(meeting, by=request.user)
        except booking.NotBookable as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The meeting is marked as not happened. It does not "
                                        "count as contact with the family."))
        return redirect(_url(meeting))
    return render(request, "appointments/not_held.html", {
        "appointment": meeting, "pupil": meeting.pupil, "school": meeting.school,
        "when": notifications.when(meeting)})


@require_http_methods(["GET", "POST"])
@login_required
def notes(request, pk: int):
    """The notes of a meeting, written by its member of staff once it has started."""
    meeting = access_appointment(request.user, pk, notes=True)
    show_school(request, meeting.school)
    form = NotesForm(request.POST or None, initial={"notes": meeting.notes})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                booking.record_meeting(meeting, by=request.user,
                                       notes=form.cleaned_data["notes"])
            except booking.NotBookable as error:
                form.add_error("notes", str(error))
            else:
                messages.success(request, _("The notes are saved."))
                return redirect(_url(meeting))
    return _form_page(request, form=form, pupil=meeting.pupil, heading=_("Notes of the meeting"),
                      back=_url(meeting), status=status,
                      intro=notifications.when(meeting))


@require_GET
@login_required
def calendar(request, pk: int):
    """The meeting's calendar file, for whoever may see the meeting now (a family member
    in their language): a REQUEST while it is booked, a CANCEL once it is cancelled."""
    meeting = access_appointment(request.user, pk)
    viewer = viewer_for(request.user)
    for_family = viewer.is_family
    reader = (notifications.reader_contact(meeting, viewer.contact_for_school(meeting.school_id))
              if for_family else None)
    body = notifications.calendar_file(
        meeting, for_family=for_family, reader=reader,
        language=display.target_language(request, meeting.school))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
