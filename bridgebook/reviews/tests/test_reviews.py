"""Running an annual review: the clock, booking and invitations (each parent their own, a
restricted contact never), the pack, the meeting's priorities made targets, the report,
the local authority's decision and the compliance figures. Dates are frozen."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.messaging.models import Message
from bridgebook.reviews import actions, tasks
from bridgebook.reviews.compliance import compliance
from bridgebook.reviews.models import (
    REVIEW_NOTICE,
    EhcpRecord,
    Invitee,
    Paper,
    Review,
    ReviewNotice,
)
from bridgebook.reviews.selectors import LATE, WARN, clock_for
from bridgebook.reviews.tests.conftest import LONDON, MEETING, NOW
from bridgebook.reviews.tests.factories import PDF_BYTES, review_for
from bridgebook.targets import actions as target_actions
from bridgebook.targets.models import Plan, Target, TargetNotice
from bridgebook.targets.tests.factories import target_for

TODAY = datetime.date(2026, 12, 2)


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour),
                                                         tzinfo=LONDON), tick=False)


@pytest.fixture
def sends(django_capture_on_commit_callbacks):
    """Emails go after the transaction commits: ``with sends():`` runs them as it would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def record(pupil, *, last=datetime.date(2026, 1, 15), authority=None, **fields):
    type(pupil).objects.filter(pk=pupil.pk).update(has_ehcp=True)
    return EhcpRecord.objects.create(pupil=pupil, last_review_on=last,
                                     local_authority=authority, **fields)


def told(what: str):
    """The families' messages about one kind of notice (whatever language they read)."""
    return Message.objects.filter(kind=REVIEW_NOTICE, source_id__in=ReviewNotice.objects
                                  .filter(what=what).values("pk"))


def professional_mail() -> list:
    """The emails to people outside the family (families' own go by their channels)."""
    return [m for m in mail.outbox if not m.to[0].endswith("@family.example")]


def problems(clock, level):
    return [problem.text for problem in clock.problems if problem.level == level]


def book(world, *, meets_at=MEETING, contacts=None):
    return actions.do_book(
        acting_user=world.senco, pupil=world.pupil, meets_at=meets_at, place="School",
        interpreter_language="ar", interpreter_name="Language Line",
        contacts=contacts if contacts is not None else [world.parent_contact,
                                                        world.separated_contact],
        professionals=actions.suggested_professionals(world.pupil))


# The clock -------------------------------------------------------------------------------

def test_the_clock_says_due_overdue_unknown_and_booked(world, frozen, authority):
    assert clock_for(world.pupil).status == "unknown"
    assert "No plan date" in problems(clock_for(world.pupil), WARN)[0]
    record(world.pupil, authority=authority)
    clock = clock_for(world.pupil)
    assert (clock.status, clock.due_on) == ("due", datetime.date(2027, 1, 15))
    assert clock.since_label == "the last review"
    EhcpRecord.objects.filter(pupil=world.pupil).update(last_review_on=datetime.date(2025, 11, 1))
    clock = clock_for(world.pupil)
    assert clock.status == "overdue"
    assert "Overdue: due by 1 November 2026" in problems(clock, LATE)[0]
    review_for(world.pupil, meets_at=MEETING, due_on=datetime.date(2026, 11, 1))
    clock = clock_for(world.pupil)
    assert clock.status == "booked"
    assert any("after the date the review was due" in text for text in problems(clock, LATE))


def test_the_clock_warns_before_the_papers_are_due_and_says_when_they_are_late(world,
                                                                                authority):
    record(world.pupil, authority=authority)
    review = review_for(world.pupil, meets_at=MEETING, due_on=datetime.date(2027, 1, 15),
                        invitations_sent_at=NOW)
    with at(datetime.date(2026, 12, 24)):
        assert "The papers must go out by 29 December 2026 (in 5 days)." in problems(
            clock_for(world.pupil), WARN)
    with at(datetime.date(2026, 12, 30)):
        assert "The papers have not gone out: they were due by 29 December 2026." in problems(
            clock_for(world.pupil), LATE)
    Review.objects.filter(pk=review.pk).update(pack_circulated_at=NOW)
    with at(datetime.date(2026, 12, 30)):
        assert problems(clock_for(world.pupil), LATE) == []


def test_after_the_meeting_the_report_and_the_decision_are_chased(world, authority):
    record(world.pupil, authority=authority)
    review_for(world.pupil, meets_at=MEETING, held_on=MEETING.date(),
               stage=Review.Stage.HELD)
    with at(datetime.date(2027, 1, 27)):
        assert problems(clock_for(world.pupil), LATE) == [
            "The report has not gone out: it was due by 26 January 2027."]
    Review.objects.update(report_sent_at=datetime.datetime(2027, 1, 20, tzinfo=LONDON),
                          stage=Review.Stage.REPORTED)
    with at(datetime.date(2027, 2, 10)):
        assert problems(clock_for(world.pupil), LATE) == [
            "The local authority's decision was due by 9 February 2027: chase them."]
    Review.objects.update(decision=Review.Decision.AMEND, decision_on=datetime.date(2027, 2, 5),
                          amendment_proposed_on=datetime.date(2027, 2, 5),
                          stage=Review.Stage.DECIDED)
    with at(datetime.date(2027, 4, 3)):
        assert problems(clock_for(world.pupil), LATE) == [
            "The final amended plan was due by 2 April 2027: chase the local authority."]


def test_a_phase_transfer_brings_its_own_deadline(world, frozen, authority):
    record(world.pupil, authority=authority, transfer="school")
    clock = clock_for(world.pupil)
    assert clock.transfer_deadline == datetime.date(2027, 2, 15)
    assert problems(clock, WARN) == []          # more than a week away
    with at(datetime.date(2027, 2, 16)):
        assert ("Moving on at the end of the year: the plan had to be amended by "
                "15 February 2027.") in problems(clock_for(world.pupil), LATE)


# Booking ---------------------------------------------------------------------------------

def test_booking_invites_each_parent_in_their_own_household_and_never_a_restricted_one(
        world, frozen, authority, sends):
    record(world.pupil, authority=authority)
    with sends():
        review = book(world)
    family = review.invitees.filter(kind=Invitee.Kind.FAMILY)
    assert {(i.contact_id, i.household_id) for i in family} == {
        (world.parent_contact.pk, world.parent_contact.household_id),
        (world.separated_contact.pk, world.separated_contact.household_id)}
    messages = Message.objects.filter(kind=REVIEW_NOTICE)
    assert sorted(messages.values_list("contact_id", flat=True)) == sorted(
        [world.parent_contact.pk, world.separated_contact.pk])
    assert not messages.filter(contact=world.restricted_contact).exists()
    assert "12 January 2027" in messages.get(contact=world.separated_contact).body
    # The head teacher and the local authority's SEN officer get an email each.
    assert sorted(m.to[0] for m in professional_mail()) == ["pat@mapledown.example",
                                                   "send@northmere.example"]
    assert review.due_on == datetime.date(2027, 1, 15)
    assert review.interpreter_language == "ar"
    with pytest.raises(actions.ReviewError):
        actions.do_book(acting_user=world.senco, pupil=world.pupil, meets_at=MEETING,
                        contacts=[world.restricted_contact])
    with pytest.raises(actions.ReviewError, match="booked already"):
        book(world)


def test_moving_the_meeting_tells_everyone_again_and_asks_for_answers_again(world, frozen,
                                                                           sends):
    with sends():
        review = book(world)
    invitee = review.invitees.get(contact=world.parent_contact)
    actions.do_answer(acting_user=world.parent, invitee=invitee, suits=False,
                      proposed_times="Any morning")
    sent = len(professional_mail())
    later = MEETING + datetime.timedelta(days=1)
    with sends():
        changes = actions.do_change_meeting(acting_user=world.senco, review=review, data={
            "meets_at": later, "place": "School", "video_link": "",
            "interpreter_language": "ar", "interpreter_name": "Language Line"})
    assert set(changes) == {"meets_at"}
    assert Message.objects.filter(kind=REVIEW_NOTICE).count() == 4
    assert len(professional_mail()) == sent + 1            # the head teacher (no LA recorded)
    invitee.refresh_from_db()
    assert (invitee.answer, invitee.proposed_times) == ("", "")


def test_an_invitation_is_emailed_once_however_often_the_task_runs(world, frozen, sends):
    with sends():
        review = book(world)
    head = review.invitees.get(kind=Invitee.Kind.HEAD)
    assert len(professional_mail()) == 1
    assert tasks.email_invitee.call(invitee_id=head.pk, what="invitation") is False
    assert len(professional_mail()) == 1


# The pack --------------------------------------------------------------------------------

def test_the_papers_go_out_once_with_the_advice_attached(world, authority, sends):
    record(world.pupil, authority=authority)
    with time_machine.travel(NOW, tick=False):
        review = book(world)
    mail.outbox.clear()
    actions.do_add_paper(acting_user=world.therapist, review=review, title="SALT advice",
                         author_name="Tia Therapist", content=ContentFile(PDF_BYTES))
    with at(datetime.date(2026, 12, 27)), sends():
        actions.do_circulate(acting_user=world.senco, review=review, summary_pdf=PDF_BYTES)
        with pytest.raises(actions.ReviewError, match="gone out already"):
            actions.do_circulate(acting_user=world.senco, review=review, summary_pdf=PDF_BYTES)
    review.refresh_from_db()
    assert review.pack_circulated_at.date() == datetime.date(2026, 12, 27)
    assert review.papers.filter(kind=Paper.Kind.SUMMARY).count() == 1
    assert told(ReviewNotice.What.PACK).count() == 2
    assert len(professional_mail()) == 2
    assert [name for name, _content, _type in professional_mail()[0].attachments] == [
        "SALT advice.pdf", "Summary of Amira's year.pdf"]


# The meeting and after -------------------------------------------------------------------

def test_two_new_priorities_become_targets_of_the_next_plan_in_one_step(world, frozen):
    carried = target_for(world.pupil, text="Ask for a snack with a symbol")
    outcome = carried.outcome
    review = book(world)
    with at(datetime.date(2027, 1, 12), 16):
        actions.do_record_meeting(acting_user=world.senco, review=review,
                                  held_on=datetime.date(2027, 1, 12),
                                  attendance={i.pk: "attended"
                                              for i in review.invitees.all()},
                                  family_views="She is happier", pupil_views="Likes swimming",
                                  agreed_changes="More signing at home",
                                  progress={outcome.pk: "Asks most days"})
    actions.do_add_priority(acting_user=world.senco, review=review, area="", outcome=outcome,
                            text="Amira will sign 'finished' at home and school")
    actions.do_add_priority(acting_user=world.senco, review=review, area="semh",
                            text="Amira will wait for her turn in a group of three")
    made = actions.do_make_targets(acting_user=world.senco, review=review)
    assert len(made) == 2
    assert actions.do_make_targets(acting_user=world.senco, review=review) == []
    review.refresh_from_db()
    plan = review.new_plan
    assert plan.is_current and plan.copied_from_id == outcome.plan_id
    texts = set(Target.objects.filter(outcome__plan=plan).values_list("text", flat=True))
    assert texts == {"Ask for a snack with a symbol",
                     "Amira will sign 'finished' at home and school",
                     "Amira will wait for her turn in a group of three"}
    assert made[0].outcome.copied_from_id == outcome.pk
    assert made[1].outcome.area == "semh"
    # The family is told of the new targets together: each parent one message naming both.
    assert TargetNotice.objects.filter(target__in=made).count() == 2
    told = Message.objects.filter(kind="target")
    assert sorted(told.values_list("contact_id", flat=True)) == sorted(
        [world.parent_contact.pk, world.separated_contact.pk])
    omars = told.get(contact=world.separated_contact)
    assert omars.subject == "2 new targets for Amira"
    assert "- Amira will sign 'finished' at home and school" in omars.body
    assert "- Amira will wait for her turn in a group of three" in omars.body
    # Asked again, nobody hears twice.
    target_actions.tell_family_of_new(made)
    assert told.count() == 2


def test_a_pupil_without_a_plan_gets_a_first_one_from_the_review(world, frozen):
    review = review_for(world.pupil, meets_at=MEETING, held_on=MEETING.date(),
                        stage=Review.Stage.HELD)
    actions.do_add_priority(acting_user=world.senco, review=review, area="communication",
                            text="Amira will greet a friend")
    actions.do_make_targets(acting_user=world.senco, review=review)
    assert Plan.objects.get(pupil=world.pupil).title == "From the annual review of 12 January 2027"


def test_the_report_goes_to_everyone_invited_and_the_decision_is_recorded(world, authority,
                                                                          sends):
    record(world.pupil, authority=authority)
    with time_machine.travel(NOW, tick=False):
        review = book(world)
    with pytest.raises(actions.ReviewError):
        actions.do_send_report(acting_user=world.senco, review=review, report_pdf=PDF_BYTES)
    with at(MEETING.date(), 16):
        actions.do_record_meeting(acting_user=world.senco, review=review,
                                  held_on=MEETING.date(), attendance={}, family_views="",
                                  pupil_views="", agreed_changes="", progress={})
    actions.do_write_report(acting_user=world.senco, review=review, report="A good year.",
                            recommendation=Review.Decision.KEEP)
    mail.outbox.clear()
    with at(datetime.date(2027, 1, 22)), sends():
        actions.do_send_report(acting_user=world.senco, review=review, report_pdf=PDF_BYTES)
    review.refresh_from_db()
    assert review.stage == Review.Stage.REPORTED
    assert told(ReviewNotice.What.REPORT).count() == 2
    assert sorted(m.to[0] for m in professional_mail()) == ["pat@mapledown.example",
                                                   "send@northmere.example"]
    assert professional_mail()[0].attachments[0][0] == "Annual review report for Amira.pdf"
    mail.outbox.clear()
    with sends():
        assert actions.do_chase(acting_user=world.senco, review=review)
    assert professional_mail()[0].to == ["send@northmere.example"]
    actions.do_record_decision(acting_user=world.senco, review=review,
                               decision=Review.Decision.AMEND,
                               decision_on=datetime.date(2027, 2, 3),
                               amendment_proposed_on=datetime.date(2027, 2, 3))
    review.refresh_from_db()
    assert review.stage == Review.Stage.DECIDED
    actions.do_record_decision(acting_user=world.senco, review=review,
                               decision=Review.Decision.AMEND,
                               decision_on=datetime.date(2027, 2, 3),
                               amendment_proposed_on=datetime.date(2027, 2, 3),
                               final_plan_on=datetime.date(2027, 3, 20))
    review.refresh_from_db()
    assert review.stage == Review.Stage.FINISHED


def test_chasing_without_an_address_says_so(world, frozen):
    review = review_for(world.pupil, meets_at=MEETING, stage=Review.Stage.REPORTED)
    assert actions.do_chase(acting_user=world.senco, review=review) is False
    assert mail.outbox == []


# Compliance ------------------------------------------------------------------------------

def test_compliance_counts_what_was_on_time_and_lists_every_miss(world, authority):
    record(world.pupil, authority=authority)
    record(world.pupil_b, last=datetime.date(2025, 10, 1))           # overdue now
    london = lambda day: datetime.datetime.combine(day, datetime.time(10), tzinfo=LONDON)  # noqa: E731
    review_for(world.pupil, meets_at=london(datetime.date(2026, 10, 5)),
               due_on=datetime.date(2026, 10, 10), held_on=datetime.date(2026, 10, 5),
               stage=Review.Stage.REPORTED,
               pack_circulated_at=london(datetime.date(2026, 9, 19)),     # 16 days before
               report_sent_at=london(datetime.date(2026, 10, 15)))        # day 10
    with time_machine.travel(NOW, tick=False):
        figures = compliance(world.senco, [world.school])
    school = figures.schools[0]
    tallies = {key: (t.on_time, t.counted) for key, t in school.total.tallies.items()}
    assert tallies == {"held": (1, 2), "pack": (1, 1), "report": (1, 1), "decision": (0, 1)}
    assert [(case.pupil.pk, case.measure) for case in figures.missed] == [
        (world.pupil.pk, "decision"), (world.pupil_b.pk, "held")]
    assert "no decision yet (due by 2 November 2026)" == figures.missed[0].reason
    assert [row.label for row in school.classes] == ["Class A", "Class B"]
    assert figures.trust.tallies["held"].counted == 2


# What a court order, a late invitation, a cancellation and a failed email do ------------

def test_a_head_teacher_kept_from_the_pupil_by_a_court_order_is_never_invited_or_emailed(
        world, frozen, sends):
    world.restricted_contact.user = world.principal
    world.restricted_contact.save(update_fields=["user"])
    assert [p.kind for p in actions.suggested_professionals(world.pupil)] == []
    with pytest.raises(actions.ReviewError, match="court order"):
        actions.do_book(acting_user=world.senco, pupil=world.pupil, meets_at=MEETING,
                        professionals=[actions.Professional(
                            kind=Invitee.Kind.HEAD, name="Pat Principal",
                            email="pat@mapledown.example", user_id=world.principal.pk)])
    # Invited before the order was recorded: the email does not go.
    world.restricted_contact.user = None
    world.restricted_contact.save(update_fields=["user"])
    with sends():
        review = book(world)
    mail.outbox.clear()
    world.restricted_contact.email = "PAT@mapledown.example"
    world.restricted_contact.save(update_fields=["email"])
    head = review.invitees.get(kind=Invitee.Kind.HEAD)
    with sends():
        actions.do_circulate(acting_user=world.senco, review=review, summary_pdf=PDF_BYTES)
    assert professional_mail() == []
    assert tasks.email_invitee.call(invitee_id=head.pk, what="pack") is False


def test_someone_invited_late_hears_everything_they_missed_once(world, authority, sends):
    record(world.pupil, authority=authority)
    with time_machine.travel(NOW, tick=False), sends():
        review = book(world, contacts=[world.parent_contact])
        actions.do_change_meeting(acting_user=world.senco, review=review, data={
            "meets_at": MEETING + datetime.timedelta(hours=1), "place": "School",
            "video_link": "", "interpreter_language": "ar", "interpreter_name": ""})
        actions.do_circulate(acting_user=world.senco, review=review, summary_pdf=PDF_BYTES)
    mail.outbox.clear()
    with time_machine.travel(NOW, tick=False), sends():
        actions.do_invite(acting_user=world.senco, review=review,
                          contact=world.separated_contact)
        actions.do_invite(acting_user=world.senco, review=review,
                          professional=actions.Professional(
                              kind=Invitee.Kind.HEALTH, name="Dr Green",
                              email="green@nhs.example"))
    omar = Message.objects.filter(kind=REVIEW_NOTICE, contact=world.separated_contact)
    assert [m.subject for m in omar.order_by("pk")] == [
        "Invitation to Amira’s annual review", "The papers for Amira’s annual review"]
    assert "15:00" in omar.order_by("pk")[0].body            # the meeting as it is now
    assert Message.objects.filter(kind=REVIEW_NOTICE, contact=world.parent_contact
                                  ).count() == 3             # nothing again for Layla
    assert sorted(m.subject for m in professional_mail()) == [
        "Annual review of Amira Hassan, Mapledown School",
        "Papers for the annual review of Amira Hassan"]


def test_cancelling_tells_everyone_invited(world, frozen, sends):
    with sends():
        review = book(world)
    mail.outbox.clear()
    with sends():
        actions.do_cancel(acting_user=world.senco, review=review)
    assert told(ReviewNotice.What.CANCELLED).count() == 2
    assert [m.subject for m in professional_mail()] == [
        "Cancelled: annual review of Amira Hassan"]


def test_an_email_whose_sending_failed_goes_with_the_next_days_run(world, frozen, sends,
                                                                    monkeypatch):
    from bridgebook.reviews.notifications import resend_unsent

    def broken(self, *args, **kwargs):
        raise OSError("The mail server is down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with sends():
        book(world)              # the task fails (the worker logs it); nothing is stamped
    review = Review.objects.get(pupil=world.pupil)
    assert review.invitees.get(kind=Invitee.Kind.HEAD).invited_at is None
    monkeypatch.undo()
    with sends():
        resend_unsent()
    assert [m.to for m in professional_mail()] == [["pat@mapledown.example"]]


def test_the_local_authority_is_reminded_after_the_report_and_not_twice_a_week(world,
                                                                              authority,
                                                                              sends):
    record(world.pupil, authority=authority)
    review = review_for(world.pupil, meets_at=MEETING)
    with pytest.raises(actions.ReviewError, match="once the report has gone"):
        actions.do_chase(acting_user=world.senco, review=review)
    Review.objects.filter(pk=review.pk).update(
        stage=Review.Stage.REPORTED, held_on=MEETING.date(),
        report_sent_at=MEETING + datetime.timedelta(days=10))
    with at(datetime.date(2027, 2, 10)), sends():
        assert actions.do_chase(acting_user=world.senco, review=review)
        with pytest.raises(actions.ReviewError, match="last week"):
            actions.do_chase(acting_user=world.senco, review=review)
    assert len(professional_mail()) == 1
    assert "by 09 February 2027" in professional_mail()[0].body


# The clock's finer rules -----------------------------------------------------------------

def test_an_amended_plans_date_does_not_restart_the_clock(world, frozen):
    record(world.pupil, last=datetime.date(2026, 1, 15),
           plan_issued_on=datetime.date(2026, 4, 1))
    clock = clock_for(world.pupil)
    assert (clock.due_on, clock.since_label) == (datetime.date(2027, 1, 15), "the last review")


def test_a_plan_amended_in_time_for_a_transfer_is_not_late_afterwards(world, authority):
    record(world.pupil, authority=authority, transfer="school")
    review_for(world.pupil, meets_at=datetime.datetime(2026, 11, 10, 10, tzinfo=LONDON),
               stage=Review.Stage.FINISHED, held_on=datetime.date(2026, 11, 10),
               decision=Review.Decision.AMEND, final_plan_on=datetime.date(2027, 1, 10))
    with at(datetime.date(2027, 3, 1)):
        assert problems(clock_for(world.pupil), LATE) == []


def test_a_review_booked_without_known_dates_is_not_counted_on_time(world, authority):
    review_for(world.pupil, meets_at=datetime.datetime(2026, 10, 5, 10, tzinfo=LONDON),
               due_on=None, held_on=datetime.date(2026, 10, 5), stage=Review.Stage.HELD)
    type(world.pupil).objects.filter(pk=world.pupil.pk).update(has_ehcp=True)
    with time_machine.travel(NOW, tick=False):
        figures = compliance(world.senco, [world.school])
    held = [case for case in figures.missed if case.measure == "held"]
    assert held[0].reason == ("held on 5 October 2026; the date it was due by was never "
                              "recorded")


# Phase transfers: only this year's amendment counts ----------------------------------------

TRANSFER_LATE = ("Moving on at the end of the year: the plan had to be amended by "
                 "15 February 2027.")


def test_a_plan_amended_in_an_earlier_year_does_not_meet_this_years_transfer_deadline(
        world, authority):
    record(world.pupil, authority=authority, transfer="school")
    # Amended after the review of November 2025, in the school year before the move.
    review_for(world.pupil, meets_at=datetime.datetime(2025, 11, 10, 10, tzinfo=LONDON),
               stage=Review.Stage.FINISHED, held_on=datetime.date(2025, 11, 10),
               decision=Review.Decision.AMEND, final_plan_on=datetime.date(2026, 1, 10))
    with at(datetime.date(2027, 3, 1)):
        assert TRANSFER_LATE in problems(clock_for(world.pupil), LATE)
    # Amended after this year's review, on 1 September at the earliest: in time.
    review_for(world.pupil, meets_at=datetime.datetime(2026, 7, 6, 10, tzinfo=LONDON),
               stage=Review.Stage.FINISHED, held_on=datetime.date(2026, 7, 6),
               decision=Review.Decision.AMEND, final_plan_on=datetime.date(2026, 9, 1))
    with at(datetime.date(2027, 3, 1)):
        assert TRANSFER_LATE not in problems(clock_for(world.pupil), LATE)


def test_a_year_11_pupil_moving_to_post16_has_until_31_march_on_the_calendar(
        world, frozen, authority):
    ben = world.pupil_b
    type(ben).objects.filter(pk=ben.pk).update(date_of_birth=datetime.date(2011, 3, 1))
    ben.refresh_from_db()
    record(ben, authority=authority)
    clock = clock_for(ben)
    assert (clock.transfer, clock.transfer_deadline) == ("post16", datetime.date(2027, 3, 31))
    calendar = signed_in(world.senco).get(
        reverse("reviews:calendar", args=[world.school.urn])).content.decode()
    row = calendar.split(f">{ben.display_name}</a>")[1].split("</tr>")[0]
    assert "Moving on: plan amended by 31 March 2027" in row
    assert "Due by 15 January 2027" in row
    with at(datetime.date(2027, 3, 31)):
        assert not any("Moving on" in text for text in problems(clock_for(ben), LATE))
    with at(datetime.date(2027, 4, 1)):
        assert ("Moving on at the end of the year: the plan had to be amended by "
                "31 March 2027.") in problems(clock_for(ben), LATE)


# An under-five: every 6 months -----------------------------------------------------------

def test_an_under_fives_review_is_due_6_months_after_the_last_and_says_so(world, frozen,
                                                                          authority):
    amira = world.pupil
    type(amira).objects.filter(pk=amira.pk).update(date_of_birth=datetime.date(2022, 6, 1))
    amira.refresh_from_db()                                     # four at the last review
    record(amira, authority=authority, last=datetime.date(2026, 8, 1))
    clock = clock_for(amira)
    assert (clock.due_on, clock.months, clock.status) == (datetime.date(2027, 2, 1), 6, "due")
    senco = signed_in(world.senco)
    tab = senco.get(reverse("reviews:pupil", args=[amira.pk])).content.decode()
    assert "1 February 2027" in tab
    assert "6 months after the last review on 1 August 2026" in tab
    calendar = senco.get(reverse("reviews:calendar", args=[world.school.urn])).content.decode()
    february = calendar.split("February 2027</h2>")[1].split("</table>")[0]
    assert amira.display_name in february and "Due by 1 February 2027" in february
    with at(datetime.date(2027, 2, 2)):
        assert ("Overdue: due by 1 February 2027, 6 months after the last review on "
                "1 August 2026, and no meeting is booked.") in problems(clock_for(amira), LATE)


# Preparing for adulthood, from Year 9 ----------------------------------------------------

def test_from_year_9_the_review_booked_covers_preparing_for_adulthood(world, frozen):
    pupils = type(world.pupil).objects
    pupils.filter(pk=world.pupil.pk).update(date_of_birth=datetime.date(2013, 8, 31))  # Y9
    pupils.filter(pk=world.pupil_b.pk).update(date_of_birth=datetime.date(2013, 9, 1))  # Y8
    world.pupil.refresh_from_db()
    world.pupil_b.refresh_from_db()
    year9 = book(world)
    year8 = actions.do_book(acting_user=world.senco, pupil=world.pupil_b, meets_at=MEETING,
                            place="School")
    assert year9.covers_adulthood is True
    assert year8.covers_adulthood is False
    senco = signed_in(world.senco)
    prompt = "From Year 9 every review covers preparing for adulthood"
    meeting = senco.get(reverse("reviews:meeting", args=[year9.pk]))
    assert meeting.status_code == 200 and prompt in meeting.content.decode()
    assert "From Year 9: this review covers it" in senco.get(
        reverse("reviews:review", args=[year9.pk])).content.decode()
    assert prompt not in senco.get(reverse("reviews:meeting", args=[year8.pk])
                                   ).content.decode()


# Two weeks' notice of the meeting (reg 20(3)) --------------------------------------------

SHORT_NOTICE = "days away: the law asks for at least two weeks' notice"


def meeting_form(day: datetime.date, **extra) -> dict:
    return {"day_day": str(day.day), "day_month": str(day.month), "day_year": str(day.year),
            "time": "14:00", "place": "School", **extra}


def flashed(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_booking_less_than_two_weeks_ahead_warns(world, frozen):
    senco = signed_in(world.senco)
    short = senco.post(reverse("reviews:book", args=[world.pupil.pk]),
                       meeting_form(datetime.date(2026, 12, 15),
                                    contacts=[world.parent_contact.pk]))
    assert short.status_code == 302
    assert f"The meeting is 13 {SHORT_NOTICE}" in flashed(short)
    enough = signed_in(world.senco).post(reverse("reviews:book", args=[world.pupil_b.pk]),
                                         meeting_form(datetime.date(2026, 12, 16)))
    assert enough.status_code == 302
    assert "is booked" in flashed(enough) and SHORT_NOTICE not in flashed(enough)


def test_a_meeting_one_day_away_is_one_day_away(world, frozen):
    """Review: "1 days" read wrong; the warning counts in the singular too (ngettext)."""
    response = signed_in(world.senco).post(reverse("reviews:book", args=[world.pupil.pk]),
                                           meeting_form(datetime.date(2026, 12, 3),
                                                        contacts=[world.parent_contact.pk]))
    assert response.status_code == 302
    assert "The meeting is 1 day away: the law asks for at least two weeks' notice" in (
        flashed(response))


def test_moving_the_meeting_to_less_than_two_weeks_ahead_warns_and_counts_afresh(world,
                                                                                frozen):
    review = book(world)                                     # 12 January: 41 days' notice
    form = meeting_form(datetime.date(2027, 1, 8), interpreter_language="ar",
                        interpreter_name="Language Line")
    with at(datetime.date(2026, 12, 3)):
        moved = signed_in(world.senco).post(reverse("reviews:edit", args=[review.pk]), form)
    assert moved.status_code == 302 and SHORT_NOTICE not in flashed(moved)
    assert not any("invitations" in text for text in problems(clock_for(world.pupil), LATE))
    with at(datetime.date(2026, 12, 29)):
        moved = signed_in(world.senco).post(reverse("reviews:edit", args=[review.pk]),
                                            {**form, "day_day": "9"})
        assert f"The meeting is 11 {SHORT_NOTICE}" in flashed(moved)
        assert ("The invitations went out 11 days before the meeting on 9 January 2027: the "
                "law asks for at least two weeks. Agree the date with everyone invited."
                ) in problems(clock_for(world.pupil), LATE)
        # Only the time changed: no new notice, no warning.
        moved = signed_in(world.senco).post(reverse("reviews:edit", args=[review.pk]),
                                            {**form, "day_day": "9", "time": "15:00"})
        assert "is changed" in flashed(moved)
    review.refresh_from_db()
    assert review.invitations_sent_at.date() == datetime.date(2026, 12, 29)


def test_late_invitations_are_flagged_on_the_clock_the_calendar_and_the_timeline(
        world, authority):
    record(world.pupil, authority=authority)
    with at(datetime.date(2027, 1, 2)):
        review = book(world)                          # 12 January: 10 days' notice
        late = ("The invitations went out 10 days before the meeting on 12 January 2027: "
                "the law asks for at least two weeks. Agree the date with everyone invited.")
        assert late in problems(clock_for(world.pupil), LATE)
        senco = signed_in(world.senco)
        calendar = senco.get(reverse("reviews:calendar", args=[world.school.urn])
                             ).content.decode()
        page = senco.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert late in calendar.split('id="late"')[1].split("</table>")[0]
    row = page.split(">Invitations out by<")[1].split("</tr>")[0]
    assert "29 December 2026" in row and "2 January 2027" in row and "Late" in row
    # Never sent, for a meeting less than two weeks away.
    ben = review_for(world.pupil_b, meets_at=MEETING)
    with at(datetime.date(2026, 12, 29)):
        assert problems(clock_for(world.pupil_b), LATE) == []
    with at(datetime.date(2026, 12, 30)):
        assert problems(clock_for(world.pupil_b), LATE) == [
            "The invitations have not gone out: they were due by 29 December 2026.",
            "The papers have not gone out: they were due by 29 December 2026."]
    assert ben.invitations_sent_at is None


def test_invitations_two_weeks_ahead_are_on_time(world, authority):
    record(world.pupil, authority=authority)
    with at(datetime.date(2026, 12, 29)):
        review = book(world)                          # 12 January: exactly two weeks
        assert problems(clock_for(world.pupil), LATE) == []
        page = signed_in(world.senco).get(reverse("reviews:review", args=[review.pk])
                                          ).content.decode()
    row = page.split(">Invitations out by<")[1].split("</tr>")[0]
    assert "Late" not in row and "Done" in row
