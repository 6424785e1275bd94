"""Writing the conduct log.

Each action takes the person acting and writes in one transaction with an audit row.
Audit rows about the log say what was done and to which incident (its id), never what the
incident says or whom it is about, and never name a pupil: the audit page is read by the
principal and the trust administrator (who does not read the log), and an incident deleted
at the end of its retention period leaves nothing of itself behind in the audit log. What
changed is listed by field name only, for the same reason.

Every page that shows an incident writes a VIEW row for each incident it shows
(``do_record_views``), and a subject-access PDF an EXPORT row for each incident in it: one
insert however many, so the list page costs the same for 3 incidents or 50.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from bridgebook.agreements.models import Statement
from bridgebook.agreements.nas import BY_KEY
from bridgebook.conduct import export
from bridgebook.conduct.models import (
    DEFAULT_RETENTION_MONTHS,
    MAX_RETENTION_MONTHS,
    ConductAction,
    ConductIncident,
    ConductReview,
    ConductSettings,
)
from bridgebook.conduct.selectors import (
    incidents_to_delete,
    same_adult,
    schools_with_incidents,
    staff_choices,
    statement_choices,
    subject_access,
)
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, School
from bridgebook.core.registry import site
from bridgebook.diary.day import school_today
from bridgebook.reviews.schedule import add_months

Action = AuditEvent.Action
INCIDENT = ConductIncident._meta.model_name
# ``breach=KEEP`` when changing an incident: the statement it breaches stays as recorded.
KEEP = object()
INCIDENT_FIELDS = ["contact", "person_name", "person_description", "pupil", "occurred_on",
                   "occurred_time", "how", "how_detail", "what_happened", "statement",
                   "statement_key", "statement_text"]


class ConductError(ValueError):
    """What cannot be recorded (no adult named, a pupil of another school, a second
    close)."""


def do_record_views(*, acting_user, incidents, action: str = Action.VIEW,
                    summary: str = "Viewed a conduct incident") -> None:
    """One audit row per incident shown (or exported), naming who looked: one insert."""
    incidents = list(incidents)
    if not incidents:
        return
    if INCIDENT not in site.audit_types:
        raise LookupError(f"audit events about {INCIDENT!r} are not declared")
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    AuditEvent.objects.bulk_create([
        AuditEvent(actor=actor, school_id=incident.school_id, action=action,
                   object_type=INCIDENT, object_id=str(incident.pk), summary=summary)
        for incident in incidents])


# What the incident says ---------------------------------------------------------------------

def _who(*, school, contact, person_name: str) -> tuple:
    """The contact and the name the record keeps: a contact's own name, or the name typed
    for someone who is not a contact of the school."""
    if contact is not None:
        if contact.school_id != school.pk:
            raise ConductError("Choose a contact of this school")
        return contact, contact.full_name
    person_name = (person_name or "").strip()
    if not person_name:
        raise ConductError("Choose the contact, or give the name of the adult")
    return None, person_name


def _breach(*, school, breach) -> tuple[Statement | None, str, str]:
    """The statement breached, its NAS key and its words as they are now: a statement of
    the school's current published agreement, or (a school without one) the key of a NAS
    required statement, in the policy's words; or nothing."""
    if breach is None or breach == "":
        return None, "", ""
    if isinstance(breach, Statement):
        if not statement_choices(school).filter(pk=breach.pk).exists():
            raise ConductError("Choose a statement of the school's current agreement")
        return breach, breach.nas_key, breach.text
    if isinstance(breach, str) and breach in BY_KEY:
        # The policy's own words, in English as the NAS wrote them, whatever the language
        # of the page the senior leader recorded it from.
        with translation.override("en-gb"):
            return None, breach, str(BY_KEY[breach].text)
    raise ConductError("Choose one of the statements offered")


def _check(*, school, pupil, staff_affected, occurred_on) -> None:
    if pupil is not None and pupil.school_id != school.pk:
        raise ConductError("Choose a pupil of this school")
    allowed = set(staff_choices(school).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in staff_affected):
        raise ConductError("Choose the staff affected from this school's staff")
    if occurred_on > school_today(school):
        raise ConductError("An incident is recorded once it has happened")


def _refresh_keep_from(incident: ConductIncident) -> None:
    """Count the incident's retention from the day it closed; while open, from today (the
    last day anything was written to it) or its latest review or action date if later."""
    today = school_today(incident.school)
    if incident.closed_at:
        keep_from = timezone.localdate(incident.closed_at, timezone=incident.school.tz)
    else:
        dates = [today]
        reviews = incident.reviews.aggregate(due=Max("due_on"), held=Max("held_on"))
        dates += [day for day in reviews.values() if day]
        last_action = incident.actions.aggregate(last=Max("taken_on"))["last"]
        if last_action:
            dates.append(last_action)
        keep_from = max(dates)
    if incident.keep_from != keep_from:
        incident.keep_from = keep_from
        incident.save(update_fields=["keep_from"])


@transaction.atomic(durable=True)
def do_record_incident(*, acting_user, school: School, occurred_on: datetime.date, how: str,
                       what_happened: str, contact=None, person_name: str = "",
                       person_description: str = "", pupil=None, occurred_time=None,
                       how_detail: str = "", staff_affected=(), breach=None,
                       review_on: datetime.date | None = None) -> ConductIncident:
    """A senior leader records an incident: who (a contact, or someone by name), when, how,
    what happened, the staff affected, the statement it breaches and, if given, the date
    to review it."""
    contact, person_name = _who(school=school, contact=contact, person_name=person_name)
    staff_affected = list(staff_affected)
    _check(school=school, pupil=pupil, staff_affected=staff_affected, occurred_on=occurred_on)
    statement, statement_key, statement_text = _breach(school=school, breach=breach)
    if not what_happened.strip():
        raise ConductError("Say what happened")
    incident = ConductIncident.objects.create(
        school=school, contact=contact, person_name=person_name,
        person_description=person_description.strip(), pupil=pupil, occurred_on=occurred_on,
        occurred_time=occurred_time, how=how, how_detail=how_detail.strip(),
        what_happened=what_happened.strip(), statement=statement, statement_key=statement_key,
        statement_text=statement_text, recorded_by=acting_user, keep_from=school_today(school))
    incident.staff_affected.set(staff_affected)
    audit.record(actor=acting_user, action=Action.CREATE, obj=incident,
            summary="Recorded a conduct incident")
    if review_on is not None:
        ConductReview.objects.create(incident=incident, due_on=review_on)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=incident,
                summary="Set a review date for a conduct incident")
    _refresh_keep_from(incident)
    return incident


def _open(incident: ConductIncident) -> ConductIncident:
    """The incident as it is now, locked; refused once closed."""
    current = (ConductIncident.objects.select_for_update().select_related("school")
               .get(pk=incident.pk))
    if not current.is_open:
        raise ConductError("This incident is closed: it can no longer be changed")
    return current


@transaction.atomic(durable=True)
def do_update_incident(*, acting_user, incident: ConductIncident, data: dict
                       ) -> ConductIncident:
    """Change what an open incident says (``data`` holds the fields of
    ``do_record_incident`` but the review date; ``breach=KEEP`` leaves the statement as
    recorded). The audit row names the fields changed, not their values."""
    current = _open(incident)
    school = current.school
    contact, person_name = _who(school=school, contact=data.get("contact"),
                                person_name=data.get("person_name", ""))
    staff_affected = list(data.get("staff_affected", ()))
    _check(school=school, pupil=data.get("pupil"), staff_affected=staff_affected,
           occurred_on=data["occurred_on"])
    if not data["what_happened"].strip():
        raise ConductError("Say what happened")
    new = {"contact": contact, "person_name": person_name,
           "person_description": data.get("person_description", "").strip(),
           "pupil": data.get("pupil"), "occurred_on": data["occurred_on"],
           "occurred_time": data.get("occurred_time"), "how": data["how"],
           "how_detail": data.get("how_detail", "").strip(),
           "what_happened": data["what_happened"].strip()}
    breach = data.get("breach", KEEP)
    if breach is not KEEP:
        # The same statement, or the same NAS key recorded without one: its words stay as
        # they were recorded.
        same = (breach.pk == current.statement_id if isinstance(breach, Statement)
                else bool(breach) and breach == current.statement_key
                and current.statement_id is None)
        if not same:
            statement, key, text = _breach(school=school, breach=breach)
            new.update(statement=statement, statement_key=key, statement_text=text)
    changed = list(audit.changed_fields(current, new, INCIDENT_FIELDS))
    before = set(current.staff_affected.values_list("pk", flat=True))
    if before != {person.pk for person in staff_affected}:
        current.staff_affected.set(staff_affected)
        changed.append("staff_affected")
    if changed:
        for name in changed:
            if name in new:
                setattr(current, name, new[name])
        current.updated_at = timezone.now()
        current.save(update_fields=[name for name in changed if name in new] + ["updated_at"])
        audit.record(actor=acting_user, action=Action.UPDATE, obj=current,
                summary="Changed a conduct incident",
                changes=dict.fromkeys(changed, "changed"))
        _refresh_keep_from(current)
    return current


@transaction.atomic(durable=True)
def do_add_action(*, acting_user, incident: ConductIncident, kind: str,
                  taken_on: datetime.date, note: str = "") -> ConductAction:
    """Record what the school did about an open incident, and when."""
    current = _open(incident)
    item = ConductAction.objects.create(incident=current, kind=kind, taken_on=taken_on,
                                        note=note.strip(), recorded_by=acting_user)
    audit.record(actor=acting_user, action=Action.UPDATE, obj=current,
            summary=f"Added an action to a conduct incident ({item.get_kind_display()})")
    _refresh_keep_from(current)
    return item


@transaction.atomic(durable=True)
def do_add_review(*, acting_user, incident: ConductIncident, due_on: datetime.date
                  ) -> ConductReview:
    """Set a date to review an open incident."""
    current = _open(incident)
    review = ConductReview.objects.create(incident=current, due_on=due_on)
    audit.record(actor=acting_user, action=Action.UPDATE, obj=current,
            summary="Set a review date for a conduct incident")
    _refresh_keep_from(current)
    return review


@transaction.atomic(durable=True)
def do_hold_review(*, acting_user, review: ConductReview, held_on: datetime.date,
                   note: str) -> bool:
    """Record that a review took place and what it decided; False if it was recorded
    already (a second press changes nothing)."""
    current = _open(review.incident)
    if held_on > school_today(current.school):
        raise ConductError("A review is recorded once it has taken place")
    done = ConductReview.objects.filter(pk=review.pk, incident=current,
                                        held_on__isnull=True).update(
        held_on=held_on, note=note.strip(), held_by=acting_user)
    if done:
        audit.record(actor=acting_user, action=Action.UPDATE, obj=current,
                summary="Recorded a review of a conduct incident")
        _refresh_keep_from(current)
    return bool(done)


@transaction.atomic(durable=True)
def do_close_incident(*, acting_user, incident: ConductIncident, outcome: str) -> bool:
    """Close an incident with its outcome; its retention is counted from today. False if it
    was closed already."""
    outcome = outcome.strip()
    if not outcome:
        raise ConductError("Say how the incident ended")
    now = timezone.now()
    done = ConductIncident.objects.filter(pk=incident.pk,
                                          status=ConductIncident.Status.OPEN).update(
        status=ConductIncident.Status.CLOSED, outcome=outcome, closed_at=now,
        closed_by=acting_user, updated_at=now)
    if not done:
        return False
    current = ConductIncident.objects.select_related("school").get(pk=incident.pk)
    audit.record(actor=acting_user, action=Action.UPDATE, obj=current,
            summary="Closed a conduct incident")
    _refresh_keep_from(current)
    return True


# The subject-access export ------------------------------------------------------------------

@transaction.atomic(durable=True)
def do_export_subject_access(*, acting_user, incident: ConductIncident, incidents
                             ) -> tuple[bytes, int]:
    """A PDF of every incident recorded about the adult ``incident`` is about, among
    ``incidents`` (those the senior leader may read), for the school to release to them
    after its own redaction check; an EXPORT row for each incident in it. Returns the PDF
    and how many incidents it holds."""
    found = subject_access(same_adult(incidents, incident))
    content = export.subject_access_pdf(found, school=incident.school,
                                        person_name=incident.person_name,
                                        made_by=acting_user)
    do_record_views(acting_user=acting_user, incidents=found, action=Action.EXPORT,
                    summary="Exported a conduct incident in a subject-access PDF")
    return content, len(found)


# Settings and retention ---------------------------------------------------------------------

@transaction.atomic(durable=True)
def do_save_settings(*, acting_user, school: School, retention_months: int
                     ) -> ConductSettings:
    if not 1 <= retention_months <= MAX_RETENTION_MONTHS:
        raise ConductError(f"Keep incidents for 1 to {MAX_RETENTION_MONTHS} months")
    rules, created = ConductSettings.objects.select_for_update().get_or_create(
        school=school, defaults={"retention_months": DEFAULT_RETENTION_MONTHS})
    before = rules.retention_months
    if before != retention_months or created:
        rules.retention_months = retention_months
        rules.save(update_fields=["retention_months"])
        audit.record(actor=acting_user, action=Action.UPDATE, obj=rules, school=school,
                     summary=f"Changed how long conduct incidents are kept: {before} to "
                             f"{retention_months} months",
                     changes={"retention_months": [before, retention_months]})
    return rules


def do_delete_expired(*, today: datetime.date | None = None) -> int:
    """Delete every incident whose school's retention period has run out (counted from its
    ``keep_from``), with its actions and reviews, each with a DELETE audit row that says
    nothing of what it held. Safe to run twice, even at once: what is deleted is locked
    first, so a second run finds nothing more. Returns how many went."""
    removed = 0
    for school, months in schools_with_incidents():
        day = today or school_today(school)
        before = add_months(day, -months)
        with transaction.atomic(durable=True):
            ids = list(incidents_to_delete(school, before).select_for_update()
                       .values_list("pk", flat=True))
            if not ids:
                continue
            gone = [ConductIncident(pk=pk, school_id=school.pk) for pk in ids]
            ConductIncident.objects.filter(pk__in=ids).delete()
            do_record_views(acting_user=None, incidents=gone, action=Action.DELETE,
                            summary=f"Deleted a conduct incident: the school's retention "
                                    f"period of {months} months had run out")
        removed += len(ids)
    return removed
