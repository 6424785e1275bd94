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
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from bridgebook.appointments.models import AppointmentSettings, Availability, Mode
from bridgebook.core.models import School
from bridgebook.diary.day import school_today

SCHOOL = "Mapledown School"
SETTINGS = {"place": "Reception, Mapledown School", "interpreter_extra_minutes": 15,
            "video_link_template": "https://meet.mapledown.example/mapledown-{room}"}
ALL_WAYS = [Mode.IN_SCHOOL, Mode.PHONE, Mode.VIDEO]
# (member of staff, weekday next week (0 Monday), from, until, minutes each, ways,
#  same-language block's language, interpreter)
TIMES = [
    ("Hannah Price", 1, (15, 30), (17, 30), 20, ALL_WAYS, "", ""),
    ("Hannah Price", 3, (15, 30), (17, 0), 20, [Mode.IN_SCHOOL, Mode.VIDEO], "ar",
     "Samira Haddad (Arabic interpreter)"),
    ("Rachel Moore", 2, (15, 30), (17, 0), 30, [Mode.IN_SCHOOL, Mode.PHONE], "", ""),
    ("Imogen Hale", 0, (15, 45), (16, 45), 20, [Mode.VIDEO], "", ""),
]


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
