"""Raising and answering concerns.

Each action takes the person acting, checks the step is allowed where the concern stands,
writes in one transaction with an audit row (what was done, never what was written: a
concern's words stay on the concern), and starts anything sent only after commit
(``notifications``). What a family member writes is kept as written, with its language
(detected, or their language on record), worked out before the transaction opens: detecting
may call the translation provider.

Where a concern stands (``Status``):

    raised ──acknowledge──▶ being worked on ──propose──▶ resolution proposed
                                  ▲                         │ the family answers
                                  └────── not resolved ◀────┤
                                                            └──▶ resolved
    Not resolved, or not acknowledged in time: escalated once, to a senior leader, who
    works on it and proposes in turn. Still not resolved after that, or no proposal from
    the senior leader within the school's time to acknowledge (counted again from the
    escalation): the family is shown the school's complaints procedure (a separate, formal
    process; a concern is not one). When they make a complaint, staff record that the
    concern was passed to the complaints procedure, which closes it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgebook.concerns import notifications
from bridgebook.concerns.access import is_raiser, is_team
from bridgebook.concerns.deadlines import school_days_after
from bridgebook.concerns.models import (
    OPEN_STATUSES,
    Addressed,
    Concern,
    ConcernEntry,
    ConcernSettings,
    Status,
)
from bridgebook.concerns.selectors import (
    escalation_lead,
    leaders,
    settings_for,
    team_choices,
)
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.diary.day import school_today
from bridgebook.people.models import PupilContact
from bridgebook.translation.services import written_language

Action = AuditEvent.Action
Kind = ConcernEntry.Kind
SETTINGS_FIELDS = ["acknowledge_within_days", "complaints_procedure_url", "senior_leader"]
MAX_TEXT = 5000


class ConcernError(ValueError):
    """A step the concern's state, or the person, does not allow."""


def _text(value: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ConcernError(_("Write something first"))
    if len(value) > MAX_TEXT:
        raise ConcernError(ngettext("Write at most %(count)s character",
                                    "Write at most %(count)s characters", MAX_TEXT)
                           % {"count": MAX_TEXT})
    return value


def _locked(concern: Concern) -> Concern:
    """The concern as it is now, locked until the transaction ends (two people answering
    at once see each other's answer)."""
    return Concern.objects.select_for_update().get(pk=concern.pk)


def _entry(concern: Concern, *, kind: str, author, text: str = "", named=None,
           from_family: bool = False, language: str = "en", at=None) -> ConcernEntry:
    return ConcernEntry.objects.create(concern=concern, kind=kind, author=author, named=named,
                                       text=text, from_family=from_family, language=language,
                                       created_at=at or timezone.now())


def _audit(acting_user, concern: Concern, action: str, summary: str, obj=None) -> None:
    audit.record(actor=acting_user, action=action, obj=obj or concern, school=concern.school,
                 pupil=concern.pupil, summary=summary)


def _on_commit(function, *args) -> None:
    transaction.on_commit(lambda: function(*args), robust=True)


# Raising ----------------------------------------------------------------------------------

def do_raise_concern(*, acting_user, pupil, contact, addressed_to: str, text: str,
                     wants_meeting: bool = False) -> Concern:
    """A family member raises a concern about their child with its class or residential
    staff; those staff are told after commit."""
    text = _text(text)
    if addressed_to not in Addressed.values:
        raise ConcernError(_("Choose who to raise it with"))
    if addressed_to == Addressed.RESIDENTIAL and pupil.residential_group_id is None:
        raise ConcernError(_("This child is in no residential group"))
    language = written_language(text, fallback=contact.language or "en")
    with transaction.atomic(durable=True):
        if not PupilContact.objects.entitled().filter(pupil=pupil, contact=contact).exists():
            raise ConcernError(_("Only a family member entitled to the child raises a concern"))
        now = timezone.now()
        rules = settings_for(pupil.school)
        due = school_days_after(pupil.school, timezone.localdate(now, pupil.school.tz),
                                rules.acknowledge_within_days)
        concern = Concern.objects.create(
            school=pupil.school, pupil=pupil, contact=contact, raised_by=acting_user,
            addressed_to=addressed_to, text=text, language=language,
            wants_meeting=wants_meeting, raised_at=now, acknowledge_by=due)
        _audit(acting_user, concern, Action.CREATE,
               f"{contact.full_name} raised a concern about {pupil.legal_name} with the "
               f"{addressed_to} staff")
        _on_commit(notifications.tell_staff, concern.pk)
    return concern


# The team's steps ------------------------------------------------------------------------

def _may_act(acting_user, concern: Concern) -> None:
    if not is_team(acting_user, concern):
        raise ConcernError(_("Only the staff the concern was raised with, whoever deals "
                             "with it and the school’s leaders act on it"))


def do_acknowledge(*, acting_user, concern: Concern, handler) -> bool:
    """Say the concern has been read and who is dealing with it; the family is told. Once
    (False the second time). A concern passed to a senior leader before anyone
    acknowledged it stays with them."""
    _may_act(acting_user, concern)
    if handler.pk not in {user.pk for user in team_choices(concern)}:
        raise ConcernError(_("Choose someone who may deal with this concern"))
    with transaction.atomic(durable=True):
        current = _locked(concern)
        if current.acknowledged_at is not None:
            return False
        if current.status not in (Status.RAISED, Status.ESCALATED):
            raise ConcernError(_("This concern cannot be acknowledged now"))
        now = timezone.now()
        current.acknowledged_at, current.acknowledged_by = now, acting_user
        fields = ["acknowledged_at", "acknowledged_by"]
        if current.status == Status.RAISED:
            current.status, current.handler = Status.ACKNOWLEDGED, handler
            fields += ["status", "handler"]
        current.save(update_fields=fields)
        entry = _entry(current, kind=Kind.ACKNOWLEDGED, author=acting_user,
                       named=current.handler, at=now)
        _audit(acting_user, current, Action.UPDATE,
               f"{acting_user.full_name} acknowledged a concern; "
               f"{current.handler.full_name} is dealing with it")
        _on_commit(notifications.tell_family, entry.pk)
    _refresh(concern, current)
    return True


def do_add_note(*, acting_user, concern: Concern, text: str) -> ConcernEntry:
    """A note for staff only: the family never reads it."""
    _may_act(acting_user, concern)
    text = _text(text)
    with transaction.atomic(durable=True):
        entry = _entry(concern, kind=Kind.NOTE, author=acting_user, text=text)
        _audit(acting_user, concern, Action.CREATE,
               f"{acting_user.full_name} added a note to a concern", obj=entry)
    return entry


def _open_and_acknowledged(current: Concern) -> None:
    if current.status == Status.RESOLVED:
        raise ConcernError(_("This concern is resolved"))
    if current.status == Status.COMPLAINTS:
        raise ConcernError(_("This concern was passed to the complaints procedure"))
    if current.acknowledged_at is None and current.status == Status.RAISED:
        raise ConcernError(_("Acknowledge the concern first, saying who is dealing with it"))


def do_add_update(*, acting_user, concern: Concern, text: str) -> ConcernEntry:
    """An update for the family (in their language, marked), while it is worked on."""
    _may_act(acting_user, concern)
    text = _text(text)
    with transaction.atomic(durable=True):
        current = _locked(concern)
        _open_and_acknowledged(current)
        entry = _entry(current, kind=Kind.UPDATE, author=acting_user, text=text)
        _audit(acting_user, current, Action.CREATE,
               f"{acting_user.full_name} sent the family an update on a concern", obj=entry)
        _on_commit(notifications.tell_family, entry.pk)
    return entry


def do_propose_resolution(*, acting_user, concern: Concern, text: str) -> ConcernEntry:
    """Propose how the concern is resolved: the family says whether it is."""
    _may_act(acting_user, concern)
    text = _text(text)
    with transaction.atomic(durable=True):
        current = _locked(concern)
        _open_and_acknowledged(current)
        current.status = Status.PROPOSED
        current.save(update_fields=["status"])
        entry = _entry(current, kind=Kind.PROPOSAL, author=acting_user, text=text)
        _audit(acting_user, current, Action.UPDATE,
               f"{acting_user.full_name} proposed a resolution of a concern", obj=entry)
        _on_commit(notifications.tell_family, entry.pk)
    _refresh(concern, current)
    return entry


# The family's answer ---------------------------------------------------------------------

def do_answer(*, acting_user, concern: Concern, resolved: bool, text: str = "",
              language: str = "en") -> ConcernEntry:
    """The family member who raised the concern says whether the proposed resolution
    resolves it; whoever deals with it is told."""
    if not is_raiser(acting_user, concern):
        raise ConcernError(_("Only the family member who raised the concern answers it"))
    text = _text(text, required=False)
    written = written_language(text, fallback=language) if text else language
    with transaction.atomic(durable=True):
        current = _locked(concern)
        if current.status != Status.PROPOSED:
            raise ConcernError(_("There is no proposed resolution to answer"))
        now = timezone.now()
        if resolved:
            current.status, current.resolved_at = Status.RESOLVED, now
            fields = ["status", "resolved_at"]
        else:
            current.status, current.not_resolved_at = Status.NOT_RESOLVED, now
            fields = ["status", "not_resolved_at"]
        current.save(update_fields=fields)
        entry = _entry(current, kind=Kind.AGREED if resolved else Kind.NOT_RESOLVED,
                       author=acting_user, text=text, from_family=True, language=written,
                       at=now)
        _audit(acting_user, current, Action.UPDATE,
               f"{current.contact.full_name} said a concern is "
               + ("resolved" if resolved else "not resolved"), obj=entry)
        _on_commit(notifications.tell_handler, entry.pk)
    _refresh(concern, current)
    return entry


# Escalating ------------------------------------------------------------------------------

def may_escalate(user, concern: Concern, today=None) -> bool:
    """Whether ``user`` may pass the concern to a senior leader now: once, while it is
    open; the team at any time, the family member who raised it when it is not resolved
    or was not acknowledged in time."""
    if concern.is_escalated or not concern.is_open:
        return False
    if is_team(user, concern):
        return True
    if not is_raiser(user, concern):
        return False
    today = today or school_today(concern.school)
    return concern.status == Status.NOT_RESOLVED or concern.is_overdue(today)


def do_escalate(*, acting_user, concern: Concern, to=None, text: str = "",
                language: str = "en") -> ConcernEntry:
    """Pass the concern to a senior leader (``to``, or the school's choice), who deals with
    it from now on; they are told, and so is the family when staff passed it on. The family
    member's reason, when they pass it on, is on the step they read; staff's reason is for
    the senior leader alone, a note after the step (the family is told only who has it)."""
    if not may_escalate(acting_user, concern):
        raise ConcernError(_("This concern cannot be passed to a senior leader now"))
    from_family = is_raiser(acting_user, concern)
    text = _text(text, required=False)
    written = "en"
    if from_family:
        written = written_language(text, fallback=language) if text else language
    choices = leaders(concern.school, concern.pupil)
    if to is None or from_family:
        to = escalation_lead(concern.school, concern.pupil, choices=choices)
    if to is None or to.pk not in {user.pk for user in choices}:
        raise ConcernError(_("The school has no senior leader or principal to pass it to"))
    with transaction.atomic(durable=True):
        current = _locked(concern)
        if current.escalated_at is not None or current.status not in OPEN_STATUSES:
            raise ConcernError(_("This concern has been passed to a senior leader already"))
        now = timezone.now()
        current.status, current.escalated_at, current.handler = Status.ESCALATED, now, to
        current.propose_by = school_days_after(
            current.school, timezone.localdate(now, current.school.tz),
            settings_for(current.school).acknowledge_within_days)
        current.save(update_fields=["status", "escalated_at", "handler", "propose_by"])
        entry = _entry(current, kind=Kind.ESCALATED, author=acting_user, named=to,
                       text=text if from_family else "", from_family=from_family,
                       language=written, at=now)
        reason = None
        if text and not from_family:
            reason = _entry(current, kind=Kind.NOTE, author=acting_user, text=text, at=now)
        _audit(acting_user, current, Action.UPDATE,
               f"{acting_user.full_name} passed a concern to {to.full_name}"
               + (" with a note for staff" if reason else ""), obj=entry)
        _on_commit(notifications.tell_senior_leader, entry.pk, reason.pk if reason else None)
        if not from_family:
            _on_commit(notifications.tell_family, entry.pk)
    _refresh(concern, current)
    return entry


def do_pass_to_complaints(*, acting_user, concern: Concern) -> ConcernEntry:
    """Record that the family made a complaint and the concern is dealt with under the
    school's complaints procedure from now on: the concern is closed (off the open list)
    and the family is told. A step of the concern's team, while it is open."""
    _may_act(acting_user, concern)
    with transaction.atomic(durable=True):
        current = _locked(concern)
        if not current.is_open:
            raise ConcernError(_("This concern is closed already"))
        now = timezone.now()
        current.status, current.complaints_at = Status.COMPLAINTS, now
        current.save(update_fields=["status", "complaints_at"])
        entry = _entry(current, kind=Kind.COMPLAINTS, author=acting_user, at=now)
        _audit(acting_user, current, Action.UPDATE,
               f"{acting_user.full_name} recorded that a concern was passed to the "
               "school's complaints procedure (the concern is closed)", obj=entry)
        _on_commit(notifications.tell_family, entry.pk)
    _refresh(concern, current)
    return entry


def _refresh(concern: Concern, current: Concern) -> None:
    """Keep the caller's instance in step with what was saved."""
    for name in ("status", "handler_id", "acknowledged_at", "acknowledged_by_id",
                 "escalated_at", "resolved_at", "not_resolved_at", "propose_by",
                 "complaints_at"):
        setattr(concern, name, getattr(current, name))
    if concern.handler_id is not None:
        concern.handler = current.handler


# The daily job ----------------------------------------------------------------------------

def tell_staff_missed() -> int:
    """Email the staff of each concern still waiting to be acknowledged whose email could
    not be sent when it was raised (``notifications.tell_staff`` unclaims it when sending
    fails). Each is claimed with a conditional UPDATE before it is sent, so two runs at
    once, or a run and the raising itself, send it once. Returns how many were sent."""
    missed = (Concern.objects.filter(staff_told_at__isnull=True, status=Status.RAISED)
              .order_by("pk").values_list("pk", flat=True))
    return sum(notifications.tell_staff(concern_id) for concern_id in list(missed))


def flag_overdue(*, now=None) -> int:
    """Tell the school's leaders of each concern not acknowledged by the end of the school
    day it was due, once: each is claimed with a conditional UPDATE before anyone is told,
    and unclaimed if telling failed (the next run tries again). Returns how many were
    flagged."""
    now = now or timezone.now()
    # A day's slack for time zones; each school's own date is checked below.
    candidates = (Concern.objects.filter(status=Status.RAISED, acknowledged_at__isnull=True,
                                         overdue_flagged_at__isnull=True,
                                         acknowledge_by__lte=now.date())
                  .select_related("school", "pupil").order_by("pk"))
    flagged = 0
    for concern in candidates:
        if not concern.is_overdue(timezone.localdate(now, concern.school.tz)):
            continue
        claimed = Concern.objects.filter(pk=concern.pk, overdue_flagged_at__isnull=True,
                                         status=Status.RAISED).update(overdue_flagged_at=now)
        if not claimed:
            continue
        try:
            notifications.tell_leaders_overdue(concern.pk)
        except Exception:
            Concern.objects.filter(pk=concern.pk).update(overdue_flagged_at=None)
            notifications.logger.exception("Telling the leaders of overdue concern %s "
                                           "failed; tried again next run", concern.pk)
            continue
        audit.record(actor=None, action=Action.UPDATE, obj=concern, school=concern.school,
                     pupil=concern.pupil,
                     summary="Told the school's leaders a concern was not acknowledged in "
                             "time")
        flagged += 1
    return flagged


# Settings --------------------------------------------------------------------------------

@transaction.atomic(durable=True)
def do_save_settings(*, acting_user, school, data: dict) -> ConcernSettings:
    rules, created = ConcernSettings.objects.select_for_update().get_or_create(school=school)
    changes = audit.apply_changes(rules, data, SETTINGS_FIELDS)
    if changes or created:
        audit.record(actor=acting_user, action=Action.UPDATE, obj=rules, school=school,
                     summary="Changed the concern settings", changes=changes)
    return rules
