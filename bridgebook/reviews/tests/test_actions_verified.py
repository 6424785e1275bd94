"""Every annual-review action through ``verify_action``: audited by whoever acts, families
and professionals told only after commit."""

import datetime

import time_machine
from django.core import mail
from django.core.files.base import ContentFile

from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.models import Message
from bridgebook.reviews import actions
from bridgebook.reviews.models import (
    REVIEW_NOTICE,
    Contribution,
    EhcpRecord,
    Invitee,
    Paper,
    PaperOpening,
    Review,
    ReviewNotice,
)
from bridgebook.reviews.tests.conftest import LONDON, MEETING, NOW
from bridgebook.reviews.tests.factories import PDF_BYTES, circulated, review_for
from bridgebook.targets.models import Target
from bridgebook.targets.tests.factories import target_for

Action = AuditEvent.Action
AFTER_MEETING = datetime.datetime(2027, 1, 12, 16, 0, tzinfo=LONDON)


def _told(what: str) -> int:
    return Message.objects.filter(kind=REVIEW_NOTICE, source_id__in=ReviewNotice.objects
                                  .filter(what=what).values("pk")).count()


def _book(world) -> Review:
    return actions.do_book(acting_user=world.senco, pupil=world.pupil, meets_at=MEETING,
                           place="School", contacts=[world.parent_contact],
                           professionals=actions.suggested_professionals(world.pupil))


def _held(world, **fields) -> Review:
    return review_for(world.pupil, meets_at=MEETING, held_on=MEETING.date(),
                      stage=Review.Stage.HELD, **fields)


def test_the_local_authority_and_the_plans_dates(world, authority):
    with verify_action(actor=world.senco, event_type=Action.CREATE):
        added = actions.do_save_local_authority(acting_user=world.senco, school=world.school,
                                                data={"name": "Eastmere", "code": "EM"})
    assert added.name == "Eastmere" and added.code == "EM"
    with verify_action(actor=world.senco, event_type=Action.UPDATE) as changed:
        actions.do_save_local_authority(acting_user=world.senco, school=world.school,
                                        authority=authority,
                                        data={**{key: getattr(authority, key) for key in
                                                 actions.AUTHORITY_FIELDS},
                                              "contact_name": "Sam Patel"})
    authority.refresh_from_db()
    assert authority.contact_name == "Sam Patel"
    assert set(changed.audit_events[0].changes) == {"contact_name"}

    data = {"local_authority": authority, "plan_issued_on": datetime.date(2024, 5, 1),
            "last_review_on": datetime.date(2026, 1, 15), "transfer": ""}
    with verify_action(actor=world.senco, event_type=Action.CREATE):
        saved = actions.do_save_record(acting_user=world.senco, pupil=world.pupil, data=data)
    assert EhcpRecord.objects.get(pk=saved.pk).last_review_on == datetime.date(2026, 1, 15)


def test_booking_changing_and_inviting_tell_people_after_commit(world, frozen):
    with verify_action(actor=world.senco, event_type=Action.CREATE) as booked:
        review = _book(world)
    assert review.invitees.filter(contact=world.parent_contact).exists()
    assert _told(ReviewNotice.What.INVITATION) == 1
    assert booked.sent_on_commit.emails >= 1                    # the head teacher's

    later = MEETING + datetime.timedelta(days=1)
    with verify_action(actor=world.senco, event_type=Action.UPDATE):
        changes = actions.do_change_meeting(acting_user=world.senco, review=review,
                                            data={"meets_at": later, "place": "School"})
    assert set(changes) == {"meets_at"}
    assert _told(ReviewNotice.What.CHANGED) == 1

    with verify_action(actor=world.senco, event_type=Action.UPDATE):
        invitee = actions.do_invite(acting_user=world.senco, review=review,
                                    contact=world.separated_contact)
    assert invitee.kind == Invitee.Kind.FAMILY and invitee.contact == world.separated_contact
    assert Message.objects.filter(kind=REVIEW_NOTICE,
                                  contact=world.separated_contact).exists()


def test_a_parent_answers_and_gives_her_views(world, frozen):
    review = _book(world)
    invitee = review.invitees.get(contact=world.parent_contact)
    with verify_action(actor=world.parent, event_type=Action.UPDATE):
        actions.do_answer(acting_user=world.parent, invitee=invitee, suits=True)
    invitee.refresh_from_db()
    assert invitee.answer == Invitee.Answer.SUITS

    with verify_action(actor=world.parent, event_type=Action.CREATE) as result:
        views = actions.do_give_views(acting_user=world.parent, review=review, who="parent",
                                      text="She is happier this year",
                                      household_id=world.parent_contact.household_id)
    assert Contribution.objects.get(pk=views.pk).author == world.parent
    assert "happier" not in result.audit_events[0].summary


def test_the_papers_added_circulated_and_opened(world, frozen):
    review = _book(world)
    with verify_action(actor=world.therapist, event_type=Action.CREATE):
        paper = actions.do_add_paper(acting_user=world.therapist, review=review,
                                     title="Speech and language advice",
                                     content=ContentFile(PDF_BYTES, name="advice.pdf"))
    assert paper.uploaded_by == world.therapist and paper.size == len(PDF_BYTES)

    with verify_action(actor=world.senco, event_type=Action.UPDATE) as sent:
        actions.do_circulate(acting_user=world.senco, review=review, summary_pdf=PDF_BYTES)
    assert review.papers.filter(kind=Paper.Kind.SUMMARY).exists()
    assert _told(ReviewNotice.What.PACK) == 1
    assert sent.sent_on_commit.emails >= 1

    # Opening a paper is audited the first time (it was not before), once.
    with verify_action(actor=world.parent, event_type=Action.VIEW) as opened:
        actions.do_open_paper(user=world.parent, paper=paper)
    assert PaperOpening.objects.filter(paper=paper, user=world.parent).exists()
    assert opened.audit_events[0].object_id == str(paper.pk)
    before = AuditEvent.objects.count()
    actions.do_open_paper(user=world.parent, paper=paper)
    assert AuditEvent.objects.count() == before


def test_the_meeting_its_priorities_and_their_targets(world):
    with time_machine.travel(NOW, tick=False):
        review = _book(world)
    outcome = target_for(world.pupil).outcome
    with time_machine.travel(AFTER_MEETING, tick=False):
        with verify_action(actor=world.senco, event_type=Action.UPDATE):
            actions.do_record_meeting(acting_user=world.senco, review=review,
                                      held_on=MEETING.date(), attendance={},
                                      family_views="Happier", pupil_views="Swimming",
                                      agreed_changes="", progress={outcome.pk: "Most days"})
        review.refresh_from_db()
        assert review.stage == Review.Stage.HELD
        with verify_action(actor=world.senco, event_type=Action.CREATE):
            priority = actions.do_add_priority(acting_user=world.senco, review=review,
                                               area="semh", text="Amira will wait her turn")
        with verify_action(actor=world.senco, event_type=Action.UPDATE) as made:
            targets = actions.do_make_targets(acting_user=world.senco, review=review)
    priority.refresh_from_db()
    assert [target.text for target in targets] == ["Amira will wait her turn"]
    assert priority.target == targets[0]
    assert Target.objects.filter(outcome__plan=targets[0].outcome.plan).count() == 2
    assert made.audit_events[-1].summary == "Made 1 new priorities into targets"
    assert Message.objects.filter(kind="target", contact=world.parent_contact).exists()


def test_the_report_written_sent_decided_and_chased(world, authority):
    EhcpRecord.objects.create(pupil=world.pupil, local_authority=authority,
                              last_review_on=datetime.date(2026, 1, 15))
    review = _held(world)
    Invitee.objects.create(review=review, kind=Invitee.Kind.LOCAL_AUTHORITY,
                           name="Priya Shah", email="send@northmere.example")
    with verify_action(actor=world.senco, event_type=Action.UPDATE):
        actions.do_write_report(acting_user=world.senco, review=review, report="A good year.",
                                recommendation=Review.Decision.KEEP)
    assert Review.objects.get(pk=review.pk).report == "A good year."

    mail.outbox.clear()
    with verify_action(actor=world.senco, event_type=Action.UPDATE) as sent:
        actions.do_send_report(acting_user=world.senco, review=review, report_pdf=PDF_BYTES)
    review.refresh_from_db()
    assert review.stage == Review.Stage.REPORTED
    assert "send@northmere.example" in [message.to[0] for message in mail.outbox]
    assert sent.sent_in_transaction.emails == 0

    mail.outbox.clear()
    with verify_action(actor=world.senco, event_type=Action.UPDATE) as chased:
        assert actions.do_chase(acting_user=world.senco, review=review)
    assert chased.sent_on_commit.emails == 1
    assert mail.outbox[0].to == ["send@northmere.example"]

    with verify_action(actor=world.senco, event_type=Action.UPDATE):
        actions.do_record_decision(acting_user=world.senco, review=review,
                                   decision=Review.Decision.KEEP,
                                   decision_on=datetime.date(2027, 2, 3))
    assert Review.objects.get(pk=review.pk).stage == Review.Stage.FINISHED


def test_cancelling_tells_the_family_after_commit(world, frozen):
    review = _book(world)
    with verify_action(actor=world.senco, event_type=Action.UPDATE):
        actions.do_cancel(acting_user=world.senco, review=review)
        assert _told(ReviewNotice.What.CANCELLED) == 0
    assert Review.objects.get(pk=review.pk).stage == Review.Stage.CANCELLED
    assert _told(ReviewNotice.What.CANCELLED) == 1


def test_a_circulated_pack_is_opened_by_the_family(world):
    summary = circulated(review_for(world.pupil, meets_at=MEETING))
    with verify_action(actor=world.separated_parent, event_type=Action.VIEW):
        actions.do_open_paper(user=world.separated_parent, paper=summary)
    assert summary.openings.filter(user=world.separated_parent).exists()
