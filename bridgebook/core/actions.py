"""Changes to a school's own details, calendar and school day."""

from django.db import transaction

from bridgebook.core import audit
from bridgebook.core.models import AcademicYear, AuditEvent, LessonPeriod, School, Term

SCHOOL_FIELDS = ["name", "la_code", "estab", "timezone", "retention_years_sen",
                 "retention_years_other"]


@transaction.atomic(durable=True)
def do_update_school(*, school: School, acting_user, data: dict) -> School:
    changes = audit.changed_fields(school, data, SCHOOL_FIELDS)
    for name in changes:
        setattr(school, name, data[name])
    if changes:
        school.save(update_fields=list(changes))
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=school,
                     school=school, summary=f"Changed the details of {school.name}",
                     changes=changes)
    return school


@transaction.atomic(durable=True)
def do_add_academic_year(*, school: School, acting_user, name: str, starts_on, ends_on
                         ) -> AcademicYear:
    year = AcademicYear.objects.create(school=school, name=name, starts_on=starts_on,
                                       ends_on=ends_on)
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=year, school=school,
                 summary=f"Added the academic year {name}")
    return year


@transaction.atomic(durable=True)
def do_add_term(*, academic_year: AcademicYear, acting_user, name: str, starts_on, ends_on,
                school: School | None = None) -> Term:
    term = Term.objects.create(academic_year=academic_year, name=name, starts_on=starts_on,
                               ends_on=ends_on)
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=term,
                 school=academic_year.school,
                 summary=f"Added {name} to {academic_year.name}")
    return term


@transaction.atomic(durable=True)
def do_add_lessons(*, school: School, acting_user, weekdays: list[int], name: str,
                   starts_at, ends_at) -> list[LessonPeriod]:
    lessons = LessonPeriod.objects.bulk_create([
        LessonPeriod(school=school, weekday=day, name=name, starts_at=starts_at, ends_at=ends_at)
        for day in sorted(weekdays)
    ])
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=school, school=school,
                 summary=f"Added the lesson {name} ({starts_at:%H:%M}–{ends_at:%H:%M}) "
                         f"on {len(lessons)} day(s)")
    return lessons


@transaction.atomic(durable=True)
def do_remove_lesson(*, lesson: LessonPeriod, acting_user) -> None:
    summary = f"Removed the lesson {lesson}"
    school = lesson.school
    lesson.delete()
    audit.record(actor=acting_user, action=AuditEvent.Action.DELETE, obj=school, school=school,
                 summary=summary)
