"""Reads for the targets pages, each with a fixed number of queries however many outcomes,
targets, progress records and pieces of evidence a pupil has."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import get_language

from bridgebook.diary.photos import book_photos_for
from bridgebook.people.codes import language_name
from bridgebook.targets.access import readable_evidence
from bridgebook.targets.models import (
    DEFAULT_STEPS,
    Area,
    EngagementArea,
    EngagementNote,
    Evidence,
    Outcome,
    Plan,
    Progress,
    ProgressScale,
    Strategy,
    Target,
)
from bridgebook.translation.models import ReviewRequest
from bridgebook.translation.services import base_language


class Steps(list):
    """A progress scale's labels, lowest first; ``source`` is the language they are
    written in: a school's own in English (read by a family in their language, machine
    translated), the default ones already in the language of the page."""

    def __init__(self, labels, *, source: str):
        super().__init__(labels)
        self.source = source


def steps_for(school) -> Steps:
    """The school's progress scale, lowest first (labels in the active language where the
    school keeps the default). One query."""
    custom = ProgressScale.objects.filter(school=school).values_list("steps", flat=True).first()
    if custom:
        return Steps(custom, source="en")
    return Steps([str(step) for step in DEFAULT_STEPS],
                 source=base_language(get_language() or "en"))


def step_sources(steps: Steps) -> list[tuple[str, str]]:
    """(language, label) for each of the scale's labels, to translate with the rest of a
    page (a reader of the language they are in reads them as they are)."""
    return [(steps.source, label) for label in steps]


def step_label(steps: list[str], step: int | None) -> str:
    if step is None:
        return ""
    return steps[min(step, len(steps) - 1)]


def current_plan(pupil) -> Plan | None:
    return Plan.objects.filter(pupil=pupil, is_current=True).first()


def open_targets(pupil) -> QuerySet[Target]:
    """The targets of the pupil's current plan still being worked on."""
    return Target.objects.filter(pupil=pupil, status=Target.Status.OPEN,
                                 outcome__plan__is_current=True).order_by("pk")


def active_strategies(pupil) -> QuerySet[Strategy]:
    return Strategy.objects.filter(pupil=pupil, removed_at__isnull=True)


# A pupil's page --------------------------------------------------------------------------

@dataclass
class PlanPage:
    plan: Plan | None
    areas: list[dict]          # [{"area": label, "outcomes": [Outcome with .shown_targets]}]
    strategies: list[Strategy]
    steps: list[str]
    earlier_plans: list[Plan]


def plan_page(user, pupil, *, plan: Plan | None = None) -> PlanPage:
    """The plan (the current one unless ``plan``), its outcomes by area and their targets,
    each with its latest progress and how much evidence the user may read; the pupil's
    strategies. Seven queries."""
    plans = list(Plan.objects.filter(pupil=pupil))
    if plan is None:
        plan = next((item for item in plans if item.is_current), None)
    steps = steps_for(pupil.school)
    strategies = list(active_strategies(pupil))
    if plan is None:
        return PlanPage(None, [], strategies, steps, plans)
    evidence_count = Count("evidence", filter=Q(evidence__in=Evidence.objects.filter(
        readable_evidence(user))), distinct=True)
    targets = (Target.objects.select_related("owner").annotate(evidence_count=evidence_count)
               .order_by("pk"))
    outcomes = list(plan.outcomes.prefetch_related(Prefetch("targets", queryset=targets)))
    target_ids = [target.pk for outcome in outcomes for target in outcome.targets.all()]
    history = progress_by_target(target_ids)
    by_area: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        outcome.shown_targets = list(outcome.targets.all())
        for target in outcome.shown_targets:
            target.history = history.get(target.pk, [])
            for record in target.history:
                record.label = step_label(steps, record.step)
            latest = target.history[-1] if target.history else None
            target.latest_step = latest.step if latest else None
            target.latest_label = step_label(steps, target.latest_step)
        by_area[outcome.area].append(outcome)
    areas = [{"key": area.value, "label": area.label, "outcomes": by_area[area.value]}
             for area in Area if by_area[area.value]]
    return PlanPage(plan, areas, strategies, steps,
                    [item for item in plans if item.pk != plan.pk])


def page_texts(page: PlanPage) -> list[str]:
    """What staff wrote that the plan page shows, for translating together."""
    texts = [strategy.text for strategy in page.strategies if not strategy.checked_text]
    for area in page.areas:
        for outcome in area["outcomes"]:
            texts.append(outcome.text)
            texts.extend(target.text for target in outcome.shown_targets)
    return texts


def progress_by_target(target_ids) -> dict[int, list[Progress]]:
    found: dict[int, list[Progress]] = defaultdict(list)
    for record in (Progress.objects.filter(target_id__in=target_ids)
                   .select_related("recorded_by").order_by("recorded_on", "pk")):
        found[record.target_id].append(record)
    return found


def approved_strategy_texts(strategies, language: str) -> dict[int, str]:
    """{strategy id: the text a person checked in ``language``}, for the strategies whose
    translation was checked and still matches what is written. One query."""
    refs = {strategy.review_ref: strategy for strategy in strategies}
    if not refs:
        return {}
    found = {}
    for ref, source, text in (ReviewRequest.objects
                              .filter(ref__in=refs, language=base_language(language),
                                      status=ReviewRequest.Status.APPROVED)
                              .values_list("ref", "source_text", "reviewed_text")):
        strategy = refs[ref]
        if source == strategy.text:
            found[strategy.pk] = text
    return found


def attach_reviews(strategies) -> None:
    """Each strategy's translation checks, by language (``strategy.reviews``), for the
    staff's view: one query for all of them."""
    found: dict[str, list] = defaultdict(list)
    for review in (ReviewRequest.objects.filter(ref__in=[s.review_ref for s in strategies])
                   .select_related("reviewer").order_by("language")):
        review.language_label = language_name(review.language)
        found[review.ref].append(review)
    for strategy in strategies:
        strategy.reviews = found[strategy.review_ref]


def engagement_notes(pupil) -> list[dict]:
    """The pupil's Engagement Model notes by area (each newest first). One query."""
    by_area: dict[str, list] = defaultdict(list)
    for note in EngagementNote.objects.filter(pupil=pupil).select_related("written_by",
                                                                          "target"):
        by_area[note.area].append(note)
    return [{"key": area.value, "label": area.label, "notes": by_area[area.value]}
            for area in EngagementArea]


# One target ------------------------------------------------------------------------------

def target_evidence(user, target) -> list[Evidence]:
    """The target's evidence the user may read, newest first, with its entry and photo.
    One query."""
    return list(target.evidence.filter(readable_evidence(user))
                .select_related("entry", "photo", "author").order_by("-happened_on", "-pk"))



RECENT_PHOTO_DAYS = 28
RECENT_PHOTOS = 24


def recent_photos(target, today) -> list:
    """The photos of the target's pupil from the last four weeks (as their book shows them:
    none without consent, none of a removed entry or event), newest first, each with
    ``tagged`` when it is evidence for the target. Two queries."""
    photos = list(book_photos_for(target.pupil,
                                  date_from=today - datetime.timedelta(days=RECENT_PHOTO_DAYS),
                                  date_to=today)
                  .filter(Q(entry__isnull=True) | Q(entry__deleted_at__isnull=True))
                  .filter(Q(event__isnull=True) | Q(event__deleted_at__isnull=True))
                  .order_by("-date", "-pk")[:RECENT_PHOTOS])
    tagged = set(Evidence.objects.filter(photo__in=photos, pupil_id=target.pupil_id,
                                         targets=target).values_list("photo_id", flat=True))
    for photo in photos:
        photo.tagged = photo.pk in tagged
    return photos


@dataclass
class Chart:
    """A target's progress drawn as points on the scale, labelled in words so it reads
    without colour."""

    width: int
    height: int
    steps: list[dict]        # [{"label", "y"}]
    points: list[dict]       # [{"x", "y", "label", "date"}]
    path: str


CHART_WIDTH, CHART_ROW, CHART_LEFT, CHART_TOP = 320, 36, 110, 16


def chart(history: list[Progress], steps: list[str]) -> Chart | None:
    if not history:
        return None
    height = CHART_TOP * 2 + CHART_ROW * (len(steps) - 1)
    rows = [{"label": label, "y": height - CHART_TOP - CHART_ROW * index}
            for index, label in enumerate(steps)]
    span = max(len(history) - 1, 1)
    usable = CHART_WIDTH - CHART_LEFT - 16
    points = []
    for index, record in enumerate(history):
        step = min(record.step, len(steps) - 1)
        x = CHART_LEFT + (usable * index // span if len(history) > 1 else usable // 2)
        points.append({"x": x, "y": rows[step]["y"], "label": steps[step],
                       "date": record.recorded_on})
    path = " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}" for i, p in enumerate(points))
    return Chart(CHART_WIDTH, height, rows, points, path)


# Tagging book entries --------------------------------------------------------------------

def entry_tags(entries) -> dict[int, list[dict]]:
    """For each entry whose pupil has open targets: each target, and whether the entry is
    evidence for it. Two queries however many entries."""
    entries = [entry for entry in entries if entry is not None and entry.pk]
    if not entries:
        return {}
    pupil_ids = {entry.pupil_id for entry in entries}
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in (Target.objects.filter(pupil_id__in=pupil_ids, status=Target.Status.OPEN,
                                         outcome__plan__is_current=True)
                   .only("pk", "pupil_id", "text").order_by("pk")):
        targets[target.pupil_id].append(target)
    tagged: dict[int, set[int]] = defaultdict(set)
    through = Evidence.targets.through
    for entry_id, target_id in (through.objects
                                .filter(evidence__entry_id__in=[e.pk for e in entries])
                                .values_list("evidence__entry_id", "target_id")):
        tagged[entry_id].add(target_id)
    return {entry.pk: [{"target": target, "tagged": target.pk in tagged[entry.pk]}
                       for target in targets[entry.pupil_id]]
            for entry in entries if targets[entry.pupil_id]}
