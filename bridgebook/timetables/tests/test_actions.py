"""Changing a class's week and a pupil's own changes: each change audited, seen by staff at
once, and remembered as something families have not yet been told."""

import pytest

from bridgebook.core.models import AuditEvent, LessonPeriod
from bridgebook.core.tests.actions import verify_action
from bridgebook.timetables import actions, selectors
from bridgebook.timetables.models import Kind, Timetable, TimetableSession, Variation
from bridgebook.timetables.tests.conftest import (
    at,
    home_early_on_friday,
    instead_of_pe,
    session_data,
)

Action = AuditEvent.Action


def test_adding_a_session_makes_the_timetable_and_is_audited(world):
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        session = actions.do_add_session(
            school_class=world.class_a, acting_user=world.class_teacher,
            data=session_data(1, at(13, 15), at(14, 15), "Swimming", Kind.SWIMMING))
    assert not result.callbacks        # nothing is sent: families hear when staff send it
    event = result.audit_events[-1]
    assert (event.object_type, event.object_id) == ("timetablesession", str(session.pk))
    assert event.school == world.school
    assert "Tuesday 13:15–14:15 Swimming" in event.summary
    timetable = Timetable.objects.get(school_class=world.class_a)
    assert (timetable.school, timetable.edits, timetable.class_changed) == (world.school, 1,
                                                                           True)
    assert timetable.told_at is None


def test_changing_a_session_audits_what_changed_and_marks_the_class(world, week):
    Timetable.objects.filter(school_class=world.class_a).update(class_changed=False)
    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_change_session(session=week.pe, acting_user=world.principal,
                                  data={**session_data(1, at(10, 30), at(11, 30),
                                                       "PE on the field")})
    assert result.audit_events[-1].changes == {"what": ["PE in the hall", "PE on the field"]}
    week.pe.refresh_from_db()
    assert week.pe.what == "PE on the field"
    assert Timetable.objects.get(school_class=world.class_a).class_changed


def test_changing_nothing_writes_nothing(world, week):
    before = AuditEvent.objects.count()
    actions.do_change_session(session=week.pe, acting_user=world.class_teacher,
                              data=session_data(1, at(10, 30), at(11, 30), "PE in the hall"))
    assert AuditEvent.objects.count() == before


def test_a_pupils_change_marks_only_that_pupil(world, week):
    Timetable.objects.filter(school_class=world.class_a).update(class_changed=False)
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        variation = instead_of_pe(world, week)
    event = result.audit_events[-1]
    assert (event.object_type, event.pupil) == ("variation", world.pupil)
    # Its day and times come from the class session it replaces.
    assert (variation.weekday, variation.starts_at, variation.ends_at) == (1, at(10, 30),
                                                                          at(11, 30))
    timetable = Timetable.objects.get(school_class=world.class_a)
    assert not timetable.class_changed
    assert timetable.changed_pupils == [world.pupil.pk]


def test_removing_a_session_takes_the_pupils_changes_with_it(world, week):
    variation = instead_of_pe(world, week)
    with verify_action(actor=world.class_teacher, event_type=Action.DELETE) as result:
        removed = actions.do_remove_session(session=week.pe, acting_user=world.class_teacher)
    assert removed == 1
    assert result.audit_events[-1].changes == {"pupils_changes_removed": [world.pupil.pk]}
    assert not Variation.objects.filter(pk=variation.pk).exists()
    assert not TimetableSession.objects.filter(pk=week.pe.pk).exists()


def test_changing_and_removing_a_pupils_change_are_audited(world, week):
    variation = instead_of_pe(world, week)
    with verify_action(actor=world.class_teacher, event_type=Action.UPDATE) as result:
        actions.do_change_variation(variation=variation, acting_user=world.class_teacher,
                                    data={"change": Variation.Change.INSTEAD,
                                          "replaces": week.pe, "what": "Occupational therapy",
                                          "kind": Kind.THERAPY})
    assert result.audit_events[-1].changes["what"] == ["Speech and language therapy",
                                                       "Occupational therapy"]
    with verify_action(actor=world.class_teacher, event_type=Action.DELETE):
        actions.do_remove_variation(variation=variation, acting_user=world.class_teacher)
    assert not Variation.objects.filter(pupil=world.pupil).exists()


def test_a_session_of_another_class_cannot_be_replaced(world, week):
    other = actions.do_add_session(school_class=world.class_b,
                                   acting_user=world.other_teacher,
                                   data=session_data(1, at(9), at(10), "Music"))
    with pytest.raises(ValueError):
        actions.do_add_variation(pupil=world.pupil, acting_user=world.class_teacher,
                                 data={"change": Variation.Change.INSTEAD, "replaces": other,
                                       "what": "Therapy", "kind": Kind.THERAPY})


def test_the_week_can_start_from_the_school_days_lessons(world):
    for day in range(5):
        LessonPeriod.objects.create(school=world.school, weekday=day, name="Lesson 1",
                                    starts_at=at(9, 15), ends_at=at(10, 15))
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE):
        added = actions.do_fill_from_lessons(school_class=world.class_a,
                                             acting_user=world.class_teacher)
    assert added == 5
    sessions = TimetableSession.objects.filter(timetable__school_class=world.class_a)
    assert sorted(sessions.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    # Not twice: a week with sessions is left alone.
    assert actions.do_fill_from_lessons(school_class=world.class_a,
                                        acting_user=world.class_teacher) == 0
    assert sessions.count() == 5


def test_the_pupils_week_applies_each_kind_of_change(world, week):
    instead_of_pe(world, week)
    home_early_on_friday(world)
    actions.do_add_variation(pupil=world.pupil, acting_user=world.class_teacher, data={
        "change": Variation.Change.MISSES, "replaces": week.swimming,
        "notes": "Stays in class with Jo"})
    actions.do_add_variation(pupil=world.pupil, acting_user=world.class_teacher, data={
        "change": Variation.Change.EXTRA, "weekday": 0, "starts_at": at(11), "ends_at":
        at(11, 30), "what": "Physio", "kind": Kind.THERAPY})
    _timetable, days = selectors.pupil_week(world.pupil, today=1)
    monday, tuesday, _wednesday, _thursday, friday = days
    assert [item.what for item in monday.items] == ["Morning circle", "Physio"]
    assert monday.items[1].own and not monday.items[0].own
    assert tuesday.is_today and not monday.is_today
    assert [(item.what, item.instead_of, item.missed) for item in tuesday.items] == [
        ("Speech and language therapy", "PE in the hall", False),
        ("Swimming at the leisure centre", "", True)]
    assert tuesday.items[0].symbol == selectors.KIND_SYMBOLS[Kind.THERAPY]
    assert tuesday.items[1].notes == "Stays in class with Jo"
    # Home at 14:00: the trip (13:15) stays, golden time (14:15) goes.
    assert [item.what for item in friday.items] == ["Trip to the library", "Goes home early"]
    assert friday.items[1].symbol == selectors.HOME_SYMBOL
    # Ben's class, and the class's own week, are untouched.
    _timetable, class_days = selectors.pupil_week(world.pupil_b)
    assert not any(day.items for day in class_days)
    week_days = selectors.class_week(world.class_a).days
    assert [item.what for item in week_days[1].items] == ["PE in the hall",
                                                          "Swimming at the leisure centre"]


def test_a_pupils_change_moves_with_the_session_it_replaces(world, week):
    variation = instead_of_pe(world, week)
    actions.do_change_session(session=week.pe, acting_user=world.class_teacher,
                              data={"weekday": 3, "starts_at": at(13), "ends_at": at(14)})
    variation.refresh_from_db()
    assert (variation.weekday, variation.starts_at, variation.ends_at) == (3, at(13), at(14))
    _timetable, week_days = selectors.pupil_week(world.pupil)
    days = {day.weekday: day for day in week_days}
    therapy = [item for item in days[3].items if item.what == "Speech and language therapy"]
    assert therapy and therapy[0].starts_at == at(13)
    assert not [item for item in days[1].items if item.what == "Speech and language therapy"]
