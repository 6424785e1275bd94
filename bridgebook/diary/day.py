"""The teacher's day: a whole class's home-school book for one day, on one page.

What ``diary:class_day`` reads and how it works out what to write. The page shows every
pupil of the class (not left by that day) with their school entry for the day, if any.
The class's activities are chosen once and copied into every entry saved from the page;
each pupil then gets quick choices (mood, lunch, a "well done" sticker) and a note.

Reading costs a fixed number of queries whatever the class size: the pupils, their
school entries for the day, and those entries' activities (two prefetches), plus the
school's active activity list (``selectors.active_activities``).

Saving the page is one action, ``actions.do_save_class_day``, which uses the rules here
(``merge_activities``, ``has_content``, ``pupil_has_input``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from bridgebook.core.access import visible_pupils
from bridgebook.core.models import School
from bridgebook.diary.models import Entry
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
