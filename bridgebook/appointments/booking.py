"""Booking, moving and cancelling a meeting, for appointments and parents' evenings alike.

A member of staff's time is booked once. ``book`` and ``move`` lock the member of staff's
row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite takes its write lock when the
transaction starts) and look for a clash inside the lock, so of two parents pressing the
same time at the same moment the second waits, sees the first's meeting and is told the
time has gone. The unique constraint on (staff, start) is the last guard.

Each change raises the appointment's ``sequence`` (the calendar invitation's SEQUENCE),
writes an audit row and an ``AppointmentNotice``, and after commit the family and the
member of staff are told (``notifications.tell``): nothing is sent for a change that did
not happen, and nothing is translated or sent while a transaction is open. What could
not be sent then is sent by the next hourly job (``reminders.resend_missed``).

A meeting that ended a day ago counts as contact with the family (``count_held_meetings``)
unless its member of staff said it did not happen (``mark_not_held``); saying so after it
was counted takes the contact record back. A meeting is cancelled or moved only before it
starts, so it has no contact record then.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgebook.appointments.models import (
    Appointment,
    AppointmentNotice,
    AppointmentSettings,
    Availability,
    Mode,
)
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, School

Action = AuditEvent.Action
What = AppointmentNotice.What
logger = logging.getLogger(__name__)


class NotBookable(Exception):
    """Why a time cannot be booked; its text is for the person booking."""


def settings_for(school: School) -> AppointmentSettings:
    found = AppointmentSettings.objects.filter(school=school).first()
    return found or AppointmentSettings(school=school)


def interpreter_language(contacts: Iterable) -> str:
    """The language of the first of ``contacts`` who needs an interpreter, or ""."""
    for contact in contacts:
        if contact.interpreter_needed:
            return contact.language or ""
    return ""


def meeting_minutes(base_minutes: int, contacts: Iterable, school: School) -> int:
    """How long a meeting with ``contacts`` lasts: longer when an interpreter is there,
    as everything is said twice."""
    if interpreter_language(contacts):
        return base_minutes + settings_for(school).interpreter_extra_minutes
    return base_minutes


def video_link_for(school: School, uid: str) -> str:
    """The school's video room for a meeting (``{room}`` becomes the meeting's own name)."""
    template = settings_for(school).video_link_template
    if not template:
        return ""
    room = uid.split("@", 1)[0].replace("-", "")[:16]
    return template.replace("{room}", room).replace("{uid}", room)


def _lock_staff(staff_id: int) -> None:
    get_user_model().objects.select_for_update().filter(pk=staff_id).values_list(
        "pk", flat=True).first()


def _clash(*, staff_id: int, contact_ids: list[int], starts_at: datetime.datetime,
           ends_at: datetime.datetime, exclude_id: int | None = None) -> str:
    """Why the time clashes with a booked meeting of the member of staff or of one of the
    family, or "" when it is free."""
    booked = (Appointment.objects.filter(status=Appointment.Status.BOOKED,
                                         starts_at__lt=ends_at, ends_at__gt=starts_at)
              .exclude(pk=exclude_id))
    if booked.filter(staff_id=staff_id).exists():
        return _("That time has just been booked by someone else. Please choose another "
                 "time.")
    if contact_ids and (booked.filter(contact_id__in=contact_ids).exists()
                        or booked.filter(with_contacts__in=contact_ids).exists()):
        return _("You already have a meeting at that time. Please choose another time.")
    return ""


def _actor(by):
    """Who acted, as a user to record (None for a job, or nobody signed in)."""
    return by if by is not None and by.is_authenticated else None


def _notify(notice: AppointmentNotice) -> None:
    from bridgebook.appointments import notifications

    # robust: whatever goes wrong telling, the change stands and the next callbacks run;
    # what was not sent is sent by the hourly job (``reminders.resend_missed``).
    transaction.on_commit(lambda: notifications.tell(notice.pk), robust=True)


def _notice(appointment: Appointment, what: str) -> AppointmentNotice:
    notice, _created = AppointmentNotice.objects.get_or_create(
        appointment=appointment, what=what, sequence=appointment.sequence)
    return notice


def _summary(appointment: Appointment, verb: str) -> str:
    local = timezone.localtime(appointment.starts_at, appointment.school.tz)
    return f"{verb} a meeting on {local:%Y-%m-%d %H:%M}"


def book(*, staff, pupil, contact, starts_at: datetime.datetime,
         ends_at: datetime.datetime, by, mode: str = Mode.IN_SCHOOL, place: str = "",
         video_link: str = "", about: str = "", with_contacts: Iterable = (),
         interpreter_language: str = "", interpreter_name: str = "", availability=None,
         evening=None) -> Appointment:
    """Book ``staff`` to meet ``contact`` (and ``with_contacts``) about ``pupil``; raises
    NotBookable when the time has gone or clashes with the family's own meetings."""
    if ends_at <= starts_at:
        raise NotBookable(_("A meeting must end after it starts."))
    if starts_at <= timezone.now():
        raise NotBookable(_("That time has passed. Please choose another time."))
    together = [c for c in with_contacts if c.pk != contact.pk]
    contact_ids = [contact.pk] + [c.pk for c in together]
    school = pupil.school
    with transaction.atomic():
        _lock_staff(staff.pk)
        reason = _clash(staff_id=staff.pk, contact_ids=contact_ids, starts_at=starts_at,
                        ends_at=ends_at)
        if reason:
            raise NotBookable(reason)
        appointment = Appointment(
            school=school, staff=staff, pupil=pupil, contact=contact,
            household=contact.household, availability=availability, evening=evening,
            starts_at=starts_at, ends_at=ends_at, mode=mode, place=place, about=about,
            interpreter_language=interpreter_language, interpreter_name=interpreter_name,
            booked_by=_actor(by))
        if mode == Mode.VIDEO:
            appointment.video_link = video_link or video_link_for(school, appointment.uid)
        try:
            with transaction.atomic():
                appointment.save()
        except IntegrityError as error:
            raise NotBookable(_("That time has just been booked by someone else. Please "
                                "choose another time.")) from error
        if together:
            appointment.with_contacts.set(together)
        audit.record(actor=by, action=Action.CREATE, obj=appointment, school=school,
                     pupil=pupil, summary=_summary(appointment, "Booked"))
        _notify(_notice(appointment, What.BOOKED))
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return (Appointment.objects.select_for_update().select_related("school")
            .get(pk=appointment.pk))


def _window_for(appointment: Appointment, starts_at, ends_at) -> Availability | None:
    """The member of staff's published time that holds [starts_at, ends_at), a block for
    the meeting's interpreter language first; None when the time is from none."""
    windows = list(Availability.objects.filter(
        staff_id=appointment.staff_id, school_id=appointment.school_id,
        starts_at__lte=starts_at, ends_at__gte=ends_at).order_by("starts_at", "pk"))
    windows.sort(key=lambda window: not (window.language and window.language
                                         == appointment.interpreter_language))
    return windows[0] if windows else None


def _interpreter_after_move(current: Appointment, window: Availability | None) -> str:
    """Who interprets at the meeting's new time: the new same-language block's
    interpreter; else nobody named, unless the interpreter did not come with the old
    block (booked for this meeting by other means), who stays."""
    language = current.interpreter_language
    if not language:
        return ""
    if window is not None and window.language == language:
        return window.interpreter_name
    old = current.availability
    from_old_block = (old is not None and old.language == language
                      and old.interpreter_name == current.interpreter_name)
    return "" if from_old_block else current.interpreter_name


def move(appointment: Appointment, *, starts_at: datetime.datetime,
         ends_at: datetime.datetime, by, reason: str = "",
         availability: Availability | None = None) -> Appointment:
    """Move a booked meeting to another time, with the reason both sides are told. The
    meeting now belongs to ``availability`` (the window the new time came from; by default
    the member of staff's window that holds it, if any), and its interpreter is the new
    same-language block's."""
    if ends_at <= starts_at:
        raise NotBookable(_("A meeting must end after it starts."))
    if starts_at <= timezone.now():
        raise NotBookable(_("That time has passed. Please choose another time."))
    with transaction.atomic():
        _lock_staff(appointment.staff_id)
        current = _locked(appointment)
        if not current.is_booked:
            raise NotBookable(_("This meeting has been cancelled."))
        _refuse_once_started(current)
        contact_ids = [current.contact_id, *current.with_contacts.values_list("pk", flat=True)]
        clash = _clash(staff_id=current.staff_id, contact_ids=contact_ids,
                       starts_at=starts_at, ends_at=ends_at, exclude_id=current.pk)
        if clash:
            raise NotBookable(clash)
        if availability is None:
            availability = _window_for(current, starts_at, ends_at)
        before = timezone.localtime(current.starts_at, current.school.tz)
        interpreter_before = current.interpreter_name
        current.interpreter_name = _interpreter_after_move(current, availability)
        current.availability = availability
        current.starts_at, current.ends_at = starts_at, ends_at
        current.sequence += 1
        current.change_reason = reason
        current.changed_by = _actor(by)
        current.updated_at = timezone.now()
        try:
            with transaction.atomic():
                current.save(update_fields=["starts_at", "ends_at", "sequence",
                                            "change_reason", "changed_by", "updated_at",
                                            "availability", "interpreter_name"])
        except IntegrityError as error:
            raise NotBookable(_("That time has just been booked by someone else. Please "
                                "choose another time.")) from error
        changes = {"starts_at": [before.isoformat(), starts_at.isoformat()]}
        if interpreter_before != current.interpreter_name:
            changes["interpreter_name"] = [interpreter_before, current.interpreter_name]
        audit.record(actor=by, action=Action.UPDATE, obj=current, pupil=current.pupil,
                     summary=_summary(current, "Moved") + f" (was {before:%Y-%m-%d %H:%M})",
                     changes=changes)
        _notify(_notice(current, What.MOVED))
    return current


def relocate(appointment: Appointment, *, mode: str, place: str, by) -> Appointment:
    """Carry a change of where or how a meeting happens (a parents' evening's mode or
    place, a member of staff's room) into a booked meeting still to come: its SEQUENCE
    rises and both sides are told in words of their own (``What.RELOCATED``: where or how,
    not when, has changed), the calendar invitation a METHOD:REQUEST as for a move. Called
    under the caller's transaction with the meeting locked (``select_for_update``)."""
    before = (appointment.mode, appointment.place)
    appointment.mode, appointment.place = mode, place
    fields = ["mode", "place", "sequence", "change_reason", "changed_by", "updated_at"]
    if mode == Mode.VIDEO and not appointment.video_link:
        appointment.video_link = video_link_for(appointment.school, appointment.uid)
        fields.append("video_link")
    appointment.sequence += 1
    # What families are told is the new place or way to meet; an earlier reason for a
    # move is not theirs to read again.
    appointment.change_reason = ""
    appointment.changed_by = _actor(by)
    appointment.updated_at = timezone.now()
    appointment.save(update_fields=fields)
    audit.record(actor=by, action=Action.UPDATE, obj=appointment, pupil=appointment.pupil,
                 summary=_summary(appointment, "Changed the place or mode of"),
                 changes={"mode": [before[0], mode], "place": [before[1], place]})
    _notify(_notice(appointment, What.RELOCATED))
    return appointment


def cancel(appointment: Appointment, *, by, reason: str) -> Appointment:
    """Cancel a booked meeting, with the reason both sides are told. A second press
    changes nothing and tells nobody again. A meeting that has started is not cancelled
    (it happened, or its member of staff says it did not: ``mark_not_held``)."""
    with transaction.atomic():
        current = _locked(appointment)
        if not current.is_booked:
            return current
        _refuse_once_started(current)
        current.status = Appointment.Status.CANCELLED
        current.sequence += 1
        current.change_reason = reason
        current.changed_by = _actor(by)
        current.updated_at = timezone.now()
        current.save(update_fields=["status", "sequence", "change_reason", "changed_by",
                                    "updated_at"])
        audit.record(actor=by, action=Action.UPDATE, obj=current, pupil=current.pupil,
                     summary=_summary(current, "Cancelled"))
        _notify(_notice(current, What.CANCELLED))
    return current


def _refuse_once_started(appointment: Appointment) -> None:
    if appointment.starts_at <= timezone.now():
        raise NotBookable(_("This meeting has already started, so it can no longer be moved "
                            "or cancelled."))


def mark_not_held(appointment: Appointment, *, by) -> Appointment:
    """Its member of staff says a meeting that has started did not take place (the family
    did not come): it no longer counts as contact with the family (a record already made
    from it is withdrawn). Audited; nobody is messaged. A second press changes nothing."""
    with transaction.atomic():
        current = _locked(appointment)
        if current.is_not_held:
            return current
        if not current.is_booked:
            raise NotBookable(_("This meeting was cancelled."))
        if current.starts_at > timezone.now():
            raise NotBookable(_("You can say a meeting did not happen once it has "
                                "started. Until then, move it or cancel it."))
        current.status = Appointment.Status.NOT_HELD
        current.changed_by = _actor(by)
        current.updated_at = timezone.now()
        current.save(update_fields=["status", "changed_by", "updated_at"])
        audit.record(actor=by, action=Action.UPDATE, obj=current, pupil=current.pupil,
                     summary=_summary(current, "Said the family did not come to"),
                     changes={"status": [Appointment.Status.BOOKED,
                                         Appointment.Status.NOT_HELD]})
        _withdraw_contact(current, by=by)
    return current


def _source_keys(appointment: Appointment) -> dict[str, object]:
    """The contact records a meeting makes, by source key: one for the family member who
    booked it, and one for each family member from another household who came with them
    (separated parents who chose to come together are each reached), each with that
    family member."""
    keys = {f"appointment:{appointment.pk}": appointment.contact}
    for person in appointment.with_contacts.all():
        if person.household_id is None or person.household_id != appointment.household_id:
            keys[f"appointment:{appointment.pk}:with:{person.pk}"] = person
    return keys


def _withdraw_contact(appointment: Appointment, *, by=None) -> bool:
    """Take back the contact records a meeting made, now that it did not take place."""
    from bridgebook.contact.actions import withdraw_contact

    withdrawn = [withdraw_contact(source_key=key, by=_actor(by))
                 for key in _source_keys(appointment)]
    return any(withdrawn)


def remind(appointment: Appointment) -> AppointmentNotice | None:
    """Tomorrow's reminder, once for each version of the meeting: None when it has been
    given already or the meeting is cancelled."""
    with transaction.atomic():
        current = _locked(appointment)
        if not current.is_booked:
            return None
        notice, created = AppointmentNotice.objects.get_or_create(
            appointment=current, what=What.REMINDER, sequence=current.sequence)
        if not created:
            return None
        _notify(notice)
    return notice


def record_meeting(appointment: Appointment, *, by, notes: str) -> None:
    """The notes of a meeting that happened: kept on the appointment, and the meeting
    counts as termly contact with the family (``contact.actions.record_contact``, once
    however often the notes are saved)."""
    with transaction.atomic():
        current = _locked(appointment)
        if current.is_not_held:
            raise NotBookable(_("This meeting did not happen."))
        if not current.is_booked:
            raise NotBookable(_("This meeting was cancelled."))
        if current.starts_at > timezone.now():
            raise NotBookable(_("Notes can be written once the meeting has started."))
        current.notes = notes
        current.updated_at = timezone.now()
        current.save(update_fields=["notes", "updated_at"])
        _count_as_contact(current, about=notes, by=by)
        audit.record(actor=by, action=Action.UPDATE, obj=current, pupil=current.pupil,
                     summary=_summary(current, "Wrote the notes of"))


def _count_as_contact(appointment: Appointment, *, about: str, by=None) -> None:
    """The meeting as a contact record; notes written after it was counted replace the
    record's (empty) account of it. A family member a court order now keeps from the
    child is no contact to count."""
    from bridgebook.contact.actions import ContactError, record_contact

    for key, person in _source_keys(appointment).items():
        try:
            record = record_contact(
                pupil=appointment.pupil, staff=appointment.staff,
                how="parents_evening" if appointment.evening_id else "appointment",
                about=about, happened_at=appointment.starts_at, contact=person,
                household=(appointment.household if person.pk == appointment.contact_id
                           else person.household),
                interpreter=bool(appointment.interpreter_language),
                source_key=key, recorded_by=by)
        except ContactError:
            logger.warning("Meeting %s not counted as contact with %s: they may no longer "
                           "hear about the child", appointment.pk, person.pk)
            continue
        if about and record.about != about:
            type(record).objects.filter(pk=record.pk).update(about=about)


# How long after a meeting ends its member of staff has to say it did not happen, before
# it counts as contact with the family by itself.
GRACE = datetime.timedelta(days=1)


def count_held_meetings(*, now: datetime.datetime | None = None) -> int:
    """Every booked meeting that ended at least a day ago counts as termly contact with
    the family, once (run by the hourly reminders job): staff need not log a meeting that
    happened, and have a day to say one did not ("Did not come"). Notes written for a
    meeting count it at once (``record_meeting``). Returns how many meetings it counted."""
    from bridgebook.contact.models import ContactRecord

    now = now or timezone.now()
    ended = list(Appointment.objects.filter(
        status=Appointment.Status.BOOKED, ends_at__lte=now - GRACE,
        ends_at__gt=now - GRACE - datetime.timedelta(days=14))
        .select_related("school", "pupil__school", "staff", "contact", "household")
        .prefetch_related("with_contacts"))
    counted = set(ContactRecord.objects.filter(
        source_key__in=[f"appointment:{a.pk}" for a in ended])
        .values_list("source_key", flat=True))
    count = 0
    for appointment in ended:
        if f"appointment:{appointment.pk}" in counted:
            continue
        with transaction.atomic():
            # Said not to have happened (or cancelled) since it was read: not counted.
            if not Appointment.objects.select_for_update().filter(
                    pk=appointment.pk, status=Appointment.Status.BOOKED).exists():
                continue
            _count_as_contact(appointment, about=appointment.notes)
        count += 1
    return count
