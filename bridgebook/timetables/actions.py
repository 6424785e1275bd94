"""Changing a class's week and a pupil's own changes to it, and sending it to families.

Every change is seen by staff at once and marks what families have not been told: a change
to the class's week concerns every family of the class, a pupil's own change only theirs.
``do_send`` tells them: one message per entitled contact (parents who live apart each get
their own; a restricted contact nothing), naming their children in the class and linking to
each child's timetable, in the reader's language.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, LessonPeriod
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.recipients import Recipient, resolve
from bridgebook.timetables import selectors
from bridgebook.timetables.models import (
    TIMETABLE,
    Kind,
    Timetable,
    TimetableSending,
    TimetableSession,
    Variation,
)

SESSION_FIELDS = ["weekday", "starts_at", "ends_at", "what", "kind", "symbol", "place",
                  "notes"]
VARIATION_FIELDS = ["change", "replaces", *SESSION_FIELDS]
Change = Variation.Change


class NothingToSend(Exception):
    """The week is empty: there is no timetable to send."""


# The timetable ---------------------------------------------------------------------------

def _timetable(school_class) -> Timetable:
    """The class's timetable, made the first time someone writes to it, and locked for the
    rest of the transaction (so two changes at once both count)."""
    timetable, _created = Timetable.objects.get_or_create(
        school_class=school_class, defaults={"school_id": school_class.school_id})
    return Timetable.objects.select_for_update().get(pk=timetable.pk)


def _changed(timetable: Timetable, acting_user, *, pupil=None) -> None:
    """Note a change families have not been told of: the class's week, or one pupil's."""
    now = timezone.now()
    timetable.edits += 1
    timetable.changed_at = now
    timetable.changed_by = acting_user
    fields = ["edits", "changed_at", "changed_by"]
    if pupil is None:
        timetable.class_changed = True
        fields.append("class_changed")
    elif pupil.pk not in timetable.changed_pupils:
        timetable.changed_pupils = [*timetable.changed_pupils, pupil.pk]
        fields.append("changed_pupils")
    timetable.save(update_fields=fields)


def _describe(row) -> str:
    end = f"–{row.ends_at:%H:%M}" if row.ends_at else ""
    return f"{row.get_weekday_display()} {row.starts_at:%H:%M}{end} {row.what}"


# The class's week ------------------------------------------------------------------------

def do_add_session(*, school_class, acting_user, data: dict) -> TimetableSession:
    """Add a session to the class's week."""
    now = timezone.now()
    with transaction.atomic():
        timetable = _timetable(school_class)
        session = TimetableSession(timetable=timetable, created_at=now, updated_at=now,
                                   **{name: data.get(name, "") for name in SESSION_FIELDS
                                      if name in data})
        session.save()
        _changed(timetable, acting_user)
        audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=session,
                     school=school_class.school,
                     summary=f"Added to {school_class.name}'s timetable: {_describe(session)}")
    return session


def do_change_session(*, session: TimetableSession, acting_user, data: dict
                      ) -> TimetableSession:
    """Change a session of the class's week. A pupil's change that replaces it or leaves it
    out stays, and moves with it: to its new day, and to its new times where it kept the
    session's own."""
    with transaction.atomic():
        timetable = Timetable.objects.select_for_update().get(pk=session.timetable_id)
        changes = audit.changed_fields(session, data, SESSION_FIELDS)
        if not changes:
            return session
        before = (session.starts_at, session.ends_at)
        for name in SESSION_FIELDS:
            if name in data:
                setattr(session, name, data[name])
        session.updated_at = timezone.now()
        session.save(update_fields=[*SESSION_FIELDS, "updated_at"])
        pupils_changes = session.variations.all()
        pupils_changes.update(weekday=session.weekday)
        pupils_changes.filter(starts_at=before[0]).update(starts_at=session.starts_at)
        pupils_changes.filter(ends_at=before[1]).update(ends_at=session.ends_at)
        _changed(timetable, acting_user)
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=session,
                     school=session.timetable.school, changes=changes,
                     summary=f"Changed {session.timetable.school_class.name}'s timetable: "
                             f"{_describe(session)}")
    return session


def do_remove_session(*, session: TimetableSession, acting_user) -> int:
    """Take a session out of the class's week, with any pupil's change that replaced it;
    returns how many pupils' changes went with it."""
    with transaction.atomic():
        timetable = Timetable.objects.select_for_update().get(pk=session.timetable_id)
        school_class = session.timetable.school_class
        described = _describe(session)
        changes = list(session.variations.values_list("pupil_id", flat=True))
        audit.record(actor=acting_user, action=AuditEvent.Action.DELETE, obj=session,
                     school=session.timetable.school,
                     changes={"pupils_changes_removed": changes},
                     summary=f"Removed from {school_class.name}'s timetable: {described}")
        session.delete()
        _changed(timetable, acting_user)
    return len(changes)


def do_fill_from_lessons(*, school_class, acting_user) -> int:
    """Start an empty week from the school day's lessons (``core.LessonPeriod``): one
    session per lesson, named as the school names it, for staff to change into what the
    class does. Does nothing to a week that has sessions; returns how many were added."""
    lessons = list(LessonPeriod.objects.filter(school_id=school_class.school_id)
                   .order_by("weekday", "starts_at"))
    with transaction.atomic():
        timetable = _timetable(school_class)
        if not lessons or timetable.sessions.exists():
            return 0
        now = timezone.now()
        TimetableSession.objects.bulk_create([
            TimetableSession(timetable=timetable, weekday=lesson.weekday,
                             starts_at=lesson.starts_at, ends_at=lesson.ends_at,
                             what=lesson.name, kind=Kind.LESSON, created_at=now,
                             updated_at=now)
            for lesson in lessons])
        _changed(timetable, acting_user)
        audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=timetable,
                     school=school_class.school,
                     summary=f"Started {school_class.name}'s timetable from the school "
                             f"day's {len(lessons)} lessons")
    return len(lessons)


# A pupil's own changes -------------------------------------------------------------------

def _variation_values(data: dict) -> dict:
    """The variation's fields from ``data``, with what its class session gives: the day
    (and, left empty, the times and kind) of the session it replaces or leaves out."""
    values = {name: data[name] for name in VARIATION_FIELDS if name in data}
    change = values.get("change")
    session = values.get("replaces")
    if change in (Change.INSTEAD, Change.MISSES):
        if session is None:
            raise ValueError("A change instead of, or leaving out, a class session names it")
        values["weekday"] = session.weekday
        values["starts_at"] = values.get("starts_at") or session.starts_at
        values["ends_at"] = values.get("ends_at") or session.ends_at
        if change == Change.MISSES:
            values.update(what=values.get("what") or session.what, kind=session.kind,
                          symbol=session.symbol)
    else:
        values["replaces"] = None
    if change == Change.HOME:
        values["ends_at"] = None
        if not values.get("what"):
            with translation.override("en"):   # what staff write is read as English
                values["what"] = str(Change.HOME.label)
        values["kind"] = Kind.OTHER
    for name in ("what", "symbol", "place", "notes"):
        values[name] = values.get(name) or ""
    values.setdefault("kind", Kind.OTHER)
    return values


def do_add_variation(*, pupil, acting_user, data: dict) -> Variation:
    """Add a change to the pupil's week (instead of a class session, not at one, an extra
    session, or going home early)."""
    now = timezone.now()
    with transaction.atomic():
        timetable = _timetable(pupil.school_class)
        values = _variation_values(data)
        session = values.get("replaces")
        if session is not None and session.timetable_id != timetable.pk:
            raise ValueError("The class session is not in the pupil's class's week")
        variation = Variation(timetable=timetable, pupil=pupil, created_at=now,
                              updated_at=now, **values)
        variation.save()
        _changed(timetable, acting_user, pupil=pupil)
        audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=variation,
                     school=pupil.school, pupil=pupil,
                     summary=f"Added to {pupil.legal_name}'s own timetable: "
                             f"{variation.get_change_display()}: {_describe(variation)}")
    return variation


def do_change_variation(*, variation: Variation, acting_user, data: dict) -> Variation:
    """Change one of a pupil's own changes."""
    with transaction.atomic():
        timetable = Timetable.objects.select_for_update().get(pk=variation.timetable_id)
        values = _variation_values({"change": variation.change,
                                    "replaces": variation.replaces, **data})
        session = values.get("replaces")
        if session is not None and session.timetable_id != timetable.pk:
            raise ValueError("The class session is not in the pupil's class's week")
        changes = audit.changed_fields(variation, values, VARIATION_FIELDS)
        if not changes:
            return variation
        for name, value in values.items():
            setattr(variation, name, value)
        variation.updated_at = timezone.now()
        variation.save(update_fields=[*VARIATION_FIELDS, "updated_at"])
        _changed(timetable, acting_user, pupil=variation.pupil)
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=variation,
                     school=timetable.school, pupil=variation.pupil, changes=changes,
                     summary=f"Changed {variation.pupil.legal_name}'s own timetable: "
                             f"{variation.get_change_display()}: {_describe(variation)}")
    return variation


def do_remove_variation(*, variation: Variation, acting_user) -> None:
    """Take out one of a pupil's own changes: the class's week is theirs again there."""
    with transaction.atomic():
        timetable = Timetable.objects.select_for_update().get(pk=variation.timetable_id)
        audit.record(actor=acting_user, action=AuditEvent.Action.DELETE, obj=variation,
                     school=timetable.school, pupil=variation.pupil,
                     summary=f"Removed from {variation.pupil.legal_name}'s own timetable: "
                             f"{variation.get_change_display()}: {_describe(variation)}")
        variation.delete()
        _changed(timetable, acting_user, pupil=variation.pupil)


# Sending ---------------------------------------------------------------------------------

def timetable_link(pupil) -> str:
    return settings.BRIDGEBOOK_BASE_URL + reverse("timetables:pupil", args=[pupil.pk])


def _message_text(names: str, pupils, *, first: bool) -> tuple[str, str]:
    """(subject, body) in the active language."""
    if first:
        subject = _("%(names)s’s timetable") % {"names": names}
        body = _("Here is %(names)s’s timetable for the school week, with symbols. It shows "
                 "what happens each day, and anything that is just for your child.") % {
            "names": names}
    else:
        subject = _("%(names)s’s timetable has changed") % {"names": names}
        body = _("%(names)s’s timetable at school has changed. Please look at it again, so "
                 "you can talk about the week together.") % {"names": names}
    links = [_("See %(name)s’s timetable: %(url)s") % {
        "name": pupil.first_name, "url": timetable_link(pupil)} for pupil in pupils]
    return subject, "\n\n".join([body, *links])


def message_for(recipient: Recipient, *, first: bool) -> Draft:
    """What one contact reads, in their language where the interface has these words (else
    in English, and the message says so): their children's timetable is here (the first
    time) or has changed, with a link to each child's."""
    language = recipient.contact.language or "en"
    with translation.override(language):
        subject, body = _message_text(recipient.children_names, recipient.pupils,
                                      first=first)
    if language != "en":
        with translation.override("en"):
            english = _message_text(recipient.children_names, recipient.pupils, first=first)
        if (subject, body) == english:
            language = "en"
    return Draft(contact=recipient.contact, subject=subject, body=body, language=language,
                 pupils=recipient.pupils)


def do_send(*, school_class, acting_user, everyone: bool = False,
            seen_sends: int | None = None) -> int:
    """Tell families about the class's timetable: every family of the class the first time,
    after the class's week changed, or with ``everyone`` (the start of a year); otherwise
    only the families of pupils whose own changes changed. Returns how many messages were
    written (0: nothing to tell, or someone already sent it).

    Once per press: ``seen_sends`` is how many sendings the sender's page showed, and the
    timetable is claimed with a conditional UPDATE on its sendings and edits, so pressing
    twice, or two people pressing at once, sends once. The messages are written by
    ``create_messages`` (one per entitled contact, sent after commit), which checks each
    reader's entitlement again when it is read and sent."""
    now = timezone.now()
    timetable = Timetable.objects.filter(school_class=school_class).first()
    if timetable is None or not timetable.sessions.exists():
        raise NothingToSend
    if seen_sends is not None and timetable.sends != seen_sends:
        return 0
    if not (everyone or timetable.told_at is None or timetable.changed_since_told):
        return 0
    first = timetable.told_at is None
    pupils = selectors.pupils_to_tell(timetable, everyone=everyone)
    whole_class = everyone or first or timetable.class_changed
    with transaction.atomic():
        claimed = Timetable.objects.filter(
            pk=timetable.pk, sends=timetable.sends, edits=timetable.edits).update(
            sends=F("sends") + 1, told_at=now, told_by=acting_user, class_changed=False,
            changed_pupils=[])
        if not claimed:
            return 0
        sending = TimetableSending.objects.create(
            timetable=timetable, number=timetable.sends + 1, sent_at=now, sent_by=acting_user,
            whole_class=whole_class, pupil_ids=[pupil.pk for pupil in pupils])
        drafts = [message_for(recipient, first=first) for recipient in resolve(pupils)]
        messages = create_messages(school=school_class.school, kind=TIMETABLE, drafts=drafts,
                                   source_id=sending.pk) if drafts else []
        sending.messages = len(messages)
        sending.save(update_fields=["messages"])
        who = ("every family of the class" if whole_class
               else f"the families of {len(pupils)} pupils with changes of their own")
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=timetable,
                     school=school_class.school,
                     changes={"sending": sending.number, "pupils": sending.pupil_ids,
                              "whole_class": whole_class, "messages": len(messages)},
                     summary=f"Sent {school_class.name}'s timetable to {who}: "
                             f"{len(messages)} messages")
    return len(messages)
