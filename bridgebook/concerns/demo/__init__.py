"""The demo trust's concerns, at Mapledown.

- Agnieszka Nowak raised a concern in Polish about Zofia (Rowan) not eating at lunch, with
  Zofia's class staff, asking to meet. Marcus Reid, Rowan's class teacher, acknowledged it
  the next school day (the school gives two), sent an update and proposed ear defenders at
  lunch; Agnieszka said it was not resolved, in Polish, so he passed it to Helen Brooks, the
  deputy headteacher (a senior leader, from the people demo), who proposed lunch in the quiet
  room with Kasia Nowicka, who speaks Polish; Agnieszka agreed, and it is resolved. Each
  step Agnieszka was told of is in her inbox, in Polish (machine translation marked).
- Beatriz Silva raised one in Portuguese about Lucas with the residential staff of Lantern
  House (Mapledown's weekly boarding house) four school days ago; nobody has acknowledged
  it, so the principal's page shows it overdue and the daily ``flag_overdue_concerns`` tells
  the leaders.
- Mapledown's settings: two school days to acknowledge, Helen Brooks as the senior leader
  concerns are passed to, and a link to the complaints procedure.

Like the other demo seeders this writes straight to the tables (nobody acting, nothing to
audit), but for Agnieszka's messages, which go to her as any concern's do. It is
idempotent: a school with concerns is left alone. The days are school days before today.

The story's data (names, texts, when each step happened) is in story.py.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from bridgebook.concerns import notifications
from bridgebook.concerns.deadlines import SchoolCalendar
from bridgebook.concerns.demo.story import (
    ACKNOWLEDGE_WITHIN_DAYS,
    COMPLAINTS_URL,
    LUCAS,
    LUCAS_CONCERN,
    LUCAS_MOTHER,
    LUCAS_RAISED,
    SCHOOL_URN,
    ZOFIA,
    ZOFIA_ACKNOWLEDGED,
    ZOFIA_CONCERN,
    ZOFIA_ESCALATED,
    ZOFIA_MOTHER,
    ZOFIA_NOT_RESOLVED,
    ZOFIA_RAISED,
    ZOFIA_RESOLVED,
    ZOFIA_STEPS,
)
from bridgebook.concerns.models import Addressed, Concern, ConcernEntry, ConcernSettings, Status
from bridgebook.core.models import Role, School, StaffRole, User
from bridgebook.people.models import ClassStaff, Contact, Pupil


def _at(day: datetime.date, hour: int, minute: int, school) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=school.tz)


def _back(calendar: SchoolCalendar, today: datetime.date, count: int) -> datetime.date:
    """The ``count``-th school day before ``today``."""
    day, found = today, 0
    while found < count:
        day -= datetime.timedelta(days=1)
        if calendar.is_school_day(day):
            found += 1
    return day


def _when(calendar: SchoolCalendar, today: datetime.date, when: tuple[int, int, int],
          school) -> datetime.datetime:
    """(school days before today, hour, minute) as a time in the school's zone."""
    count, hour, minute = when
    return _at(_back(calendar, today, count), hour, minute, school)


def _contact(school, first: str, last: str) -> Contact | None:
    return Contact.objects.filter(school=school, first_name=first, last_name=last).first()


def _pupil(school, first: str, last: str) -> Pupil | None:
    return Pupil.objects.filter(school=school, legal_first_name=first,
                                legal_last_name=last).select_related("school").first()


def _senior_leader(school) -> User | None:
    """The school's first senior leader, else its principal."""
    for role in (Role.SENIOR_LEADER, Role.PRINCIPAL):
        found = (StaffRole.objects.filter(school=school, role=role)
                 .select_related("user").order_by("user__full_name", "pk").first())
        if found is not None:
            return found.user
    return None


@transaction.atomic
def seed_demo_concerns(**_options) -> dict[str, int]:
    made = {"concerns": 0}
    school = School.objects.filter(urn=SCHOOL_URN).first()
    if school is None or Concern.objects.filter(school=school).exists():
        return made
    leader = _senior_leader(school)
    ConcernSettings.objects.get_or_create(school=school, defaults={
        "acknowledge_within_days": ACKNOWLEDGE_WITHIN_DAYS,
        "complaints_procedure_url": COMPLAINTS_URL, "senior_leader": leader})
    calendar = SchoolCalendar.for_school(school)
    today = timezone.localdate(timezone.now(), school.tz)
    made["concerns"] += _zofia(school, calendar, today, leader)
    made["concerns"] += _lucas(school, calendar, today)
    return made


def _zofia(school, calendar, today, leader) -> int:
    pupil = _pupil(school, *ZOFIA)
    mother = _contact(school, *ZOFIA_MOTHER)
    teacher = (ClassStaff.objects.filter(school_class_id=getattr(pupil, "school_class_id", None),
                                         is_class_teacher=True)
               .select_related("user").order_by("pk").first())
    if pupil is None or mother is None or teacher is None or leader is None:
        return 0
    teacher = teacher.user

    def day(when: tuple[int, int, int]) -> datetime.datetime:
        return _when(calendar, today, when, school)

    raised = day(ZOFIA_RAISED)
    concern = Concern.objects.create(
        school=school, pupil=pupil, contact=mother, raised_by=mother.user,
        addressed_to=Addressed.CLASS, text=ZOFIA_CONCERN, language="pl", wants_meeting=True,
        raised_at=raised, acknowledge_by=calendar.add(raised.date(), ACKNOWLEDGE_WITHIN_DAYS),
        staff_told_at=raised, status=Status.RESOLVED,
        acknowledged_at=day(ZOFIA_ACKNOWLEDGED), acknowledged_by=teacher, handler=leader,
        not_resolved_at=day(ZOFIA_NOT_RESOLVED), escalated_at=day(ZOFIA_ESCALATED),
        resolved_at=day(ZOFIA_RESOLVED))
    who = {"teacher": teacher, "leader": leader, "family": mother.user, None: None}
    steps = [(kind, who[author], who[named], text, from_family, language, day(when))
             for kind, author, named, text, from_family, language, when in ZOFIA_STEPS]
    entries = ConcernEntry.objects.bulk_create([
        ConcernEntry(concern=concern, kind=kind, author=author, named=named, text=text,
                     from_family=from_family, language=language, created_at=at)
        for kind, author, named, text, from_family, language, at in steps])
    # Agnieszka's own copy of each step she was told of, in Polish.
    told = [entry.pk for entry in entries if entry.is_shared and not entry.from_family]
    transaction.on_commit(lambda: [notifications.tell_family(pk) for pk in told])
    return 1


def _lucas(school, calendar, today) -> int:
    pupil = _pupil(school, *LUCAS)
    mother = _contact(school, *LUCAS_MOTHER)
    if pupil is None or mother is None or pupil.residential_group_id is None:
        return 0
    raised = _when(calendar, today, LUCAS_RAISED, school)
    Concern.objects.create(
        school=school, pupil=pupil, contact=mother, raised_by=mother.user,
        addressed_to=Addressed.RESIDENTIAL, text=LUCAS_CONCERN, language="pt",
        raised_at=raised, acknowledge_by=calendar.add(raised.date(), ACKNOWLEDGE_WITHIN_DAYS),
        staff_told_at=raised)
    return 1
