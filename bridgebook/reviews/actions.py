"""Running a pupil's annual review: the plan dates and local authority the clock starts
from, booking with invitations, the family's answer and views, the pack of papers and its
circulation, the meeting, new priorities made into targets, the report, and the local
authority's decision.

Each action takes the person acting, writes in one transaction with an audit row (what was
done, never what a family said), and tells families and professionals only after commit:
translating a message or sending an email never holds a transaction open, and each
sending is stamped once, so a second press sends nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, Role, StaffRole, User
from bridgebook.diary.day import school_today
from bridgebook.people.models import Contact
from bridgebook.questionnaires.recordings import CheckedRecording
from bridgebook.reviews import notifications
from bridgebook.reviews.access import kept_from
from bridgebook.reviews.models import (
    Contribution,
    EhcpRecord,
    Invitee,
    LocalAuthority,
    OutcomeDiscussion,
    Paper,
    PaperOpening,
    Priority,
    Review,
    ReviewNotice,
)
from bridgebook.reviews.schedule import schedule
from bridgebook.reviews.selectors import clock_for, invitable_contacts
from bridgebook.targets import actions as target_actions
from bridgebook.targets.models import Outcome, Plan
from bridgebook.translation.services import written_language

Action = AuditEvent.Action
Stage = Review.Stage
RECORD_FIELDS = ["local_authority", "plan_issued_on", "last_review_on", "transfer"]
AUTHORITY_FIELDS = ["name", "code", "contact_name", "contact_email", "contact_phone"]
CHASE_AGAIN_AFTER = datetime.timedelta(days=7)
MEETING_FIELDS = ["meets_at", "place", "video_link", "interpreter_language",
                  "interpreter_name"]


class ReviewError(ValueError):
    """What cannot be done to a review at its stage (a second press, or out of order)."""


@dataclass(frozen=True)
class Professional:
    """Someone outside the family invited to the review."""
    kind: str
    name: str
    role: str = ""
    email: str = ""
    user_id: int | None = None


def _short(text: str) -> str:
    return Truncator(text).chars(60)


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("pupil", "pupil__school").get(
        pk=review.pk)


# Where the clock starts -----------------------------------------------------------------

@transaction.atomic(durable=True)
def do_save_local_authority(*, acting_user, school, data: dict,
                            authority: LocalAuthority | None = None) -> LocalAuthority:
    if authority is None:
        authority = LocalAuthority.objects.create(
            school=school, **{key: data.get(key, "") for key in AUTHORITY_FIELDS})
        audit.record(actor=acting_user, action=Action.CREATE, obj=authority, school=school,
                     summary=f"Added the local authority {authority.name}")
        return authority
    # Compared with the row as saved (a ModelForm has already set its values on the one
    # it was given).
    authority = LocalAuthority.objects.select_for_update().get(pk=authority.pk)
    changes = audit.changed_fields(authority, data, AUTHORITY_FIELDS)
    if changes:
        for key in changes:
            setattr(authority, key, data[key])
        authority.save(update_fields=list(changes))
        audit.record(actor=acting_user, action=Action.UPDATE, obj=authority, school=school,
                     summary=f"Changed the local authority {authority.name}",
                     changes={key: [str(a), str(b)] for key, (a, b) in changes.items()})
    return authority


@transaction.atomic(durable=True)
def do_save_record(*, acting_user, pupil, data: dict) -> EhcpRecord:
    """The pupil's local authority, plan date, last review and phase transfer."""
    record, created = EhcpRecord.objects.select_for_update().get_or_create(pupil=pupil)
    changes = audit.changed_fields(record, data, RECORD_FIELDS)
    if changes or created:
        for key in changes:
            setattr(record, key, data[key])
        record.updated_at = timezone.now()
        record.save()
        # A booked review is due by what the corrected dates say.
        Review.objects.filter(pupil=pupil, stage=Stage.BOOKED).update(
            due_on=clock_for(pupil).due_on)
        audit.record(actor=acting_user, action=Action.CREATE if created else Action.UPDATE,
                     obj=record, school=pupil.school, pupil=pupil,
                     summary="Changed the plan's dates and local authority",
                     changes={key: [str(a), str(b)] for key, (a, b) in changes.items()})
    return record


# Booking --------------------------------------------------------------------------------

def _head_teachers(pupil) -> list[Professional]:
    """The school's principals, but one a court order keeps from the pupil."""
    roles = (StaffRole.objects.filter(school=pupil.school, role=Role.PRINCIPAL)
             .select_related("user").order_by("user__full_name"))
    return [Professional(kind=Invitee.Kind.HEAD, name=role.user.full_name,
                         role=str(Role.PRINCIPAL.label), email=role.user.email,
                         user_id=role.user_id) for role in roles
            if not kept_from(pupil, user=role.user)]


def _check_professionals(pupil, professionals: Sequence[Professional]) -> None:
    """Refuse anyone a court order keeps from the pupil, whoever suggested them."""
    users = User.objects.in_bulk([p.user_id for p in professionals if p.user_id])
    for professional in professionals:
        if kept_from(pupil, user=users.get(professional.user_id), email=professional.email):
            raise ReviewError(f"{professional.name} may not be told about this pupil: a "
                              "court order restricts them")


def suggested_professionals(pupil) -> list[Professional]:
    """Who the law says to invite besides the family (reg 20): the head teacher and the
    local authority's SEN officer, as the school and the pupil's record know them."""
    invited = _head_teachers(pupil)
    record = EhcpRecord.objects.filter(pupil=pupil).select_related("local_authority").first()
    authority = record.local_authority if record else None
    if authority is not None and authority.contact_name:
        invited.append(Professional(kind=Invitee.Kind.LOCAL_AUTHORITY,
                                    name=authority.contact_name, role=authority.name,
                                    email=authority.contact_email))
    return invited


def do_book(*, acting_user, pupil, meets_at: datetime.datetime, place: str = "",
            video_link: str = "", interpreter_language: str = "", interpreter_name: str = "",
            contacts: Sequence[Contact] = (), professionals: Sequence[Professional] = ()
            ) -> Review:
    """Book the pupil's review and invite everyone: each contact with parental
    responsibility who is not restricted (each household its own invitation), and the
    professionals. A contact who may not be invited is refused, whoever asks."""
    allowed = {contact.pk for contact in invitable_contacts(pupil)}
    refused = [contact for contact in contacts if contact.pk not in allowed]
    if refused:
        raise ReviewError("Only contacts with parental responsibility, not restricted, are "
                          "invited")
    _check_professionals(pupil, professionals)
    clock = clock_for(pupil)
    rules = schedule()
    day = timezone.localtime(meets_at, pupil.school.tz).date()
    try:
        with transaction.atomic(durable=True):
            review = Review.objects.create(
                pupil=pupil, due_on=clock.due_on, meets_at=meets_at, place=place,
                video_link=video_link, interpreter_language=interpreter_language,
                interpreter_name=interpreter_name, created_by=acting_user,
                covers_adulthood=rules.covers_adulthood(pupil.date_of_birth, day),
                transfer_deadline=clock.transfer_deadline)
            Invitee.objects.bulk_create(
                [Invitee(review=review, kind=Invitee.Kind.FAMILY, contact=contact,
                         household_id=contact.household_id, name=contact.full_name,
                         email=contact.email) for contact in contacts]
                + [Invitee(review=review, kind=p.kind, name=p.name, role=p.role,
                           email=p.email, user_id=p.user_id) for p in professionals])
            notice = ReviewNotice.objects.create(review=review,
                                                 what=ReviewNotice.What.INVITATION)
            review.invitations_sent_at = timezone.now()
            review.save(update_fields=["invitations_sent_at"])
            audit.record(actor=acting_user, action=Action.CREATE, obj=review,
                         school=pupil.school, pupil=pupil,
                         summary=f"Booked the annual review for {day:%d %B %Y}, inviting "
                                 f"{len(contacts)} family and {len(professionals)} others")
    except IntegrityError:
        raise ReviewError("The pupil's review is booked already") from None
    notifications.tell_family(notice)
    notifications.email_professionals(review, ReviewNotice.What.INVITATION)
    return review


def do_change_meeting(*, acting_user, review: Review, data: dict) -> dict:
    """Move the meeting, or change where it is or the interpreter; everyone invited hears
    of a new date, time or place. A meeting moved to another day is invited to afresh:
    the 2 weeks' notice the law asks for count from now."""
    with transaction.atomic(durable=True):
        review = _locked(review)
        if review.stage != Stage.BOOKED:
            raise ReviewError("Only a meeting still to come can be moved")
        changes = audit.changed_fields(review, data, MEETING_FIELDS)
        if not changes:
            return changes
        before = review.meeting_day
        for key in changes:
            setattr(review, key, data[key])
        review.version += 1
        stamped = []
        if review.meeting_day != before:
            review.invitations_sent_at = timezone.now()
            stamped = ["invitations_sent_at"]
        review.save(update_fields=[*changes, "version", *stamped])
        notice = None
        if {"meets_at", "place", "video_link"} & set(changes):
            notice = ReviewNotice.objects.create(review=review, what=ReviewNotice.What.CHANGED,
                                                 version=review.version)
            Invitee.objects.filter(review=review).update(answer="", proposed_times="",
                                                         answered_at=None, invited_at=None)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=review,
                     school=review.school, pupil=review.pupil,
                     summary="Changed the review meeting",
                     changes={key: [str(a), str(b)] for key, (a, b) in changes.items()})
    if notice is not None:
        notifications.tell_family(notice)
        notifications.email_professionals(review, ReviewNotice.What.INVITATION)
    return changes


def do_invite(*, acting_user, review: Review, contact: Contact | None = None,
              professional: Professional | None = None) -> Invitee:
    """Invite one more person to a booked review; they hear at once, nobody else again."""
    if contact is not None and contact.pk not in {
            c.pk for c in invitable_contacts(review.pupil)}:
        raise ReviewError("Only contacts with parental responsibility, not restricted, are "
                          "invited")
    if professional is not None:
        _check_professionals(review.pupil, [professional])
    with transaction.atomic(durable=True):
        review = _locked(review)
        if review.stage != Stage.BOOKED:
            raise ReviewError("Invitations are for a meeting still to come")
        if contact is not None:
            invitee, _created = Invitee.objects.get_or_create(
                review=review, contact=contact,
                defaults={"kind": Invitee.Kind.FAMILY, "household_id": contact.household_id,
                          "name": contact.full_name, "email": contact.email})
        else:
            invitee = Invitee.objects.create(
                review=review, kind=professional.kind, name=professional.name,
                role=professional.role, email=professional.email,
                user_id=professional.user_id)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=review,
                     school=review.school, pupil=review.pupil,
                     summary=f"Invited {invitee.name} to the annual review")
    notifications.catch_up(review)
    return invitee


def do_answer(*, acting_user, invitee: Invitee, suits: bool, proposed_times: str = "") -> None:
    """A parent says whether the time suits them, and if not, which times would (kept in
    the language they wrote them in, for staff to read in theirs)."""
    language = "en"
    if not suits and proposed_times.strip():
        fallback = invitee.contact.language if invitee.contact_id else "en"
        language = written_language(proposed_times.strip(), fallback=fallback or "en")
    with transaction.atomic(durable=True):
        _save_answer(acting_user, invitee, suits, proposed_times, language)


def _save_answer(acting_user, invitee, suits, proposed_times, language) -> None:
    review = _locked(invitee.review)
    if review.stage != Stage.BOOKED:
        raise ReviewError("The meeting has happened")
    invitee.answer = Invitee.Answer.SUITS if suits else Invitee.Answer.OTHER_TIME
    invitee.proposed_times = "" if suits else proposed_times.strip()
    invitee.proposed_language = language
    invitee.answered_at = timezone.now()
    invitee.save(update_fields=["answer", "proposed_times", "proposed_language",
                                "answered_at"])
    audit.record(actor=acting_user, action=Action.UPDATE, obj=review, school=review.school,
                 pupil=review.pupil,
                 summary=f"{invitee.name} said the time "
                         f"{'suits' if suits else 'does not suit'}")


# Views before the meeting ---------------------------------------------------------------

def do_give_views(*, acting_user, review: Review, who: str, text: str = "",
                  likes: Sequence[str] = (), dislikes: Sequence[str] = (),
                  recording: CheckedRecording | None = None, from_family: bool = True,
                  household_id: int | None = None, language_fallback: str = "en"
                  ) -> Contribution:
    """A parent's views or the pupil's, in words (kept in the language written), with
    symbols, or spoken; a family member's are their household's."""
    text = (text or "").strip()
    if not (text or likes or dislikes or recording):
        raise ReviewError("Views need words, symbols or a recording")
    if review.stage != Stage.BOOKED:
        raise ReviewError("Views are given before the meeting")
    language = written_language(text, fallback=language_fallback) if text else "en"
    contribution = Contribution(
        review=review, who=who, author=acting_user, from_family=from_family,
        household_id=household_id if from_family else None, text=text, language=language,
        likes=list(likes), dislikes=list(dislikes))
    if recording is not None:
        contribution.content_type = recording.content_type
        contribution.extension = recording.extension
        contribution.recording.save(recording.content.name, recording.content, save=False)
    with transaction.atomic(durable=True):
        contribution.save()
        audit.record(actor=acting_user, action=Action.CREATE, obj=contribution,
                     school=review.school, pupil=review.pupil,
                     summary=f"Gave {who} views for the annual review")
    return contribution


# The pack -------------------------------------------------------------------------------

@transaction.atomic
def do_add_paper(*, acting_user, review: Review, title: str, content, kind: str =
                 Paper.Kind.ADVICE, author_name: str = "", author_role: str = "",
                 received_on: datetime.date | None = None) -> Paper:
    """A PDF for the pack (``content``: a checked file, ``papers.check_pdf``)."""
    paper = Paper(review=review, kind=kind, title=title, author_name=author_name,
                  author_role=author_role, received_on=received_on, uploaded_by=acting_user,
                  size=content.size)
    paper.file.save("paper.pdf", content, save=False)
    paper.save()
    audit.record(actor=acting_user, action=Action.CREATE, obj=paper, school=review.school,
                 pupil=review.pupil, summary=f"Added {_short(title)} to the review papers")
    return paper


def do_open_paper(*, user, paper: Paper) -> None:
    """Note the first time someone opens a paper (who has opened the pack), audited as a
    view of it then (opening it again changes nothing, in one query)."""
    if PaperOpening.objects.filter(paper=paper, user=user).exists():
        return
    with transaction.atomic(durable=True):
        _opening, first = PaperOpening.objects.get_or_create(paper=paper, user=user)
        if first:
            review = paper.review
            audit.record(actor=user, action=Action.VIEW, obj=paper, school=review.school,
                         pupil=review.pupil, summary=f"Opened {_short(paper.title)} of the "
                                                     f"review papers")


def do_circulate(*, acting_user, review: Review, summary_pdf: bytes) -> Review:
    """Send the pack to everyone invited: the school's summary of the year joins the
    advice, the family is told in their language, professionals get it by email. Once."""
    from django.core.files.base import ContentFile

    with transaction.atomic():
        review = _locked(review)
        if review.pack_circulated_at is not None:
            raise ReviewError("The papers have gone out already")
        if review.stage != Stage.BOOKED:
            raise ReviewError("The papers go out before the meeting")
        content = ContentFile(summary_pdf)
        do_add_paper(acting_user=acting_user, review=review, kind=Paper.Kind.SUMMARY,
                     title=f"Summary of {review.pupil.first_name}'s year",
                     author_name=acting_user.full_name, content=content,
                     received_on=timezone.localdate())
        review.pack_circulated_at = timezone.now()
        review.save(update_fields=["pack_circulated_at"])
        notice = ReviewNotice.objects.create(review=review, what=ReviewNotice.What.PACK)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=review,
                     school=review.school, pupil=review.pupil,
                     summary=f"Sent the review papers ({review.papers.count()})")
    notifications.tell_family(notice)
    notifications.email_professionals(review, ReviewNotice.What.PACK)
    return review


# The meeting ----------------------------------------------------------------------------

@transaction.atomic(durable=True)
def do_record_meeting(*, acting_user, review: Review, held_on: datetime.date,
                      attendance: dict[int, str], family_views: str, pupil_views: str,
                      agreed_changes: str, progress: dict[int, str]) -> Review:
    """Who came, what the family and the pupil said, progress on each outcome and the
    changes agreed. Recorded again, it is corrected, not repeated."""
    review = _locked(review)
    if review.stage not in (Stage.BOOKED, Stage.HELD):
        raise ReviewError("The report has gone out: the meeting's record is kept as it was")
    if held_on > school_today(review.school):
        raise ReviewError("A meeting is recorded once it has happened")
    for invitee in review.invitees.all():
        if invitee.pk in attendance and invitee.attendance != attendance[invitee.pk]:
            invitee.attendance = attendance[invitee.pk]
            invitee.save(update_fields=["attendance"])
    for outcome_id, text in progress.items():
        OutcomeDiscussion.objects.update_or_create(review=review, outcome_id=outcome_id,
                                                   defaults={"progress": text})
    changes = audit.changed_fields(review, {
        "held_on": held_on, "family_views": family_views, "pupil_views": pupil_views,
        "agreed_changes": agreed_changes}, ["held_on", "family_views", "pupil_views",
                                            "agreed_changes"])
    review.held_on, review.stage = held_on, Stage.HELD
    review.family_views, review.pupil_views = family_views, pupil_views
    review.agreed_changes = agreed_changes
    review.save()
    audit.record(actor=acting_user, action=Action.UPDATE, obj=review, school=review.school,
                 pupil=review.pupil, summary=f"Recorded the review meeting of {held_on}",
                 changes={"fields": sorted(changes)})
    return review


@transaction.atomic(durable=True)
def do_add_priority(*, acting_user, review: Review, area: str, text: str,
                    success_criteria: str = "", outcome: Outcome | None = None) -> Priority:
    review = _locked(review)
    if review.held_on is None or not review.is_open:
        raise ReviewError("Priorities are agreed at the meeting, once it is recorded")
    if outcome is not None and outcome.plan.pupil_id != review.pupil_id:
        raise ReviewError("The outcome is another pupil's")
    priority = Priority.objects.create(review=review, area=outcome.area if outcome else area,
                                       outcome=outcome, text=text,
                                       success_criteria=success_criteria)
    audit.record(actor=acting_user, action=Action.CREATE, obj=priority,
                 school=review.school, pupil=review.pupil,
                 summary=f"Agreed the new priority {_short(text)}")
    return priority


def do_make_targets(*, acting_user, review: Review) -> list:
    """The new priorities become targets in one step: the plan is copied into the next
    (``targets.actions.do_copy_plan``: outcomes, and targets still being worked on, carried
    over), and each priority is set as a target under its outcome there (or under a new
    outcome of its area). A second press makes nothing twice; the family is told of each
    target after commit."""
    made = []
    with transaction.atomic(durable=True):
        review = _locked(review)
        if review.held_on is None:
            raise ReviewError("Priorities become targets once the meeting is held")
        pupil = review.pupil
        title = f"From the annual review of {review.held_on:%d %B %Y}"
        if review.new_plan_id is None:
            current = Plan.objects.filter(pupil=pupil, is_current=True).first()
            if current is not None:
                plan = target_actions.do_copy_plan(acting_user=acting_user, plan=current,
                                                   title=title, starts_on=review.held_on)
            else:
                plan = target_actions.do_start_plan(acting_user=acting_user, pupil=pupil,
                                                    title=title, starts_on=review.held_on)
            review.new_plan = plan
            review.save(update_fields=["new_plan"])
        plan = review.new_plan
        outcomes = {outcome.copied_from_id: outcome for outcome in plan.outcomes.all()}
        review_date = target_actions.a_year_on(review.held_on)
        for priority in review.priorities.select_for_update().filter(target__isnull=True):
            outcome = outcomes.get(priority.outcome_id) if priority.outcome_id else None
            if outcome is None:
                outcome = target_actions.do_save_outcome(
                    acting_user=acting_user, plan=plan, area=priority.area,
                    text=priority.text)
            target = target_actions.do_add_target(
                acting_user=acting_user, outcome=outcome, tell=False, data={
                    "text": priority.text, "success_criteria": priority.success_criteria,
                    "start_date": review.held_on, "review_date": review_date})
            priority.target = target
            priority.save(update_fields=["target"])
            made.append(target)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=review,
                     school=review.school, pupil=pupil,
                     summary=f"Made {len(made)} new priorities into targets")
    target_actions.tell_family_of_new(made)
    return made


# After the meeting ----------------------------------------------------------------------

@transaction.atomic(durable=True)
def do_write_report(*, acting_user, review: Review, report: str, recommendation: str
                    ) -> Review:
    review = _locked(review)
    if review.stage != Stage.HELD:
        raise ReviewError("The report is written after the meeting, before it is sent")
    review.report, review.recommendation = report, recommendation
    review.save(update_fields=["report", "recommendation"])
    audit.record(actor=acting_user, action=Action.UPDATE, obj=review, school=review.school,
                 pupil=review.pupil, summary="Wrote the review report")
    return review


def do_send_report(*, acting_user, review: Review, report_pdf: bytes) -> Review:
    """Send the report to the local authority and everyone invited (reg 20), once."""
    from django.core.files.base import ContentFile

    with transaction.atomic():
        review = _locked(review)
        if review.report_sent_at is not None:
            raise ReviewError("The report has gone out already")
        if review.stage != Stage.HELD or not review.report.strip():
            raise ReviewError("Write the report after the meeting before sending it")
        do_add_paper(acting_user=acting_user, review=review, kind=Paper.Kind.REPORT,
                     title=f"Annual review report for {review.pupil.first_name}",
                     author_name=acting_user.full_name, content=ContentFile(report_pdf),
                     received_on=timezone.localdate())
        review.report_sent_at = timezone.now()
        review.stage = Stage.REPORTED
        review.save(update_fields=["report_sent_at", "stage"])
        notice = ReviewNotice.objects.create(review=review, what=ReviewNotice.What.REPORT)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=review,
                     school=review.school, pupil=review.pupil,
                     summary="Sent the review report to the local authority and everyone "
                             "invited")
    notifications.tell_family(notice)
    notifications.email_professionals(review, ReviewNotice.What.REPORT)
    return review


@transaction.atomic(durable=True)
def do_record_decision(*, acting_user, review: Review, decision: str,
                       decision_on: datetime.date,
                       amendment_proposed_on: datetime.date | None = None,
                       final_plan_on: datetime.date | None = None) -> Review:
    """What the local authority decided and when; an amendment is finished when the final
    plan arrives, keeping or ending the plan at once."""
    review = _locked(review)
    if review.stage not in (Stage.REPORTED, Stage.DECIDED, Stage.FINISHED):
        raise ReviewError("The decision follows the report")
    data = {"decision": decision, "decision_on": decision_on,
            "amendment_proposed_on": amendment_proposed_on, "final_plan_on": final_plan_on}
    changes = audit.changed_fields(review, data, list(data))
    for key, value in data.items():
        setattr(review, key, value)
    finished = decision != Review.Decision.AMEND or final_plan_on is not None
    review.stage = Stage.FINISHED if finished else Stage.DECIDED
    review.save()
    audit.record(actor=acting_user, action=Action.UPDATE, obj=review, school=review.school,
                 pupil=review.pupil, summary=f"Recorded the local authority's decision "
                 f"({decision})", changes={key: [str(a), str(b)]
                                           for key, (a, b) in changes.items()})
    return review


def do_chase(*, acting_user, review: Review) -> bool:
    """Remind the local authority's officer that its decision (or the final plan) is due;
    False when nobody there has an email address."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        review = _locked(review)
        if review.stage not in (Stage.REPORTED, Stage.DECIDED):
            raise ReviewError("The local authority is reminded once the report has gone, "
                              "until its decision and final plan arrive")
        if review.chased_at and review.chased_at > now - CHASE_AGAIN_AFTER:
            raise ReviewError("The local authority was reminded in the last week")
        if not notifications.chase_local_authority(review):
            return False
        review.chased_at = now
        review.save(update_fields=["chased_at"])
        audit.record(actor=acting_user, action=Action.UPDATE, obj=review,
                     school=review.school, pupil=review.pupil,
                     summary="Reminded the local authority of its decision")
    return True


@transaction.atomic(durable=True)
def do_cancel(*, acting_user, review: Review) -> None:
    review = _locked(review)
    if review.stage != Stage.BOOKED:
        raise ReviewError("Only a meeting still to come is cancelled")
    review.stage = Stage.CANCELLED
    review.save(update_fields=["stage"])
    notice = ReviewNotice.objects.create(review=review, what=ReviewNotice.What.CANCELLED)
    audit.record(actor=acting_user, action=Action.UPDATE, obj=review, school=review.school,
                 pupil=review.pupil, summary="Cancelled the review meeting")
    transaction.on_commit(lambda: notifications.tell_family(notice))
    notifications.email_professionals(review, ReviewNotice.What.CANCELLED)
