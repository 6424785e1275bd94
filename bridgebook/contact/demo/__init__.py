"""The demo trust's termly contact and home visits, at Mapledown, this term.

- Willow (Hannah Price's class): every family reached this term but two, so her page shows
  two not reached: Amira's father Omar, who lives apart (each household counts on its own),
  and one more family.
- The other classes: about half their families reached, so the principal's page shows
  coverage that differs class by class.
- A home visit earlier this term by the physiotherapist, Claire Dunn, with its outcome
  written up and the advice shared with the family in their language (a message each).
- Claire Dunn's visit planned for today, to a Willow family, with Jo Clarke (Willow's
  teaching assistant) as the colleague alerted if she does not check out; Mapledown's
  senior leader for escalation is Sue Hart. Demo mobile numbers for the three.

Like the other demo seeders this writes fixture data straight to the tables (nobody acting,
nothing to audit), but for the advice, which goes to the family as any advice does. It is
idempotent: a school with contact records is left alone.

The story's data (names, topics, texts, times) is in story.py.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from bridgebook.contact.demo.story import (
    BUDDY,
    CHECKED_IN_AFTER,
    CHECKED_OUT_AFTER,
    CLASS,
    NOT_REACHED_FIRST,
    PAST_VISIT_AT,
    PAST_VISIT_DAYS_AGO,
    PHONES,
    PHYSIO,
    RECORDED_AT,
    SCHOOL,
    SENIOR,
    TEACHER,
    TODAY_VISIT_AT,
    TODAY_VISIT_NOTE,
    TOPICS,
    VISIT_ADVICE,
    VISIT_LENGTH,
    VISIT_OUTCOME,
    VISIT_PURPOSE,
    WRITTEN_UP_AFTER,
)
from bridgebook.contact.models import ContactRecord, ContactSettings, HomeVisit, StaffPhone
from bridgebook.contact.selectors import current_term, families_of, on_roll
from bridgebook.core.models import School, User
from bridgebook.people.models import ClassStaff, Pupil, SchoolClass


def _user(name: str) -> User | None:
    return User.objects.filter(full_name=name, staff_roles__school__name=SCHOOL).first()


def _at(day: datetime.date, hour: int, minute: int, school) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=school.tz)


@transaction.atomic
def seed_demo_contact(**_options) -> dict[str, int]:
    made = {"contact records": 0, "home visits": 0}
    school = School.objects.filter(name=SCHOOL).first()
    if school is None or ContactRecord.objects.filter(school=school).exists():
        return made
    term = current_term(school)
    teacher, physio, buddy, senior = (_user(name) for name in (TEACHER, PHYSIO, BUDDY, SENIOR))
    if term.term is None or None in (teacher, physio, buddy):
        return made
    ContactSettings.objects.get_or_create(school=school, defaults={"senior_leader": senior})
    for name, mobile in PHONES.items():
        user = _user(name)
        if user is not None:
            StaffPhone.objects.get_or_create(user=user, defaults={"mobile": mobile})

    now = timezone.now()
    days = max(1, (term.today - term.term.starts_on).days)
    records = []
    classes = SchoolClass.objects.filter(school=school).order_by("name")
    teachers = _class_teachers(school)
    willow_families, skipped = [], []
    for school_class in classes:
        pupils = list(on_roll(Pupil.objects.filter(school_class=school_class), term.today)
                      .order_by("legal_last_name", "legal_first_name", "pk"))
        families = families_of(pupils, term, school.tz)
        if school_class.name == CLASS:
            willow_families = families
            skipped = _two_not_reached(families)
            chosen = [family for family in families
                      if not any(family is other for other in skipped)]
        else:
            chosen = families[::2]
        staff = teachers.get(school_class.pk, teacher)
        for position, family in enumerate(chosen):
            contact = family.contacts[0]
            day = term.term.starts_on + datetime.timedelta(days=(position * 7 + 3) % days)
            happened = _at(day, *RECORDED_AT, school)
            if happened > now:
                happened = now - datetime.timedelta(hours=2)
            records.append(ContactRecord(
                school=school, pupil=family.pupil, household=family.household,
                contact=contact, staff=staff,
                happened_at=happened,
                how=[ContactRecord.How.PHONE, ContactRecord.How.IN_SCHOOL,
                     ContactRecord.How.VIDEO][position % 3],
                about=TOPICS[position % len(TOPICS)],
                interpreter=contact.interpreter_needed, recorded_by=staff))
    ContactRecord.objects.bulk_create(records)
    made["contact records"] = len(records)
    reachable = [family for family in willow_families
                 if not any(family is other for other in skipped)]
    made["home visits"] = _visits(school, term, reachable, physio, buddy)
    return made


def _two_not_reached(families) -> list:
    """Omar's household (Amira's father, who lives apart) and the last other family."""
    skipped = [family for family in families
               if family.pupil.legal_first_name == NOT_REACHED_FIRST[0]
               and any(contact.first_name == NOT_REACHED_FIRST[2]
                       for contact in family.contacts)][:1]
    others = [family for family in families if family not in skipped
              and family.pupil.legal_first_name != NOT_REACHED_FIRST[0]]
    return skipped + others[-(2 - len(skipped)):] if others else skipped


def _class_teachers(school) -> dict[int, User]:
    return {member.school_class_id: member.user for member in
            ClassStaff.objects.filter(school_class__school=school, is_class_teacher=True)
            .select_related("user").order_by("pk")}


def _visits(school, term, families, physio, buddy) -> int:
    """The past visit and today's, each to a Willow family reached this term already."""
    from bridgebook.contact import notifications

    reached = [family for family in families if family.household is not None]
    if not reached:
        return 0
    past_family = next((family for family in reached
                        if family.pupil.legal_first_name != NOT_REACHED_FIRST[0]), reached[0])
    past_day = max(term.term.starts_on, term.today - datetime.timedelta(days=PAST_VISIT_DAYS_AGO))
    start = _at(past_day, *PAST_VISIT_AT, school)
    past = HomeVisit.objects.create(
        school=school, pupil=past_family.pupil, household=past_family.household,
        address=str(past_family.household), purpose=VISIT_PURPOSE,
        lead=physio, buddy=buddy, starts_at=start, ends_at=start + VISIT_LENGTH,
        interpreter_language=next((c.language for c in past_family.contacts
                                   if c.interpreter_needed), ""),
        planned_by=physio, checked_in_at=start + CHECKED_IN_AFTER,
        checked_in_by=physio, checked_out_at=start + CHECKED_OUT_AFTER,
        checked_out_by=physio, outcome=VISIT_OUTCOME, advice=VISIT_ADVICE,
        written_up_at=start + WRITTEN_UP_AFTER, written_up_by=physio)
    ContactRecord.objects.create(
        school=school, pupil=past.pupil, household=past.household, staff=physio,
        happened_at=past.checked_in_at, how=ContactRecord.How.HOME_VISIT, about=VISIT_OUTCOME,
        interpreter=bool(past.interpreter_language), source_key=past.source_key,
        recorded_by=physio)
    transaction.on_commit(lambda: notifications.share_advice(past.pk))
    # Today's visit, to another Willow family, in the afternoon.
    today_family = next((family for family in reached if family is not past_family
                         and family.pupil.legal_first_name != NOT_REACHED_FIRST[0]),
                        past_family)
    start = _at(term.today, *TODAY_VISIT_AT, school)
    HomeVisit.objects.create(
        school=school, pupil=today_family.pupil, household=today_family.household,
        address=str(today_family.household), purpose=VISIT_PURPOSE,
        purpose_note=TODAY_VISIT_NOTE, lead=physio, buddy=buddy,
        starts_at=start, ends_at=start + VISIT_LENGTH, planned_by=physio)
    return 2
