"""An open parents' evening at Mapledown for the tests: one session tomorrow 16:00–18:00,
10-minute meetings with 5 minutes between, Cara (Class A) and Otto (Class B) taking part."""

from __future__ import annotations

import datetime

from django.utils import timezone

from bridgebook.appointments.models import EveningSession, EveningStaff, ParentsEvening


def tomorrow(school, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate(timezone=school.tz) + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=school.tz)


def open_evening(world, *, staff=None, until=(18, 0), **fields) -> ParentsEvening:
    school = world.school
    now = timezone.now()
    values = {"name": "Spring parents' evening", "slot_minutes": 10, "gap_minutes": 5,
              "place": "School hall", "booking_opens_at": now - datetime.timedelta(days=1),
              "booking_closes_at": now + datetime.timedelta(days=1)}
    values.update(fields)
    evening = ParentsEvening.objects.create(school=school, **values)
    EveningSession.objects.create(evening=evening, starts_at=tomorrow(school, 16),
                                  ends_at=tomorrow(school, *until))
    for user in staff if staff is not None else [world.class_teacher, world.other_teacher]:
        EveningStaff.objects.create(evening=evening, staff=user, room=f"{user.full_name}'s room")
    return evening


def evening_staff(evening, user) -> EveningStaff:
    return EveningStaff.objects.select_related("evening", "staff").get(evening=evening,
                                                                       staff=user)
