"""The complaints procedure and who reads a concern (issue 15).

- An escalated concern with no proposal from the senior leader within the school's time to
  acknowledge (in school days, counted again from the escalation) shows the family the
  school's complaints procedure, as one still not resolved after escalation does.
- Staff record that the family made a complaint: the concern is closed (off the open
  list), audited, the family told after commit; a concern is never called a complaint.
- A concern is read by the staff it was raised with, whoever deals with it, the SENCO and
  the school's leaders; not by the office or therapists who see the child.
"""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from bridgebook.concerns import actions, selectors
from bridgebook.concerns.access import visible_concerns
from bridgebook.concerns.models import CONCERN_NOTICE, Addressed, ConcernEntry, Status
from bridgebook.concerns.tests.factories import concern_for, proposed
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.models import Message

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _text(response) -> str:
    return re.sub(r"</?bdi>", "", response.content.decode())


def _escalated(world, senior_leader):
    """Layla's concern, not resolved, which she passed to a senior leader on Tuesday 3
    March (the school acknowledges in 2 school days: Dee proposes by Thursday 5)."""
    concern = proposed(world.pupil, world.parent_contact, by=world.class_teacher)
    actions.do_answer(acting_user=world.parent, concern=concern, resolved=False)
    actions.do_escalate(acting_user=world.parent, concern=concern)
    concern.refresh_from_db()
    return concern


def test_no_proposal_from_the_senior_leader_in_time_shows_the_complaints_procedure(
        world, senior_leader):
    actions.do_save_settings(acting_user=world.principal, school=world.school,
                             data={"acknowledge_within_days": 2,
                                   "complaints_procedure_url": "https://example.org/complaints",
                                   "senior_leader": None})
    concern = _escalated(world, senior_leader)
    assert concern.propose_by == datetime.date(2026, 3, 5)
    url = reverse("concerns:concern", args=[concern.pk])

    def layla_reads(at=None) -> str:
        with time_machine.travel(at or datetime.datetime.now(tz=LONDON)):
            response = signed_in(world.parent).get(url)     # signed in that day
            assert response.status_code == 200
            return _text(response)

    assert "complaint" not in layla_reads().lower()
    # Thursday afternoon: still in time.
    assert "complaint" not in layla_reads(datetime.datetime(2026, 3, 5, 16, 0,
                                                            tzinfo=LONDON)).lower()
    with time_machine.travel(datetime.datetime(2026, 3, 6, 9, 0, tzinfo=LONDON)):
        page = layla_reads()
        assert "has not yet proposed how to resolve it" in page
        assert "https://example.org/complaints" in page
        staff_page = _text(signed_in(senior_leader).get(url))
        assert "No resolution was proposed by Thursday 5 March" in staff_page
    # A proposal in time keeps it a concern.
    actions.do_acknowledge(acting_user=senior_leader, concern=concern, handler=senior_leader)
    actions.do_propose_resolution(acting_user=senior_leader, concern=concern,
                                  text="Lunch in the quiet room.")
    assert "complaint" not in layla_reads(datetime.datetime(2026, 3, 9, 9, 0,
                                                            tzinfo=LONDON)).lower()


def test_staff_record_that_it_was_passed_to_the_complaints_procedure(
        world, senior_leader):
    concern = _escalated(world, senior_leader)
    assert concern in selectors.school_overview(world.principal, world.school,
                                                with_times=False).open
    with pytest.raises(actions.ConcernError):
        actions.do_pass_to_complaints(acting_user=world.office, concern=concern)
    with verify_action(actor=senior_leader, event_type=AuditEvent.Action.UPDATE) as result:
        entry = actions.do_pass_to_complaints(acting_user=senior_leader, concern=concern)
        assert not Message.objects.filter(kind=CONCERN_NOTICE, source_id=entry.pk).exists()
    concern.refresh_from_db()
    assert concern.status == Status.COMPLAINTS and concern.complaints_at is not None
    assert not concern.is_open
    assert entry.kind == ConcernEntry.Kind.COMPLAINTS
    assert result.audit_events[0].summary == (
        "Dee Deputy recorded that a concern was passed to the school's complaints "
        "procedure (the concern is closed)")
    told = Message.objects.get(kind=CONCERN_NOTICE, source_id=entry.pk)
    assert told.contact == world.parent_contact
    overview = selectors.school_overview(world.principal, world.school, with_times=True)
    assert concern not in overview.open
    assert overview.outcomes["complaints_procedure"] == 1
    # Closed: no further steps, and the family reads where it went.
    with pytest.raises(actions.ConcernError):
        actions.do_pass_to_complaints(acting_user=senior_leader, concern=concern)
    with pytest.raises(actions.ConcernError):
        actions.do_add_update(acting_user=senior_leader, concern=concern, text="More")
    assert not actions.may_escalate(world.parent, concern)
    page = _text(signed_in(world.parent).get(reverse("concerns:concern", args=[concern.pk])))
    assert "now dealt with under the school’s complaints procedure" in page


def test_the_form_asks_to_confirm_and_closes_the_concern(world, senior_leader):
    concern = concern_for(world.pupil, world.parent_contact, status=Status.ACKNOWLEDGED,
                          handler=world.class_teacher)
    url = reverse("concerns:complaints", args=[concern.pk])
    cara = signed_in(world.class_teacher)
    assert "If the family makes a complaint" in _text(
        cara.get(reverse("concerns:concern", args=[concern.pk])))
    response = cara.post(url, {})
    assert response.status_code == 200
    assert "Confirm that the family has made a complaint" in _text(response)
    response = cara.post(url, {"complaints-confirm": "on"})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == Status.COMPLAINTS


def test_a_concern_is_read_by_its_staff_the_senco_and_the_leaders(world, senior_leader):
    with_class = concern_for(world.pupil, world.parent_contact)
    with_house = concern_for(world.pupil, world.parent_contact,
                             addressed_to=Addressed.RESIDENTIAL)

    def reads(user) -> set:
        return set(visible_concerns(user).values_list("pk", flat=True))

    both = {with_class.pk, with_house.pk}
    assert reads(world.class_teacher) == {with_class.pk}
    assert reads(world.residential) == {with_house.pk}
    for reader in (world.senco, world.principal, senior_leader, world.trust_admin):
        assert reads(reader) == both
    for other in (world.office, world.therapist, world.other_teacher):
        assert reads(other) == set()
    # Whoever deals with it reads it, though it was raised with others.
    with_house.handler = world.class_teacher
    with_house.save(update_fields=["handler"])
    assert reads(world.class_teacher) == both
    # The office sees Amira, but not her concerns: no tab, 403 on it, 404 on each.
    office = signed_in(world.office)
    assert office.get(reverse("concerns:pupil", args=[world.pupil.pk])).status_code == 403
    assert office.get(reverse("concerns:concern", args=[with_class.pk])).status_code == 404
    assert office.get(reverse("concerns:school", args=[world.school.urn])).status_code == 403
    page = office.get(reverse("people:pupil", args=[world.pupil.pk])).content.decode()
    assert reverse("concerns:pupil", args=[world.pupil.pk]) not in page
    senco = signed_in(world.senco)
    assert senco.get(reverse("concerns:concern", args=[with_class.pk])).status_code == 200
