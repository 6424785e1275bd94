"""Whether reviews keep to the statutory timeline, per class, school and trust: reviews
held by their due date, papers circulated 2 weeks before, reports sent within 2 weeks
after, and the local authority's decisions received within 4 weeks, with every case that
missed and why. Counted over one school year of meetings; a pupil whose review is overdue
now counts as a review not held on time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgebook.core.access import visible_pupils
from bridgebook.reviews.models import Review
from bridgebook.reviews.schedule import schedule, school_year_start
from bridgebook.reviews.selectors import clocks, long_date

MEASURES = [
    ("held", gettext_lazy("Held on time")),
    ("pack", gettext_lazy("Papers out 2 weeks before")),
    ("report", gettext_lazy("Report sent within 2 weeks")),
    ("decision", gettext_lazy("Decision within 4 weeks")),
]


@dataclass
class Tally:
    """On time out of the cases whose deadline has passed (or that were met early)."""
    on_time: int = 0
    counted: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.counted) if self.counted else None


@dataclass
class Row:
    label: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {key: Tally()
                                                              for key, _label in MEASURES})

    def cells(self) -> list[Tally]:
        return [self.tallies[key] for key, _label in MEASURES]


@dataclass
class Missed:
    pupil: object
    measure: str
    reason: str
    review: Review | None = None


@dataclass
class SchoolFigures:
    school: object
    total: Row
    classes: list[Row]


@dataclass
class Compliance:
    year_label: str
    schools: list[SchoolFigures]
    trust: Row
    missed: list[Missed]


def _day(moment, school) -> datetime.date | None:
    """The date of a moment where the school is."""
    return timezone.localtime(moment, school.tz).date() if moment else None


def _judge(review: Review, today: datetime.date) -> dict[str, tuple[bool, str] | None]:
    """For each measure: (on time, why not) once it can be judged, else None."""
    rules = schedule()
    meeting, held = review.meeting_day, review.held_on
    fmt = long_date
    verdicts: dict[str, tuple[bool, str] | None] = {}
    if review.due_on is None:
        verdicts["held"] = (False, _("held on %(held)s; the date it was due by was never "
                                     "recorded") % {"held": fmt(held)})
    else:
        verdicts["held"] = (held <= review.due_on, _("held on %(held)s, due by %(due)s") % {
            "held": fmt(held), "due": fmt(review.due_on)})
    papers_by = rules.papers_by(meeting)
    sent = _day(review.pack_circulated_at, review.pupil.school)
    verdicts["pack"] = (sent is not None and sent <= papers_by,
                        _("papers out on %(sent)s, due by %(due)s") % {
                            "sent": fmt(sent), "due": fmt(papers_by)} if sent else
                        _("papers never went out (due by %(due)s)") % {"due": fmt(papers_by)})

    def after(key, done: datetime.date | None, due: datetime.date, late: str, never: str):
        if done is None and today <= due:
            verdicts[key] = None
        elif done is None:
            verdicts[key] = (False, never % {"due": fmt(due)})
        else:
            verdicts[key] = (done <= due, late % {"done": fmt(done), "due": fmt(due)})

    after("report", _day(review.report_sent_at, review.pupil.school), rules.report_by(held),
          _("report sent on %(done)s, due by %(due)s"),
          _("report not sent (due by %(due)s)"))
    after("decision", review.decision_on, rules.decision_by(held),
          _("decision received on %(done)s, due by %(due)s"),
          _("no decision yet (due by %(due)s)"))
    return verdicts


def compliance(user, schools, *, year: int | None = None,
               today: datetime.date | None = None) -> Compliance:
    """The figures for the school year starting in September of ``year`` (this one by
    default) at each of ``schools`` (the pupils with a plan the user sees there, those who
    have left since included), their classes, and all of them together: the same queries
    however many schools, pupils and reviews."""
    today = today or timezone.localdate()
    year = year if year is not None else school_year_start(today)
    starts, ends = datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)
    pupils = {pupil.pk: pupil for pupil in visible_pupils(user).filter(
        school__in=schools, has_ehcp=True).select_related("school_class", "school")}
    trust = Row(label=_("All schools"))
    totals = {school.pk: Row(label=school.name) for school in schools}
    classes: dict[int, dict[str, Row]] = {school.pk: {} for school in schools}
    missed = []

    def count(pupil, key: str, on_time: bool | None) -> None:
        name = pupil.school_class.name if pupil.school_class else _("No class")
        by_class = classes[pupil.school_id]
        by_class.setdefault(name, Row(label=name))
        for row in (trust, totals[pupil.school_id], by_class[name]):
            row.tallies[key].counted += 1
            row.tallies[key].on_time += bool(on_time)

    held = (Review.objects.filter(pupil__in=list(pupils), held_on__range=(starts, ends))
            .exclude(stage=Review.Stage.CANCELLED).order_by("held_on", "pk"))
    for review in held:
        review.pupil = pupil = pupils[review.pupil_id]
        for key, verdict in _judge(review, today).items():
            if verdict is None:
                continue
            on_time, reason = verdict
            count(pupil, key, on_time)
            if not on_time:
                missed.append(Missed(pupil=pupil, measure=key, reason=reason, review=review))
    if starts <= today <= ends:
        on_roll = [pupil for pupil in pupils.values()
                   if pupil.leaving_date is None or pupil.leaving_date >= today]
        for clock in clocks(on_roll, today=today):
            if clock.status == "overdue":
                count(clock.pupil, "held", False)
                missed.append(Missed(pupil=clock.pupil, measure="held", reason=_(
                    "overdue since %(due)s, not yet held") % {"due": long_date(clock.due_on)}))
    labels = dict(MEASURES)
    for case in missed:
        case.measure_label = labels[case.measure]
    figures = [SchoolFigures(school=school, total=totals[school.pk],
                             classes=sorted(classes[school.pk].values(),
                                            key=lambda row: row.label))
               for school in schools]
    return Compliance(year_label=f"{year} to {year + 1}", schools=figures, trust=trust,
                      missed=missed)
