"""The SENCO's pages for annual reviews: the calendar of every review due, booked and late
at a school; the compliance page; the school's local authorities; a child's reviews (their
tab); and one review from booking to the local authority's decision. A family member who
opens a child's reviews or a review gets the family's pages (views_family.py).

Each view: sign-in → access layer (404 when the pupil may not be seen, 403 when they may be
seen but the person may not do this) → form → one action or selector → render or
redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bridgebook.core.access import access_school, query_id, viewer_for, visible_schools
from bridgebook.core.navigation import show_school
from bridgebook.diary.day import school_today
from bridgebook.diary.symbols import word_for
from bridgebook.people.models import SchoolClass
from bridgebook.reviews import actions, pack, selectors, views_family
from bridgebook.reviews.access import (
    COMPLIANCE_ROLES,
    REVIEW_ROLES,
    access_authority,
    access_review,
    access_reviews,
    can_add_advice,
    can_run,
)
from bridgebook.reviews.compliance import MEASURES, compliance
from bridgebook.reviews.forms import (
    BookForm,
    DecisionForm,
    LocalAuthorityForm,
    MeetingForm,
    MeetingRecordForm,
    PaperForm,
    PriorityForm,
    ProfessionalForm,
    RecordForm,
    ReportForm,
)
from bridgebook.reviews.models import EhcpRecord, LocalAuthority, Review
from bridgebook.reviews.papers import PaperError, check_pdf
from bridgebook.reviews.schedule import schedule
from bridgebook.targets.models import Outcome
from bridgebook.translation.display import translate_sources

Stage = Review.Stage


def _review_url(review) -> str:
    return reverse("reviews:review", args=[review.pk])


def _form_page(request, *, form, heading, back, pupil=None, school=None, button=None,
               intro="", multipart=False, extra=None):
    return render(request, "reviews/form.html", {
        "form": form, "heading": heading, "back": back, "pupil": pupil,
        "school": school or (pupil.school if pupil else None), "button": button or _("Save"),
        "intro": intro, "multipart": multipart, **(extra or {})})


def _warn_short_notice(request, review) -> None:
    """Say so when the invitations to a meeting just booked or moved give less notice than
    the law asks (reg 20(3): 2 weeks)."""
    notice = selectors.invitation_notice(review, schedule(), school_today(review.pupil.school))
    if notice is not None:
        messages.warning(request, ngettext(
            "The meeting is %(days)s day away: the law asks for at least two weeks' notice, "
            "and the papers two weeks before. Agree the date with the family.",
            "The meeting is %(days)s days away: the law asks for at least two weeks' "
            "notice, and the papers two weeks before. Agree the date with the family.",
            notice) % {"days": notice})


def _refused(request, review, error: actions.ReviewError):
    messages.error(request, str(error))
    return redirect(_review_url(review))


# The school's pages ----------------------------------------------------------------------

@login_required
def calendar(request, urn: str):
    school = access_school(request.user, urn)
    show_school(request, school)
    classes = list(SchoolClass.objects.filter(school=school).order_by("name"))
    chosen = None
    if (class_id := query_id(request.GET.get("class", ""))) is not None:
        chosen = next((c for c in classes if c.pk == class_id), None)
        if chosen is None:
            raise Http404
    found = selectors.calendar(request.user, school, school_class=chosen)
    return render(request, "reviews/calendar.html", {
        "school": school, "calendar": found, "classes": classes, "chosen": chosen,
        "today": timezone.localdate(), "runs_reviews": viewer_for(request.user).has_role(
            school, REVIEW_ROLES)})


@login_required
def compliance_page(request):
    viewer = viewer_for(request.user)
    if not viewer.is_staff_member:
        raise Http404
    schools = [school for school in visible_schools(request.user).order_by("name")
               if viewer.has_role(school, COMPLIANCE_ROLES)]
    if not schools:
        raise PermissionDenied
    year = query_id(request.GET.get("year", ""))
    chosen = year if year is not None and 2000 <= year <= 2100 else None
    figures = compliance(request.user, schools, year=chosen)
    if len(schools) == 1:
        show_school(request, schools[0])
    return render(request, "reviews/compliance.html", {
        "figures": figures, "measures": MEASURES, "several": len(schools) > 1})


@login_required
def authorities(request, urn: str):
    school = access_school(request.user, urn, need=REVIEW_ROLES)
    show_school(request, school)
    form = LocalAuthorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if LocalAuthority.objects.filter(school=school,
                                         name__iexact=form.cleaned_data["name"]).exists():
            form.add_error("name", _("This local authority is on the list already"))
        else:
            actions.do_save_local_authority(acting_user=request.user, school=school,
                                            data=form.cleaned_data)
            messages.success(request, _("Local authority added."))
            return redirect("reviews:authorities", urn=school.urn)
    return render(request, "reviews/authorities.html", {
        "school": school, "form": form,
        "authorities": LocalAuthority.objects.filter(school=school)})


@login_required
def authority_edit(request, pk: int):
    authority = access_authority(request.user, pk)
    school = authority.school
    show_school(request, school)
    form = LocalAuthorityForm(request.POST or None, instance=authority)
    if request.method == "POST" and form.is_valid():
        if LocalAuthority.objects.filter(school=school, name__iexact=form.cleaned_data["name"]
                                         ).exclude(pk=authority.pk).exists():
            form.add_error("name", _("Another local authority on the list has this name"))
        else:
            actions.do_save_local_authority(acting_user=request.user, school=school,
                                            data=form.cleaned_data, authority=authority)
            messages.success(request, _("Local authority saved."))
            return redirect("reviews:authorities", urn=school.urn)
    return _form_page(request, form=form, school=school, heading=authority.name,
                      back=reverse("reviews:authorities", args=[school.urn]))


# A child's reviews -----------------------------------------------------------------------

@login_required
def pupil_reviews(request, pk: int):
    pupil = access_reviews(request.user, pk)
    show_school(request, pupil.school)
    if viewer_for(request.user).is_family:
        return views_family.family_reviews_page(request, pupil)
    return render(request, "reviews/pupil.html", {
        "pupil": pupil, "clock": selectors.clock_for(pupil),
        "reviews": Review.objects.filter(pupil=pupil).order_by("-meets_at"),
        "can_run": can_run(request.user, pupil)})


@login_required
def record_edit(request, pk: int):
    pupil = access_reviews(request.user, pk, run=True)
    show_school(request, pupil.school)
    record = EhcpRecord.objects.filter(pupil=pupil).first() or EhcpRecord(pupil=pupil)
    form = RecordForm(request.POST or None, instance=record, school=pupil.school)
    if request.method == "POST" and form.is_valid():
        actions.do_save_record(acting_user=request.user, pupil=pupil,
                               data=form.cleaned_data)
        messages.success(request, _("The plan's dates are saved."))
        return redirect("reviews:pupil", pk=pupil.pk)
    return _form_page(request, form=form, pupil=pupil, heading=_("The plan’s dates"),
                      back=reverse("reviews:pupil", args=[pupil.pk]),
                      intro=_("The next review is due 12 months after the last review (6 for "
                              "a child under five), whether held before Bridgebook or in it; "
                              "until there is one, after the plan was first issued."))


@login_required
def book(request, pk: int):
    pupil = access_reviews(request.user, pk, run=True)
    show_school(request, pupil.school)
    booked = Review.objects.filter(pupil=pupil, stage=Stage.BOOKED).first()
    if booked is not None:
        messages.info(request, _("The review is booked already: here it is."))
        return redirect(_review_url(booked))
    contacts = selectors.invitable_contacts(pupil)
    professionals = actions.suggested_professionals(pupil)
    needs = next((c.language for c in contacts if c.interpreter_needed), "")
    form = BookForm(request.POST or None, school=pupil.school, contacts=contacts,
                    professionals=professionals, initial={
                        "contacts": [c.pk for c in contacts],
                        "professionals": list(range(len(professionals))),
                        "interpreter_language": needs})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["contacts"])
        try:
            review = actions.do_book(
                acting_user=request.user, pupil=pupil, **form.meeting_data(),
                contacts=[c for c in contacts if c.pk in chosen],
                professionals=[professionals[i] for i in form.cleaned_data["professionals"]
                               if i < len(professionals)])
        except actions.ReviewError as error:
            messages.error(request, str(error))
            return redirect("reviews:pupil", pk=pupil.pk)
        messages.success(request, _("The review is booked and everyone is invited. Add "
                                    "health, social care and other professionals here."))
        _warn_short_notice(request, review)
        return redirect(_review_url(review))
    clock = selectors.clock_for(pupil)
    intro = ""
    if clock.due_on:
        intro = _("The review is due by %(date)s. Invitations go out at once: at least two "
                  "weeks before the meeting.") % {"date": date_format(clock.due_on, "j F Y")}
    return _form_page(request, form=form, pupil=pupil, heading=_("Book the annual review"),
                      back=reverse("reviews:pupil", args=[pupil.pk]), intro=intro,
                      button=_("Book and invite"),
                      extra={"interpreter_needed": bool(needs)})


# One review ------------------------------------------------------------------------------

def _deadlines(review: Review) -> list[dict]:
    """The review's timeline: each step's date, when it was done, and whether it was late
    (the comments period is the family's and the school's time, not a deadline to meet;
    a due date never recorded has no date)."""
    rules = schedule()
    school = review.pupil.school
    day, today = review.meeting_day, school_today(school)

    def local(moment):
        return timezone.localtime(moment, school.tz).date() if moment else None

    held = review.held_on or day
    steps = [
        (_("Due by"), review.due_on, review.held_on, True),
        (_("Invitations out by"), rules.invitations_by(day), local(review.invitations_sent_at),
         True),
        (_("Papers out by"), rules.papers_by(day), local(review.pack_circulated_at), True),
        (_("Meeting"), day, review.held_on, True),
        (_("Report out by"), rules.report_by(held), local(review.report_sent_at), True),
        (_("Local authority decides by"), rules.decision_by(held), review.decision_on, True),
    ]
    if review.amendment_proposed_on:
        steps += [(_("Comments on the amendment until"),
                   rules.comments_until(review.amendment_proposed_on), None, False),
                  (_("Final plan by"), rules.final_plan_by(review.amendment_proposed_on),
                   review.final_plan_on, True)]
    if review.transfer_deadline:
        steps.append((_("Plan amended by (moving on)"), review.transfer_deadline,
                      review.final_plan_on, True))
    return [{"label": label, "due": due, "done": done,
             "late": judged and due is not None and (done or today) > due}
            for label, due, done, judged in steps]


@login_required
def review(request, pk: int):
    found = access_review(request.user, pk)
    show_school(request, found.pupil.school)
    if viewer_for(request.user).is_family:
        return views_family.family_review(request, found)
    page = selectors.review_page(found)
    contributions = list(page.contributions.select_related("author"))
    for contribution in contributions:
        contribution.like_words = [word_for(hexcode) for hexcode in contribution.likes]
        contribution.dislike_words = [word_for(hexcode) for hexcode in contribution.dislikes]
    # What families wrote, translated for the reader together.
    translate_sources(request, [(c.language, c.text) for c in contributions if c.text] + [
        (invitee.proposed_language, invitee.proposed_times)
        for invitee in page.invitees.all() if invitee.proposed_times],
        school=page.pupil.school)
    return render(request, "reviews/review.html", {
        "review": page, "pupil": page.pupil, "deadlines": _deadlines(page),
        "contributions": contributions, "can_run": can_run(request.user, page.pupil),
        "can_add_advice": can_add_advice(request.user, page.pupil),
        "clock": selectors.clock_for(page.pupil)})


@login_required
def edit(request, pk: int):
    found = access_review(request.user, pk, run=True)
    show_school(request, found.pupil.school)
    moment = timezone.localtime(found.meets_at, found.pupil.school.tz)
    form = MeetingForm(request.POST or None, school=found.pupil.school, initial={
        "day": moment.date(), "time": moment.time(), "place": found.place,
        "video_link": found.video_link, "interpreter_language": found.interpreter_language,
        "interpreter_name": found.interpreter_name})
    if request.method == "POST" and form.is_valid():
        try:
            changes = actions.do_change_meeting(acting_user=request.user, review=found,
                                                data=form.meeting_data())
        except actions.ReviewError as error:
            return _refused(request, found, error)
        if {"meets_at", "place", "video_link"} & set(changes):
            messages.success(request, _("The meeting is changed and everyone invited is "
                                        "told."))
        if "meets_at" in changes:
            found.refresh_from_db(fields=["meets_at", "invitations_sent_at"])
            _warn_short_notice(request, found)
        return redirect(_review_url(found))
    return _form_page(request, form=form, pupil=found.pupil, heading=_("Change the meeting"),
                      back=_review_url(found), button=_("Save and tell everyone"))


@login_required
def invite(request, pk: int):
    found = access_review(request.user, pk, run=True)
    show_school(request, found.pupil.school)
    invited = set(found.invitees.values_list("contact_id", flat=True))
    contacts = [c for c in selectors.invitable_contacts(found.pupil) if c.pk not in invited]
    form = ProfessionalForm(None if "contact" in request.POST else request.POST or None)
    if request.method == "POST":
        try:
            if "contact" in request.POST:
                contact = next((c for c in contacts
                                if str(c.pk) == request.POST["contact"]), None)
                if contact is None:
                    raise Http404
                actions.do_invite(acting_user=request.user, review=found, contact=contact)
                messages.success(request, _("%(name)s is invited.") % {
                    "name": contact.full_name})
                return redirect(_review_url(found))
            if form.is_valid():
                actions.do_invite(acting_user=request.user, review=found,
                                  professional=actions.Professional(**form.cleaned_data))
                messages.success(request, _("%(name)s is invited.") % {
                    "name": form.cleaned_data["name"]})
                return redirect(_review_url(found))
        except actions.ReviewError as error:
            return _refused(request, found, error)
    return _form_page(request, form=form, pupil=found.pupil, heading=_("Invite someone"),
                      back=_review_url(found), button=_("Invite"),
                      extra={"contacts": contacts, "review": found})


@login_required
def cancel(request, pk: int):
    """Asks first (everyone invited is told at once), then cancels."""
    found = access_review(request.user, pk, run=True)
    if request.method != "POST":
        show_school(request, found.pupil.school)
        return render(request, "reviews/cancel.html", {"review": found, "pupil": found.pupil})
    try:
        actions.do_cancel(acting_user=request.user, review=found)
    except actions.ReviewError as error:
        return _refused(request, found, error)
    messages.success(request, _("The meeting is cancelled. Book a new one when you can."))
    return redirect("reviews:pupil", pk=found.pupil_id)


@login_required
def paper_add(request, pk: int):
    found = access_review(request.user, pk, advise=True)
    show_school(request, found.pupil.school)
    form = PaperForm(request.POST or None, request.FILES or None,
                     initial={"author_name": request.user.full_name,
                              "received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            content = check_pdf(form.cleaned_data["file"])
        except PaperError as error:
            form.add_error("file", error.message)
        else:
            data = {key: form.cleaned_data[key]
                    for key in ("title", "author_name", "author_role", "received_on")}
            actions.do_add_paper(acting_user=request.user, review=found, content=content,
                                 **data)
            messages.success(request, _("The paper is added to the pack."))
            return redirect(_review_url(found))
    return _form_page(request, form=form, pupil=found.pupil, heading=_("Add advice or a "
                                                                       "report"),
                      back=_review_url(found), button=_("Add to the pack"), multipart=True,
                      intro=_("Advice from a professional, for everyone invited to read at "
                              "least two weeks before the meeting."))


@login_required
@require_POST
def circulate(request, pk: int):
    found = access_review(request.user, pk, run=True)
    if found.pack_circulated_at is not None or found.stage != Stage.BOOKED:
        # A second press: nothing to lay out again.
        messages.info(request, _("The papers have gone out already."))
        return redirect(_review_url(found))
    try:
        actions.do_circulate(acting_user=request.user, review=found,
                             summary_pdf=pack.summary_pdf(found))
    except actions.ReviewError as error:
        return _refused(request, found, error)
    messages.success(request, _("The papers have gone to everyone invited."))
    return redirect(_review_url(found))


def _plan_outcomes(review) -> list[Outcome]:
    """The outcomes of the plan the meeting reviewed (the current one, or the one before
    the plan the meeting started)."""
    plan_filter = {"plan__is_current": True}
    if review.new_plan_id and review.new_plan.copied_from_id:
        plan_filter = {"plan_id": review.new_plan.copied_from_id}
    return list(Outcome.objects.filter(plan__pupil=review.pupil, **plan_filter)
                .order_by("position", "pk"))


@login_required
def meeting(request, pk: int):
    found = access_review(request.user, pk, run=True)
    show_school(request, found.pupil.school)
    outcomes = _plan_outcomes(found)
    said = dict(found.discussions.values_list("outcome_id", "progress"))
    for outcome in outcomes:
        outcome.discussed = said.get(outcome.pk, "")
    form = MeetingRecordForm(request.POST or None, invitees=list(found.invitees.all()),
                             outcomes=outcomes, today=school_today(found.pupil.school),
                             initial={
                                 "held_on": found.held_on or found.meeting_day,
                                 "family_views": found.family_views,
                                 "pupil_views": found.pupil_views,
                                 "agreed_changes": found.agreed_changes})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_meeting(
                acting_user=request.user, review=found, held_on=data["held_on"],
                attendance=form.attendance(), family_views=data["family_views"],
                pupil_views=data["pupil_views"], agreed_changes=data["agreed_changes"],
                progress=form.progress())
        except actions.ReviewError as error:
            return _refused(request, found, error)
        messages.success(request, _("The meeting is recorded. Add the new priorities."))
        return redirect("reviews:priorities", pk=found.pk)
    intro = ""
    if found.covers_adulthood:
        intro = _("From Year 9 every review covers preparing for adulthood: employment, "
                  "independent living, friends and community, and good health.")
    return _form_page(request, form=form, pupil=found.pupil, heading=_("The meeting"),
                      back=_review_url(found), intro=intro)


@login_required
def priorities(request, pk: int):
    found = access_review(request.user, pk, run=True)
    show_school(request, found.pupil.school)
    outcomes = _plan_outcomes(found)
    form = PriorityForm(request.POST or None, outcomes=outcomes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = next((o for o in outcomes if o.pk == data["outcome"]), None)
        try:
            actions.do_add_priority(acting_user=request.user, review=found,
                                    area=data["area"], outcome=outcome, text=data["text"],
                                    success_criteria=data["success_criteria"])
        except actions.ReviewError as error:
            return _refused(request, found, error)
        messages.success(request, _("Priority added."))
        return redirect("reviews:priorities", pk=found.pk)
    return render(request, "reviews/priorities.html", {
        "review": found, "pupil": found.pupil, "form": form,
        "priorities": found.priorities.select_related("outcome", "target")})


@login_required
@require_POST
def make_targets(request, pk: int):
    found = access_review(request.user, pk, run=True)
    try:
        made = actions.do_make_targets(acting_user=request.user, review=found)
    except actions.ReviewError as error:
        return _refused(request, found, error)
    messages.success(request, ngettext(
        "%(count)s new target is set, in the plan started from this review. The family is "
        "told.",
        "%(count)s new targets are set, in the plan started from this review. The family is "
        "told.", len(made)) % {"count": len(made)})
    return redirect("targets:pupil", pk=found.pupil_id)


@login_required
def report(request, pk: int):
    found = access_review(request.user, pk, run=True)
    show_school(request, found.pupil.school)
    form = ReportForm(request.POST or None, initial={
        "report": found.report, "recommendation": found.recommendation})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_write_report(acting_user=request.user, review=found,
                                    **form.cleaned_data)
        except actions.ReviewError as error:
            return _refused(request, found, error)
        messages.success(request, _("The report is saved. Send it when it is ready."))
        return redirect(_review_url(found))
    return _form_page(request, form=form, pupil=found.pupil, heading=_("The report"),
                      back=_review_url(found))


@login_required
@require_POST
def send_report(request, pk: int):
    found = access_review(request.user, pk, run=True)
    if found.report_sent_at is not None:
        messages.info(request, _("The report has gone out already."))
        return redirect(_review_url(found))
    try:
        actions.do_send_report(acting_user=request.user, review=found,
                               report_pdf=pack.report_pdf(found))
    except actions.ReviewError as error:
        return _refused(request, found, error)
    messages.success(request, _("The report has gone to the local authority and everyone "
                                "invited."))
    return redirect(_review_url(found))


@login_required
def decision(request, pk: int):
    found = access_review(request.user, pk, run=True)
    show_school(request, found.pupil.school)
    form = DecisionForm(request.POST or None, initial={
        "decision": found.decision, "decision_on": found.decision_on or timezone.localdate(),
        "amendment_proposed_on": found.amendment_proposed_on,
        "final_plan_on": found.final_plan_on})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_decision(acting_user=request.user, review=found,
                                       **form.cleaned_data)
        except actions.ReviewError as error:
            return _refused(request, found, error)
        messages.success(request, _("The local authority's decision is recorded."))
        return redirect(_review_url(found))
    return _form_page(request, form=form, pupil=found.pupil,
                      heading=_("The local authority’s decision"), back=_review_url(found))


@login_required
@require_POST
def chase(request, pk: int):
    found = access_review(request.user, pk, run=True)
    try:
        reminded = actions.do_chase(acting_user=request.user, review=found)
    except actions.ReviewError as error:
        return _refused(request, found, error)
    if reminded:
        messages.success(request, _("The local authority's SEN officer has been reminded."))
    else:
        messages.error(request, _("The local authority has no email address for reviews: "
                                  "add it to the school's local authorities, or phone them."))
    return redirect(_review_url(found))
