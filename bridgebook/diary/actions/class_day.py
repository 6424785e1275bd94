"""Saving the teacher's day (``diary:class_day``): a whole class's school entries for one
day, in one transaction.

An entry someone else changed since the page was loaded (its ``version`` moved on) is
reported and left alone while the others save. Publishing publishes each entry that has
something in it and announces it once; pupils with nothing written are left alone and
listed. Each entry is written through the entry actions (``do_create_entry``,
``do_update_entry`` with the version the page was built on, ``do_publish_entry``), which
audit it and announce it through ``hooks.announce_entry`` once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from bridgebook.diary.actions.entries import (
    EntryChanged,
    do_create_entry,
    do_publish_entry,
    do_update_entry,
)
from bridgebook.diary.day import (
    WELL_DONE,
    PupilDay,
    has_content,
    merge_activities,
    pupil_has_input,
)
from bridgebook.diary.models import Activity, Entry
from bridgebook.people.models import Pupil


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


@transaction.atomic(durable=True)
def do_save_class_day(*, acting_user, rows: list[PupilDay], day: dt.date,
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
            entry = do_create_entry(
                pupil=pupil, author=acting_user, origin=Entry.Origin.SCHOOL, date=day,
                data=values, activities=[by_id[pk] for pk in sorted(ids)], publish=False)
            result.saved.append(pupil)
        elif _changed(entry, values, ids, row.activity_ids):
            # Whatever someone else changed in between, nothing to write means no conflict.
            try:
                entry = do_update_entry(
                    entry=entry, editor=acting_user, expected_version=expected, data=values,
                    activities=([by_id[pk] for pk in sorted(ids)]
                                if ids != row.activity_ids else None))
            except EntryChanged:
                result.conflicts.append(pupil)
                continue
            result.saved.append(pupil)
        result.with_entry += 1
        if not has_content(entry):
            result.nothing.append(pupil)
        elif publish and entry.is_published:
            result.already_published.append(pupil)
        elif publish:
            do_publish_entry(entry=entry, acting_user=acting_user)
            result.published.append(pupil)
    return result
