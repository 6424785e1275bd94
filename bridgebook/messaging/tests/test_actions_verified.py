"""Messaging's actions run through ``verify_action``: conversations started with every
household, a family member's book notifications, and a member of staff's working hours.
Each is audited by the person who acted; email waits for the commit."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging import actions
from bridgebook.messaging.models import NotificationPreference, StaffWorkingHours

Action = AuditEvent.Action
# Tuesday 24 November 2026, 10:00 in London: inside everyone's default working hours, so
# email goes on commit rather than waiting for the morning.
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _in_working_hours():
    with time_machine.travel(TUESDAY_10, tick=True):
        yield


def test_staff_write_to_every_household_and_the_email_goes_on_commit(world):
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        started = actions.do_start_conversations(
            pupil=world.pupil, author=world.class_teacher, subject="Trip",
            body="The trip to the farm is on Thursday.")
    # One conversation per household; Rex, under a court order, is in none.
    assert [set(message.conversation.contacts.all()) for message in started] == [
        {world.parent_contact}, {world.separated_contact}]
    assert result.sent_in_transaction.emails == 0
    assert result.sent_on_commit


def test_a_family_member_chooses_how_often_they_hear_about_the_book(world):
    with verify_action(actor=world.parent, event_type=Action.UPDATE) as result:
        actions.do_set_book_preference(contact_id=world.parent_contact.pk,
                                       book=NotificationPreference.Book.INSTANT,
                                       acting_user=world.parent)
    assert result.audit_events[-1].changes == {"book": [None, "instant"]}
    assert NotificationPreference.objects.get(
        contact=world.parent_contact).book == NotificationPreference.Book.INSTANT


def test_a_member_of_staff_sets_their_working_hours(world):
    hours = {0: (datetime.time(8), datetime.time(15)), 2: (datetime.time(9), datetime.time(12))}
    with verify_action(actor=world.therapist, event_type=Action.CREATE) as result:
        actions.do_set_working_hours(user=world.therapist, school=world.school, hours=hours)
    assert result.audit_events[-1].changes["working_hours"][0] is None
    assert {row.weekday: (row.starts_at, row.ends_at) for row in
            StaffWorkingHours.objects.filter(user=world.therapist, school=world.school)} == hours
