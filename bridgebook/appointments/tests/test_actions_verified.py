"""The appointment actions not run through ``verify_action`` elsewhere: a member of staff's
published time and a parents' evening's sessions and breaks, each audited by whoever acts."""

import datetime

import pytest
import time_machine

from bridgebook.appointments import actions, evenings
from bridgebook.appointments.models import Availability, EveningBreak
from bridgebook.appointments.tests.evening_fixtures import open_evening, tomorrow
from bridgebook.appointments.tests.helpers import TODAY, TUESDAY, at, book_for, window
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action

Action = AuditEvent.Action


def test_publishing_time_to_meet_families(world):
    with verify_action(actor=world.senco, event_type=Action.CREATE) as result:
        published = actions.do_add_availability(
            acting_user=world.senco, school=world.school, starts_at=at(TUESDAY, 15),
            ends_at=at(TUESDAY, 16), slot_minutes=30, modes=["phone"], language="ar",
            interpreter_name="Hana")
    published.refresh_from_db()
    assert (published.staff, published.modes, published.interpreter_name) == (
        world.senco, ["phone"], "Hana")
    assert result.audit_events[0].summary == (
        "Can meet families on 2026-03-03 from 15:00 (same-language block: ar)")


def test_taking_back_published_time(world):
    published = window(world, staff=world.senco)
    with verify_action(actor=world.senco, event_type=Action.DELETE) as result:
        actions.do_remove_availability(acting_user=world.senco, availability=published)
    assert not Availability.objects.filter(pk=published.pk).exists()
    assert result.audit_events[0].summary == "Took back the time on 2026-03-03 from 15:30"


def test_time_with_a_meeting_booked_is_not_taken_back(world):
    published = window(world)
    with time_machine.travel(TODAY, tick=False):
        book_for(world, staff=world.class_teacher, availability=published)
    with pytest.raises(actions.AvailabilityError):
        actions.do_remove_availability(acting_user=world.class_teacher, availability=published)
    assert Availability.objects.filter(pk=published.pk).exists()


def test_adding_and_removing_a_break_in_an_evening(world):
    evening = open_evening(world)
    with verify_action(actor=world.office, event_type=Action.UPDATE) as added:
        item = evenings.do_add_break(evening=evening, by=world.office,
                                     starts_at=tomorrow(world.school, 17),
                                     ends_at=tomorrow(world.school, 17, 15),
                                     staff=world.class_teacher)
    assert (item.evening, item.staff) == (evening, world.class_teacher)
    assert added.audit_events[0].summary == "Added a break at 17:00"

    with verify_action(actor=world.office, event_type=Action.UPDATE) as removed:
        evenings.do_remove_break(evening_break=item, by=world.office)
    assert not EveningBreak.objects.filter(pk=item.pk).exists()
    assert removed.audit_events[0].summary == "Removed a break"


def test_the_schools_appointment_settings(world):
    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        saved = actions.do_save_settings(acting_user=world.principal, school=world.school,
                                         place="Hall", interpreter_extra_minutes=20,
                                         video_link_template="")
    saved.refresh_from_db()
    assert (saved.place, saved.interpreter_extra_minutes) == ("Hall", 20)
    assert result.audit_events[0].summary == "Changed the settings for appointments"


def test_adding_a_session_to_an_evening(world):
    evening = open_evening(world)
    day_after = tomorrow(world.school, 16) + datetime.timedelta(days=1)
    with verify_action(actor=world.office, event_type=Action.UPDATE) as result:
        session = evenings.do_add_session(evening=evening, by=world.office,
                                          starts_at=day_after,
                                          ends_at=day_after + datetime.timedelta(hours=2))
    assert (session.evening, session.starts_at) == (evening, day_after)
    assert evening.sessions.count() == 2
    assert result.audit_events[0].summary == f"Added a session on {day_after:%Y-%m-%d}"
