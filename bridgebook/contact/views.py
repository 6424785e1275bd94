"""The contact pages: the school's and each class's termly contact, a pupil's contact log
(their Contact tab), logging contact, planning, changing, cancelling and writing up home
visits, the visiting staff's phone page, the overdue visits page, the advice a family
reads, and the school's settings.

Each view: sign-in → access layer (404 when the pupil or class may not be seen, 403 when
it may be seen but the person may not do this) → form → one action or selector → render or
redirect.
"""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgebook.contact import actions, selectors
from bridgebook.contact.access import (
    OVERSIGHT_ROLES,
    SETTINGS_ROLES,
    access_advice,
    access_coverage_class,
    access_follow_up,
    access_log,
    access_settings,
    access_visit,
    access_visit_alert,
    access_visit_as_visitor,
    can_acknowledge,
    can_write,
    sees_pupil,
)
from bridgebook.contact.forms import (
    CancelVisitForm,
    ChangeVisitForm,
    LogContactForm,
    OutcomeForm,
    PhoneForm,
    SettingsForm,
    VisitForm,
)
from bridgebook.contact.models import ContactSettings, StaffPhone
from bridgebook.core.access import access_school, query_id, viewer_for, visible_classes
from bridgebook.core.navigation import show_school


def _staff_only(request):
    if not viewer_for(request.user).is_staff_member:
        raise Http404


def _form_page(request, *, form, heading, back, pupil=None, school=None, button=None,
               intro="", template="contact/form.html", extra=None):
    return render(request, template, {
        "form": form, "heading": heading, "back": back, "pupil": pupil,
        "school": school or (pupil.school if pupil else None), "button": button or _("Save"),
        "intro": intro, **(extra or {})})


# Coverage ---------------------------------------------------------------------------------

@login_required
def school_contact(request, urn: str):
    """Coverage per class this term: every class for the principal and the policy
    coordinator (and whole-school staff), a class teacher's own classes."""
    school = access_school(request.user, urn)
    show_school(request, school)
    classes = list(visible_classes(request.user).filter(school=school).order_by("name"))
    term, rows, total = selectors.school_coverage(school, classes, viewer=request.user)
    follow_ups = selectors.my_follow_ups(request.user, school)
    return render(request, "contact/school.html", {
        "school": school, "term": term, "rows": rows, "total": total,
        "follow_ups": follow_ups,
        "oversight": viewer_for(request.user).has_role(school, OVERSIGHT_ROLES),
        "can_change_settings": viewer_for(request.user).has_role(school, SETTINGS_ROLES)})


@login_required
def class_contact(request, pk: int):
    school_class = access_coverage_class(request.user, pk)
    show_school(request, school_class.school)
    coverage = selectors.class_coverage(school_class, viewer=request.user)
    return render(request, "contact/class.html", {
        "school": school_class.school, "school_class": school_class, "coverage": coverage,
        "can_write": can_write(request.user, school_class.school)})


# A pupil's log ----------------------------------------------------------------------------

@login_required
def pupil_log(request, pk: int):
    pupil = access_log(request.user, pk)
    show_school(request, pupil.school)
    records, visits = selectors.pupil_log(pupil)
    return render(request, "contact/pupil.html", {
        "pupil": pupil, "records": records, "visits": visits,
        "can_write": can_write(request.user, pupil.school)})


def _back_to(request, pupil) -> str:
    if request.GET.get("from") == "class" and pupil.school_class_id:
        return reverse("contact:class", args=[pupil.school_class_id])
    return reverse("contact:pupil", args=[pupil.pk])


@login_required
def log_contact(request, pk: int):
    pupil = access_log(request.user, pk, write=True)
    show_school(request, pupil.school)
    household = None
    if (household_id := query_id(request.GET.get("household", ""))) is not None:
        household = selectors.household_choices(pupil).filter(pk=household_id).first()
    form = LogContactForm(request.POST or None, pupil=pupil, household=household,
                          user=request.user,
                          contact_id=query_id(request.GET.get("contact", "")))
    back = _back_to(request, pupil)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_log_contact(
                acting_user=request.user, pupil=pupil, contact=data["contact"],
                how=data["how"], about=data["about"], happened_at=data["happened_at"],
                interpreter=data["interpreter"] == "yes", follow_up=data["follow_up"],
                follow_up_owner=data.get("follow_up_owner"),
                follow_up_due=data.get("follow_up_due"))
        except actions.ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Contact logged."))
            return redirect(back)
    return _form_page(request, form=form, heading=_("Log contact"), back=back, pupil=pupil,
                      button=_("Log contact"))


@login_required
@require_POST
def follow_up_done(request, pk: int):
    follow_up = access_follow_up(request.user, pk)
    actions.do_complete_follow_up(acting_user=request.user, follow_up=follow_up)
    messages.success(request, _("Follow-up marked done."))
    pupil = follow_up.record.pupil
    if request.POST.get("from") == "school" or not sees_pupil(request.user, pupil.pk):
        return redirect("contact:school", urn=pupil.school.urn)
    return redirect("contact:pupil", pk=pupil.pk)


# Home visits ------------------------------------------------------------------------------

@login_required
def plan_visit(request, pk: int):
    pupil = access_log(request.user, pk, write=True)
    show_school(request, pupil.school)
    form = VisitForm(request.POST or None, pupil=pupil, user=request.user)
    back = _back_to(request, pupil)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = actions.do_plan_visit(
                acting_user=request.user, pupil=pupil, household=data["household"],
                purpose=data["purpose"], purpose_note=data["purpose_note"], lead=data["lead"],
                second=data.get("second"), buddy=data["buddy"], starts_at=data["starts_at"],
                ends_at=data["ends_at"], interpreter_language=data["interpreter_language"])
        except actions.ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Home visit planned."))
            return redirect("contact:visit", pk=visit.pk)
    return _form_page(request, form=form, heading=_("Plan a home visit"), back=back,
                      pupil=pupil, button=_("Plan the visit"),
                      intro=_("The address is taken from the family’s record now. The "
                              "visiting staff check in on arrival and out on leaving; the "
                              "colleague you choose is alerted if they do not check out."))


@login_required
def visit(request, pk: int):
    home_visit = access_visit(request.user, pk)
    show_school(request, home_visit.school)
    rules = selectors.settings_for(home_visit.school)
    sees = sees_pupil(request.user, home_visit.pupil_id)
    writer = can_write(request.user, home_visit.school) and (
        sees or request.user.pk in home_visit.staff_ids)
    return render(request, "contact/visit.html", {
        "visit": home_visit, "pupil": home_visit.pupil, "sees_pupil": sees,
        "is_visitor": request.user.pk in home_visit.staff_ids,
        "can_write": writer, "can_write_up": writer and home_visit.can_write_up(),
        "can_change": writer and home_visit.is_planned,
        "can_acknowledge": can_acknowledge(request.user, home_visit, rules.senior_leader_id)})


@login_required
def write_up(request, pk: int):
    home_visit = access_visit(request.user, pk, write=True)
    show_school(request, home_visit.school)
    back = reverse("contact:visit", args=[home_visit.pk])
    if home_visit.written_up_at:
        messages.info(request, _("This visit has been written up already."))
        return redirect(back)
    if home_visit.cancelled_at:
        messages.info(request, _("This visit was cancelled: there is nothing to write up."))
        return redirect(back)
    if not home_visit.can_write_up():
        messages.info(request, _("A visit is written up once it has happened."))
        return redirect(back)
    form = OutcomeForm(request.POST or None, visit=home_visit)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_write_up(acting_user=request.user, visit=home_visit,
                                outcome=form.cleaned_data["outcome"],
                                advice=form.cleaned_data["advice"],
                                happened=bool(form.cleaned_data.get("happened")))
        except actions.ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Visit written up. It counts as this term’s contact "
                                        "with the family."))
            return redirect(back)
    return _form_page(request, form=form, heading=_("Write up the visit"), back=back,
                      pupil=home_visit.pupil, button=_("Save and share the advice"))


def _planned(request, home_visit, back):
    """None for a visit that may still be changed or cancelled, else the way back."""
    if home_visit.is_planned:
        return None
    if home_visit.cancelled_at:
        messages.info(request, _("This visit was cancelled."))
    else:
        messages.info(request, _("The visit has started: it can no longer be changed or "
                                 "cancelled."))
    return redirect(back)


@login_required
def change_visit(request, pk: int):
    home_visit = access_visit(request.user, pk, write=True)
    show_school(request, home_visit.school)
    back = reverse("contact:visit", args=[home_visit.pk])
    if (gone := _planned(request, home_visit, back)) is not None:
        return gone
    form = ChangeVisitForm(request.POST or None, visit=home_visit, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_change_visit(acting_user=request.user, visit=home_visit,
                                    starts_at=data["starts_at"], ends_at=data["ends_at"],
                                    lead=data["lead"], second=data.get("second"),
                                    buddy=data["buddy"])
        except actions.ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Home visit changed."))
            return redirect(back)
    return _form_page(request, form=form, heading=_("Change the visit"), back=back,
                      pupil=home_visit.pupil, button=_("Save the changes"))


@login_required
def cancel_visit(request, pk: int):
    home_visit = access_visit(request.user, pk, write=True)
    show_school(request, home_visit.school)
    back = reverse("contact:visit", args=[home_visit.pk])
    if (gone := _planned(request, home_visit, back)) is not None:
        return gone
    form = CancelVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_cancel_visit(acting_user=request.user, visit=home_visit,
                                    reason=form.cleaned_data["reason"])
        except actions.ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Home visit cancelled. Nobody will be alerted "
                                        "about it."))
            return redirect(back)
    return _form_page(request, form=form, heading=_("Cancel the visit"), back=back,
                      pupil=home_visit.pupil, button=_("Cancel the visit"),
                      intro=_("The visit leaves the visiting staff’s day and nobody is "
                              "alerted about it. Tell the family yourself."))


@login_required
@require_POST
def check_in(request, pk: int):
    home_visit = access_visit_as_visitor(request.user, pk)
    try:
        if actions.do_check_in(acting_user=request.user, visit=home_visit):
            messages.success(request, _("Checked in. Remember to check out when you leave."))
    except actions.ContactError as error:
        messages.error(request, str(error))
    return redirect("contact:today")


@login_required
@require_POST
def check_out(request, pk: int):
    home_visit = access_visit_as_visitor(request.user, pk)
    try:
        if actions.do_check_out(acting_user=request.user, visit=home_visit):
            messages.success(request, _("Checked out. Safe journey."))
    except actions.ContactError as error:
        messages.error(request, str(error))
    return redirect("contact:today")


@login_required
def today(request):
    """The visiting staff's phone page: today's visits with big check-in and out buttons."""
    _staff_only(request)
    phone = StaffPhone.objects.filter(user=request.user).first()
    return render(request, "contact/today.html", {
        "visits": selectors.my_visits_today(request.user), "phone": phone})


@login_required
def phone(request):
    _staff_only(request)
    current = StaffPhone.objects.filter(user=request.user).first()
    form = PhoneForm(request.POST or None,
                     initial={"mobile": current.mobile if current else ""})
    if request.method == "POST" and form.is_valid():
        actions.do_save_phone(acting_user=request.user, mobile=form.cleaned_data["mobile"])
        messages.success(request, _("Mobile number saved."))
        return redirect("contact:today")
    return _form_page(request, form=form, heading=_("Your mobile number for alerts"),
                      back=reverse("contact:today"), button=_("Save"),
                      school=None)


@login_required
def overdue(request):
    """The alerts for the reader: visits not checked out, not acknowledged."""
    _staff_only(request)
    return render(request, "contact/overdue.html", {
        "visits": selectors.alerts_for(request.user)})


@login_required
def landing_alerts(request):
    """The staff landing page's lone-working part, fetched after the page loads (htmx) so
    the landing page costs no more: the reader's unacknowledged alerts and today's visits
    (two queries)."""
    _staff_only(request)
    return render(request, "contact/landing/_alerts.html", {"lone": {
        "alerts": selectors.alerts_for(request.user),
        "visits": selectors.my_visits_today(request.user)}})


@login_required
@require_POST
def acknowledge(request, pk: int):
    home_visit = access_visit_alert(request.user, pk)
    if actions.do_acknowledge(acting_user=request.user, visit=home_visit):
        messages.success(request, _("Acknowledged: nobody else will be alerted. Follow the "
                                    "lone working procedure until they are safe."))
    return redirect("contact:overdue")


# The family's page -------------------------------------------------------------------------

@login_required
def advice(request, pk: int):
    home_visit = access_advice(request.user, pk)
    if viewer_for(request.user).is_staff_member:
        show_school(request, home_visit.school)
    return render(request, "contact/advice.html", {"visit": home_visit,
                                                   "pupil": home_visit.pupil})


# Settings ----------------------------------------------------------------------------------

@login_required
def school_settings(request, urn: str):
    school = access_settings(request.user, urn)
    show_school(request, school)
    instance = ContactSettings.objects.filter(school=school).first() or ContactSettings(
        school=school)
    form = SettingsForm(request.POST or None, instance=instance, school=school)
    if request.method == "POST" and form.is_valid():
        actions.do_save_settings(acting_user=request.user, school=school,
                                 data=form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("contact:settings", urn=school.urn)
    return _form_page(request, form=form, heading=_("Home visits and termly contact"),
                      back=reverse("core:school", args=[school.urn]), school=school)
