"""Writing a pupil's plan, targets, progress, strategies and evidence; every write leaves an
audit row, and families are told when a target is set, changed or achieved (after the
write has committed: translating the message never holds a transaction open)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.targets.models import (
    EngagementNote,
    Evidence,
    Outcome,
    Plan,
    Progress,
    ProgressScale,
    Strategy,
    Target,
    TargetNotice,
)
from bridgebook.targets.notifications import tell_family, tell_family_of_several
from bridgebook.translation import actions as translation_actions

Action = AuditEvent.Action
TARGET_FIELDS = ["text", "success_criteria", "start_date", "review_date", "owner", "status"]
# What families are told about when it changes (the owner is the school's business).
TOLD_FIELDS = {"text", "success_criteria", "start_date", "review_date", "status"}


class PlanChanged(ValueError):
    """The plan was started or copied already (a second press, or someone else first)."""


def _short(text: str) -> str:
    return Truncator(text).chars(60)


def a_year_on(day: datetime.date) -> datetime.date:
    """The same day a year later (28 February after a 29th)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


# The plan --------------------------------------------------------------------------------

@transaction.atomic
def do_start_plan(*, acting_user, pupil, title: str, starts_on: datetime.date,
                  engagement_model: bool = False) -> Plan:
    """A pupil's first plan (a pupil with a current plan gets the next one by copying it)."""
    if Plan.objects.filter(pupil=pupil, is_current=True).exists():
        raise PlanChanged("The pupil already has a current plan: copy it into the next one")
    plan = Plan.objects.create(pupil=pupil, title=title, starts_on=starts_on,
                               engagement_model=engagement_model, created_by=acting_user)
    audit.record(actor=acting_user, action=Action.CREATE, obj=plan, school=pupil.school,
                 pupil=pupil, summary=f"Started the plan {title}")
    return plan


@transaction.atomic(durable=True)
def do_change_plan(*, acting_user, plan: Plan, title: str, starts_on: datetime.date,
                   engagement_model: bool) -> dict:
    data = {"title": title, "starts_on": starts_on, "engagement_model": engagement_model}
    changes = audit.changed_fields(plan, data, list(data))
    if changes:
        for key in changes:
            setattr(plan, key, data[key])
        plan.save(update_fields=list(changes))
        audit.record(actor=acting_user, action=Action.UPDATE, obj=plan, school=plan.school,
                     pupil=plan.pupil, summary=f"Changed the plan {plan.title}",
                     changes=changes)
    return changes


@transaction.atomic
def do_copy_plan(*, acting_user, plan: Plan, title: str, starts_on: datetime.date) -> Plan:
    """The next plan, in one step: the outcomes copied, and under them each target still
    being worked on (or carried over before) copied with its wording, criteria and owner,
    starting on ``starts_on`` and reviewed a year later. The old plan's open targets are
    marked carried over; achieved and dropped targets stay in the old plan's history. The
    annual review starts its new plan with this."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_current:
        raise PlanChanged("Only the current plan is copied into the next one")
    Plan.objects.filter(pk=plan.pk).update(is_current=False)
    new = Plan.objects.create(pupil=plan.pupil, title=title, starts_on=starts_on,
                              engagement_model=plan.engagement_model, copied_from=plan,
                              created_by=acting_user)
    review = a_year_on(starts_on)
    carried = []
    for outcome in plan.outcomes.prefetch_related("targets"):
        copy = Outcome.objects.create(plan=new, area=outcome.area, text=outcome.text,
                                      position=outcome.position, copied_from=outcome)
        for target in outcome.targets.all():
            if target.status not in (Target.Status.OPEN, Target.Status.CARRIED_OVER):
                continue
            Target.objects.create(outcome=copy, pupil=plan.pupil, text=target.text,
                                  success_criteria=target.success_criteria,
                                  start_date=starts_on, review_date=review,
                                  owner_id=target.owner_id, copied_from=target)
            if target.status == Target.Status.OPEN:
                carried.append(target.pk)
    Target.objects.filter(pk__in=carried).update(status=Target.Status.CARRIED_OVER,
                                                 updated_at=timezone.now())
    audit.record(actor=acting_user, action=Action.CREATE, obj=new, school=plan.school,
                 pupil=plan.pupil,
                 summary=f"Started the plan {title} from {plan.title}, carrying over "
                         f"{len(carried)} targets")
    return new


@transaction.atomic
def do_save_outcome(*, acting_user, plan: Plan, area: str, text: str,
                    outcome: Outcome | None = None) -> Outcome:
    if outcome is None:
        position = plan.outcomes.count()
        outcome = Outcome.objects.create(plan=plan, area=area, text=text, position=position)
        audit.record(actor=acting_user, action=Action.CREATE, obj=outcome,
                     school=plan.school, pupil=plan.pupil,
                     summary=f"Added the outcome {_short(text)}")
        return outcome
    changes = audit.changed_fields(outcome, {"area": area, "text": text}, ["area", "text"])
    if changes:
        outcome.area, outcome.text = area, text
        outcome.save(update_fields=list(changes))
        audit.record(actor=acting_user, action=Action.UPDATE, obj=outcome,
                     school=plan.school, pupil=plan.pupil,
                     summary=f"Changed the outcome {_short(text)}", changes=changes)
    return outcome


# Targets ---------------------------------------------------------------------------------

def do_add_target(*, acting_user, outcome: Outcome, data: dict, tell: bool = True) -> Target:
    """A new target under ``outcome``; the family is told (with ``tell=False`` the caller
    tells them, ``tell_family_of_new``, once its own transaction has committed)."""
    with transaction.atomic():
        target = Target.objects.create(
            outcome=outcome, pupil_id=outcome.plan.pupil_id,
            **{key: data[key] for key in TARGET_FIELDS if key in data})
        notice = TargetNotice.objects.create(target=target, change=TargetNotice.Change.SET,
                                             version=target.version)
        audit.record(actor=acting_user, action=Action.CREATE, obj=target,
                     school=outcome.school, pupil=outcome.plan.pupil,
                     summary=f"Set the target {_short(target.text)}")
    if tell:
        tell_family(notice)
    return target


def tell_family_of_new(targets: Sequence[Target]) -> None:
    """Tell the family of targets set together with ``do_add_target(tell=False)``: one
    message listing them all."""
    notices = list(TargetNotice.objects.filter(target__in=targets,
                                               change=TargetNotice.Change.SET))
    if notices:
        tell_family_of_several(notices)


def do_change_target(*, acting_user, target: Target, data: dict) -> dict:
    """Change a target's wording, criteria, dates, owner or status; the family is told of a
    change to what they see (achieved, when it is achieved)."""
    with transaction.atomic(durable=True):
        target = Target.objects.select_for_update().get(pk=target.pk)
        changes = audit.changed_fields(target, data, [f for f in TARGET_FIELDS if f in data])
        if not changes:
            return changes
        for key in changes:
            setattr(target, key, data[key])
        target.version += 1
        target.updated_at = timezone.now()
        target.save(update_fields=[*changes, "version", "updated_at"])
        notice = None
        if TOLD_FIELDS & set(changes):
            achieved = "status" in changes and target.status == Target.Status.ACHIEVED
            notice = TargetNotice.objects.create(
                target=target, version=target.version,
                change=TargetNotice.Change.ACHIEVED if achieved else TargetNotice.Change.CHANGED)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=target,
                     school=target.school, pupil=target.pupil,
                     summary=f"Changed the target {_short(target.text)}", changes=changes)
    if notice is not None:
        tell_family(notice)
    return changes


@transaction.atomic
def do_record_progress(*, acting_user, target: Target, step: int, note: str,
                       recorded_on: datetime.date) -> Progress:
    progress = Progress.objects.create(target=target, step=step, note=note,
                                       recorded_on=recorded_on, recorded_by=acting_user)
    audit.record(actor=acting_user, action=Action.CREATE, obj=progress, school=target.school,
                 pupil=target.pupil,
                 summary=f"Recorded progress on the target {_short(target.text)}")
    return progress


@transaction.atomic(durable=True)
def do_add_engagement_note(*, acting_user, pupil, area: str, note: str,
                           noticed_on: datetime.date, target: Target | None = None
                           ) -> EngagementNote:
    written = EngagementNote.objects.create(pupil=pupil, area=area, note=note,
                                            noticed_on=noticed_on, target=target,
                                            written_by=acting_user)
    audit.record(actor=acting_user, action=Action.CREATE, obj=written, school=pupil.school,
                 pupil=pupil, summary=f"Added an Engagement Model note ({area})")
    return written


@transaction.atomic(durable=True)
def do_set_scale(*, acting_user, school, steps: list[str]) -> ProgressScale:
    scale, created = ProgressScale.objects.get_or_create(school=school)
    before = list(scale.steps)
    scale.steps = steps
    scale.updated_at = timezone.now()
    scale.save()
    audit.record(actor=acting_user, action=Action.CREATE if created else Action.UPDATE,
                 obj=scale, school=school, summary="Changed the progress scale",
                 changes={"steps": [before, steps]})
    return scale


# Strategies ------------------------------------------------------------------------------

@transaction.atomic
def do_save_strategy(*, acting_user, pupil, text: str, strategy: Strategy | None = None
                     ) -> Strategy:
    if strategy is None:
        strategy = Strategy.objects.create(pupil=pupil, text=text, written_by=acting_user,
                                           position=Strategy.objects.filter(pupil=pupil).count())
        audit.record(actor=acting_user, action=Action.CREATE, obj=strategy,
                     school=pupil.school, pupil=pupil,
                     summary=f"Added the strategy {_short(text)}")
        return strategy
    changes = audit.changed_fields(strategy, {"text": text}, ["text"])
    if changes:
        strategy.text = text
        strategy.written_by = acting_user
        strategy.updated_at = timezone.now()
        strategy.save(update_fields=["text", "written_by", "updated_at"])
        audit.record(actor=acting_user, action=Action.UPDATE, obj=strategy,
                     school=pupil.school, pupil=pupil,
                     summary=f"Changed the strategy {_short(text)}", changes=changes)
    return strategy


@transaction.atomic(durable=True)
def do_remove_strategy(*, acting_user, strategy: Strategy) -> None:
    strategy.removed_at = timezone.now()
    strategy.save(update_fields=["removed_at"])
    audit.record(actor=acting_user, action=Action.DELETE, obj=strategy,
                 school=strategy.school, pupil=strategy.pupil,
                 summary=f"Took away the strategy {_short(strategy.text)}")


def do_ask_strategy_check(*, acting_user, strategy: Strategy, languages: Sequence[str]) -> int:
    """Ask a person to check the strategy's translation into each of ``languages`` (the
    languages its family reads), as any document's; returns how many were asked."""
    for language in languages:
        translation_actions.request_review(
            school=strategy.school, text=strategy.text, language=language,
            ref=strategy.review_ref, requested_by=acting_user,
            purpose=f"What works for {strategy.pupil.first_name}")
    return len(languages)


# Evidence --------------------------------------------------------------------------------

def _tag(*, acting_user, found, make, target: Target, tagged: bool, what: str
         ) -> Evidence | None:
    """Add ``target`` to a piece of evidence (``found``, locked; or ``make()`` the first
    time), or take it away; evidence for no target any more is gone."""
    evidence = found.select_for_update().first()
    if evidence is None and not tagged:
        return None
    if evidence is None:
        try:
            with transaction.atomic():
                evidence = make()
        except IntegrityError:
            # Someone tagged it for the first time at the same moment: add to theirs.
            evidence = found.select_for_update().get()
    if tagged:
        evidence.targets.add(target)
    else:
        evidence.targets.remove(target)
    verb = "Tagged" if tagged else "Untagged"
    audit.record(actor=acting_user, action=Action.UPDATE, obj=evidence, school=target.school,
                 pupil=target.pupil,
                 summary=f"{verb} {what} as evidence for {_short(target.text)}")
    if not evidence.targets.exists():
        evidence.delete()
        return None
    return evidence


@transaction.atomic
def do_tag_entry(*, acting_user, entry, target: Target, tagged: bool) -> Evidence | None:
    """Make a book entry evidence for ``target`` (or no longer, ``tagged=False``): the entry
    is one piece of evidence, for as many of its pupil's targets as it shows. A school
    entry is the school's evidence, a family's entry from home theirs."""
    return _tag(acting_user=acting_user, target=target, tagged=tagged, what="a book entry",
                found=Evidence.objects.filter(entry=entry),
                make=lambda: Evidence.objects.create(
                    pupil_id=entry.pupil_id, entry=entry, happened_on=entry.date,
                    source=Evidence.Source.BOOK, from_family=entry.origin == entry.Origin.HOME,
                    author_id=entry.author_id, household_id=entry.household_id,
                    shared_with_all=entry.shared_with_all, language=entry.language))


@transaction.atomic(durable=True)
def do_tag_photo(*, acting_user, photo, target: Target, tagged: bool) -> Evidence | None:
    """Make a photo the target's pupil is in evidence for ``target`` (or no longer): one
    piece of evidence per photo and pupil, for as many of the pupil's targets as it shows."""
    return _tag(acting_user=acting_user, target=target, tagged=tagged, what="a photo",
                found=Evidence.objects.filter(photo=photo, pupil_id=target.pupil_id),
                make=lambda: Evidence.objects.create(
                    pupil_id=target.pupil_id, photo=photo, happened_on=photo.date,
                    source=Evidence.Source.PHOTO, author=acting_user, note=photo.alt_text))


@transaction.atomic(durable=True)
def do_add_evidence(acting_user, pupil, *, targets: Sequence[Target], note: str,
                    happened_on: datetime.date, source: str = Evidence.Source.SCHOOL,
                    from_family: bool = False, household_id: int | None = None,
                    shared_with_all: bool = False, language: str = "en", photo=None
                    ) -> Evidence:
    """A piece of evidence in words (or a photo) for one or more of the pupil's targets:
    staff's, a family's from home (their household's unless shared), or an answer from a
    questionnaire."""
    if not targets:
        raise ValueError("Evidence is for at least one target")
    if any(target.pupil_id != pupil.pk for target in targets):
        raise ValueError("Evidence is for the pupil's own targets")
    evidence = Evidence.objects.create(
        pupil=pupil, source=source, from_family=from_family, note=note,
        happened_on=happened_on, language=language, author=acting_user, photo=photo,
        household_id=household_id if from_family else None,
        shared_with_all=shared_with_all if from_family else False)
    evidence.targets.set(targets)
    audit.record(actor=acting_user, action=Action.CREATE, obj=evidence, school=pupil.school,
                 pupil=pupil, summary=f"Added evidence ({source}) for "
                 f"{len(targets)} target{'s' if len(targets) != 1 else ''}")
    return evidence


@transaction.atomic(durable=True)
def do_remove_evidence(*, acting_user, evidence: Evidence) -> None:
    audit.record(actor=acting_user, action=Action.DELETE, obj=evidence,
                 school=evidence.school, pupil=evidence.pupil,
                 summary=f"Took away evidence ({evidence.source})")
    evidence.delete()
