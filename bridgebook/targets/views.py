"""A pupil's targets: the plan page (the Targets tab of the child's page), one target with its
progress and evidence, and the forms that set and record them.

Each view: sign-in → access layer (404 when the pupil may not be seen, 403 when they may be
seen but the person may not write this) → form → one action or selector → render or
redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgebook.core.access import access_school, query_id, viewer_for
from bridgebook.core.models import User
from bridgebook.core.navigation import show_school
from bridgebook.diary.access import access_entry, access_photo
from bridgebook.diary.day import school_today
from bridgebook.people.models import PupilContact
from bridgebook.targets import actions, selectors
from bridgebook.targets.access import (
    CONTRIBUTOR_ROLES,
    SCALE_ROLES,
    access_evidence,
    access_outcome,
    access_strategy,
    access_target,
    access_targets,
    can_add_home_evidence,
    can_contribute,
    can_plan,
)
from bridgebook.targets.actions import a_year_on
from bridgebook.targets.forms import (
    CopyPlanForm,
    EngagementNoteForm,
    EvidenceForm,
    OutcomeForm,
    PlanForm,
    ProgressForm,
    ScaleForm,
    StrategyForm,
    TargetForm,
)
from bridgebook.targets.models import Evidence, Plan
from bridgebook.translation.display import reader_language, translate_sources
from bridgebook.translation.services import base_language, marked_for, written_language

# A pupil is in Year 9 or above (preparing for adulthood) from this year group.
ADULTHOOD_YEARS = ("9", "10", "11", "12", "13", "14")


def _targets_url(pupil) -> str:
    return reverse("targets:pupil", args=[pupil.pk])


def _form_page(request, *, pupil, form, heading, back, button=None, intro="", school=None,
               hidden=None):
    return render(request, "targets/form.html", {
        "pupil": pupil, "form": form, "heading": heading, "back": back,
        "button": button or _("Save"), "intro": intro, "school": school or pupil.school,
        "hidden": hidden or {}})


def _current_plan_or_404(pupil) -> Plan:
    plan = selectors.current_plan(pupil)
    if plan is None:
        raise Http404
    return plan


def _family_languages(pupil) -> list[str]:
    """The languages other than English that the pupil's family read."""
    languages = (PupilContact.objects.entitled().filter(pupil=pupil)
                 .values_list("contact__language", flat=True).distinct())
    return sorted({base_language(language) for language in languages} - {"en"})


# The plan page ---------------------------------------------------------------------------

@login_required
def pupil_targets(request, pk: int):
    pupil = access_targets(request.user, pk)
    show_school(request, pupil.school)
    plan = None
    if (plan_id := query_id(request.GET.get("plan", ""))) is not None:
        plan = pupil.target_plans.filter(pk=plan_id).first()
        if plan is None:
            raise Http404
    page = selectors.plan_page(request.user, pupil, plan=plan)
    viewer = viewer_for(request.user)
    checked = {}
    if viewer.is_family and page.strategies:
        language = reader_language(request, pupil.school)
        if language:
            checked = selectors.approved_strategy_texts(page.strategies, language)
    for strategy in page.strategies:
        strategy.checked_text = checked.get(strategy.pk, "")
    family_languages = []
    if viewer.is_staff_member:
        family_languages = _family_languages(pupil)
        if family_languages:
            selectors.attach_reviews(page.strategies)
    # Every text the page shows, translated for the reader together.
    translate_sources(request, [*(("en", text) for text in selectors.page_texts(page)),
                                *selectors.step_sources(page.steps)], school=pupil.school)
    return render(request, "targets/pupil_targets.html", {
        "pupil": pupil, "page": page, "plan": page.plan, "is_family": viewer.is_family,
        "can_plan": can_plan(request.user, pupil),
        "can_contribute": can_contribute(request.user, pupil),
        "family_languages": family_languages,
    })


@login_required
def plan_new(request, pk: int):
    """A pupil's first plan, or the next one copied from the current plan."""
    pupil = access_targets(request.user, pk, plan=True)
    show_school(request, pupil.school)
    current = selectors.current_plan(pupil)
    form_class = CopyPlanForm if current else PlanForm
    form = form_class(request.POST or None)
    # The plan the page was showing: a second press, or someone else's plan started in the
    # meantime, starts nothing more.
    showing = str(current.pk if current else 0)
    if request.method == "POST" and request.POST.get("showing") != showing:
        messages.info(request, _("Someone has just started this plan: here it is."))
        return redirect(_targets_url(pupil))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if current:
                actions.do_copy_plan(acting_user=request.user, plan=current,
                                     title=data["title"], starts_on=data["starts_on"])
                messages.success(request, _("The new plan has the outcomes, and the targets "
                                            "still being worked on, carried over."))
            else:
                actions.do_start_plan(acting_user=request.user, pupil=pupil, **data)
        except actions.PlanChanged:
            # Pressed twice, or someone else started it first: the plan is there.
            messages.info(request, _("Someone has just started this plan: here it is."))
        return redirect(_targets_url(pupil))
    if current:
        heading = _("Start the next plan")
        intro = _("The outcomes of %(plan)s are copied, with each target still being "
                  "worked on; those are marked carried over in %(plan)s.") % {
            "plan": current.title}
    else:
        heading, intro = _("Start a plan"), ""
    return _form_page(request, pupil=pupil, form=form, heading=heading, intro=intro,
                      back=_targets_url(pupil), button=heading, hidden={"showing": showing})


@login_required
def plan_edit(request, pk: int):
    pupil = access_targets(request.user, pk, plan=True)
    show_school(request, pupil.school)
    plan = _current_plan_or_404(pupil)
    form = PlanForm(request.POST or None, initial={
        "title": plan.title, "starts_on": plan.starts_on,
        "engagement_model": plan.engagement_model})
    if request.method == "POST" and form.is_valid():
        actions.do_change_plan(acting_user=request.user, plan=plan, **form.cleaned_data)
        return redirect(_targets_url(pupil))
    return _form_page(request, pupil=pupil, form=form, heading=_("Change the plan"),
                      back=_targets_url(pupil))


# Outcomes and targets --------------------------------------------------------------------

def _adulthood(pupil, plan) -> bool:
    year = (pupil.school_class.year_group if pupil.school_class else "") or ""
    digits = "".join(ch for ch in year if ch.isdigit())
    return digits in ADULTHOOD_YEARS or plan.outcomes.filter(area="adulthood").exists()


@login_required
def outcome_new(request, pk: int):
    pupil = access_targets(request.user, pk, plan=True)
    show_school(request, pupil.school)
    plan = _current_plan_or_404(pupil)
    form = OutcomeForm(request.POST or None, adulthood=_adulthood(pupil, plan))
    if request.method == "POST" and form.is_valid():
        actions.do_save_outcome(acting_user=request.user, plan=plan, **form.cleaned_data)
        return redirect(_targets_url(pupil))
    return _form_page(request, pupil=pupil, form=form, heading=_("Add an EHCP outcome"),
                      back=_targets_url(pupil))


@login_required
def outcome_edit(request, pk: int):
    outcome = access_outcome(request.user, pk, plan=True)
    if not outcome.plan.is_current:
        raise Http404  # an earlier plan is kept as it was
    pupil = outcome.plan.pupil
    show_school(request, pupil.school)
    form = OutcomeForm(request.POST or None, adulthood=_adulthood(pupil, outcome.plan),
                       initial={"area": outcome.area, "text": outcome.text})
    if request.method == "POST" and form.is_valid():
        actions.do_save_outcome(acting_user=request.user, plan=outcome.plan, outcome=outcome,
                                **form.cleaned_data)
        return redirect(_targets_url(pupil))
    return _form_page(request, pupil=pupil, form=form, heading=_("Change the outcome"),
                      back=_targets_url(pupil))


def _staff_choices(pupil):
    """Who may lead a target: the school's staff who plan or work with pupils."""
    return (User.objects.filter(staff_roles__school=pupil.school,
                                staff_roles__role__in=CONTRIBUTOR_ROLES,
                                is_active=True)
            .distinct().order_by("full_name").only("pk", "full_name"))


def _target_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("outcome", None)
    data["owner"] = User.objects.filter(pk=data.pop("owner")).first() if data.get(
        "owner") else None
    return data


@login_required
def target_new(request, pk: int):
    """A new target; ``?text=`` starts it with words from elsewhere (a questionnaire's
    answer), ``?outcome=`` under that outcome."""
    pupil = access_targets(request.user, pk, plan=True)
    show_school(request, pupil.school)
    plan = _current_plan_or_404(pupil)
    outcomes = list(plan.outcomes.all())
    if not outcomes:
        messages.info(request, _("Add an EHCP outcome first: each target is under one."))
        return redirect(reverse("targets:outcome_new", args=[pupil.pk]))
    today = school_today(pupil.school)
    initial = {"text": request.GET.get("text", "")[:300], "start_date": today,
               "review_date": a_year_on(today), "owner": request.user.pk}
    if (outcome_id := query_id(request.GET.get("outcome", ""))) is not None:
        initial["outcome"] = outcome_id
    elif len(outcomes) == 1:
        initial["outcome"] = outcomes[0].pk
    form = TargetForm(request.POST or None, outcomes=outcomes, staff=_staff_choices(pupil),
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = next(item for item in outcomes if item.pk == form.cleaned_data["outcome"])
        target = actions.do_add_target(acting_user=request.user, outcome=outcome,
                                       data=_target_data(form))
        messages.success(request, _("Target set: the family has been told."))
        return redirect(reverse("targets:target", args=[target.pk]))
    return _form_page(request, pupil=pupil, form=form, heading=_("Set a target"),
                      back=_targets_url(pupil))


@login_required
def target_edit(request, pk: int):
    target = access_target(request.user, pk, plan=True)
    if not target.outcome.plan.is_current:
        raise Http404  # an earlier plan is kept as it was
    pupil = target.pupil
    show_school(request, pupil.school)
    form = TargetForm(request.POST or None, outcomes=[], staff=_staff_choices(pupil),
                      editing=True, initial={
                          "text": target.text, "success_criteria": target.success_criteria,
                          "start_date": target.start_date, "review_date": target.review_date,
                          "owner": target.owner_id, "status": target.status})
    if request.method == "POST" and form.is_valid():
        changes = actions.do_change_target(acting_user=request.user, target=target,
                                           data=_target_data(form))
        if changes:
            messages.success(request, _("Target changed."))
        return redirect(reverse("targets:target", args=[target.pk]))
    return _form_page(request, pupil=pupil, form=form, heading=_("Change the target"),
                      back=reverse("targets:target", args=[target.pk]))


@login_required
def target_detail(request, pk: int):
    target = access_target(request.user, pk)
    pupil = target.pupil
    show_school(request, pupil.school)
    steps = selectors.steps_for(pupil.school)
    history = selectors.progress_by_target([target.pk]).get(target.pk, [])
    for record in history:
        record.label = selectors.step_label(steps, record.step)
    viewer = viewer_for(request.user)
    evidence = selectors.target_evidence(request.user, target)
    translate_sources(request, [
        ("en", target.text), ("en", target.success_criteria), ("en", target.outcome.text),
        *(("en", record.note) for record in history), *selectors.step_sources(steps),
        *((item.language, item.note) for item in evidence)], school=pupil.school)
    return render(request, "targets/target_detail.html", {
        "pupil": pupil, "target": target, "history": list(reversed(history)),
        "chart": selectors.chart(history, steps), "steps_source": steps.source,
        "evidence": evidence,
        "is_family": viewer.is_family, "can_plan": can_plan(request.user, pupil),
        "can_contribute": can_contribute(request.user, pupil),
        "photos": (selectors.recent_photos(target, school_today(pupil.school))
                   if can_contribute(request.user, pupil) and target.is_worked_on else []),
        "progress_form": ProgressForm(steps=steps, initial={
            "recorded_on": school_today(pupil.school)}),
    })


@login_required
def progress_add(request, pk: int):
    target = access_target(request.user, pk, contribute=True)
    if not target.is_worked_on:
        raise Http404  # progress is recorded on targets being worked on
    pupil = target.pupil
    show_school(request, pupil.school)
    steps = selectors.steps_for(pupil.school)
    form = ProgressForm(request.POST or None, steps=steps,
                        initial={"recorded_on": school_today(pupil.school)})
    if request.method == "POST" and form.is_valid():
        actions.do_record_progress(acting_user=request.user, target=target,
                                   **form.cleaned_data)
        messages.success(request, _("Progress recorded."))
        return redirect(reverse("targets:target", args=[target.pk]))
    return _form_page(request, pupil=pupil, form=form, heading=_("Record progress"),
                      intro=target.text, back=reverse("targets:target", args=[target.pk]))


# Engagement Model ------------------------------------------------------------------------

@login_required
def engagement(request, pk: int):
    pupil = access_targets(request.user, pk)
    show_school(request, pupil.school)
    contribute = can_contribute(request.user, pupil)
    targets = list(selectors.open_targets(pupil))
    form = EngagementNoteForm(request.POST or None, targets=targets,
                              initial={"noticed_on": school_today(pupil.school)})
    if request.method == "POST":
        if not contribute:
            access_targets(request.user, pk, contribute=True)  # 403
        if form.is_valid():
            data = dict(form.cleaned_data)
            target_id = data.pop("target")
            data["target"] = next((t for t in targets if t.pk == target_id), None)
            actions.do_add_engagement_note(acting_user=request.user, pupil=pupil, **data)
            messages.success(request, _("Note added."))
            return redirect(reverse("targets:engagement", args=[pupil.pk]))
    areas = selectors.engagement_notes(pupil)
    translate_sources(request, [("en", text) for area in areas for note in area["notes"]
                                for text in (note.note, note.target.text if note.target else "")],
                      school=pupil.school)
    return render(request, "targets/engagement.html", {
        "pupil": pupil, "areas": areas, "form": form,
        "can_contribute": contribute, "is_family": viewer_for(request.user).is_family})


# Strategies ------------------------------------------------------------------------------

@login_required
def strategy_new(request, pk: int):
    pupil = access_targets(request.user, pk, plan=True)
    show_school(request, pupil.school)
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_save_strategy(acting_user=request.user, pupil=pupil,
                                 text=form.cleaned_data["text"])
        return redirect(_targets_url(pupil) + "#strategies")
    return _form_page(request, pupil=pupil, form=form,
                      heading=_("What works for %(name)s") % {"name": pupil.first_name},
                      back=_targets_url(pupil))


@login_required
def strategy_edit(request, pk: int):
    strategy = access_strategy(request.user, pk, plan=True)
    pupil = strategy.pupil
    show_school(request, pupil.school)
    form = StrategyForm(request.POST or None, initial={"text": strategy.text})
    if request.method == "POST" and form.is_valid():
        actions.do_save_strategy(acting_user=request.user, pupil=pupil, strategy=strategy,
                                 text=form.cleaned_data["text"])
        return redirect(_targets_url(pupil) + "#strategies")
    return _form_page(request, pupil=pupil, form=form, heading=_("Change what works"),
                      back=_targets_url(pupil))


@login_required
@require_POST
def strategy_remove(request, pk: int):
    strategy = access_strategy(request.user, pk, plan=True)
    actions.do_remove_strategy(acting_user=request.user, strategy=strategy)
    messages.success(request, _("Strategy taken away."))
    return redirect(_targets_url(strategy.pupil) + "#strategies")


@login_required
@require_POST
def strategy_check(request, pk: int):
    """Ask a person to check the strategy's translation into each language its family
    reads, as any document's."""
    strategy = access_strategy(request.user, pk, plan=True)
    asked = actions.do_ask_strategy_check(acting_user=request.user, strategy=strategy,
                                          languages=_family_languages(strategy.pupil))
    if asked:
        messages.success(request, _("Asked for the translation to be checked."))
    else:
        messages.info(request, _("The family reads English: there is nothing to check."))
    return redirect(_targets_url(strategy.pupil) + "#strategies")


# Evidence --------------------------------------------------------------------------------

@login_required
def evidence_new(request, pk: int):
    """Evidence in words: a family's from home ("she asked for the swing with her PECS card
    at the park"), or staff's."""
    pupil = access_targets(request.user, pk)
    show_school(request, pupil.school)
    family = can_add_home_evidence(request.user)
    if not family and not can_contribute(request.user, pupil):
        access_targets(request.user, pk, contribute=True)  # 403
    targets = list(selectors.open_targets(pupil))
    chosen = [found for found in map(query_id, request.GET.getlist("target"))
              if found is not None]
    form = EvidenceForm(request.POST or None, targets=targets, family=family,
                        initial={"happened_on": school_today(pupil.school), "targets": chosen})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        viewer = viewer_for(request.user)
        kwargs = {}
        if family:
            school_id = pupil.school_id
            kwargs = {"from_family": True, "source": Evidence.Source.HOME,
                      "household_id": viewer.households.get(school_id),
                      "shared_with_all": data["shared_with_all"],
                      "language": written_language(
                          data["note"], fallback=viewer.languages.get(school_id, "en"))}
        actions.do_add_evidence(request.user, pupil, note=data["note"],
                                happened_on=data["happened_on"],
                                targets=[t for t in targets if t.pk in data["targets"]],
                                **kwargs)
        messages.success(request, _("Thank you: it is with the targets it shows."))
        return redirect(_targets_url(pupil))
    if not targets:
        messages.info(request, _("%(name)s has no targets being worked on yet.")
                      % {"name": pupil.first_name})
        return redirect(_targets_url(pupil))
    heading = _("Add something from home") if family else _("Add evidence")
    return _form_page(request, pupil=pupil, form=form, heading=heading,
                      back=_targets_url(pupil), button=_("Add it"))


@login_required
@require_POST
def evidence_remove(request, pk: int):
    evidence = access_evidence(request.user, pk, write=True)
    pupil = evidence.pupil
    actions.do_remove_evidence(acting_user=request.user, evidence=evidence)
    messages.success(request, _("Evidence taken away."))
    return redirect(_targets_url(pupil))


def _back(request, fallback: str) -> str:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return fallback


@login_required
@require_POST
def tag_entry(request):
    """One tap from the class's day or the full entry: a book entry becomes evidence for a
    target (``tag`` is "entry id:target id"), or no longer (``untag``)."""
    value = request.POST.get("tag") or request.POST.get("untag") or ""
    entry_id, target_id = (query_id(part) for part in value.partition(":")[::2])
    if entry_id is None or target_id is None:
        raise Http404
    entry = access_entry(request.user, entry_id)
    target = access_target(request.user, target_id)
    if target.pupil_id != entry.pupil_id or not target.is_worked_on:
        raise Http404
    # Staff who record evidence tag any entry; a family member their own from home.
    own = entry.origin == entry.Origin.HOME and entry.author_id == request.user.pk
    if not (own or can_contribute(request.user, target.pupil)):
        raise PermissionDenied
    tagged = "tag" in request.POST
    actions.do_tag_entry(acting_user=request.user, entry=entry, target=target, tagged=tagged)
    if request.headers.get("X-Bridgebook-In-Place"):
        return HttpResponse(status=204)   # the page changed the button itself (tags.js)
    # A family reads the target in their language, marked as machine translation.
    words = target.text
    if (language := reader_language(request, target.pupil.school)) is not None:
        words = marked_for([words], target=language, school=target.pupil.school)[0]
    if tagged:
        note = _("Tagged as evidence: %(target)s") % {"target": words}
    else:
        note = _("No longer evidence: %(target)s") % {"target": words}
    messages.success(request, note)
    return redirect(_back(request, reverse("diary:entry", args=[entry.pk]))
                    + f"#pupil-{entry.pupil_id}")


@login_required
@require_POST
def tag_photo(request, pk: int):
    """One tap on the target's page: a photo the pupil is in becomes evidence for the
    target (``tag`` is the photo's token), or no longer (``untag``)."""
    target = access_target(request.user, pk, contribute=True)
    token = request.POST.get("tag") or request.POST.get("untag") or ""
    photo = access_photo(request.user, token)
    if not photo.pupils.filter(pk=target.pupil_id).exists() or not target.is_worked_on:
        raise Http404
    tagged = "tag" in request.POST
    actions.do_tag_photo(acting_user=request.user, photo=photo, target=target, tagged=tagged)
    messages.success(request, _("Photo tagged as evidence.") if tagged
                     else _("The photo is no longer evidence."))
    return redirect(reverse("targets:target", args=[target.pk]) + "#photos")


# The school's scale ----------------------------------------------------------------------

@login_required
def scale(request, urn: str):
    school = access_school(request.user, urn, need=SCALE_ROLES)
    show_school(request, school)
    steps = selectors.steps_for(school)
    form = ScaleForm(request.POST or None, initial={"steps": "\n".join(steps)})
    if request.method == "POST" and form.is_valid():
        actions.do_set_scale(acting_user=request.user, school=school,
                             steps=form.cleaned_data["steps"])
        messages.success(request, _("Progress scale saved."))
        return redirect(reverse("targets:scale", args=[school.urn]))
    return render(request, "targets/scale.html", {"school": school, "form": form,
                                                  "steps": steps})
