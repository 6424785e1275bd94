"""Writing the contact log and home visits.

Each action takes the person acting, writes in one transaction with an audit row (what was
done, never what was said), and starts anything sent only after commit. ``record_contact``
is the one way a contact record is made, by this app and by others (appointments and
parents' evenings call it with a ``source_key``, so a record is made once per source);
``withdraw_contact`` takes such a record back when what made it turns out not to have
happened.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from bridgebook.contact import notifications
from bridgebook.contact.models import (
    ContactRecord,
    ContactSettings,
    FollowUp,
    HomeVisit,
    StaffPhone,
)
from bridgebook.contact.selectors import (
    household_choices,
    may_be_named,
    settings_for,
    staff_choices,
)
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.people.models import PupilContact

Action = AuditEvent.Action
SETTINGS_FIELDS = ["pairs_required", "alert_after_minutes", "escalate_after_minutes",
                   "senior_leader", "remind_weeks_before"]


class ContactError(ValueError):
    """What cannot be recorded or done (a restricted contact, a second press, a visit
    planned alone where pairs are required)."""


# The contact log -----------------------------------------------------------------------

def record_contact(*, pupil, staff, how, about, happened_at, contact=None, household=None,
                   interpreter=False, source_key="", recorded_by=None) -> ContactRecord:
    """Log that `staff` (a User) was in contact with the family of `pupil`. `contact` is the
    people.Contact spoken with (its household is used when `household` is not given).
    A non-empty `source_key` (e.g. "appointment:12", "evening:5", "visit:3") makes it
    idempotent: calling again with the same key returns the record already made."""
    if how not in ContactRecord.How.values:
        raise ContactError(f"Not a way of being in contact: {how!r}")
    if contact is not None:
        link = PupilContact.objects.filter(pupil=pupil, contact=contact).first()
        if link is None or link.is_restricted:
            raise ContactError("Contact is recorded only with the pupil's family members "
                               "who are not restricted")
        if household is None:
            household = contact.household
    if source_key:
        existing = ContactRecord.objects.filter(source_key=source_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            record = ContactRecord.objects.create(
                school=pupil.school, pupil=pupil, household=household, contact=contact,
                staff=staff, happened_at=happened_at, how=how, about=about,
                interpreter=interpreter, source_key=source_key, recorded_by=recorded_by)
            audit.record(actor=recorded_by or staff, action=Action.CREATE, obj=record,
                         school=pupil.school, pupil=pupil,
                         summary=f"Recorded contact with the family ({how}) by "
                                 f"{staff.full_name}")
    except IntegrityError:
        if source_key:
            return ContactRecord.objects.get(source_key=source_key)
        raise
    return record


def withdraw_contact(*, source_key: str, by=None) -> bool:
    """Take back the contact record made from `source_key` (a meeting cancelled or marked
    'did not come' after it was counted): deletes it with an audit row; False when there
    was none."""
    if not source_key:
        return False
    with transaction.atomic():
        record = (ContactRecord.objects.select_related("pupil", "school")
                  .filter(source_key=source_key).first())
        if record is None:
            return False
        deleted, _counts = ContactRecord.objects.filter(pk=record.pk).delete()
        if not deleted:
            return False                  # another request withdrew it first
        audit.record(actor=by, action=Action.DELETE, obj=record, school=record.school,
                     pupil=record.pupil,
                     summary=f"Withdrew the contact with the family ({record.how}) recorded "
                             f"from {source_key}: it did not take place")
    return True


@transaction.atomic(durable=True)
def do_log_contact(*, acting_user, pupil, contact, how: str, about: str,
                   happened_at: datetime.datetime, interpreter: bool = False,
                   follow_up: str = "", follow_up_owner=None,
                   follow_up_due: datetime.date | None = None) -> ContactRecord:
    """A member of staff logs their own conversation with a family member, with an
    optional follow-up for someone."""
    if happened_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ContactError("Contact is logged once it has happened")
    if follow_up and not may_be_named(follow_up_owner, pupil.school, pupil):
        raise ContactError("Choose a member of staff who may work with this pupil for the "
                           "follow-up")
    record = record_contact(pupil=pupil, staff=acting_user, how=how, about=about,
                            happened_at=happened_at, contact=contact,
                            interpreter=interpreter, recorded_by=acting_user)
    if follow_up:
        item = FollowUp.objects.create(record=record, what=follow_up, owner=follow_up_owner,
                                       due_on=follow_up_due)
        audit.record(actor=acting_user, action=Action.CREATE, obj=item, school=pupil.school,
                     pupil=pupil, summary=f"Added a follow-up for {follow_up_owner.full_name}, "
                                          f"due {follow_up_due:%d %B %Y}")
        if follow_up_owner.pk != acting_user.pk:
            transaction.on_commit(lambda: notifications.tell_follow_up_owner(item.pk),
                                  robust=True)
    return record


@transaction.atomic(durable=True)
def do_complete_follow_up(*, acting_user, follow_up: FollowUp) -> bool:
    """Mark a follow-up done; False if it was already (a second press changes nothing)."""
    now = timezone.now()
    done = FollowUp.objects.filter(pk=follow_up.pk, done_at__isnull=True).update(
        done_at=now, done_by=acting_user)
    if done:
        pupil = follow_up.record.pupil
        audit.record(actor=acting_user, action=Action.UPDATE, obj=follow_up,
                     school=pupil.school, pupil=pupil, summary="Marked a follow-up done")
    return bool(done)


# Home visits ----------------------------------------------------------------------------

def _address(household) -> str:
    parts = [household.address_line_1, household.address_line_2, household.town,
             household.postcode]
    return ", ".join(part for part in parts if part)


def check_visit_staff(*, school, pupil, lead, second, buddy) -> None:
    """Refuse a plan the school's rules or a court order do not allow."""
    allowed = set(staff_choices(school, pupil).values_list("pk", flat=True))
    for person in (lead, second, buddy):
        if person is not None and person.pk not in allowed:
            raise ContactError(f"{person.full_name} cannot be part of this visit")
    if second is not None and second.pk == lead.pk:
        raise ContactError("Choose a different second member of staff")
    if buddy.pk in {lead.pk, getattr(second, "pk", None)}:
        raise ContactError("The colleague to alert stays behind: choose someone not on "
                           "the visit")
    if second is None and settings_for(school).pairs_required:
        raise ContactError("Home visits at this school are made in pairs: choose a second "
                           "member of staff")


@transaction.atomic(durable=True)
def do_plan_visit(*, acting_user, pupil, household, purpose: str, lead, buddy,
                  starts_at: datetime.datetime, ends_at: datetime.datetime, second=None,
                  purpose_note: str = "", interpreter_language: str = "") -> HomeVisit:
    """Plan a home visit; the address is copied from the household now."""
    if not household_choices(pupil).filter(pk=household.pk).exists():
        raise ContactError("A visit goes to the home of a family member who is not "
                           "restricted")
    if ends_at <= starts_at:
        raise ContactError("The visit must end after it starts")
    check_visit_staff(school=pupil.school, pupil=pupil, lead=lead, second=second, buddy=buddy)
    visit = HomeVisit.objects.create(
        school=pupil.school, pupil=pupil, household=household, address=_address(household),
        purpose=purpose, purpose_note=purpose_note, lead=lead, second=second, buddy=buddy,
        starts_at=starts_at, ends_at=ends_at, interpreter_language=interpreter_language,
        planned_by=acting_user)
    local = timezone.localtime(starts_at, pupil.school.tz)
    audit.record(actor=acting_user, action=Action.CREATE, obj=visit, school=pupil.school,
                 pupil=pupil, summary=f"Planned a {purpose} home visit by {lead.full_name} "
                                      f"on {local:%d %B %Y at %H:%M}")
    return visit


@transaction.atomic(durable=True)
def do_check_in(*, acting_user, visit: HomeVisit) -> bool:
    """The visiting staff arrive: stamped once (False the second time)."""
    if visit.cancelled_at:
        raise ContactError("This visit was cancelled")
    now = timezone.now()
    done = HomeVisit.objects.filter(pk=visit.pk, checked_in_at__isnull=True,
                                    cancelled_at__isnull=True).update(
        checked_in_at=now, checked_in_by=acting_user)
    if not done and HomeVisit.objects.filter(pk=visit.pk,
                                             cancelled_at__isnull=False).exists():
        raise ContactError("This visit was cancelled")
    if done:
        audit.record(actor=acting_user, action=Action.UPDATE, obj=visit, school=visit.school,
                     pupil=visit.pupil, summary="Checked in on arrival at a home visit")
    return bool(done)


@transaction.atomic(durable=True)
def do_check_out(*, acting_user, visit: HomeVisit) -> bool:
    """The visiting staff leave safely: stamped once, and any alert stands down."""
    now = timezone.now()
    done = HomeVisit.objects.filter(pk=visit.pk, checked_in_at__isnull=False,
                                    checked_out_at__isnull=True).update(
        checked_out_at=now, checked_out_by=acting_user)
    if done:
        audit.record(actor=acting_user, action=Action.UPDATE, obj=visit, school=visit.school,
                     pupil=visit.pupil, summary="Checked out on leaving a home visit")
    elif not HomeVisit.objects.filter(pk=visit.pk, checked_in_at__isnull=False).exists():
        raise ContactError("Check in first")
    return bool(done)


@transaction.atomic(durable=True)
def do_acknowledge(*, acting_user, visit: HomeVisit) -> bool:
    """Someone alerted says they are dealing with it: no further escalation. Stamped once."""
    now = timezone.now()
    done = HomeVisit.objects.filter(pk=visit.pk, alerted_at__isnull=False,
                                    acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=acting_user)
    if done:
        audit.record(actor=acting_user, action=Action.UPDATE, obj=visit, school=visit.school,
                     pupil=visit.pupil,
                     summary=f"{acting_user.full_name} acknowledged the lone-working alert")
    return bool(done)


@transaction.atomic(durable=True)
def do_cancel_visit(*, acting_user, visit: HomeVisit, reason: str) -> bool:
    """Call off a planned visit nobody has checked in to: it leaves the visiting staff's
    day, is never alerted about and is never written up. Once (False the second time)."""
    reason = reason.strip()
    if not reason:
        raise ContactError("Say why the visit is cancelled")
    done = HomeVisit.objects.filter(pk=visit.pk, cancelled_at__isnull=True,
                                    checked_in_at__isnull=True,
                                    written_up_at__isnull=True).update(
        cancelled_at=timezone.now(), cancelled_by=acting_user, cancel_reason=reason)
    if not done:
        current = HomeVisit.objects.get(pk=visit.pk)
        if current.cancelled_at:
            return False
        raise ContactError("The visit has started: it can no longer be cancelled")
    audit.record(actor=acting_user, action=Action.UPDATE, obj=visit, school=visit.school,
                 pupil=visit.pupil, summary="Cancelled a home visit")
    return True


CHANGE_FIELDS = ["starts_at", "ends_at", "lead", "second", "buddy"]


@transaction.atomic(durable=True)
def do_change_visit(*, acting_user, visit: HomeVisit, starts_at: datetime.datetime,
                    ends_at: datetime.datetime, lead, buddy, second=None) -> HomeVisit:
    """Move a planned visit nobody has checked in to, or change its staff or the colleague
    to alert (under the same rules as planning it)."""
    current = HomeVisit.objects.select_for_update().select_related("school", "pupil").get(
        pk=visit.pk)
    if current.cancelled_at:
        raise ContactError("This visit was cancelled")
    if current.checked_in_at or current.written_up_at:
        raise ContactError("The visit has started: it can no longer be changed")
    if ends_at <= starts_at:
        raise ContactError("The visit must end after it starts")
    check_visit_staff(school=current.school, pupil=current.pupil, lead=lead, second=second,
                      buddy=buddy)
    data = {"starts_at": starts_at, "ends_at": ends_at, "lead": lead, "second": second,
            "buddy": buddy}
    changes = audit.changed_fields(current, data, CHANGE_FIELDS)
    if changes:
        for key in changes:
            setattr(current, key, data[key])
        current.save(update_fields=list(changes))
        audit.record(actor=acting_user, action=Action.UPDATE, obj=current,
                     school=current.school, pupil=current.pupil,
                     summary="Changed a planned home visit", changes=changes)
    return current


def do_write_up(*, acting_user, visit: HomeVisit, outcome: str, advice: str = "",
                happened: bool = False) -> ContactRecord:
    """Write up what came of a visit: the visit counts as termly contact with the household
    visited, and the advice goes to that household's contacts entitled to the pupil, each
    in their language (after commit). Written up once, for a visit checked in to, or (when
    nobody checked in) one that has started and that ``happened`` confirms took place;
    never a cancelled or future visit."""
    with transaction.atomic(durable=True):
        now = timezone.now()
        current = HomeVisit.objects.get(pk=visit.pk)
        if current.cancelled_at:
            raise ContactError("This visit was cancelled: there is nothing to write up")
        if current.written_up_at:
            raise ContactError("This visit has been written up already")
        if not current.checked_in_at:
            if now < current.starts_at:
                raise ContactError("A visit is written up once it has happened")
            if not happened:
                raise ContactError("Nobody checked in to this visit: confirm that it "
                                   "happened")
        done = HomeVisit.objects.filter(pk=visit.pk, written_up_at__isnull=True,
                                        cancelled_at__isnull=True).filter(
            Q(checked_in_at__isnull=False) | Q(starts_at__lte=now)).update(
            outcome=outcome, advice=advice, written_up_at=now, written_up_by=acting_user)
        if not done:
            raise ContactError("This visit has been written up already")
        record = record_contact(
            pupil=visit.pupil, staff=visit.lead, how=ContactRecord.How.HOME_VISIT,
            about=outcome, happened_at=current.checked_in_at or current.starts_at,
            household=visit.household, interpreter=bool(visit.interpreter_language),
            source_key=visit.source_key, recorded_by=acting_user)
        audit.record(actor=acting_user, action=Action.UPDATE, obj=visit, school=visit.school,
                     pupil=visit.pupil, summary="Wrote up a home visit"
                     + ("" if current.checked_in_at else
                        " nobody checked in to, confirming it happened")
                     + (" and shared advice with the family" if advice else ""))
        if advice:
            transaction.on_commit(lambda: notifications.share_advice(visit.pk), robust=True)
    return record


# Settings --------------------------------------------------------------------------------

@transaction.atomic(durable=True)
def do_save_settings(*, acting_user, school, data: dict) -> ContactSettings:
    rules, created = ContactSettings.objects.select_for_update().get_or_create(school=school)
    changes = audit.apply_changes(rules, data, SETTINGS_FIELDS)
    if changes or created:
        audit.record(actor=acting_user, action=Action.UPDATE, obj=rules, school=school,
                     summary="Changed the home visit and termly contact settings",
                     changes=changes)
    return rules


@transaction.atomic(durable=True)
def do_save_phone(*, acting_user, mobile: str) -> StaffPhone | None:
    """A member of staff's own mobile number for alerts (empty: removed)."""
    if not mobile:
        phone = StaffPhone.objects.filter(user=acting_user).first()
        if phone is not None:
            audit.record(actor=acting_user, action=Action.DELETE, obj=phone, school=None,
                         summary="Removed their mobile number for lone-working alerts")
            phone.delete()
        return None
    phone, _created = StaffPhone.objects.update_or_create(user=acting_user,
                                                          defaults={"mobile": mobile})
    audit.record(actor=acting_user, action=Action.UPDATE, obj=phone, school=None,
                 summary="Changed their mobile number for lone-working alerts")
    return phone
