"""Staff working hours, and when a message written outside them goes out.

Families are told when a member of staff usually replies, and staff are not expected to
work outside their hours: a message a member of staff writes outside their working hours
is shown in the app at once but its email and text wait until the start of their next
working period. A senior leader (principal or SENCO) may mark a message urgent so that it
goes at once; anyone else asking for that is refused (``UrgentNotAllowed``).

Hours are wall-clock times in the school's time zone; a staff member with no rows of
their own at a school works the school's default hours, which the principal or office set
on the school's Messaging settings page (``SchoolWorkingHours``), or ``DEFAULT_HOURS``
where the school has set none.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import IntegerField, Value
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from bridgebook.core.models import School
from bridgebook.messaging.access import can_mark_urgent
from bridgebook.messaging.models import SchoolWorkingHours, StaffWorkingHours

DEFAULT_START = datetime.time(8, 0)
DEFAULT_END = datetime.time(17, 0)
DEFAULT_HOURS = {day: (DEFAULT_START, DEFAULT_END) for day in range(5)}

Hours = dict[int, tuple[datetime.time, datetime.time]]


class UrgentNotAllowed(Exception):
    """Only a principal or SENCO may send a message outside working hours as urgent."""

    def __init__(self):
        super().__init__(_("Only the principal or the SENCO can mark a message as urgent. "
                           "Untick “urgent”: your message will be sent at the start of "
                           "your next working day."))



# Reading hours ---------------------------------------------------------------------------

def _rows_with_school_default(user_ids: list[int], school: School):
    """(user_id, weekday, starts_at, ends_at) rows of these users at the school, and the
    school's default days with user_id None: one query (a UNION)."""
    own = (StaffWorkingHours.objects.filter(user_id__in=user_ids, school=school).order_by()
           .values_list("user_id", "weekday", "starts_at", "ends_at"))
    school_default = (SchoolWorkingHours.objects.filter(school=school).order_by()
                      .values_list(Value(None, output_field=IntegerField()),
                                   "weekday", "starts_at", "ends_at"))
    return own.union(school_default, all=True).order_by()


def _by_user(user_ids: list[int], school: School) -> dict[int, Hours]:
    if not user_ids:
        return {}
    found: dict[int | None, Hours] = {}
    for user_id, weekday, starts_at, ends_at in _rows_with_school_default(user_ids, school):
        found.setdefault(user_id, {})[weekday] = (starts_at, ends_at)
    default = found.get(None) or DEFAULT_HOURS
    return {user_id: found.get(user_id) or dict(default) for user_id in user_ids}


def hours_for(user, school: School) -> Hours:
    """The user's working hours at the school by weekday (0 = Monday), else the school's
    default: one query."""
    return _by_user([user.pk], school)[user.pk]


def hours_for_users(user_ids: Iterable[int], school: School) -> dict[int, Hours]:
    """Working hours of several users at one school (the school's default for those with
    none of their own): one query."""
    return _by_user(list(user_ids), school)


def school_hours(school: School) -> Hours:
    """The school's default working hours (``DEFAULT_HOURS`` until it sets them): one
    query."""
    rows = SchoolWorkingHours.objects.filter(school=school)
    return {row.weekday: (row.starts_at, row.ends_at) for row in rows} or dict(DEFAULT_HOURS)


def plain_hours(hours: Hours) -> dict[str, str]:
    """{"0": "08:30-15:30", ...} for the audit log (weekday 0 is Monday)."""
    return {str(day): f"{start:%H:%M}-{end:%H:%M}" for day, (start, end) in sorted(hours.items())}


def _day_names() -> list[str]:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def _clock(value: datetime.time) -> str:
    return time_format(value, "G:i")


def describe(hours: Hours) -> str:
    """"Mon–Fri 8:00–17:00", "Mon–Wed 8:00–17:00, Thu 8:00–12:30" (consecutive days with
    the same hours run together)."""
    names = _day_names()
    runs: list[list] = []
    for day in sorted(hours):
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == hours[day]:
            runs[-1][1] = day
        else:
            runs.append([day, day, hours[day]])
    parts = []
    for first, last, (start, end) in runs:
        days = names[first] if first == last else f"{names[first]}–{names[last]}"
        parts.append(f"{days} {_clock(start)}–{_clock(end)}")
    return ", ".join(parts)


# When a message goes -------------------------------------------------------------------

@dataclass(frozen=True)
class Release:
    at: datetime.datetime
    held: bool


def _next_start(hours: Hours, local: datetime.datetime, tz) -> datetime.datetime | None:
    """The start of the next working period at or after ``local`` (None: no hours)."""
    for offset in range(8):
        day = local.date() + datetime.timedelta(days=offset)
        if day.weekday() not in hours:
            continue
        start = datetime.datetime.combine(day, hours[day.weekday()][0], tzinfo=tz)
        if start >= local:
            return start
    return None


def is_working(hours: Hours, local: datetime.datetime) -> bool:
    today = hours.get(local.weekday())
    return today is not None and today[0] <= local.time() < today[1]


def release_time(*, sender, school: School, when: datetime.datetime | None = None,
                 urgent: bool = False) -> datetime.datetime:
    """When email and SMS copies of a message ``sender`` writes at ``when`` may go out.

    Inside the sender's working hours: ``when``. Outside them: the start of their next
    working period, unless ``urgent`` and the sender is senior (principal or SENCO), when
    it is ``when``. ``urgent`` from anyone else raises ``UrgentNotAllowed``.
    """
    when = when or timezone.now()
    if urgent and not can_mark_urgent(sender, school):
        raise UrgentNotAllowed
    if urgent:
        return when
    tz = school.tz
    local = when.astimezone(tz)
    hours = hours_for(sender, school)
    if is_working(hours, local):
        return when
    start = _next_start(hours, local, tz)
    return when if start is None else start
