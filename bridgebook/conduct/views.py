"""The conduct log's pages: the list, recording an incident, its page, changing it, adding
an action or a review date, recording a review, closing it, the subject-access PDF and the
school's retention setting.

Each view: sign-in → access layer (404 for anyone who is not a senior leader or the
principal of the school, or for an incident about the reader themselves) → form → one
action or selector → render or redirect. Every page that shows an incident writes an
audit row for it, naming who looked (``actions.do_record_views``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgebook.conduct import actions, selectors
from bridgebook.conduct.access import (
    access_incident,
    access_log,
    access_settings,
    changes_settings,
    visible_incidents,
)
from bridgebook.conduct.forms import (
    ActionForm,
    CloseForm,
    HoldReviewForm,
    IncidentForm,
    ReviewForm,
    SettingsForm,
)
from bridgebook.conduct.models import ConductIncident, ConductReview
from bridgebook.core.access import viewer_for
from bridgebook.core.navigation import show_school
from bridgebook.core.paging import paginate

STATUSES = {"open": ConductIncident.Status.OPEN, "closed": ConductIncident.Status.CLOSED}


def _incident_url(incident: ConductIncident) -> str:
    return reverse("conduct:incident", args=[incident.school.urn, incident.pk])


def _form_page(request, *, form, heading, back, school, incident=None, button=None,
               intro=""):
    """A form page; one about an incident shows who it is about, so it is a view of it."""
    if incident is not None:
        actions.do_record_views(acting_user=request.user, incidents=[incident])
    return render(request, "conduct/form.html", {
        "form": form, "heading": heading, "back": back, "school": school,
        "incident": incident, "button": button or _("Save"), "intro": intro})


# The log --------------------------------------------------------------------------------------

@login_required
def incident_list(request, urn: str):
    """The school's incidents, open or closed: each one listed is audited as viewed."""
    school = access_log(request.user, urn)
    show_school(request, school)
    status = "closed" if request.GET.get("status") == "closed" else "open"
    visible = visible_incidents(request.user, school)
    counts = selectors.status_counts(visible)
    pages = paginate(request, selectors.incident_list(visible, status=STATUSES[status]))
    actions.do_record_views(acting_user=request.user, incidents=list(pages["page"]))
    return render(request, "conduct/list.html", {
        "school": school, "status": status, "counts": counts,
        "today": timezone.localdate(timezone=school.tz),
        "can_change_settings": changes_settings(viewer_for(request.user), school), **pages})


@login_required
def incident_new(request, urn: str):
    school = access_log(request.user, urn)
    show_school(request, school)
    form = IncidentForm(request.POST or None, school=school, user=request.user,
                        initial={"occurred_on": timezone.localdate(timezone=school.tz)})
    back = reverse("conduct:log", args=[school.urn])
    if request.method == "POST" and form.is_valid():
        try:
            incident = actions.do_record_incident(acting_user=request.user, school=school,
                                                  **form.cleaned_data)
        except actions.ConductError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Incident recorded. Only senior leaders and the "
                                        "principal can see it."))
            return redirect(_incident_url(incident))
    return _form_page(request, form=form, heading=_("Record an incident"), back=back,
                      school=school, button=_("Record the incident"),
                      intro=_("Unacceptable conduct by an adult towards staff. Only the "
                              "school’s senior leaders and principal will see this record, "
                              "and every time it is opened is recorded."))


@login_required
def incident_detail(request, urn: str, pk: int):
    incident = access_incident(request.user, urn, pk)
    show_school(request, incident.school)
    detail = selectors.incident_detail(incident)
    about_them = selectors.same_adult(visible_incidents(request.user, incident.school),
                                      incident).count()
    actions.do_record_views(acting_user=request.user, incidents=[incident])
    return render(request, "conduct/incident.html", {
        "incident": incident, "school": incident.school, "about_them": about_them,
        "today": timezone.localdate(timezone=incident.school.tz), **detail})


def _open_incident(request, urn: str, pk: int):
    """The incident the user may read, and None while it is open, else the way back to its
    page (a closed incident can no longer be changed)."""
    incident = access_incident(request.user, urn, pk)
    show_school(request, incident.school)
    if incident.is_open:
        return incident, None
    messages.info(request, _("This incident is closed: it can no longer be changed."))
    return incident, redirect(_incident_url(incident))


def _change_page(request, incident: ConductIncident, form, act, *, done, heading, button,
                 intro=""):
    """A form page that changes an open incident: a valid post runs ``act`` with the
    form's data and goes back to the incident saying ``done``; what the action refuses is
    shown on the form."""
    back = _incident_url(incident)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except actions.ConductError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect(back)
    return _form_page(request, form=form, heading=heading, back=back, school=incident.school,
                      incident=incident, button=button, intro=intro)


@login_required
def incident_change(request, urn: str, pk: int):
    incident, closed = _open_incident(request, urn, pk)
    if closed:
        return closed
    form = IncidentForm(request.POST or None, school=incident.school, user=request.user,
                        incident=incident)
    return _change_page(
        request, incident, form,
        lambda data: actions.do_update_incident(acting_user=request.user, incident=incident,
                                                data=data),
        done=_("Incident changed."), heading=_("Change the incident"),
        button=_("Save the changes"))


@login_required
def add_action(request, urn: str, pk: int):
    incident, closed = _open_incident(request, urn, pk)
    if closed:
        return closed
    form = ActionForm(request.POST or None,
                      initial={"taken_on": timezone.localdate(timezone=incident.school.tz)})
    return _change_page(
        request, incident, form,
        lambda data: actions.do_add_action(acting_user=request.user, incident=incident,
                                           **data),
        done=_("Action added."), heading=_("Add an action taken"),
        button=_("Add the action"))


@login_required
def add_review(request, urn: str, pk: int):
    incident, closed = _open_incident(request, urn, pk)
    if closed:
        return closed
    return _change_page(
        request, incident, ReviewForm(request.POST or None),
        lambda data: actions.do_add_review(acting_user=request.user, incident=incident,
                                           due_on=data["due_on"]),
        done=_("Review date set."), heading=_("Set a review date"),
        button=_("Set the date"))


@login_required
def hold_review(request, urn: str, pk: int, review_id: int):
    incident, closed = _open_incident(request, urn, pk)
    if closed:
        return closed
    review = get_object_or_404(ConductReview, incident=incident, pk=review_id)
    if review.held_on:
        messages.info(request, _("This review has been recorded already."))
        return redirect(_incident_url(incident))
    form = HoldReviewForm(request.POST or None,
                          initial={"held_on": timezone.localdate(timezone=incident.school.tz)})
    return _change_page(
        request, incident, form,
        lambda data: actions.do_hold_review(acting_user=request.user, review=review, **data),
        done=_("Review recorded."), heading=_("Record the review"),
        button=_("Save the review"),
        intro=_("Review date: %(day)s") % {"day": date_format(review.due_on, "j F Y")})


@login_required
def close(request, urn: str, pk: int):
    incident, closed = _open_incident(request, urn, pk)
    if closed:
        return closed
    return _change_page(
        request, incident, CloseForm(request.POST or None),
        lambda data: actions.do_close_incident(acting_user=request.user, incident=incident,
                                               outcome=data["outcome"]),
        done=_("Incident closed."), heading=_("Close the incident"),
        button=_("Close the incident"),
        intro=_("A closed incident can no longer be changed. It is kept for the period the "
                "school has set, counted from today, and then deleted."))


@login_required
@require_POST
def subject_access(request, urn: str, pk: int):
    """Every incident about the incident's adult as a PDF, for a subject-access request:
    each incident in it is audited as exported."""
    incident = access_incident(request.user, urn, pk)
    content, _count = actions.do_export_subject_access(
        acting_user=request.user, incident=incident,
        incidents=visible_incidents(request.user, incident.school))
    day = timezone.localdate(timezone=incident.school.tz)
    name = f"conduct-{slugify(incident.person_name) or 'adult'}-{day:%Y-%m-%d}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def school_settings(request, urn: str):
    school = access_settings(request.user, urn)
    show_school(request, school)
    current = selectors.settings_for(school)
    form = SettingsForm(request.POST or None,
                        initial={"retention_months": current.retention_months})
    if request.method == "POST" and form.is_valid():
        actions.do_save_settings(acting_user=request.user, school=school,
                                 retention_months=form.cleaned_data["retention_months"])
        messages.success(request, _("Settings saved."))
        return redirect("conduct:settings", urn=school.urn)
    return _form_page(request, form=form, heading=_("Conduct towards staff"),
                      back=reverse("core:school", args=[school.urn]), school=school,
                      intro=_("A daily job deletes each incident once this period has run "
                              "out, and records in the audit log that it did."))
