"""The contact and home-visit actions through ``verify_action``: each audited by whoever
acts, anything sent (the follow-up's owner, the advice to the family) only after commit."""

import datetime

from django.core import mail
from django.utils import timezone

from bridgebook.contact import actions
from bridgebook.contact.models import VISIT_ADVICE, ContactRecord, HomeVisit, StaffPhone
from bridgebook.contact.tests.factories import term_around, visit_for
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.models import Message

Action = AuditEvent.Action


def _visit(world, *, starts_in_minutes=60, **fields) -> HomeVisit:
    return visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                     buddy=world.class_teacher, starts_in_minutes=starts_in_minutes, **fields)


def test_logging_a_call_with_a_follow_up_tells_its_owner_after_commit(world):
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        record = actions.do_log_contact(
            acting_user=world.class_teacher, pupil=world.pupil, contact=world.parent_contact,
            how="phone", about="Sleep", happened_at=timezone.now(),
            follow_up="Send the new symbols", follow_up_owner=world.therapist,
            follow_up_due=datetime.date(2026, 12, 11))
    assert record.staff == world.class_teacher and record.follow_ups.count() == 1
    assert result.sent_on_commit.emails == 1
    assert mail.outbox[-1].to == [world.therapist.email]


def test_completing_a_follow_up(world):
    record = actions.do_log_contact(
        acting_user=world.class_teacher, pupil=world.pupil, contact=world.parent_contact,
        how="phone", about="Sleep", happened_at=timezone.now(), follow_up="Symbols",
        follow_up_owner=world.therapist, follow_up_due=datetime.date(2026, 12, 11))
    follow_up = record.follow_ups.get()
    with verify_action(actor=world.therapist, event_type=Action.UPDATE):
        assert actions.do_complete_follow_up(acting_user=world.therapist, follow_up=follow_up)
    follow_up.refresh_from_db()
    assert follow_up.done_by == world.therapist and follow_up.done_at


def test_planning_changing_and_cancelling_a_visit(world):
    starts = timezone.now() + datetime.timedelta(hours=1)
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE):
        visit = actions.do_plan_visit(
            acting_user=world.class_teacher, pupil=world.pupil,
            household=world.parent_contact.household, purpose="physiotherapy",
            lead=world.therapist, buddy=world.class_teacher, starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1))
    assert visit.address.startswith("1 Maple Road") and visit.planned_by == world.class_teacher

    later = starts + datetime.timedelta(days=1)
    with verify_action(actor=world.senco, event_type=Action.UPDATE) as changed:
        actions.do_change_visit(acting_user=world.senco, visit=visit, starts_at=later,
                                ends_at=later + datetime.timedelta(hours=1),
                                lead=world.therapist, buddy=world.senco)
    visit.refresh_from_db()
    assert (visit.starts_at, visit.buddy) == (later, world.senco)
    assert set(changed.audit_events[0].changes) == {"starts_at", "ends_at", "buddy"}

    with verify_action(actor=world.senco, event_type=Action.UPDATE):
        assert actions.do_cancel_visit(acting_user=world.senco, visit=visit,
                                       reason="Family unwell")
    visit.refresh_from_db()
    assert visit.cancelled_by == world.senco and visit.cancel_reason == "Family unwell"


def test_checking_in_and_out_and_acknowledging_an_alert(world):
    visit = _visit(world, starts_in_minutes=0)
    with verify_action(actor=world.therapist, event_type=Action.UPDATE):
        assert actions.do_check_in(acting_user=world.therapist, visit=visit)
    HomeVisit.objects.filter(pk=visit.pk).update(alerted_at=timezone.now())
    with verify_action(actor=world.class_teacher, event_type=Action.UPDATE) as acknowledged:
        assert actions.do_acknowledge(acting_user=world.class_teacher, visit=visit)
    assert "acknowledged the lone-working alert" in acknowledged.audit_events[0].summary
    with verify_action(actor=world.therapist, event_type=Action.UPDATE):
        assert actions.do_check_out(acting_user=world.therapist, visit=visit)
    visit.refresh_from_db()
    assert (visit.checked_in_by, visit.acknowledged_by, visit.checked_out_by) == (
        world.therapist, world.class_teacher, world.therapist)


def test_the_write_up_shares_the_advice_only_after_commit(world):
    term_around(world.school)
    visit = _visit(world, starts_in_minutes=-120)
    HomeVisit.objects.filter(pk=visit.pk).update(checked_in_at=visit.starts_at)
    visit.refresh_from_db()
    with verify_action(actor=world.therapist, event_type=Action.UPDATE) as result:
        record = actions.do_write_up(acting_user=world.therapist, visit=visit,
                                     outcome="Frame checked", advice="Stand after tea")
        assert not Message.objects.filter(kind=VISIT_ADVICE).exists()
    assert record.how == ContactRecord.How.HOME_VISIT
    assert result.audit_events[-1].summary == (
        "Wrote up a home visit and shared advice with the family")
    assert Message.objects.filter(kind=VISIT_ADVICE, contact=world.parent_contact).exists()


def test_a_staff_mobile_number_saved_and_removed(world):
    with verify_action(actor=world.therapist, event_type=Action.UPDATE):
        phone = actions.do_save_phone(acting_user=world.therapist, mobile="+447700900123")
    assert phone.mobile == "+447700900123"
    # Removing it is audited too (it was not before).
    with verify_action(actor=world.therapist, event_type=Action.DELETE) as removed:
        assert actions.do_save_phone(acting_user=world.therapist, mobile="") is None
    assert not StaffPhone.objects.filter(user=world.therapist).exists()
    assert removed.audit_events[0].summary == (
        "Removed their mobile number for lone-working alerts")


def test_the_schools_home_visit_settings(world):
    from bridgebook.contact.models import ContactSettings

    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_save_settings(acting_user=world.principal, school=world.school,
                                 data={"pairs_required": True, "alert_after_minutes": 20,
                                       "escalate_after_minutes": 40, "senior_leader": None,
                                       "remind_weeks_before": 2})
    rules = ContactSettings.objects.get(school=world.school)
    assert rules.pairs_required and rules.alert_after_minutes == 20
    assert "alert_after_minutes" in result.audit_events[0].changes
