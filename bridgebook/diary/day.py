"""The teacher's day: a whole class's home-school book for one day, on one page.

Reads and writes for ``diary:class_day``. The page shows every pupil of the class (not
left by that day) with their school entry for the day, if any. The class's activities are
chosen once and copied into every entry saved from the page; each pupil then gets quick
choices (mood, lunch, a "well done" sticker) and a note.

Reading costs a fixed number of queries whatever the class size: the pupils, their
school entries for the day, and those entries' activities (two prefetches), plus the
school's active activity list.

Writing: every entry is saved in one transaction; an entry someone else changed since the
page was loaded (its ``version`` moved on) is reported and left alone while the others
save. Publishing publishes each entry that has something in it and announces it once;
pupils with nothing written are left alone and listed.

Entries are written through ``diary.actions`` (``do_create_entry``, ``do_update_entry``
with the version the page was built on, ``do_publish_entry``, which announces through
``hooks.announce_entry`` once per entry).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from bridgebook.core import audit
from bridgebook.core.access import visible_pupils
from bridgebook.core.models import AuditEvent, School
from bridgebook.diary import actions
from bridgebook.diary.models import Activity, Entry
from bridgebook.people.models import Pupil, SchoolClass

WELL_DONE = "well_done"
# Lunch choices on the class page; the full entry form offers the rest of ``Eaten``.
LUNCH_CHOICES = ("all", "most", "some", "none")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# Days ------------------------------------------------------------------------------------

def school_today(school: School) -> dt.date:
    """Today where the school is (a teacher at 00:30 is writing for the new day)."""
    return timezone.now().astimezone(school.tz).date()


def parse_day(value: str) -> dt.date | None:
    """A day from the URL, strictly YYYY-MM-DD; None for anything else."""
    if not _ISO_DAY.fullmatch(value or ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# Reads -----------------------------------------------------------------------------------

@dataclass
class PupilDay:
    """One pupil on the class page and their school entry for the day (None if none)."""

    pupil: Pupil
    entry: Entry | None

    @property
    def activity_ids(self) -> set[int]:
        if self.entry is None:
            return set()
        return {activity.pk for activity in self.entry.activities.all()}


def active_activities(school: School) -> list[Activity]:
    """The school's activity list as offered on the class page (one query)."""
    return list(Activity.objects.filter(school=school, is_active=True).order_by("name"))


def class_day(user, school_class: SchoolClass, day: dt.date) -> list[PupilDay]:
    """The pupils of a class on a day with their school entry: three queries.

    1. the pupils the user may see in the class, not left before the day;
    2. their school entries for the day (not removed);
    3. those entries' activities.
    Where a pupil has more than one school entry for the day (one written on the full
    form as well), the page works on the first.
    """
    entries = (Entry.objects
               .filter(date=day, origin=Entry.Origin.SCHOOL, deleted_at__isnull=True)
               .prefetch_related("activities")
               .order_by("pk"))
    pupils = (visible_pupils(user)
              .filter(school_class=school_class)
              .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=day))
              .select_related("school")
              .prefetch_related(Prefetch("book_entries", queryset=entries,
                                         to_attr="day_entries"))
              .order_by("legal_last_name", "legal_first_name", "pk"))
    return [PupilDay(pupil=pupil, entry=pupil.day_entries[0] if pupil.day_entries else None)
            for pupil in pupils]


def shared_activities(rows: list[PupilDay], active_ids: set[int]) -> tuple[set[int], str]:
    """The class activities as the page shows them: what every entry with activities has
    in common (and is still in use), and the "other" text when all such entries agree."""
    sets = [row.activity_ids for row in rows if row.entry is not None and row.activity_ids]
    common = set.intersection(*sets) & active_ids if sets else set()
    texts = {row.entry.activities_text for row in rows
             if row.entry is not None and row.entry.activities_text}
    return common, texts.pop() if len(texts) == 1 else ""


def merge_activities(*, current_ids: set[int], current_text: str, shown_ids: set[int],
                     shown_text: str, chosen_ids: set[int], chosen_text: str
                     ) -> tuple[set[int], str]:
    """A pupil's activities after the class choice is copied in.

    The class choice replaces what the page showed as the class's activities; anything a
    pupil has on their own (added on the full entry form) stays. The "other" text is set
    where the teacher changed it or where the pupil had none, and kept where the pupil had
    their own and the teacher left the class text alone.
    """
    ids = (current_ids - shown_ids) | chosen_ids
    if chosen_text != shown_text or current_text in ("", shown_text):
        text = chosen_text
    else:
        text = current_text
    return ids, text


def has_content(entry: Entry) -> bool:
    """Whether an entry says anything about the pupil (class activities alone do not)."""
    return bool(
        entry.mood or entry.mood_note or entry.achievements.strip() or entry.stickers
        or any(entry.food.values()) or any(entry.health.values()) or entry.note.strip()
    )


def pupil_has_input(data: dict) -> bool:
    """Whether the quick choices for one pupil say anything."""
    return bool(data.get("mood") or data.get("lunch") or data.get("well_done")
                or (data.get("note") or "").strip())


# Writes ----------------------------------------------------------------------------------

@dataclass
class DayResult:
    """What saving the class page did, pupil by pupil."""

    saved: list[Pupil] = field(default_factory=list)
    published: list[Pupil] = field(default_factory=list)
    already_published: list[Pupil] = field(default_factory=list)
    nothing: list[Pupil] = field(default_factory=list)
    conflicts: list[Pupil] = field(default_factory=list)
    with_entry: int = 0  # pupils who have an entry for the day after saving


# The entry fields the class page writes (activities aside).
PAGE_FIELDS = ["mood", "food", "stickers", "note", "activities_text"]


def _entry_values(entry: Entry | None, data: dict, text: str) -> dict:
    """The entry fields the class page sets, from one pupil's cleaned quick choices.

    A radio group cannot be emptied, so an empty mood or lunch keeps what was there (say
    "not offered" chosen on the full form). Other food, stickers and parts are kept.
    """
    food = dict(entry.food) if entry is not None else {}
    if data.get("lunch"):
        food["lunch"] = data["lunch"]
    stickers = [s for s in (entry.stickers if entry is not None else []) if s != WELL_DONE]
    if data.get("well_done"):
        stickers.append(WELL_DONE)
    mood = data.get("mood") or (entry.mood if entry is not None else None)
    return {"mood": mood, "food": food, "stickers": stickers,
            "note": (data.get("note") or "").strip(), "activities_text": text}


def _changed(entry: Entry, values: dict, ids: set[int], current_ids: set[int]) -> bool:
    return ids != current_ids or any(getattr(entry, name) != values[name]
                                     for name in PAGE_FIELDS)


@transaction.atomic
def save_class_day(*, acting_user, rows: list[PupilDay], day: dt.date,
                   activities: list[Activity], shown: tuple, chosen: tuple,
                   pupil_data: dict[int, dict], publish: bool) -> DayResult:
    """Save (and optionally publish) the class page in one transaction.

    ``shown`` and ``chosen`` are (activity ids, other text): the class activities as the
    page showed them and as the teacher left them. ``pupil_data`` maps pupil id to that
    pupil's cleaned quick choices, including the entry ``version`` the page was built on
    (None where there was no entry).
    """
    shown_ids, shown_text = shown
    chosen_ids, chosen_text = chosen
    # Activity rows by id, for the actions: the school's list and what entries already have.
    by_id = {activity.pk: activity for activity in activities}
    for row in rows:
        if row.entry is not None:
            by_id.update((activity.pk, activity) for activity in row.entry.activities.all())
    # Two people saving the page at once must not both start an entry for the same pupil:
    # lock the pupils (PostgreSQL; SQLite writes one at a time anyway), then see which of
    # them have an entry now that the page did not know about.
    pupil_ids = [row.pupil.pk for row in rows]
    list(Pupil.objects.select_for_update().filter(pk__in=pupil_ids).values_list("pk"))
    started = set(Entry.objects.filter(
        pupil_id__in=[row.pupil.pk for row in rows if row.entry is None], date=day,
        origin=Entry.Origin.SCHOOL, deleted_at__isnull=True).values_list("pupil_id", flat=True))
    result = DayResult()
    for row in rows:
        pupil, entry = row.pupil, row.entry
        data = pupil_data.get(pupil.pk, {})
        expected = data.get("version")
        if pupil.pk in started:  # someone else started an entry a moment ago
            if pupil_has_input(data):
                result.conflicts.append(pupil)
            continue
        # The page had an entry that is now gone, or had none and someone started one
        # meanwhile: report it where the teacher wrote something, else leave it alone.
        if (entry is None and expected) or (entry is not None and expected is None):
            if pupil_has_input(data):
                result.conflicts.append(pupil)
            continue
        ids, text = merge_activities(
            current_ids=row.activity_ids, current_text=entry.activities_text if entry else "",
            shown_ids=shown_ids, shown_text=shown_text, chosen_ids=chosen_ids,
            chosen_text=chosen_text)
        values = _entry_values(entry, data, text)
        if entry is None:
            if not pupil_has_input(data):
                result.nothing.append(pupil)
                continue
            entry = actions.do_create_entry(
                pupil=pupil, author=acting_user, origin=Entry.Origin.SCHOOL, date=day,
                data=values, activities=[by_id[pk] for pk in sorted(ids)], publish=False)
            result.saved.append(pupil)
        elif _changed(entry, values, ids, row.activity_ids):
            # Whatever someone else changed in between, nothing to write means no conflict.
            try:
                entry = actions.do_update_entry(
                    entry=entry, editor=acting_user, expected_version=expected, data=values,
                    activities=([by_id[pk] for pk in sorted(ids)]
                                if ids != row.activity_ids else None))
            except actions.EntryChanged:
                result.conflicts.append(pupil)
                continue
            result.saved.append(pupil)
        result.with_entry += 1
        if not has_content(entry):
            result.nothing.append(pupil)
        elif publish and entry.is_published:
            result.already_published.append(pupil)
        elif publish:
            actions.do_publish_entry(entry=entry, acting_user=acting_user)
            result.published.append(pupil)
    return result


# The school's activity list --------------------------------------------------------------

def school_activities(school: School) -> list[Activity]:
    """Every activity of the school, in use first (one query)."""
    return list(Activity.objects.filter(school=school).order_by("-is_active", "name"))


@transaction.atomic
def add_activity(*, school: School, name: str, acting_user) -> Activity:
    activity = Activity.objects.create(school=school, name=name)
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=activity,
                 school=school, summary=f"Added the activity {name}")
    return activity


@transaction.atomic
def change_activity(*, activity: Activity, acting_user, name: str | None = None,
                    is_active: bool | None = None) -> dict:
    """Rename an activity or retire it (or bring it back); returns the changes."""
    data = {"name": activity.name if name is None else name,
            "is_active": activity.is_active if is_active is None else is_active}
    changes = audit.changed_fields(activity, data, ["name", "is_active"])
    if not changes:
        return changes
    for key in changes:
        setattr(activity, key, data[key])
    activity.save(update_fields=list(changes))
    audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=activity,
                 school=activity.school, summary=f"Changed the activity {activity.name}",
                 changes=changes)
    return changes
