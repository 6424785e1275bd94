"""Sending the timetable to families: one message per entitled contact (parents who live
apart each get their own), none for a restricted contact, once per press, and only the
families concerned when only some pupils' own changes changed."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.access import readable_messages
from bridgebook.messaging.models import Message
from bridgebook.people.models import PupilContact
from bridgebook.people.tests.factories import (
    ContactFactory,
    HouseholdFactory,
    PupilContactFactory,
    PupilFactory,
)
from bridgebook.timetables import actions
from bridgebook.timetables.models import TIMETABLE, Timetable, TimetableSending
from bridgebook.timetables.tests.conftest import add, at, instead_of_pe


def _messages(sending=None):
    messages = Message.objects.filter(kind=TIMETABLE)
    if sending is not None:
        messages = messages.filter(source_id=sending.pk)
    return messages


def _send(world, **kwargs) -> int:
    return actions.do_send(school_class=world.class_a, acting_user=world.class_teacher,
                           **kwargs)


@pytest.fixture
def classmate(world):
    """Mia, in Class A, whose mother and father share one home."""
    mia = PupilFactory(school=world.school, school_class=world.class_a,
                       legal_first_name="Mia", legal_last_name="Clark")
    home = HouseholdFactory(school=world.school)
    for first, relationship in (("Jane", "PAM"), ("John", "PAF")):
        contact = ContactFactory(school=world.school, household=home, first_name=first,
                                 last_name="Clark", language="en")
        PupilContactFactory(pupil=mia, contact=contact, relationship=relationship,
                            parental_responsibility=True)
    return mia


def test_the_first_sending_reaches_every_entitled_contact_once(world, week, classmate):
    with verify_action(actor=world.class_teacher, event_type=AuditEvent.Action.UPDATE
                       ) as result:
        sent = _send(world)
    assert result.sent_on_commit          # email and texts go after commit
    sending = TimetableSending.objects.get()
    got = {m.contact.first_name: m for m in _messages(sending).select_related("contact")}
    # Amira's mother and her father in his own home each get their own; the stepfather
    # under a court order gets nothing; Mia's parents each get one; Ben's carer nothing.
    assert sorted(got) == ["Jane", "John", "Layla", "Omar"]
    assert sent == 4 == sending.messages
    assert sending.whole_class and set(sending.pupil_ids) == {world.pupil.pk, classmate.pk}
    layla = got["Layla"]
    assert [p.pk for p in layla.pupils.all()] == [world.pupil.pk]
    with translation.override(layla.contact.language):   # Arabic, as she reads
        assert layla.subject == _("%(names)s’s timetable") % {"names": "Amira"}
    assert layla.subject != "Amira’s timetable" and layla.language == "ar"
    assert f"/pupils/{world.pupil.pk}/timetable/" in layla.body
    event = result.audit_events[-1]
    assert event.object_type == "timetable"
    assert event.changes["messages"] == 4
    timetable = Timetable.objects.get(school_class=world.class_a)
    assert (timetable.sends, timetable.told_by) == (1, world.class_teacher)
    assert not timetable.changed_since_told


def test_pressing_send_twice_sends_once(world, week):
    assert _send(world, seen_sends=0) == 2
    assert _send(world, seen_sends=0) == 0
    assert _send(world) == 0              # nothing changed since
    assert _messages().count() == 2
    assert TimetableSending.objects.count() == 1


def test_a_pupils_own_change_tells_only_their_family(world, week, classmate):
    _send(world)
    instead_of_pe(world, week)
    timetable = Timetable.objects.get(school_class=world.class_a)
    assert timetable.changed_since_told and not timetable.class_changed
    assert _send(world, seen_sends=1) == 2
    latest = TimetableSending.objects.first()
    assert (latest.whole_class, latest.pupil_ids) == (False, [world.pupil.pk])
    assert sorted(_messages(latest).values_list("contact__first_name", flat=True)) == [
        "Layla", "Omar"]
    assert _messages(latest).first().subject == "Amira’s timetable has changed"


def test_a_change_to_the_class_week_tells_every_family(world, week, classmate):
    _send(world)
    add(world, weekday=2, starts=at(9, 15), ends=at(10), what="Music")
    assert _send(world) == 4
    assert TimetableSending.objects.first().whole_class


def test_everyone_again_at_the_start_of_a_year(world, week):
    _send(world)
    assert _send(world, seen_sends=1, everyone=True) == 2
    assert _send(world, seen_sends=1, everyone=True) == 0    # the second press
    assert TimetableSending.objects.count() == 2


def test_an_empty_week_is_not_sent(world):
    with pytest.raises(actions.NothingToSend):
        _send(world)
    assert not _messages().exists()


def test_a_court_order_made_after_sending_takes_the_message_back(world, week):
    _send(world)
    message = _messages().get(contact=world.separated_contact)
    assert readable_messages([world.separated_contact.pk]).filter(pk=message.pk).exists()
    PupilContact.objects.filter(pupil=world.pupil, contact=world.separated_contact).update(
        is_restricted=True)
    assert not readable_messages([world.separated_contact.pk]).filter(pk=message.pk).exists()


def test_a_pupil_who_left_is_not_told(world, week):
    world.pupil.admission_date = None
    world.pupil.leaving_date = timezone.localdate() - datetime.timedelta(days=1)
    world.pupil.save(update_fields=["admission_date", "leaving_date"])
    assert _send(world) == 0
    assert TimetableSending.objects.get().pupil_ids == []
