"""The demo trust's parents' evening: Mapledown's "Spring parents' evening", on the Tuesday
and Thursday of the spring term's fourth week, 15:30 to 18:30, in the school hall. All four
class teachers take part, with 10-minute meetings and 5 minutes between them, and everyone
breaks from 17:00 to 17:15. Booking is open from the day the demo is seeded until the day
before the first session.

Most times are free, so Layla and Omar Hassan (Amira, Willow; they live apart) can each
book their own, and Agnieszka Nowak can book Zofia's (Rowan) and Jakub's (Cedar) teachers
back to back. Gareth Evans (Birch) can only come for half an hour on the Thursday, and one
Birch family has booked his first time: one time is left, for the two Birch mothers who
race for it (Arjun Sandhu's and Sofía Ruiz's).

Like the other demo seeders this writes fixture data straight to the tables (nobody acting,
nothing to audit or announce). It is idempotent: a school that has the evening is left
alone. The story's data (names, times, places) is in story.py.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from bridgebook.appointments.demo.story import (
    BOOKING_CLOSES,
    EVENING_BREAK,
    EVENING_CLASSES,
    EVENING_ENDS,
    EVENING_GAP_MINUTES,
    EVENING_NAME,
    EVENING_PLACE,
    EVENING_SLOT_MINUTES,
    EVENING_STARTS,
    HALF_HOUR,
    ONE_TIME_LEFT,
    RACERS,
    SCHOOL,
)
from bridgebook.appointments.models import (
    Appointment,
    EveningBreak,
    EveningSession,
    EveningStaff,
    Mode,
    ParentsEvening,
)
from bridgebook.core.models import School, Term
from bridgebook.people.models import ClassStaff, Pupil, PupilContact


def evening_days(school: School, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The Tuesday and Thursday of the spring term's fourth week (the school's spring term
    when it has one, else about two months ahead)."""
    term = (Term.objects.filter(academic_year__school=school, name__istartswith="spring",
                                starts_on__gt=today).order_by("starts_on").first())
    start = term.starts_on if term else today + datetime.timedelta(days=60)
    week = start + datetime.timedelta(days=21)
    tuesday = week + datetime.timedelta(days=(1 - week.weekday()) % 7)
    return tuesday, tuesday + datetime.timedelta(days=2)


@transaction.atomic
def seed_demo_evenings(**_options) -> dict[str, int]:
    made = {"parents' evenings": 0, "parents' evening meetings": 0}
    school = School.objects.filter(name=SCHOOL).first()
    if school is None or ParentsEvening.objects.filter(school=school, name=EVENING_NAME).exists():
        return made
    tz = school.tz
    now = timezone.now()
    days = evening_days(school, timezone.localdate())

    def at(day, time):
        return datetime.datetime.combine(day, time, tzinfo=tz)

    evening = ParentsEvening.objects.create(
        school=school, name=EVENING_NAME, mode=Mode.IN_SCHOOL, place=EVENING_PLACE,
        slot_minutes=EVENING_SLOT_MINUTES, gap_minutes=EVENING_GAP_MINUTES,
        booking_opens_at=now - datetime.timedelta(hours=1),
        booking_closes_at=at(days[0] - datetime.timedelta(days=1), BOOKING_CLOSES))
    made["parents' evenings"] = 1
    for day in days:
        EveningSession.objects.create(evening=evening, starts_at=at(day, EVENING_STARTS),
                                      ends_at=at(day, EVENING_ENDS))
        EveningBreak.objects.create(evening=evening, starts_at=at(day, EVENING_BREAK[0]),
                                    ends_at=at(day, EVENING_BREAK[1]))
    teachers = {membership.school_class.name: membership.user for membership in
                ClassStaff.objects.filter(school_class__school=school, is_class_teacher=True,
                                          school_class__name__in=EVENING_CLASSES)
                .select_related("school_class", "user")}
    for name in EVENING_CLASSES:
        if name in teachers:
            EveningStaff.objects.create(evening=evening, staff=teachers[name],
                                        room=f"{name} classroom")
    busy = teachers.get(ONE_TIME_LEFT)
    if busy is None:
        return made
    # Not there on the Tuesday; on the Thursday only for half an hour.
    EveningBreak.objects.bulk_create([
        EveningBreak(evening=evening, staff=busy, starts_at=at(days[0], EVENING_STARTS),
                     ends_at=at(days[0], EVENING_ENDS)),
        EveningBreak(evening=evening, staff=busy, starts_at=at(days[1], EVENING_STARTS),
                     ends_at=at(days[1], HALF_HOUR[0])),
        EveningBreak(evening=evening, staff=busy, starts_at=at(days[1], HALF_HOUR[1]),
                     ends_at=at(days[1], EVENING_ENDS)),
    ])
    link = (PupilContact.objects.filter(
        pupil__school=school, pupil__school_class__name=ONE_TIME_LEFT,
        parental_responsibility=True, is_restricted=False)
        .exclude(pupil__in=Pupil.objects.filter(
            school=school, legal_first_name__in=[first for first, _last in RACERS]))
        .select_related("pupil", "contact").order_by("pupil_id", "priority", "pk").first())
    if link is not None:
        first = at(days[1], HALF_HOUR[0])
        Appointment.objects.create(
            school=school, staff=busy, pupil=link.pupil, contact=link.contact,
            household_id=link.contact.household_id, evening=evening, starts_at=first,
            ends_at=first + datetime.timedelta(minutes=evening.slot_minutes),
            mode=Mode.IN_SCHOOL, place=f"{ONE_TIME_LEFT} classroom")
        made["parents' evening meetings"] = 1
    return made
