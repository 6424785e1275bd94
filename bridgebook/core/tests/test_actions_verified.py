"""The school's own details, calendar and school day: each change is run through
``verify_action`` (audited by the person who made it, nothing sent)."""

import datetime

from bridgebook.core import actions
from bridgebook.core.models import AcademicYear, AuditEvent, LessonPeriod, Term
from bridgebook.core.tests.actions import verify_action

Action = AuditEvent.Action


def test_changing_the_schools_details(world):
    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_update_school(
            school=world.school, acting_user=world.principal,
            data={"name": "Mapledown Academy", "la_code": world.school.la_code})
    assert result.audit_events[-1].changes == {"name": ["Mapledown School", "Mapledown Academy"]}
    assert not result.callbacks
    world.school.refresh_from_db()
    assert world.school.name == "Mapledown Academy"


def test_adding_a_year_and_a_term(world):
    with verify_action(actor=world.office, event_type=Action.CREATE) as result:
        year = actions.do_add_academic_year(
            school=world.school, acting_user=world.office, name="2030/31",
            starts_on=datetime.date(2030, 9, 1), ends_on=datetime.date(2031, 7, 31))
    assert (result.audit_events[-1].object_type, result.audit_events[-1].school) == (
        "academicyear", world.school)
    assert AcademicYear.objects.get(pk=year.pk).name == "2030/31"

    with verify_action(actor=world.office, event_type=Action.CREATE) as result:
        term = actions.do_add_term(
            academic_year=year, acting_user=world.office, name="Autumn",
            starts_on=datetime.date(2030, 9, 2), ends_on=datetime.date(2030, 12, 18))
    assert result.audit_events[-1].summary == "Added Autumn to 2030/31"
    assert Term.objects.get(pk=term.pk).academic_year == year


def test_removing_a_lesson(world):
    [lesson] = actions.do_add_lessons(school=world.school, acting_user=world.principal,
                                      weekdays=[0], name="Phonics",
                                      starts_at=datetime.time(9, 30),
                                      ends_at=datetime.time(10, 15))
    with verify_action(actor=world.principal, event_type=Action.DELETE) as result:
        actions.do_remove_lesson(lesson=lesson, acting_user=world.principal)
    assert result.audit_events[-1].summary.startswith("Removed the lesson")
    assert not LessonPeriod.objects.filter(pk=lesson.pk).exists()
