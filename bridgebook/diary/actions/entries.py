"""Entries in the book: writing, changing, publishing and removing them, replies, reading
and acknowledging incidents, and the pupil's own "my day".

Changes to what the book says about a child write an audit row. Publishing announces the
entry through ``hooks.announce_entry`` exactly once: the draft → published switch is a
conditional ``UPDATE ... WHERE status = 'draft'``, so two people pressing "Publish" at the
same moment still announce it once.

Edits use optimistic locking: the editor says which ``version`` they started from, and the
version is claimed with a conditional ``UPDATE ... WHERE version = expected``. When someone
else saved in between, ``EntryChanged`` is raised and nothing is overwritten.

Creating, changing and publishing an entry are also steps of the class page's save
(``class_day.do_save_class_day``) and of "my day", so they join the caller's transaction;
the others are a request's whole write and run in a durable one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgebook.core import audit
from bridgebook.core.access import viewer_for
from bridgebook.core.models import AuditEvent
from bridgebook.diary import hooks
from bridgebook.diary.models import (
    Acknowledgement,
    Activity,
    Entry,
    EntryRevision,
    Incident,
    ReadReceipt,
    Reply,
    StaffBookRead,
)
from bridgebook.diary.selectors import (
    NEVER_READ,
    family_entries_for_staff,
    family_replies_for_staff,
)
from bridgebook.diary.symbols import SYMBOLS
from bridgebook.diary.voice import MAX_SYMBOLS, VoiceError, symbols_in_order
from bridgebook.people.models import Contact, Pupil
from bridgebook.translation.services import written_language

SCHOOL_FIELDS = ["activities_text", "mood", "mood_note", "achievements", "stickers", "food",
                 "health", "note"]
HOME_TEXTS = ["sleep", "home_news", "home_health", "celebrate", "question"]
# A home entry's words, and whether the writer shares it with the child's other household.
HOME_FIELDS = [*HOME_TEXTS, "shared_with_all"]
PUPIL_FIELDS = ["symbols"]
FIELDS_BY_ORIGIN = {
    Entry.Origin.SCHOOL: SCHOOL_FIELDS,
    Entry.Origin.HOME: HOME_FIELDS,
    Entry.Origin.PUPIL: PUPIL_FIELDS,
}
INCIDENT_FIELDS = ["kind", "happened_at", "what_happened", "action_taken", "who_was_told"]


class EntryChanged(Exception):
    """Someone else changed (or removed) the entry since the editor loaded it.

    ``latest`` is the entry as it is now (None when it has been removed).
    """

    def __init__(self, latest: Entry | None):
        super().__init__("The entry was changed by someone else")
        self.latest = latest


class EntryRemoved(EntryChanged):
    pass


def _values(origin: str, data: dict) -> dict:
    """The fields of ``data`` that an entry of this origin may hold."""
    return {name: data[name] for name in FIELDS_BY_ORIGIN[origin] if name in data}


def _plain(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _add_incidents(entry: Entry, incidents: Iterable[dict]) -> list[Incident]:
    rows = [Incident(entry=entry, **{name: item[name] for name in INCIDENT_FIELDS if name in item})
            for item in incidents]
    return Incident.objects.bulk_create(rows) if rows else []


def _snapshot(entry: Entry) -> dict:
    """What an entry says, as JSON, for its history."""
    fields = ["date"] + FIELDS_BY_ORIGIN[entry.origin]
    snapshot = {name: _plain(getattr(entry, name)) for name in fields}
    if entry.origin == Entry.Origin.SCHOOL:
        snapshot["activities"] = sorted(entry.activities.values_list("name", flat=True))
    return snapshot


@dataclass(frozen=True)
class _Writer:
    """Where a family member writes from at a school: their household and language."""
    household_id: int | None
    language: str


def _family_writer(author, pupil) -> _Writer | None:
    """A family member's household and language at the pupil's school (from the Viewer,
    which has them), or None for staff."""
    viewer = viewer_for(author)
    if not viewer.is_family or viewer.contact_for_school(pupil.school_id) is None:
        return None
    return _Writer(household_id=viewer.households[pupil.school_id],
                   language=viewer.languages[pupil.school_id])


def _written_in(writer: _Writer | Contact | None, *texts: str) -> str:
    """The language of a family member's words (detected, else theirs); English for staff."""
    if writer is None:
        return "en"
    return written_language("\n".join(text for text in texts if text),
                            fallback=writer.language)


def _audit(entry: Entry, actor, action: str, summary: str, changes: dict | None = None) -> None:
    pupil = entry.pupil
    audit.record(actor=actor, action=action, obj=entry, school=pupil.school, pupil=pupil,
                 summary=f"{summary} for {pupil.legal_name} on {entry.date:%d/%m/%Y}",
                 changes=changes)


def _publish(entry: Entry) -> bool:
    """Switch a draft to published; True only for the call that switched it."""
    now = timezone.now()
    switched = Entry.objects.filter(pk=entry.pk, status=Entry.Status.DRAFT).update(
        status=Entry.Status.PUBLISHED, published_at=now)
    if switched:
        entry.status, entry.published_at = Entry.Status.PUBLISHED, now
        hooks.announce_entry(entry)
    return bool(switched)


# Entries ---------------------------------------------------------------------------------

@transaction.atomic
def do_create_entry(*, pupil, author, origin: str, date: datetime.date, data: dict,
                    activities: Iterable[Activity] = (), incidents: Iterable[dict] = (),
                    publish: bool) -> Entry:
    """A new entry in a pupil's book; ``data`` holds the parts for its origin.

    ``activities`` are the school's Activity rows (school entries only); ``incidents`` are
    dicts with kind, happened_at, what_happened, action_taken and who_was_told.
    """
    values = _values(origin, data)
    now = timezone.now()
    if origin == Entry.Origin.HOME:
        # The writer's household reads it (and the other household if they share it);
        # staff read it translated from the language it is written in.
        writer = _family_writer(author, pupil)
        values["household_id"] = writer.household_id if writer else None
        values["language"] = _written_in(writer, *(values.get(name, "")
                                                   for name in HOME_TEXTS))
    entry = Entry.objects.create(pupil=pupil, origin=origin, date=date, author=author,
                                 created_at=now, updated_at=now, **values)
    activities = list(activities)
    if activities and origin == Entry.Origin.SCHOOL:
        entry.activities.set(activities)
    if origin == Entry.Origin.SCHOOL:
        _add_incidents(entry, incidents)
    _audit(entry, author, AuditEvent.Action.CREATE, f"Wrote a {origin} entry",
           {name: [None, _plain(value)] for name, value in values.items()
            if value and name != "household_id"})
    if publish:
        _publish(entry)
    return entry


@transaction.atomic
def do_update_entry(*, entry: Entry, editor, expected_version: int, data: dict,
                    date: datetime.date | None = None,
                    activities: Iterable[Activity] | None = None,
                    incidents: Iterable[dict] = (), publish: bool = False) -> Entry:
    """Change an entry that the editor loaded at ``expected_version``.

    Raises ``EntryChanged`` (with the latest entry) when someone else saved it since and
    this edit would change something; ``EntryRemoved`` when it was removed. Nothing is
    written then. An edit of a published entry first keeps what it said as an
    ``EntryRevision``. ``activities`` None leaves them as they are; ``incidents`` are added
    (incidents already recorded, and their acknowledgements, are kept). ``publish``
    publishes a draft afterwards (announcing it once).

    Returns the entry as it now is; ``entry.changed`` says whether anything was written
    (an edit that changes nothing writes nothing and bumps no version).
    """
    # Lock only the entry's row: PostgreSQL cannot lock the nullable side of the author join.
    before = (Entry.objects.select_for_update(of=("self",))
              .select_related("pupil__school", "author")
              .filter(pk=entry.pk, deleted_at__isnull=True).first())
    if before is None:
        raise EntryRemoved(None)
    values = _values(before.origin, data)
    if date is not None:
        values["date"] = date
    if before.origin == Entry.Origin.HOME and any(
            values.get(name, getattr(before, name)) != getattr(before, name)
            for name in HOME_TEXTS):
        values["language"] = _written_in(_family_writer(editor, before.pupil),
                                         *(values.get(name, getattr(before, name))
                                           for name in HOME_TEXTS))
    changes = {name: [_plain(getattr(before, name)), _plain(value)]
               for name, value in values.items() if getattr(before, name) != value}
    school_entry = before.origin == Entry.Origin.SCHOOL
    new_activities = None
    if activities is not None and school_entry:
        new_activities = list(activities)
        old_names = sorted(before.activities.values_list("name", flat=True))
        new_names = sorted(activity.name for activity in new_activities)
        if old_names != new_names:
            changes["activities"] = [old_names, new_names]
    incidents = list(incidents) if school_entry else []
    before.changed = bool(changes or incidents)
    if before.changed:
        # The check and the version bump are one conditional UPDATE, so of two editors
        # who started from the same version only one can win.
        claimed = before.version == expected_version and Entry.objects.filter(
            pk=entry.pk, version=expected_version).update(version=F("version") + 1)
        if not claimed:
            raise EntryChanged(before)
        if before.is_published:
            EntryRevision.objects.create(entry=before, version=expected_version,
                                         edited_by=editor, snapshot=_snapshot(before))
        for name, value in values.items():
            setattr(before, name, value)
        before.updated_at = timezone.now()
        before.version = expected_version + 1
        before.save(update_fields=[*values, "updated_at"])
        if "activities" in changes:
            before.activities.set(new_activities)
        if incidents:
            changes["incidents"] = [None, len(_add_incidents(before, incidents))]
        _audit(before, editor, AuditEvent.Action.UPDATE, f"Changed a {before.origin} entry",
               changes)
    if publish and _publish(before):
        _audit(before, editor, AuditEvent.Action.UPDATE, f"Published a {before.origin} entry")
    return before


@transaction.atomic
def do_publish_entry(*, entry: Entry, acting_user) -> bool:
    """Publish a draft (announcing it once); False when it was already published."""
    switched = _publish(entry)
    if switched:
        _audit(entry, acting_user, AuditEvent.Action.UPDATE,
               f"Published a {entry.origin} entry")
    return switched


@transaction.atomic(durable=True)
def do_remove_entry(*, entry: Entry, acting_user) -> bool:
    """Soft delete: the entry leaves the book but stays in the database and the audit log."""
    now = timezone.now()
    removed = Entry.objects.filter(pk=entry.pk, deleted_at__isnull=True).update(
        deleted_at=now, deleted_by=acting_user, version=F("version") + 1)
    if removed:
        entry.deleted_at, entry.deleted_by = now, acting_user
        _audit(entry, acting_user, AuditEvent.Action.DELETE,
               f"Removed a {entry.origin} entry")
    return bool(removed)


@transaction.atomic(durable=True)
def do_reply(*, entry: Entry, author, text: str, shared_with_all: bool = False) -> Reply:
    """A reply on an entry. A family member's is their household's (and, when they share
    it, every household's), in the language they wrote it in."""
    writer = _family_writer(author, entry.pupil)
    reply = Reply.objects.create(
        entry=entry, author=author, text=text, from_family=writer is not None,
        language=_written_in(writer, text),
        household_id=writer.household_id if writer else None,
        shared_with_all=bool(writer and shared_with_all))
    _audit(entry, author, AuditEvent.Action.CREATE, "Replied on an entry")
    return reply


def do_mark_book_read(*, user, pupil, entry: Entry | None = None) -> bool:
    """A member of staff has read what the pupil's family wrote in the book: their own
    read marker (``StaffBookRead``) moves to now; other staff keep theirs.

    From the book page (``entry`` None) everything until now is read. From an entry's page
    only when that entry holds all that was new to them (a home entry, or family replies on
    it); otherwise the marker stays where it was, so the rest is still flagged to them.

    Not audited itself: opening the book or an entry is already audited as a view. One
    conditional UPDATE once they have a marker; the first time, a check and one INSERT.
    Returns whether the marker moved.
    """
    now = timezone.now()
    marker = StaffBookRead.objects.filter(user=user, pupil=pupil)
    moved = marker.filter(read_at__lt=now)
    if entry is not None:
        moved = moved.exclude(_family_writing_after(OuterRef("read_at"), user=user,
                                                    pupil=pupil, besides=entry))
    if moved.update(read_at=now):
        return True
    # No marker yet (the first reading), or something else in the book is still new.
    first_time = ~Exists(marker)
    if entry is not None:
        first_time &= ~_family_writing_after(NEVER_READ, user=user, pupil=pupil,
                                             besides=entry)
    if not Pupil.objects.filter(first_time, pk=pupil.pk).exists():
        return False
    StaffBookRead.objects.bulk_create([StaffBookRead(user=user, pupil=pupil, read_at=now)],
                                      ignore_conflicts=True)
    return True


def _family_writing_after(since, *, user, pupil, besides: Entry) -> Q:
    """Whether the family wrote in the pupil's book after ``since`` anywhere but on the
    entry ``besides`` (what the user would not have read on that entry's page)."""
    entries = family_entries_for_staff(user).filter(pupil=pupil, updated_at__gt=since)
    replies = family_replies_for_staff(user).filter(entry__pupil=pupil, created_at__gt=since)
    return (Exists(entries.exclude(pk=besides.pk))
            | Exists(replies.exclude(entry_id=besides.pk)))


def do_mark_read(*, entries: Iterable[Entry], contact) -> None:
    """Record that a family member has read these entries (drafts are never read).

    Idempotent: the first reading time is kept. One INSERT whatever the number of entries.
    """
    contact_id = getattr(contact, "pk", contact)
    now = timezone.now()
    receipts = [ReadReceipt(entry_id=entry.pk, contact_id=contact_id, read_at=now)
                for entry in entries if entry.is_published]
    if receipts:
        ReadReceipt.objects.bulk_create(receipts, ignore_conflicts=True)


@transaction.atomic(durable=True)
def do_acknowledge_incident(*, incident: Incident, contact, note: str = "") -> Acknowledgement:
    """A family member confirms they have read about an incident (once), with anything
    they want to tell school about it (staff read it in their language)."""
    note = note.strip()
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        incident=incident, contact=contact,
        defaults={"note": note, "language": _written_in(contact, note) if note else "en"})
    if created:
        _audit(incident.entry, contact.user if contact.user_id else None,
               AuditEvent.Action.UPDATE,
               f"{contact.full_name} acknowledged an {incident.kind}")
    return acknowledgement


# The pupil's voice -----------------------------------------------------------------------

@transaction.atomic(durable=True)
def do_add_my_day(*, pupil, author, symbols: Sequence[str],
                  date: datetime.date | None = None) -> Entry:
    """Save and publish the pupil's "my day" from curated symbol hexcodes, in order: an
    entry of origin "pupil", audited and announced like every other entry."""
    hexcodes = symbols_in_order(symbols)
    if not hexcodes:
        raise VoiceError(_("Choose at least one symbol"))
    if len(hexcodes) > MAX_SYMBOLS:
        raise VoiceError(_("Choose at most %(count)s symbols") % {"count": MAX_SYMBOLS})
    # The word is kept as it was shown when chosen; pages show it in the reader's language
    # again from the hexcode (symbols.word_for) where they can.
    chosen = [{"symbol": hexcode, "word": str(SYMBOLS[hexcode].word)} for hexcode in hexcodes]
    return do_create_entry(
        pupil=pupil, author=author, origin=Entry.Origin.PUPIL,
        date=date or timezone.localdate(), data={"symbols": chosen}, publish=True)
