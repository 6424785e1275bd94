"""The demo trust's appointments: Mapledown's settings (the school's reception, 15 minutes
more when an interpreter is there, a video room per meeting), and next week's times after
school when staff can meet families. Hannah Price (Willow's class teacher; Amira Hassan is
in Willow, and her mother Layla reads Arabic and needs an interpreter) can meet on Tuesday
from 15:30 to 17:30, in school, by phone or by video, and on Thursday holds an Arabic
same-language block from 15:30 to 17:00 with an interpreter, so one interpreter serves
several families. The SENCO, Rachel Moore, can meet on Wednesday, and the speech and
language therapist, Imogen Hale, by video on Monday.

Like the other demo seeders this writes fixture data straight to the tables (nobody acting,
nothing to audit or announce). It is idempotent: a school with published times is left
alone.

The story's data (names, times, settings) is in story.py; the parents' evening is seeded by
evenings.py.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from bridgebook.appointments.demo.story import SCHOOL, SETTINGS, TIMES
from bridgebook.appointments.models import AppointmentSettings, Availability
from bridgebook.core.models import School
from bridgebook.diary.day import school_today


def next_week(today: datetime.date) -> datetime.date:
    """The Monday of next week."""
    return today + datetime.timedelta(days=7 - today.weekday())


@transaction.atomic
def seed_demo_appointments(**_options) -> dict[str, int]:
    made = {"appointment settings": 0, "times to meet": 0}
    school = School.objects.filter(name=SCHOOL).first()
    if school is None or Availability.objects.filter(school=school).exists():
        return made
    _settings, created = AppointmentSettings.objects.get_or_create(school=school,
                                                                   defaults=SETTINGS)
    made["appointment settings"] += created
    staff = {user.full_name: user for user in get_user_model().objects.filter(
        full_name__in={row[0] for row in TIMES}, staff_roles__school=school).distinct()}
    monday = next_week(school_today(school))
    rows = []
    for name, weekday, start, end, minutes, ways, language, interpreter in TIMES:
        if name not in staff:
            continue
        day = monday + datetime.timedelta(days=weekday)
        rows.append(Availability(
            school=school, staff=staff[name], slot_minutes=minutes, modes=list(ways),
            starts_at=datetime.datetime.combine(day, datetime.time(*start), tzinfo=school.tz),
            ends_at=datetime.datetime.combine(day, datetime.time(*end), tzinfo=school.tz),
            language=language, interpreter_name=interpreter))
    Availability.objects.bulk_create(rows)
    made["times to meet"] = len(rows)
    return made
