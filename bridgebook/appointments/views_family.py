"""The family's side of appointments, on their phone and in their language: book a meeting
about their child in a few taps (who, which day, which time, how, and what about), see
their meetings to come, add one to their phone's calendar, and move or cancel it with a
reason (views.move and views.cancel serve both sides).

Each parent books for themselves: a family member who needs an interpreter is offered
longer meetings, with same-language blocks for their language first (and only to them),
and the interpreter is recorded on the booking. A separated parent never sees the other
household's meetings (``access.visible_appointments``).
"""

from __future__ import annotations

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bridgebook.appointments import booking, notifications, selectors
from bridgebook.appointments.access import (
    access_family_booking,
    can_change,
    family_appointments,
)
from bridgebook.appointments.forms import DetailsForm
from bridgebook.appointments.models import Mode
from bridgebook.core.access import query_id, viewer_for
from bridgebook.people.codes import language_name_here
from bridgebook.people.models import Contact


def family_pupil_page(request, pupil):
    """The child's Meetings tab for their family: their meetings, and booking one."""
    viewer = viewer_for(request.user)
    meetings = list(pupil.appointments.filter(family_appointments(viewer))
                    .select_related("staff").order_by("-starts_at", "-pk"))
    now = timezone.now()
    return render(request, "appointments/family/pupil.html", {
        "pupil": pupil, "school": pupil.school, "tz": pupil.school.tz,
        "upcoming": sorted((m for m in meetings if m.ends_at > now and m.is_booked),
                           key=lambda m: m.starts_at),
        "past": [m for m in meetings if not (m.ends_at > now and m.is_booked)],
    })


def family_appointment(request, appointment):
    """One meeting, for the family: the confirmation page after booking too. What staff
    (or a family member of another language) wrote is in the reader's language, marked,
    with the original one tap away."""
    contacts = notifications.family_contacts(appointment)
    return render(request, "appointments/family/appointment.html", {
        "appointment": appointment, "pupil": appointment.pupil, "school": appointment.school,
        "when": notifications.when(appointment), "how": notifications.how(appointment),
        "interpreter": notifications.interpreter_line(appointment),
        "just_booked": request.GET.get("booked") == "1",
        "can_move": not appointment.evening_id,
        "can_cancel": can_change(request.user, appointment),
        "book_again": None if appointment.is_booked else notifications.book_again_path(
            appointment),
        "about_source": notifications.about_language(appointment, contacts),
        "reason_source": notifications.reason_language(appointment, contacts)})


@require_GET
@login_required
def upcoming(request):
    """A family member's meetings to come, across their children: one query (and the
    sign-in's)."""
    viewer = viewer_for(request.user)
    if not viewer.is_family:
        raise Http404
    return render(request, "appointments/family/upcoming.html", {
        "appointments": selectors.family_upcoming(request.user)})


# How far ahead a day in a booking link may be: staff publish times weeks ahead, not years.
FURTHEST_DAY = datetime.timedelta(days=2 * 366)


def _day(value: str, school) -> datetime.date:
    """The day a booking link names (YYYY-MM-DD, ASCII digits), between yesterday and two
    years ahead where the school is; 404 for anything else (a mistyped or made-up link)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise Http404
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    today = timezone.localdate(timezone.now(), school.tz)
    if not today - datetime.timedelta(days=1) <= day <= today + FURTHEST_DAY:
        raise Http404
    return day


def _own_contact(contact_id: int) -> Contact:
    return Contact.objects.select_related("household").get(pk=contact_id)


@require_GET
@login_required
def book(request, pk: int):
    """Booking, one choice a page: who to meet (``staff``), which day (``day``), which
    time (a link to the last step)."""
    pupil, contact_id = access_family_booking(request.user, pk)
    school = pupil.school
    contact = _own_contact(contact_id)
    language = booking.interpreter_language([contact])
    staff = selectors.meeting_staff(pupil)
    context = {"pupil": pupil, "school": school, "tz": school.tz,
               "language_name": language_name_here(language) if language else ""}
    chosen = None
    if "staff" in request.GET:
        staff_id = query_id(request.GET["staff"])
        chosen = next((s for s in staff if s.pk == staff_id), None)
        if chosen is None:
            raise Http404
    if chosen is None:
        free = selectors.free_slots(school=school, staff_ids=[s.pk for s in staff],
                                    contacts=[contact])
        for member in staff:
            member.free = len(free[member.pk])
            member.same_language = any(slot.language for slot in free[member.pk])
        staff.sort(key=lambda member: (not member.same_language, member.free == 0))
        return render(request, "appointments/family/choose_staff.html",
                      {**context, "staff": staff})
    day = _day(request.GET.get("day", ""), school) if request.GET.get("day") else None
    slots = selectors.free_slots(school=school, staff_ids=[chosen.pk], contacts=[contact],
                                 day=day)[chosen.pk]
    context["chosen"] = chosen
    if day is None:
        days = [{"day": when, "count": len(found),
                 "same_language": any(slot.language for slot in found)}
                for when, found in selectors.by_day(slots, school.tz)]
        return render(request, "appointments/family/choose_day.html",
                      {**context, "days": days})
    return render(request, "appointments/family/choose_time.html",
                  {**context, "day": day, "slots": slots,
                   "minutes": slots[0].minutes if slots else None})


@require_http_methods(["GET", "POST"])
@login_required
def book_confirm(request, pk: int):
    """The last step: how to meet and what about, then book."""
    pupil, contact_id = access_family_booking(request.user, pk)
    school = pupil.school
    contact = _own_contact(contact_id)
    key = request.POST.get("slot") or request.GET.get("slot", "")
    staff_id = query_id(request.POST.get("staff") or request.GET.get("staff", ""))
    staff = next((s for s in selectors.meeting_staff(pupil) if s.pk == staff_id), None)
    if staff is None:
        return redirect("appointments:book", pk=pupil.pk)
    back = reverse("appointments:book", args=[pupil.pk]) + f"?staff={staff.pk}"
    slot = selectors.find_slot(key, school=school, staff_id=staff.pk, contacts=[contact])
    if slot is None:
        messages.error(request, _("That time has just been booked by someone else. Please "
                                  "choose another time."))
        return redirect(back)
    window = slot.availability
    form = DetailsForm(request.POST if request.method == "POST" else None,
                       modes=window.modes or [Mode.IN_SCHOOL])
    status = 200
    language = booking.interpreter_language([contact])
    if request.method == "POST":
        status = 400
        if form.is_valid():
            mode = form.cleaned_data["mode"]
            settings = booking.settings_for(school)
            try:
                appointment = booking.book(
                    staff=staff, pupil=pupil, contact=contact, starts_at=slot.starts_at,
                    ends_at=slot.ends_at, by=request.user, mode=mode,
                    place=settings.place if mode == Mode.IN_SCHOOL else "",
                    about=form.cleaned_data["about"], interpreter_language=language,
                    interpreter_name=(window.interpreter_name
                                      if language and window.language == language else ""),
                    availability=window)
            except booking.NotBookable as error:
                messages.error(request, str(error))
                return redirect(back)
            return redirect(reverse("appointments:appointment", args=[appointment.pk])
                            + "?booked=1")
    local = slot.local(school.tz)
    return render(request, "appointments/family/confirm.html", {
        "pupil": pupil, "school": school, "tz": school.tz, "staff": staff, "slot": slot,
        "form": form, "language_name": language_name_here(language) if language else "",
        "back": back + f"&day={local.date().isoformat()}"}, status=status)
