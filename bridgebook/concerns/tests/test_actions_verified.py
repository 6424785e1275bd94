"""The concern actions not run through ``verify_action`` elsewhere: each writes an audit
row by the person acting and tells the family only after commit."""

from bridgebook.concerns import actions
from bridgebook.concerns.models import CONCERN_NOTICE, ConcernEntry, Status
from bridgebook.concerns.tests.factories import concern_for
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.models import Message


def test_proposing_a_resolution_is_audited_and_the_family_told_on_commit(world):
    concern = concern_for(world.pupil, world.parent_contact, status=Status.ACKNOWLEDGED,
                          handler=world.class_teacher)

    with verify_action(actor=world.class_teacher,
                       event_type=AuditEvent.Action.UPDATE) as result:
        entry = actions.do_propose_resolution(acting_user=world.class_teacher,
                                              concern=concern, text="A quieter table.")
        assert not Message.objects.filter(kind=CONCERN_NOTICE).exists()   # not yet

    concern.refresh_from_db()
    assert concern.status == Status.PROPOSED
    assert entry.kind == ConcernEntry.Kind.PROPOSAL and entry.text == "A quieter table."
    assert result.audit_events[0].summary == "Cara Teacher proposed a resolution of a concern"
    assert "quieter" not in result.audit_events[0].summary       # never what was written
    assert Message.objects.filter(kind=CONCERN_NOTICE, contact=world.parent_contact).exists()


def test_the_schools_concern_settings(world):
    from bridgebook.concerns.models import ConcernSettings

    with verify_action(actor=world.principal, event_type=AuditEvent.Action.UPDATE):
        actions.do_save_settings(acting_user=world.principal, school=world.school,
                                 data={"acknowledge_within_days": 5,
                                       "complaints_procedure_url": "", "senior_leader": None})
    assert ConcernSettings.objects.get(school=world.school).acknowledge_within_days == 5
