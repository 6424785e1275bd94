"""The school's part of a review's pack: its summary of the pupil's year, and the PDFs of
that summary and of the report after the meeting.

The summary (``summary_for``) says what the school has on the pupil's year, from the start
of the review period (the last review or the plan's date, at most 12 months before the
meeting) to the meeting day:

- the home-school book: how many entries came from school, from home and from the pupil
  ("my day"), on how many days, and the spread of moods where they are recorded;
- the targets of the year's plan: each outcome with its area and targets, where each
  target stands on the school's progress scale, how much evidence came from school and from
  home, and the newest notes of evidence that everyone invited may read; the Engagement
  Model notes by area where the plan uses it;
- the questionnaires families answered, counted, never quoted (see ``_questionnaires``).

The pack goes to everyone invited: both parents where they live apart, and professionals.
So it holds nothing that belongs to one household alone (the book's counts include what
each household wrote, but no words of it), and the same summary serves a member of staff
and a parent.

The PDFs are made by WeasyPrint in English (they go to the local authority and to
professionals as well), and fetch nothing: the URL fetcher refuses every address, so a
text that looks like a link or an image never reaches the network or the file system.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from bridgebook.core.pdf import html_to_pdf
from bridgebook.diary.access import PHOTO_CONSENT
from bridgebook.diary.models import Entry, Mood
from bridgebook.people.models import Pupil
from bridgebook.questionnaires.models import QuestionnaireRequest
from bridgebook.reviews.models import Invitee, OutcomeDiscussion, Priority, Review
from bridgebook.reviews.schedule import add_months, schedule
from bridgebook.targets.models import (
    Area,
    EngagementArea,
    EngagementNote,
    Evidence,
    Outcome,
    Plan,
    Progress,
    Target,
)
from bridgebook.targets.selectors import step_label, steps_for

# How many notes of evidence the summary quotes for each target, newest first.
NEWEST_NOTES = 2
PDF_LANGUAGE = "en-gb"

SINCE_LABELS = {
    "year": gettext_lazy("the 12 months before the meeting"),
    "review": gettext_lazy("since the last review"),
    "plan": gettext_lazy("since the plan was issued"),
}


# What the summary holds -----------------------------------------------------------------

@dataclass
class Book:
    """The home-school book over the period: published entries, none removed."""
    from_school: int = 0
    from_home: int = 0
    from_pupil: int = 0
    days: int = 0
    # (mood, how many school entries recorded it), most upset first; empty when no entry
    # recorded a mood.
    moods: list[tuple[str, int]] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return self.from_school + self.from_home + self.from_pupil


@dataclass
class Note:
    """A piece of evidence in words that everyone invited may read."""
    happened_on: datetime.date
    text: str
    language: str
    from_home: bool


@dataclass
class TargetYear:
    """A target of the year's plan over the period."""
    target: Target
    first_label: str = ""        # where it stood at the start (or its first record)
    latest_label: str = ""       # where it stands now, on the school's scale
    latest_on: datetime.date | None = None
    from_school: int = 0         # evidence from school in the period
    from_home: int = 0           # evidence from home in the period (every household's)
    notes: list[Note] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        return bool(self.first_label) and self.first_label != self.latest_label


@dataclass
class OutcomeYear:
    outcome: Outcome
    targets: list[TargetYear]


@dataclass
class AreaYear:
    key: str
    label: str
    outcomes: list[OutcomeYear]


@dataclass
class RoundYear:
    """A questionnaire round family members answered in the period: when, never what."""
    name: str
    dates: list[datetime.date]

    @property
    def answered(self) -> int:
        return len(self.dates)


@dataclass
class Summary:
    review: Review
    pupil: Pupil
    since: datetime.date
    until: datetime.date
    since_reason: str
    book: Book
    plan: Plan | None = None
    areas: list[AreaYear] = field(default_factory=list)
    # (area, notes in the period) for each Engagement Model area, where the plan uses it.
    engagement: list[tuple[str, int]] | None = None
    questionnaires: list[RoundYear] = field(default_factory=list)

    @property
    def school(self):
        return self.pupil.school

    @property
    def since_label(self) -> str:
        return str(SINCE_LABELS[self.since_reason])

    def sources(self) -> list[tuple[str, str]]:
        """(language, text) of what staff and families wrote that the page shows, for
        translating together (``translation.display.translate_sources``)."""
        pairs = []
        for area in self.areas:
            for outcome in area.outcomes:
                pairs.append(("en", outcome.outcome.text))
                for item in outcome.targets:
                    pairs.append(("en", item.target.text))
                    pairs += [(note.language, note.text) for note in item.notes]
        pairs += [("en", found.name) for found in self.questionnaires]
        return pairs


# Reading it -----------------------------------------------------------------------------

def summary_for(review: Review) -> Summary:
    """What the school has on the pupil's year, for the review's pack. Nine queries (ten
    with the Engagement Model) however much the year holds: the period's start, the book,
    the plan, its outcomes, their targets, the progress records, the school's scale, the
    evidence, (the Engagement Model notes,) the questionnaires. Labels are in the active
    language."""
    pupil = review.pupil
    since, until, reason = period(review)
    summary = Summary(review=review, pupil=pupil, since=since, until=until,
                      since_reason=reason, book=_book(pupil, since, until),
                      plan=_year_plan(review))
    if summary.plan is not None:
        summary.areas = _targets(pupil, summary.plan, since, until)
        if summary.plan.engagement_model:
            summary.engagement = _engagement(pupil, since, until)
    summary.questionnaires = _questionnaires(pupil, since, until)
    return summary


def period(review: Review) -> tuple[datetime.date, datetime.date, str]:
    """(since, until, why since): the review period ends on the meeting day and starts at
    the later of 12 months before it and the last review or the plan's date before it. One
    query.

    ``selectors.clock_for`` knows the same dates, but it looks from today: once this
    review is held it starts the clock from this very meeting. Here only what came before
    the meeting counts."""
    until = review.meeting_day
    row = (Pupil.objects.filter(pk=review.pupil_id)
           .annotate(last_held=Max("reviews__held_on", filter=Q(reviews__held_on__lt=until)
                                   & ~Q(reviews__pk=review.pk)))
           .values_list("ehcp_record__plan_issued_on", "ehcp_record__last_review_on",
                        "last_held")
           .get())
    plan_issued, last_review, last_held = row
    since, reason = add_months(until, -schedule().interval_months), "year"
    for day, why in ((plan_issued, "plan"), (last_review, "review"), (last_held, "review")):
        if day is not None and since < day < until:
            since, reason = day, why
    return since, until, reason


def _book(pupil, since, until) -> Book:
    """Counts of the book's published entries. One query (a year is a few hundred rows of
    three small values)."""
    rows = (Entry.objects.filter(pupil=pupil, status=Entry.Status.PUBLISHED,
                                 deleted_at__isnull=True, date__range=(since, until))
            .values_list("origin", "date", "mood").order_by())
    book = Book()
    days, moods = set(), Counter()
    for origin, day, mood in rows:
        days.add(day)
        if origin == Entry.Origin.SCHOOL:
            book.from_school += 1
            if mood:
                moods[mood] += 1
        elif origin == Entry.Origin.HOME:
            book.from_home += 1
        else:
            book.from_pupil += 1
    book.days = len(days)
    if moods:
        book.moods = [(str(mood.label), moods[mood.value]) for mood in Mood]
    return book


def _year_plan(review: Review) -> Plan | None:
    """The plan the pupil worked to over the year: the current one, or, once the meeting's
    priorities have made the next plan, the plan that one was copied from. One query."""
    if review.new_plan_id is not None:
        copied = Plan.objects.filter(pk=review.new_plan_id).values("copied_from_id")
        return Plan.objects.filter(pk__in=copied).first()
    return Plan.objects.filter(pupil_id=review.pupil_id, is_current=True).first()


def _in_the_book(pupil) -> Q:
    """Evidence (through its link to a target) still shown in the book as it was shared:
    not a draft, a removed entry, an unpublished or removed event's photo, or a photo the
    pupil's consent keeps out."""
    entry_shown = (Q(evidence__entry__isnull=True)
                   | Q(evidence__entry__status=Entry.Status.PUBLISHED,
                       evidence__entry__deleted_at__isnull=True))
    if pupil.photo_consent not in PHOTO_CONSENT:
        return entry_shown & Q(evidence__photo__isnull=True)
    photo_shown = Q(evidence__photo__isnull=True) | (
        (Q(evidence__photo__entry__isnull=True)
         | Q(evidence__photo__entry__status=Entry.Status.PUBLISHED,
             evidence__photo__entry__deleted_at__isnull=True))
        & (Q(evidence__photo__event__isnull=True)
           | Q(evidence__photo__event__published_at__isnull=False,
               evidence__photo__event__deleted_at__isnull=True)))
    return entry_shown & photo_shown


def _for_everyone(evidence: Evidence) -> bool:
    """Whether everyone invited may read the words of ``evidence``: the school's, or a
    family's shared with every household. What a family member keeps to their own
    household (the default, as in the book) never goes into the pack, which reaches a
    parent in the other household too."""
    if not evidence.from_family:
        return True
    if not evidence.shared_with_all:
        return False
    return evidence.entry_id is None or evidence.entry.shared_with_all


def _note_text(evidence: Evidence) -> str:
    """The words of a piece of evidence: its note, or what staff wrote in the school entry
    it is (a family's entry from home is not quoted)."""
    if evidence.note.strip():
        return evidence.note.strip()
    entry = evidence.entry if evidence.entry_id else None
    if entry is not None and entry.origin == Entry.Origin.SCHOOL:
        return (entry.achievements or entry.note).strip()
    return ""


def _targets(pupil, plan: Plan, since, until) -> list[AreaYear]:
    """The plan's outcomes by area with their targets over the period. Five queries: the
    outcomes, the targets, the progress records, the scale, the evidence."""
    outcomes = list(plan.outcomes.prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("pk"))))
    targets = {target.pk: TargetYear(target=target)
               for outcome in outcomes for target in outcome.targets.all()}
    if targets:
        _progress(targets, pupil, since, until)
        _evidence(targets, pupil, since, until)
    by_area: dict[str, list[OutcomeYear]] = defaultdict(list)
    for outcome in outcomes:
        by_area[outcome.area].append(OutcomeYear(
            outcome=outcome, targets=[targets[target.pk] for target in outcome.targets.all()]))
    return [AreaYear(key=area.value, label=area.label, outcomes=by_area[area.value])
            for area in Area if by_area[area.value]]


def _progress(targets: dict[int, TargetYear], pupil, since, until) -> None:
    """Where each target stood at the start of the period (its last record before, else
    its first in it) and where it stands at the end, on the school's scale."""
    steps = steps_for(pupil.school)
    records = (Progress.objects.filter(target_id__in=list(targets), recorded_on__lte=until)
               .order_by("recorded_on", "pk").values_list("target_id", "step", "recorded_on"))
    for target_id, step, recorded_on in records:
        item = targets[target_id]
        if recorded_on <= since or not item.first_label:
            item.first_label = step_label(steps, step)
        item.latest_label, item.latest_on = step_label(steps, step), recorded_on


def _evidence(targets: dict[int, TargetYear], pupil, since, until) -> None:
    """Each target's evidence in the period, counted from school and from home (every
    household's: a count says nothing of what was written), and its newest notes that
    everyone invited may read."""
    links = (Evidence.targets.through.objects
             .filter(target_id__in=list(targets), evidence__pupil=pupil,
                     evidence__happened_on__range=(since, until))
             .filter(_in_the_book(pupil))
             .select_related("evidence", "evidence__entry")
             .order_by("-evidence__happened_on", "-evidence_id"))
    for link in links:
        item, evidence = targets[link.target_id], link.evidence
        if evidence.from_family:
            item.from_home += 1
        else:
            item.from_school += 1
        if len(item.notes) >= NEWEST_NOTES or not _for_everyone(evidence):
            continue
        text = _note_text(evidence)
        if text:
            item.notes.append(Note(happened_on=evidence.happened_on, text=text,
                                   language=evidence.language or "en",
                                   from_home=evidence.from_family))


def _engagement(pupil, since, until) -> list[tuple[str, int]]:
    counts = dict(EngagementNote.objects.filter(pupil=pupil, noticed_on__range=(since, until))
                  .values_list("area").annotate(notes=Count("pk")).order_by())
    return [(str(area.label), counts.get(area.value, 0)) for area in EngagementArea]


def _questionnaires(pupil, since, until) -> list[RoundYear]:
    """The rounds family members answered in the period, each with how many answered (the
    days are kept for staff's own use, never shown in the pack: when one household answered
    is not the other's business).

    Each questionnaire is one family member's own (a request per contact, so parents
    living apart answer separately and never see each other's answers: see
    ``questionnaires.models``), so no answer is one that everyone invited may read. The
    pack says that the family answered, and when, never what."""
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(
        until + datetime.timedelta(days=1), datetime.time.min))
    requests = (QuestionnaireRequest.objects
                .filter(pupil=pupil, status=QuestionnaireRequest.Status.SENT,
                        submitted_at__gte=start, submitted_at__lt=end)
                .select_related("round").order_by("round__sent_on", "round_id", "submitted_at"))
    rounds: dict[int, RoundYear] = {}
    for request in requests:
        found = rounds.setdefault(request.round_id, RoundYear(name=request.round.name,
                                                              dates=[]))
        found.dates.append(timezone.localtime(request.submitted_at).date())
    return list(rounds.values())


# The report -----------------------------------------------------------------------------

def report_review(review: Review) -> Review:
    """The review with what its report shows: the pupil's local authority, who was invited
    and came, progress on each outcome, the new priorities. Four queries."""
    return (Review.objects.filter(pk=review.pk)
            .select_related("pupil", "pupil__school", "pupil__school_class",
                            "pupil__ehcp_record__local_authority")
            .prefetch_related(
                Prefetch("invitees", queryset=Invitee.objects.order_by("pk")),
                Prefetch("discussions", queryset=OutcomeDiscussion.objects
                         .select_related("outcome").order_by("outcome__position",
                                                             "outcome_id")),
                Prefetch("priorities", queryset=Priority.objects
                         .select_related("outcome").order_by("created_at", "pk")))
            .get())


# The PDFs -------------------------------------------------------------------------------

def summary_html(review: Review) -> str:
    with translation.override(PDF_LANGUAGE):
        return render_to_string("reviews/pdf/summary.html", {
            "summary": summary_for(review), "review": review, "pupil": review.pupil,
            "school": review.pupil.school, "made_at": timezone.localtime()})


def report_html(review: Review) -> str:
    review = report_review(review)
    pupil = review.pupil
    record = getattr(pupil, "ehcp_record", None)   # None where no record is kept
    discussions = [item for item in review.discussions.all() if item.progress.strip()]
    priorities = list(review.priorities.all())
    adulthood = (sum(item.outcome.area == Area.ADULTHOOD for item in discussions)
                 + sum(priority.area == Area.ADULTHOOD for priority in priorities))
    with translation.override(PDF_LANGUAGE):
        return render_to_string("reviews/pdf/report.html", {
            "review": review, "pupil": pupil, "school": pupil.school,
            "local_authority": record.local_authority if record else None,
            "invitees": list(review.invitees.all()), "discussions": discussions,
            "priorities": priorities, "adulthood": adulthood,
            "made_at": timezone.localtime()})


def summary_pdf(review: Review) -> bytes:
    """The school's summary of the year as a PDF, in English (``do_circulate`` keeps it
    as the pack's summary paper)."""
    return html_to_pdf(summary_html(review), what="A review's PDF")


def report_pdf(review: Review) -> bytes:
    """The review report as a PDF, in English (``do_send_report`` keeps it)."""
    return html_to_pdf(report_html(review), what="A review's PDF")
