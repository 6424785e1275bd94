"""The timetable pages: a class's week for staff (changing it, a pupil's own changes, and
sending it to families), and a child's own week as a visual timetable.

Each view: sign-in → access layer (404 when the thing may not be seen, 403 when it may be
seen but not changed) → form → one action or selector → render or redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bridgebook.core import audit
from bridgebook.core.access import viewer_for
from bridgebook.core.models import AuditEvent
from bridgebook.core.navigation import show_school
from bridgebook.timetables import actions, selectors
from bridgebook.timetables.access import (
    access_pupil_changes,
    access_pupil_timetable,
    access_session,
    access_variation,
    access_week,
    can_edit_week,
)
from bridgebook.timetables.forms import SendForm, SessionForm, VariationForm
from bridgebook.timetables.models import TimetableSession
from bridgebook.translation import display

# The class's week ------------------------------------------------------------------------

@login_required
def class_week(request, pk: int):
    """The class's week as a grid of days, each pupil's own changes, and whether families
    have been told of it (with "Send to families" for those who may change it)."""
    school_class = access_week(request.user, pk)
    show_school(request, school_class.school)
    week = selectors.class_week(school_class,
                                today=selectors.today_weekday(school_class.school),
                                hidden=viewer_for(request.user).restricted_pupil_ids)
    return render(request, "timetables/class_week.html", {
        "school_class": school_class, "school": school_class.school, "week": week,
        "can_edit": can_edit_week(request.user, school_class),
        "has_lessons": school_class.school.lesson_periods.exists() if not week.sessions
        else False,
    })


def _session_form(request, school_class, session=None) -> SessionForm:
    initial = None
    if session is not None:
        initial = {name: getattr(session, name) for name in actions.SESSION_FIELDS}
    return SessionForm(request.POST if request.method == "POST" else None, initial=initial,
                       school=school_class.school)


@login_required
def session_add(request, pk: int):
    school_class = access_week(request.user, pk, write=True)
    show_school(request, school_class.school)
    form = _session_form(request, school_class)
    if request.method == "POST" and form.is_valid():
        session = actions.do_add_session(school_class=school_class, acting_user=request.user,
                                         data=form.session_data())
        messages.success(request, _("Added to the week: %(what)s.") % {"what": session.what})
        if "another" in request.POST:
            return redirect("timetables:session_add", school_class.pk)
        return redirect("timetables:class_week", school_class.pk)
    return render(request, "timetables/session_form.html", {
        "school_class": school_class, "school": school_class.school, "form": form})


@login_required
def session_edit(request, pk: int):
    session = access_session(request.user, pk)
    school_class = session.timetable.school_class
    show_school(request, school_class.school)
    form = _session_form(request, school_class, session)
    if request.method == "POST" and form.is_valid():
        actions.do_change_session(session=session, acting_user=request.user,
                                  data=form.session_data())
        messages.success(request, _("Saved: %(what)s.") % {"what": session.what})
        return redirect("timetables:class_week", school_class.pk)
    return render(request, "timetables/session_form.html", {
        "school_class": school_class, "school": school_class.school, "form": form,
        "session": session})


@login_required
@require_POST
def session_remove(request, pk: int):
    session = access_session(request.user, pk)
    school_class = session.timetable.school_class
    what = session.what
    removed = actions.do_remove_session(session=session, acting_user=request.user)
    text = _("Taken out of the week: %(what)s.") % {"what": what}
    if removed:
        text += " " + ngettext("%(count)s pupil’s own change to it went with it.",
                               "%(count)s pupils’ own changes to it went with it.",
                               removed) % {"count": removed}
    messages.success(request, text)
    return redirect("timetables:class_week", school_class.pk)


@login_required
@require_POST
def fill_from_lessons(request, pk: int):
    school_class = access_week(request.user, pk, write=True)
    added = actions.do_fill_from_lessons(school_class=school_class, acting_user=request.user)
    if added:
        messages.success(request, ngettext(
            "The week starts from the school day’s %(count)s lesson. Change each into what "
            "the class does.",
            "The week starts from the school day’s %(count)s lessons. Change each into what "
            "the class does.", added) % {"count": added})
    else:
        messages.info(request, _("Nothing was added: the week already has sessions, or the "
                                 "school has no lesson times."))
    return redirect("timetables:class_week", school_class.pk)


@login_required
@require_POST
def send(request, pk: int):
    """"Send to families" (or, with ``everyone``, to every family again)."""
    school_class = access_week(request.user, pk, write=True)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was sent. Please try again."))
        return redirect("timetables:class_week", school_class.pk)
    try:
        sent = actions.do_send(school_class=school_class, acting_user=request.user,
                               everyone=form.cleaned_data["everyone"],
                               seen_sends=form.cleaned_data["seen_sends"])
    except actions.NothingToSend:
        messages.error(request, _("The week is empty: add its sessions before sending it."))
        return redirect("timetables:class_week", school_class.pk)
    if sent:
        messages.success(request, ngettext(
            "Sent: %(count)s family member has a message with the timetable.",
            "Sent: %(count)s family members have a message with the timetable.", sent)
            % {"count": sent})
    else:
        messages.info(request, _("Families have already been told: nothing more was sent."))
    return redirect("timetables:class_week", school_class.pk)


# A pupil's own changes -------------------------------------------------------------------

def _variation_form(request, pupil, sessions, variation=None) -> VariationForm:
    initial = None
    if variation is not None:
        initial = {name: getattr(variation, name) for name in actions.VARIATION_FIELDS}
    queryset = TimetableSession.objects.filter(pk__in=[s.pk for s in sessions]).order_by(
        "weekday", "starts_at", "pk")
    return VariationForm(request.POST if request.method == "POST" else None,
                         initial=initial, sessions=queryset)


@login_required
def variations(request, pk: int):
    """A pupil's own changes to the class's week, with a form to add one."""
    pupil = access_pupil_changes(request.user, pk)
    show_school(request, pupil.school)
    timetable, sessions, own = selectors.pupil_changes(pupil)
    form = _variation_form(request, pupil, sessions)
    if request.method == "POST" and form.is_valid():
        actions.do_add_variation(pupil=pupil, acting_user=request.user,
                                 data=form.variation_data())
        messages.success(request, _("Added to %(name)s’s own timetable.") % {
            "name": pupil.first_name})
        return redirect("timetables:variations", pupil.pk)
    return render(request, "timetables/variations.html", {
        "pupil": pupil, "school": pupil.school, "school_class": pupil.school_class,
        "form": form, "variations": own, "sessions": sessions,
        "days": selectors.pupil_days(sessions, own)})


@login_required
def variation_edit(request, pk: int):
    variation = access_variation(request.user, pk)
    pupil = variation.pupil
    show_school(request, pupil.school)
    _timetable, sessions, _own = selectors.pupil_changes(pupil)
    form = _variation_form(request, pupil, sessions, variation)
    if request.method == "POST" and form.is_valid():
        actions.do_change_variation(variation=variation, acting_user=request.user,
                                    data=form.variation_data())
        messages.success(request, _("Saved the change to %(name)s’s timetable.") % {
            "name": pupil.first_name})
        return redirect("timetables:variations", pupil.pk)
    return render(request, "timetables/variation_form.html", {
        "pupil": pupil, "school": pupil.school, "form": form, "variation": variation})


@login_required
@require_POST
def variation_remove(request, pk: int):
    variation = access_variation(request.user, pk)
    pupil = variation.pupil
    actions.do_remove_variation(variation=variation, acting_user=request.user)
    messages.success(request, _("Taken out of %(name)s’s own timetable.") % {
        "name": pupil.first_name})
    return redirect("timetables:variations", pupil.pk)


# A child's timetable ---------------------------------------------------------------------

@login_required
def pupil_timetable(request, pk: int):
    """The child's own week as a visual timetable (symbols with words), in the reader's
    language, today marked: the Timetable tab of the child's page."""
    pupil = access_pupil_timetable(request.user, pk)
    viewer = viewer_for(request.user)
    show_school(request, pupil.school)
    today = selectors.today_weekday(pupil.school)
    timetable, days = selectors.pupil_week(pupil, today=today)
    # A family reader in another language: the whole week's texts in one translation batch.
    texts = selectors.texts_of(days)
    display.translate_sources(request, texts, school=pupil.school)
    if viewer.is_staff_member:
        audit.record(actor=request.user, action=AuditEvent.Action.VIEW, obj=pupil,
                     summary=f"Viewed the timetable of {pupil.legal_name}")
    return render(request, "timetables/pupil.html", {
        "pupil": pupil, "school": pupil.school, "timetable": timetable, "days": days,
        "has_sessions": any(day.items for day in days),
        "machine_translated": not display.reads_as_written(request, texts,
                                                           school=pupil.school),
        "is_staff_view": viewer.is_staff_member,
        "can_edit": (viewer.is_staff_member and pupil.school_class is not None
                     and can_edit_week(request.user, pupil.school_class)),
    })
