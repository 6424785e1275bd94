"""The conduct actions not run through ``verify_action`` elsewhere: each is audited by the
person acting (nobody, for the nightly deletion) and sends nothing."""

import datetime

from django.utils import timezone

from bridgebook.conduct import actions
from bridgebook.conduct.access import visible_incidents
from bridgebook.conduct.models import ConductIncident
from bridgebook.conduct.tests.factories import incident_for
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action

Action = AuditEvent.Action


def test_setting_a_review_date(world, senior_leader):
    incident = incident_for(world.school, recorded_by=senior_leader)
    later = timezone.localdate() + datetime.timedelta(days=40)
    with verify_action(actor=senior_leader, event_type=Action.UPDATE) as result:
        review = actions.do_add_review(acting_user=senior_leader, incident=incident,
                                       due_on=later)
    assert review.incident == incident and review.due_on == later
    assert result.audit_events[0].summary == "Set a review date for a conduct incident"
    incident.refresh_from_db()
    assert incident.keep_from == later


def test_a_subject_access_export_audits_each_incident_in_it(world, senior_leader):
    first = incident_for(world.school, contact=world.restricted_contact, days_ago=40)
    second = incident_for(world.school, contact=world.restricted_contact, days_ago=2)
    incident_for(world.school, contact=world.parent_contact)            # someone else's
    with verify_action(actor=senior_leader, event_type=Action.EXPORT) as result:
        content, count = actions.do_export_subject_access(
            acting_user=senior_leader, incident=second,
            incidents=visible_incidents(senior_leader, world.school))
    assert content.startswith(b"%PDF") and count == 2
    assert {event.object_id for event in result.audit_events} == {str(first.pk),
                                                                   str(second.pk)}


def test_the_nightly_deletion_is_audited_by_nobody(world):
    expired = incident_for(world.school, keep_from=datetime.date(2023, 1, 10))
    with verify_action(actor=None, event_type=Action.DELETE) as result:
        assert actions.do_delete_expired(today=datetime.date(2026, 1, 11)) == 1
    assert not ConductIncident.objects.filter(pk=expired.pk).exists()
    [event] = result.audit_events
    assert event.object_id == str(expired.pk) and event.actor is None
