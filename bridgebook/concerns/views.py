"""The concern pages: a child's Concerns tab, raising a concern (a family member, on their
phone), one concern (the family's view of where it stands; the staff's, with what they can
do), each step as a POST, the school's concerns (with response times and outcomes for its
leaders) and the school's settings.

Each view: sign-in → access layer (404 when the concern or child may not be seen, 403 when it
may be seen but the person may not do this) → form → one action or selector → render or
redirect. A step the concern's state does not allow shows the page again with why.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bridgebook.appointments.access import can_meet
from bridgebook.appointments.selectors import meeting_staff
from bridgebook.concerns import actions, selectors
from bridgebook.concerns.access import (
    access_concern,
    access_concern_school,
    access_concerns_of,
    access_raise,
    access_settings,
    can_change_settings,
    is_leader,
    is_raiser,
    is_team,
)
from bridgebook.concerns.forms import (
    YES,
    AcknowledgeForm,
    AnswerForm,
    ComplaintsForm,
    EscalateForm,
    FamilyEscalateForm,
    RaiseForm,
    SettingsForm,
    WriteForm,
)
from bridgebook.concerns.models import Status
from bridgebook.core.access import viewer_for
from bridgebook.core.navigation import show_school
from bridgebook.diary.day import school_today
from bridgebook.people.models import Contact
from bridgebook.translation.display import translate_sources

ConcernError = actions.ConcernError


# A child's concerns, and raising one ---------------------------------------------------------

@login_required
def pupil_concerns(request, pk: int):
    pupil = access_concerns_of(request.user, pk)
    show_school(request, pupil.school)
    viewer = viewer_for(request.user)
    return render(request, "concerns/pupil.html", {
        "pupil": pupil, "school": pupil.school,
        "concerns": selectors.pupil_concerns(request.user, pupil),
        "today": school_today(pupil.school),
        "is_family": viewer.is_family,
        "may_raise": viewer.is_family and viewer.contact_for_school(pupil.school_id)})


@login_required
def raise_concern(request, pk: int):
    pupil, contact_id = access_raise(request.user, pk)
    class_staff, residential_staff = selectors.addressed_people(pupil)
    form = RaiseForm(request.POST or None, pupil=pupil, class_staff=class_staff,
                     residential_staff=residential_staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = Contact.objects.get(pk=contact_id)
        try:
            concern = actions.do_raise_concern(
                acting_user=request.user, pupil=pupil, contact=contact,
                addressed_to=data["addressed_to"], text=data["text"],
                wants_meeting=data["wants_meeting"] == YES)
        except ConcernError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your concern has been sent. You will hear when "
                                        "someone has read it."))
            return redirect("concerns:concern", pk=concern.pk)
    return render(request, "concerns/raise.html", {
        "pupil": pupil, "school": pupil.school, "form": form,
        "class_names": ", ".join(user.full_name for user in class_staff)})


# One concern ------------------------------------------------------------------------------

def _staff_forms(concern, *, bound: dict | None = None) -> dict:
    """The forms of the team's steps, fresh, but for the one just sent back with errors."""
    bound = bound or {}
    choices = selectors.team_choices(concern)
    leaders = selectors.leaders(concern.school, concern.pupil)
    lead = selectors.escalation_lead(concern.school, concern.pupil, choices=leaders)
    me = concern.handler
    return {
        "acknowledge_form": bound.get("acknowledge") or AcknowledgeForm(
            choices=choices, current=me, prefix="acknowledge"),
        "note_form": bound.get("note") or WriteForm(
            label=_("Note for staff (the family does not see it)"), prefix="note"),
        "update_form": bound.get("update") or WriteForm(
            label=_("Update for the family"), prefix="update"),
        "propose_form": bound.get("propose") or WriteForm(
            label=_("How it will be resolved"), prefix="propose"),
        "escalate_form": bound.get("escalate") or EscalateForm(
            choices=leaders, default=lead, prefix="escalate"),
        "complaints_form": bound.get("complaints") or ComplaintsForm(prefix="complaints"),
        "leaders": leaders,
    }


def _family_extras(request, concern, *, today, bound: dict | None = None) -> dict:
    bound = bound or {}
    extras = {
        "answer_form": bound.get("answer") or AnswerForm(prefix="answer"),
        "family_escalate_form": bound.get("escalate") or FamilyEscalateForm(prefix="escalate"),
        "may_escalate": actions.may_escalate(request.user, concern),
        "book_with": None,
    }
    if concern.complaints_procedure_shown(today):
        extras["complaints_url"] = selectors.settings_for(concern.school) \
            .complaints_procedure_url
    # The member of staff dealing with it has times to book: the family books one of them
    # with the appointments' booking pages.
    if concern.wants_meeting and concern.handler_id and concern.is_open:
        if any(member.pk == concern.handler_id for member in meeting_staff(concern.pupil)):
            extras["book_with"] = concern.handler
    return extras


def _concern_page(request, concern, *, bound: dict | None = None, status: int = 200):
    viewer = viewer_for(request.user)
    staff = viewer.is_staff_member
    show_school(request, concern.school)
    entries = selectors.entries(concern, shared_only=not staff)
    # Everything the page shows translated, in one cache query per language written in.
    translate_sources(request, [(concern.language, concern.text)] + [
        (entry.language, entry.text) for entry in entries if entry.text and entry.is_shared],
        school=concern.school)
    today = school_today(concern.school)
    context = {
        "concern": concern, "pupil": concern.pupil, "school": concern.school,
        "entries": entries,
        "today": today, "is_staff_view": staff,
        "complaints_shown": concern.complaints_procedure_shown(today),
        "waiting_for_proposal": concern.is_waiting_for_proposal(today),
        "errors_form": next((form for form in (bound or {}).values() if form.errors), None),
    }
    if staff:
        team = is_team(request.user, concern)
        context.update(team=team, may_escalate=team and actions.may_escalate(request.user,
                                                                              concern),
                       may_book=concern.wants_meeting and can_meet(request.user,
                                                                   concern.school))
        if team and concern.is_open:
            context.update(_staff_forms(concern, bound=bound))
    else:
        context.update(_family_extras(request, concern, today=today, bound=bound))
    return render(request, "concerns/concern.html", context, status=status)


@login_required
def concern_detail(request, pk: int):
    return _concern_page(request, access_concern(request.user, pk))


def _after(request, concern, done: str):
    messages.success(request, done)
    return redirect("concerns:concern", pk=concern.pk)


@login_required
@require_POST
def acknowledge(request, pk: int):
    concern = access_concern(request.user, pk, act=True)
    form = AcknowledgeForm(request.POST, choices=selectors.team_choices(concern),
                           prefix="acknowledge")
    if form.is_valid():
        try:
            actions.do_acknowledge(acting_user=request.user, concern=concern,
                                   handler=form.cleaned_data["handler"])
        except ConcernError as error:
            form.add_error(None, str(error))
        else:
            return _after(request, concern, _("Acknowledged. The family has been told who "
                                              "is dealing with it."))
    return _concern_page(request, concern, bound={"acknowledge": form})


def _write(request, pk: int, *, key: str, label: str, action, done: str):
    concern = access_concern(request.user, pk, act=True)
    form = WriteForm(request.POST, label=label, prefix=key)
    if form.is_valid():
        try:
            action(acting_user=request.user, concern=concern, text=form.cleaned_data["text"])
        except ConcernError as error:
            form.add_error(None, str(error))
        else:
            return _after(request, concern, done)
    return _concern_page(request, concern, bound={key: form})


@login_required
@require_POST
def add_note(request, pk: int):
    return _write(request, pk, key="note", action=actions.do_add_note,
                  label=_("Note for staff (the family does not see it)"),
                  done=_("Note added. Only staff see it."))


@login_required
@require_POST
def add_update(request, pk: int):
    return _write(request, pk, key="update", action=actions.do_add_update,
                  label=_("Update for the family"),
                  done=_("Update sent to the family, in their language."))


@login_required
@require_POST
def propose(request, pk: int):
    return _write(request, pk, key="propose", action=actions.do_propose_resolution,
                  label=_("How it will be resolved"),
                  done=_("Resolution proposed. The family will say whether it resolves "
                         "their concern."))


@login_required
@require_POST
def answer(request, pk: int):
    """The family member who raised it says whether the proposed resolution resolves it."""
    concern = access_concern(request.user, pk, answer=True)
    form = AnswerForm(request.POST, prefix="answer")
    if form.is_valid():
        viewer = viewer_for(request.user)
        try:
            actions.do_answer(acting_user=request.user, concern=concern,
                              resolved=form.cleaned_data["resolved"] == YES,
                              text=form.cleaned_data["text"],
                              language=viewer.languages.get(concern.school_id) or "en")
        except ConcernError as error:
            form.add_error(None, str(error))
        else:
            if concern.status == Status.RESOLVED:
                return _after(request, concern, _("Thank you. Your concern is resolved."))
            return _after(request, concern, _("Thank you for telling us. The school will "
                                              "get back to you."))
    return _concern_page(request, concern, bound={"answer": form})


@login_required
@require_POST
def escalate(request, pk: int):
    """Pass the concern to a senior leader: its team, or the family member who raised it
    (when it is not resolved or was not acknowledged in time)."""
    concern = access_concern(request.user, pk)
    viewer = viewer_for(request.user)
    if viewer.is_staff_member:
        if not is_team(request.user, concern):
            raise PermissionDenied
        form = EscalateForm(request.POST, prefix="escalate",
                            choices=selectors.leaders(concern.school, concern.pupil))
    else:
        if not is_raiser(request.user, concern):
            raise PermissionDenied
        form = FamilyEscalateForm(request.POST, prefix="escalate")
    if form.is_valid():
        try:
            entry = actions.do_escalate(
                acting_user=request.user, concern=concern, to=form.cleaned_data.get("to"),
                text=form.cleaned_data["text"],
                language=viewer.languages.get(concern.school_id) or "en")
        except ConcernError as error:
            form.add_error(None, str(error))
        else:
            return _after(request, concern, _("Passed to %(name)s, a senior leader.")
                          % {"name": entry.named.full_name})
    return _concern_page(request, concern, bound={"escalate": form})


@login_required
@require_POST
def pass_to_complaints(request, pk: int):
    """The concern's team records that the family made a complaint: the concern is closed,
    dealt with under the school's complaints procedure."""
    concern = access_concern(request.user, pk, act=True)
    form = ComplaintsForm(request.POST, prefix="complaints")
    if form.is_valid():
        try:
            actions.do_pass_to_complaints(acting_user=request.user, concern=concern)
        except ConcernError as error:
            form.add_error(None, str(error))
        else:
            return _after(request, concern, _("Recorded. The concern is closed and the "
                                              "family has been told it is dealt with under "
                                              "the complaints procedure."))
    return _concern_page(request, concern, bound={"complaints": form})


# The school's concerns and settings -------------------------------------------------------

OUTCOME_LABELS = {
    "resolved": gettext_lazy("Resolved by the staff it was raised with"),
    "resolved_after_escalation": gettext_lazy("Resolved by a senior leader"),
    "not_resolved_after_escalation": gettext_lazy(
        "Not resolved after a senior leader looked at it (the complaints procedure was "
        "offered)"),
    "complaints_procedure": gettext_lazy("Passed to the complaints procedure"),
    "open": gettext_lazy("Still open"),
}


@login_required
def school_concerns(request, urn: str):
    school = access_concern_school(request.user, urn)
    show_school(request, school)
    leader = is_leader(request.user, school)
    overview = selectors.school_overview(request.user, school, with_times=leader)
    return render(request, "concerns/school.html", {
        "school": school, "overview": overview, "is_leader": leader,
        "today": school_today(school), "outcome_labels": OUTCOME_LABELS,
        "can_change_settings": can_change_settings(request.user, school)})




@login_required
def school_settings(request, urn: str):
    school = access_settings(request.user, urn)
    show_school(request, school)
    instance = selectors.settings_for(school)
    form = SettingsForm(request.POST or None, instance=instance,
                        leaders=selectors.leaders(school))
    if request.method == "POST" and form.is_valid():
        actions.do_save_settings(acting_user=request.user, school=school,
                                 data=form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("concerns:settings", urn=school.urn)
    return render(request, "concerns/settings.html", {
        "school": school, "form": form, "back": reverse("core:school", args=[school.urn])})

