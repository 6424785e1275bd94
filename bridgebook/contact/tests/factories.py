"""Terms, visits and records made straight in the tables, for tests that only need
something to read; tests of behaviour make them through the actions."""

from __future__ import annotations

import datetime

from django.utils import timezone

from bridgebook.contact.models import ContactRecord, HomeVisit
from bridgebook.core.models import AcademicYear, Term


def term_around(school, today: datetime.date | None = None, *, ends_in_days: int = 60) -> Term:
    """A term containing ``today`` (the school's today by default), ending in
    ``ends_in_days``."""
    today = today or timezone.localdate()
    starts = today - datetime.timedelta(days=30)
    ends = today + datetime.timedelta(days=ends_in_days)
    year = AcademicYear.objects.create(school=school, name=f"{starts.year}/{ends.year}",
                                       starts_on=starts - datetime.timedelta(days=1),
                                       ends_on=ends + datetime.timedelta(days=1))
    return Term.objects.create(academic_year=year, name="This term", starts_on=starts,
                               ends_on=ends)


def record_for(pupil, staff, *, household=None, contact=None, days_ago: int = 1,
               how: str = ContactRecord.How.PHONE, **fields) -> ContactRecord:
    return ContactRecord.objects.create(
        school=pupil.school, pupil=pupil, staff=staff, household=household, contact=contact,
        happened_at=timezone.now() - datetime.timedelta(days=days_ago), how=how,
        about=fields.pop("about", "How the week went"), **fields)


def visit_for(pupil, household, *, lead, buddy, starts_in_minutes: int = 0,
              minutes: int = 60, **fields) -> HomeVisit:
    starts = timezone.now() + datetime.timedelta(minutes=starts_in_minutes)
    return HomeVisit.objects.create(
        school=pupil.school, pupil=pupil, household=household, address=str(household),
        purpose=fields.pop("purpose", HomeVisit.Purpose.PHYSIOTHERAPY), lead=lead,
        buddy=buddy, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=minutes),
        **fields)
