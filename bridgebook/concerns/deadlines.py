"""School days: when a concern should be acknowledged, and how long answers took.

A school day is a weekday in one of the school's terms (``core.Term``). Between the first
term the school recorded and its last, a weekday in no term is a holiday; outside them the
school's calendar is not known, so every weekday counts (a school that has recorded no terms
works on weekdays). Bank holidays inside a term are not recorded anywhere, so they count.

The time to acknowledge is counted from the day after the concern is raised: raised on a
Friday with two school days to acknowledge, it is due by the end of Tuesday (Monday is the
first); raised on a Saturday, the same.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from bridgebook.core.models import Term

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class SchoolCalendar:
    """A school's terms, read once (one query), for any number of sums."""

    terms: tuple[tuple[datetime.date, datetime.date], ...]

    @classmethod
    def for_school(cls, school) -> SchoolCalendar:
        rows = (Term.objects.filter(academic_year__school=school)
                .order_by("starts_on").values_list("starts_on", "ends_on"))
        return cls(terms=tuple(rows))

    @cached_property
    def _bounds(self) -> tuple[datetime.date, datetime.date]:
        """The first day of the first term and the last of the last (with terms)."""
        return self.terms[0][0], max(end for _start, end in self.terms)

    def is_school_day(self, day: datetime.date) -> bool:
        if day.weekday() >= 5:
            return False
        if not self.terms:
            return True
        first, last = self._bounds
        if day < first or day > last:
            return True
        return any(start <= day <= end for start, end in self.terms)

    def add(self, start: datetime.date, count: int) -> datetime.date:
        """The ``count``-th school day after ``start`` (``start`` itself when 0)."""
        day, found = start, 0
        while found < count:
            day += ONE_DAY
            if self.is_school_day(day):
                found += 1
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """School days after ``start`` up to and including ``end`` (0 on the same day)."""
        if end <= start:
            return 0
        days, day = 0, start
        while day < end:
            day += ONE_DAY
            days += self.is_school_day(day)
        return days


def school_days_after(school, start: datetime.date, count: int) -> datetime.date:
    return SchoolCalendar.for_school(school).add(start, count)
