"""The statutory clock of an EHC plan's annual review, with every period in one place.

The periods come from the SEND Regulations 2014 and the SEND Code of Practice 2015 (see
DESIGN.md's reference facts); the law is under review (the 2026 Schools White Paper), so a
deployment may change any of them with ``BRIDGEBOOK_REVIEW_SCHEDULE`` in its settings, a
dict of the field names below, without touching the code:

- ``interval_months``: a review at least every 12 months from the plan's date or the last
  review (reg 18; CoP 9.166).
- ``under_five_months``: for a child under five the local authority should consider a
  review every 3 to 6 months (CoP 9.178); the clock uses the longer end.
- ``invitation_days``: invitations at least 2 weeks before the meeting (reg 20).
- ``papers_days``: advice and information circulated at least 2 weeks before (reg 20).
- ``report_days``: the school's report to the local authority and everyone invited within
  2 weeks of the meeting (reg 20).
- ``decision_days``: the local authority decides to keep, amend or cease the plan within
  4 weeks of the meeting (reg 22; CoP 9.176).
- ``comment_days``: a proposed amendment leaves at least 15 days for comments (reg 22).
- ``final_plan_weeks``: the amended plan issued within 8 weeks of the proposal (reg 22).
- ``transfer_deadline`` and ``post16_deadline``: in the year of a phase transfer the plan
  is amended by 15 February, or 31 March for a move from secondary school to post-16
  (reg 18).
- ``adulthood_year``: from Year 9 every review covers preparing for adulthood (CoP 9.166).
- ``warn_days``: how long before a deadline the calendar starts warning.
- ``transfer_years``: the national curriculum years at whose end a pupil moves on by
  default ({6: school, 11: post-16}); each pupil's record can say otherwise.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from dataclasses import dataclass, field

from django.conf import settings

SCHOOL = "school"
POST16 = "post16"


@dataclass(frozen=True)
class Schedule:
    interval_months: int = 12
    under_five_months: int = 6
    invitation_days: int = 14
    papers_days: int = 14
    report_days: int = 14
    decision_days: int = 28
    comment_days: int = 15
    final_plan_weeks: int = 8
    transfer_deadline: tuple[int, int] = (2, 15)
    post16_deadline: tuple[int, int] = (3, 31)
    adulthood_year: int = 9
    warn_days: int = 7
    transfer_years: dict[int, str] = field(default_factory=lambda: {6: SCHOOL, 11: POST16})

    # The review -------------------------------------------------------------------------

    def interval(self, since: datetime.date, date_of_birth: datetime.date) -> int:
        """How many months the next review may come after a plan or review on ``since``:
        12, or 6 for a child who is under five then."""
        if age_on(date_of_birth, since) < 5:
            return min(self.interval_months, self.under_five_months)
        return self.interval_months

    def due(self, since: datetime.date, date_of_birth: datetime.date) -> datetime.date:
        """When the next review must be held, at the latest."""
        return add_months(since, self.interval(since, date_of_birth))

    def invitations_by(self, meeting: datetime.date) -> datetime.date:
        return meeting - datetime.timedelta(days=self.invitation_days)

    def papers_by(self, meeting: datetime.date) -> datetime.date:
        return meeting - datetime.timedelta(days=self.papers_days)

    def report_by(self, meeting: datetime.date) -> datetime.date:
        return meeting + datetime.timedelta(days=self.report_days)

    def decision_by(self, meeting: datetime.date) -> datetime.date:
        return meeting + datetime.timedelta(days=self.decision_days)

    def comments_until(self, proposed: datetime.date) -> datetime.date:
        return proposed + datetime.timedelta(days=self.comment_days)

    def final_plan_by(self, proposed: datetime.date) -> datetime.date:
        return proposed + datetime.timedelta(weeks=self.final_plan_weeks)

    def warns(self, deadline: datetime.date, today: datetime.date) -> bool:
        """Whether a deadline still to be met is close enough to warn about."""
        return today <= deadline <= today + datetime.timedelta(days=self.warn_days)

    # The pupil's year -------------------------------------------------------------------

    def covers_adulthood(self, date_of_birth: datetime.date, on: datetime.date) -> bool:
        return national_curriculum_year(date_of_birth, on) >= self.adulthood_year

    def transfer(self, date_of_birth: datetime.date, on: datetime.date,
                 chosen: str = "") -> str:
        """The phase transfer at the end of the school year ``on`` falls in ("" for none):
        the pupil's record says (``chosen``: "none", "school" or "post16"), or the year
        group does."""
        if chosen:
            return "" if chosen == "none" else chosen
        return self.transfer_years.get(national_curriculum_year(date_of_birth, on), "")

    def transfer_deadline_for(self, kind: str, on: datetime.date) -> datetime.date | None:
        """The date the plan must be amended by, in the school year ``on`` falls in, for a
        transfer of ``kind`` at its end."""
        if not kind:
            return None
        month, day = self.post16_deadline if kind == POST16 else self.transfer_deadline
        return datetime.date(school_year_start(on) + 1, month, day)


def school_year_start(day: datetime.date) -> int:
    """The calendar year a school year (1 September to 31 August) begins in."""
    return day.year if day.month >= 9 else day.year - 1


def national_curriculum_year(date_of_birth: datetime.date, on: datetime.date) -> int:
    """The pupil's national curriculum year on a day (0 for Reception, negative before):
    children born from 1 September to 31 August start Reception together in the September
    after they turn four."""
    cohort = date_of_birth.year + (1 if date_of_birth.month >= 9 else 0)
    return school_year_start(on) - cohort - 4


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day)
                                           < (date_of_birth.month, date_of_birth.day))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or that month's last day where it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule() -> Schedule:
    """The schedule in force: the statutory periods, with this deployment's changes."""
    changes = getattr(settings, "BRIDGEBOOK_REVIEW_SCHEDULE", None) or {}
    unknown = set(changes) - {f.name for f in dataclasses.fields(Schedule)}
    if unknown:
        raise ValueError(f"BRIDGEBOOK_REVIEW_SCHEDULE has unknown periods: {sorted(unknown)}")
    return Schedule(**changes)
