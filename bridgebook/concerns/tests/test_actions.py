"""Raising a concern and each step on it: who may take it, where it leads, what is audited
and who is told (only after commit, each in their language)."""

import datetime

import pytest
from django.core import mail

from bridgebook.concerns import actions
from bridgebook.concerns.models import CONCERN_NOTICE, Addressed, Concern, ConcernEntry, Status
from bridgebook.concerns.tests.factories import concern_for, proposed
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.models import Message
from bridgebook.people.models import PupilContact

ConcernError = actions.ConcernError
Kind = ConcernEntry.Kind


def _raise(world, *, contact=None, user=None, addressed_to=Addressed.CLASS,
           text="Amira comes home hungry.", wants_meeting=False) -> Concern:
    return actions.do_raise_concern(
        acting_user=user or world.parent, pupil=world.pupil,
        contact=contact or world.parent_contact, addressed_to=addressed_to, text=text,
        wants_meeting=wants_meeting)


def _family_messages(contact) -> list[Message]:
    return list(Message.objects.filter(kind=CONCERN_NOTICE, contact=contact).order_by("pk"))


# Raising ------------------------------------------------------------------------------------

def test_a_parent_raises_a_concern_in_her_language_and_the_class_staff_are_told(world):
    with verify_action(actor=world.parent, event_type=AuditEvent.Action.CREATE) as result:
        concern = _raise(world, text="أمیرة تعود إلى البيت جائعة", wants_meeting=True)

    concern.refresh_from_db()
    assert concern.text == "أمیرة تعود إلى البيت جائعة"       # stored as written
    assert concern.language == "ar"                           # Layla's language
    assert concern.status == Status.RAISED and concern.wants_meeting
    assert concern.contact == world.parent_contact and concern.raised_by == world.parent
    # Raised on Tuesday 3 March: two school days later is Thursday 5 March.
    assert concern.acknowledge_by == datetime.date(2026, 3, 5)
    assert result.sent_on_commit.emails == 1
    email = mail.outbox[-1]
    assert email.to == [world.class_teacher.email]            # Cara, Amira's class teacher
    assert "[en] أمیرة تعود إلى البيت جائعة (machine translated)" in email.body
    assert "As written (Arabic):\nأمیرة تعود إلى البيت جائعة" in email.body
    assert "They would like to meet." in email.body
    assert "Thursday 5 March" in email.body
    assert result.audit_events[0].summary.startswith("Layla Hassan raised a concern")
    assert "hungry" not in result.audit_events[0].summary     # the words stay on the concern
    assert Concern.objects.get(pk=concern.pk).staff_told_at is not None


def test_staff_are_told_once(world, django_capture_on_commit_callbacks):
    from bridgebook.concerns.notifications import tell_staff

    with django_capture_on_commit_callbacks(execute=True):
        concern = _raise(world)
    assert len(mail.outbox) == 1
    assert tell_staff(concern.pk) is False
    assert len(mail.outbox) == 1


def test_a_concern_for_residential_staff_goes_to_the_childs_residential_group(
        world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        concern = _raise(world, addressed_to=Addressed.RESIDENTIAL)
    assert concern.addressed_to == Addressed.RESIDENTIAL
    assert [email.to for email in mail.outbox] == [[world.residential.email]]
    assert "Oak House (residential staff)" in mail.outbox[0].body


def test_a_child_in_no_residential_group_has_no_residential_staff_to_raise_it_with(
        world, foster_carer):
    with pytest.raises(ConcernError):
        actions.do_raise_concern(acting_user=foster_carer, pupil=world.pupil_b,
                                 contact=world.foster_contact,
                                 addressed_to=Addressed.RESIDENTIAL, text="Bus")


def test_with_nobody_in_the_class_the_leaders_are_told(world, senior_leader,
                                                       django_capture_on_commit_callbacks):
    world.class_a.memberships.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        _raise(world)
    assert sorted(mail.outbox[0].to) == sorted([senior_leader.email, world.principal.email])


def test_a_restricted_contact_cannot_raise_one(world):
    with pytest.raises(ConcernError):
        _raise(world, contact=world.restricted_contact, user=world.restricted_parent)
    assert not Concern.objects.exists()


def test_a_blank_concern_is_refused(world):
    with pytest.raises(ConcernError):
        _raise(world, text="   ")


def test_the_school_sets_the_time_to_acknowledge(world):
    actions.do_save_settings(acting_user=world.principal, school=world.school,
                             data={"acknowledge_within_days": 5,
                                   "complaints_procedure_url": "", "senior_leader": None})
    # Tuesday 3 March and five school days: Tuesday 10 March (the weekend does not count).
    assert _raise(world).acknowledge_by == datetime.date(2026, 3, 10)


# Acknowledging -------------------------------------------------------------------------------

def test_acknowledging_names_who_deals_with_it_and_tells_only_the_parent_who_raised_it(world):
    concern = _raise(world)
    with verify_action(actor=world.class_teacher) as result:
        assert actions.do_acknowledge(acting_user=world.class_teacher, concern=concern,
                                      handler=world.principal)

    concern.refresh_from_db()
    assert concern.status == Status.ACKNOWLEDGED
    assert concern.handler == world.principal
    assert concern.acknowledged_by == world.class_teacher
    assert "Pat Principal is dealing with it" in result.audit_events[0].summary
    layla = _family_messages(world.parent_contact)
    assert len(layla) == 1 and layla[0].language == "ar"
    assert "Pat Principal" in layla[0].body
    assert _family_messages(world.separated_contact) == []     # Omar: another household
    assert _family_messages(world.restricted_contact) == []


def test_acknowledging_twice_changes_nothing(world):
    concern = _raise(world)
    assert actions.do_acknowledge(acting_user=world.class_teacher, concern=concern,
                                  handler=world.class_teacher)
    assert not actions.do_acknowledge(acting_user=world.principal, concern=concern,
                                      handler=world.principal)
    concern.refresh_from_db()
    assert concern.handler == world.class_teacher
    assert concern.entries.filter(kind=Kind.ACKNOWLEDGED).count() == 1


@pytest.mark.parametrize("name", ["therapist", "office", "senco", "residential"])
def test_staff_who_only_read_a_class_concern_do_not_act_on_it(world, name):
    concern = _raise(world)
    with pytest.raises(ConcernError):
        actions.do_acknowledge(acting_user=getattr(world, name), concern=concern,
                               handler=getattr(world, name))


def test_the_residential_worker_acts_on_a_residential_concern_but_not_the_class_teacher(world):
    concern = _raise(world, addressed_to=Addressed.RESIDENTIAL)
    with pytest.raises(ConcernError):
        actions.do_acknowledge(acting_user=world.class_teacher, concern=concern,
                               handler=world.class_teacher)
    assert actions.do_acknowledge(acting_user=world.residential, concern=concern,
                                  handler=world.residential)


def test_only_someone_who_may_deal_with_it_is_named(world):
    concern = _raise(world)
    with pytest.raises(ConcernError):
        actions.do_acknowledge(acting_user=world.class_teacher, concern=concern,
                               handler=world.other_teacher)


# Notes, updates and proposals ----------------------------------------------------------------

def test_a_note_is_for_staff_only(world):
    concern = _raise(world)
    with verify_action(actor=world.class_teacher) as result:
        entry = actions.do_add_note(acting_user=world.class_teacher, concern=concern,
                                    text="Spoke to the cook.")
    assert not entry.is_shared
    assert result.sent_on_commit.deliveries == 0
    assert _family_messages(world.parent_contact) == []


def test_an_update_waits_for_the_acknowledgement(world):
    concern = _raise(world)
    with pytest.raises(ConcernError):
        actions.do_add_update(acting_user=world.class_teacher, concern=concern, text="Hi")


def test_an_update_reaches_the_family_in_their_language_marked(world):
    concern = _raise(world)
    actions.do_acknowledge(acting_user=world.class_teacher, concern=concern,
                           handler=world.class_teacher)
    with verify_action(actor=world.class_teacher):
        actions.do_add_update(acting_user=world.class_teacher, concern=concern,
                              text="She ate all her lunch today.")
    update = _family_messages(world.parent_contact)[-1]
    assert update.language == "ar"
    assert "[ar] She ate all her lunch today." in update.body
    assert "(machine translated)" not in update.body    # said in Arabic
    assert update.body.count("[ar]") == 1


def test_proposing_then_the_family_agrees(world):
    concern = _raise(world)
    actions.do_acknowledge(acting_user=world.class_teacher, concern=concern,
                           handler=world.class_teacher)
    actions.do_propose_resolution(acting_user=world.class_teacher, concern=concern,
                                  text="A quieter table.")
    assert concern.status == Status.PROPOSED
    with verify_action(actor=world.parent) as result:
        entry = actions.do_answer(acting_user=world.parent, concern=concern, resolved=True,
                                  text="شكرا", language="ar")
    concern.refresh_from_db()
    assert concern.status == Status.RESOLVED and concern.resolved_at
    assert entry.kind == Kind.AGREED and entry.from_family and entry.language == "ar"
    assert result.sent_on_commit.emails == 1
    assert mail.outbox[-1].to == [world.class_teacher.email]
    assert "is resolved" in mail.outbox[-1].body


def test_only_the_parent_who_raised_it_answers(world):
    concern = proposed(world.pupil, world.parent_contact, by=world.class_teacher)
    for user in (world.separated_parent, world.class_teacher):
        with pytest.raises(ConcernError):
            actions.do_answer(acting_user=user, concern=concern, resolved=True)


def test_there_is_nothing_to_answer_before_a_proposal(world):
    concern = _raise(world)
    with pytest.raises(ConcernError):
        actions.do_answer(acting_user=world.parent, concern=concern, resolved=True)


# Escalating ---------------------------------------------------------------------------------

def test_not_resolved_the_family_passes_it_to_the_senior_leader(world, senior_leader):
    concern = proposed(world.pupil, world.parent_contact, by=world.class_teacher)
    assert not actions.may_escalate(world.parent, concern)
    actions.do_answer(acting_user=world.parent, concern=concern, resolved=False,
                      text="لم يتغير شيء", language="ar")
    assert concern.status == Status.NOT_RESOLVED
    assert actions.may_escalate(world.parent, concern)
    assert not actions.may_escalate(world.separated_parent, concern)

    with verify_action(actor=world.parent) as result:
        entry = actions.do_escalate(acting_user=world.parent, concern=concern,
                                    text="Please", language="ar")
    concern.refresh_from_db()
    assert concern.status == Status.ESCALATED and concern.escalated_at
    assert concern.handler == senior_leader == entry.named
    # The senior leader is emailed; the family, who asked, gets no message about it.
    assert [email.to for email in mail.outbox[-1:]] == [[senior_leader.email]]
    assert result.sent_on_commit.emails == 1
    assert not _family_messages(world.parent_contact)


def test_staff_pass_it_on_and_the_family_is_told(world, senior_leader):
    concern = _raise(world)
    actions.do_acknowledge(acting_user=world.class_teacher, concern=concern,
                           handler=world.class_teacher)
    with verify_action(actor=world.class_teacher):
        actions.do_escalate(acting_user=world.class_teacher, concern=concern,
                            to=world.principal, text="Needs the head")
    concern.refresh_from_db()
    assert concern.handler == world.principal
    message = _family_messages(world.parent_contact)[-1]
    assert "Pat Principal" in message.body
    with pytest.raises(ConcernError):                     # once
        actions.do_escalate(acting_user=world.principal, concern=concern, to=senior_leader)


REASON = "Mum shouts at us on the phone; I cannot deal with her any more."


def test_staffs_reason_is_a_note_for_the_senior_leader_the_family_never_gets(
        world, senior_leader):
    """The family is told only who has their concern now; why Cara passed it on is for
    Dee, on the concern as a note and in Dee's email."""
    concern = _raise(world)
    with verify_action(actor=world.class_teacher) as result:
        entry = actions.do_escalate(acting_user=world.class_teacher, concern=concern,
                                    to=senior_leader, text=REASON)
    assert entry.kind == Kind.ESCALATED and entry.named == senior_leader and entry.text == ""
    note = concern.entries.get(kind=Kind.NOTE)
    assert note.text == REASON and note.author == world.class_teacher and not note.is_shared
    assert "with a note for staff" in result.audit_events[0].summary
    assert "shouts" not in result.audit_events[0].summary
    message = _family_messages(world.parent_contact)[-1]
    assert "Dee Deputy" in message.body
    assert "shouts" not in message.body and "[ar]" not in message.body
    leader_email = next(email for email in mail.outbox if email.to == [senior_leader.email])
    assert REASON in leader_email.body and "the family does not see it" in leader_email.body


def test_the_family_members_own_reason_stays_on_the_step_they_read(world, senior_leader):
    concern = proposed(world.pupil, world.parent_contact, by=world.class_teacher)
    actions.do_answer(acting_user=world.parent, concern=concern, resolved=False)
    entry = actions.do_escalate(acting_user=world.parent, concern=concern,
                                text="لم يتغير شيء", language="ar")
    assert entry.text == "لم يتغير شيء" and entry.from_family and entry.is_shared
    assert not concern.entries.filter(kind=Kind.NOTE).exists()


def test_the_school_chooses_who_concerns_go_to(world, senior_leader):
    actions.do_save_settings(acting_user=world.principal, school=world.school,
                             data={"acknowledge_within_days": 2,
                                   "complaints_procedure_url": "",
                                   "senior_leader": world.principal})
    concern = proposed(world.pupil, world.parent_contact, by=world.class_teacher)
    actions.do_answer(acting_user=world.parent, concern=concern, resolved=False)
    actions.do_escalate(acting_user=world.parent, concern=concern)
    assert concern.handler == world.principal


def test_a_family_may_pass_on_a_concern_nobody_acknowledged_in_time(world, senior_leader):
    concern = concern_for(world.pupil, world.parent_contact,
                          acknowledge_by=datetime.date(2026, 3, 2))
    assert actions.may_escalate(world.parent, concern)
    on_time = concern_for(world.pupil, world.parent_contact,
                          acknowledge_by=datetime.date(2026, 3, 3))
    assert not actions.may_escalate(world.parent, on_time)
    with pytest.raises(ConcernError):
        actions.do_escalate(acting_user=world.parent, concern=on_time)


def test_still_not_resolved_after_escalation_the_complaints_procedure_is_offered(
        world, senior_leader):
    concern = proposed(world.pupil, world.parent_contact, by=world.class_teacher)
    actions.do_answer(acting_user=world.parent, concern=concern, resolved=False)
    actions.do_escalate(acting_user=world.parent, concern=concern)
    assert not concern.offers_complaints_procedure
    actions.do_acknowledge(acting_user=senior_leader, concern=concern, handler=senior_leader)
    actions.do_propose_resolution(acting_user=senior_leader, concern=concern,
                                  text="Lunch in the quiet room.")
    actions.do_answer(acting_user=world.parent, concern=concern, resolved=False)
    concern.refresh_from_db()
    assert concern.offers_complaints_procedure
    assert not actions.may_escalate(world.parent, concern)   # escalated once already


def test_a_court_order_recorded_later_stops_the_messages(world):
    concern = _raise(world, contact=world.separated_contact, user=world.separated_parent)
    with verify_action(actor=world.class_teacher):
        actions.do_acknowledge(acting_user=world.class_teacher, concern=concern,
                               handler=world.class_teacher)
    assert len(_family_messages(world.separated_contact)) == 1
    PupilContact.objects.filter(pupil=world.pupil, contact=world.separated_contact).update(
        is_restricted=True)
    with verify_action(actor=world.class_teacher):
        actions.do_add_update(acting_user=world.class_teacher, concern=concern, text="News")
    assert len(_family_messages(world.separated_contact)) == 1


def test_staff_kept_from_the_child_are_never_told(world, django_capture_on_commit_callbacks):
    """Cara's email address is also a restricted contact's of Amira: she is told nothing."""
    PupilContact.objects.filter(pupil=world.pupil, contact=world.restricted_contact).update(
        is_restricted=True)
    world.restricted_contact.email = world.class_teacher.email
    world.restricted_contact.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _raise(world)
    assert all(world.class_teacher.email not in email.to for email in mail.outbox)
