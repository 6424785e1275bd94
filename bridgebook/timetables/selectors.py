"""Reads for the timetable pages and for sending, each with a fixed number of queries.

``pupil_days`` is the one place a class's week becomes a child's: their own changes
replace, leave out or add to the class's sessions, and going home early leaves out what
comes after. It runs no query, so the staff page and the child's page show the same thing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from bridgebook.core.models import Weekday
from bridgebook.diary.symbols import is_known, symbol_url, word_for
from bridgebook.people.models import Pupil
from bridgebook.timetables.models import (
    Kind,
    Timetable,
    TimetableSending,
    TimetableSession,
    Variation,
)

# Each kind's own symbol (OpenMoji, curated in bridgebook/diary/symbols.py), used where
# staff chose none.
KIND_SYMBOLS = {
    Kind.LESSON: "1F3EB",      # school
    Kind.THERAPY: "1F9D1-200D-2695-FE0F",  # health worker: therapy
    Kind.SWIMMING: "1F3CA",    # swimming
    Kind.TRIP: "1F68C",        # bus
    Kind.BREAK: "1F6DD",       # playground
    Kind.OTHER: "1F3EB",       # school
}
HOME_SYMBOL = "1F3E0"          # home: goes home early
Change = Variation.Change


@dataclass
class Item:
    """One line of a child's day (or of the class's week), ready to show."""

    starts_at: datetime.time
    ends_at: datetime.time | None
    what: str
    kind: str
    kind_label: str
    symbol: str
    place: str = ""
    notes: str = ""
    # The child's own change (not the class's): instead of ``instead_of``, an extra
    # session, going home, or not at the class's session (``missed``).
    own: bool = False
    change: str = ""
    instead_of: str = ""
    missed: bool = False
    session: TimetableSession | None = None
    variation: Variation | None = None

    @property
    def symbol_url(self) -> str:
        return symbol_url(self.symbol)

    @property
    def symbol_word(self) -> str:
        return word_for(self.symbol)


@dataclass
class Day:
    weekday: int
    label: str
    is_today: bool
    items: list[Item] = field(default_factory=list)


def _symbol(chosen: str, kind: str) -> str:
    return chosen if chosen and is_known(chosen) else KIND_SYMBOLS.get(kind, KIND_SYMBOLS[
        Kind.OTHER])


def _item(row, **extra) -> Item:
    values = {"starts_at": row.starts_at, "ends_at": row.ends_at, "what": row.what,
              "kind": row.kind, "kind_label": str(Kind(row.kind).label),
              "symbol": _symbol(row.symbol, row.kind), "place": row.place,
              "notes": row.notes}
    values.update(extra)
    return Item(**values)


def today_weekday(school=None) -> int | None:
    """Today's weekday (0 Monday … 4 Friday) where the school is, or None at a weekend."""
    now = timezone.now()
    if school is not None:
        now = now.astimezone(school.tz)
    day = now.weekday()
    return day if day in Weekday.values else None


def _empty_days(today: int | None) -> dict[int, Day]:
    return {day.value: Day(weekday=day.value, label=str(day.label), is_today=day == today)
            for day in Weekday}


def class_days(sessions, today: int | None = None) -> list[Day]:
    """The class's week as it is for everyone, Monday to Friday. No queries."""
    days = _empty_days(today)
    for session in sessions:
        days[session.weekday].items.append(_item(session, session=session))
    return list(days.values())


def pupil_days(sessions, variations, today: int | None = None) -> list[Day]:
    """One child's week: the class's ``sessions`` with the child's own ``variations``
    applied (each variation's ``replaces`` is one of ``sessions``). No queries.

    - instead: the child's session takes the class session's place (its day and, unless
      the change gives its own, its times), saying what it is instead of;
    - not at a class session: shown as "not going", so the family knows why;
    - extra: added on its day;
    - goes home early: class sessions starting at or after that time are left out, and
      going home is shown at that time."""
    days = _empty_days(today)
    replacing = {v.replaces_id: v for v in variations
                 if v.change in (Change.INSTEAD, Change.MISSES) and v.replaces_id}
    home: dict[int, Variation] = {}
    for variation in variations:
        if variation.change == Change.HOME:
            earlier = home.get(variation.weekday)
            if earlier is None or variation.starts_at < earlier.starts_at:
                home[variation.weekday] = variation
    for session in sessions:
        going_home = home.get(session.weekday)
        if going_home is not None and session.starts_at >= going_home.starts_at:
            continue
        variation = replacing.get(session.pk)
        if variation is None:
            days[session.weekday].items.append(_item(session, session=session))
        elif variation.change == Change.MISSES:
            days[session.weekday].items.append(_item(
                session, own=True, change=variation.change, missed=True,
                notes=variation.notes, variation=variation, session=session))
        else:
            days[session.weekday].items.append(_item(
                variation, starts_at=variation.starts_at or session.starts_at,
                ends_at=variation.ends_at or session.ends_at, own=True,
                change=variation.change, instead_of=session.what, variation=variation,
                session=session))
    for variation in variations:
        if variation.change == Change.EXTRA:
            days[variation.weekday].items.append(_item(
                variation, own=True, change=variation.change, variation=variation))
    for going_home in home.values():
        days[going_home.weekday].items.append(_item(
            going_home, own=True, change=going_home.change, variation=going_home,
            symbol=going_home.symbol if is_known(going_home.symbol) else HOME_SYMBOL))
    for day in days.values():
        day.items.sort(key=lambda item: (item.starts_at, item.missed))
    return list(days.values())


# Reads -----------------------------------------------------------------------------------

def on_roll(today: datetime.date | None = None) -> Q:
    """Pupils who have not left."""
    today = today or timezone.localdate()
    return Q(leaving_date__isnull=True) | Q(leaving_date__gte=today)


def class_pupils(school_class) -> list[Pupil]:
    """The class's pupils on roll, by name: one query."""
    return list(Pupil.objects.filter(school_class=school_class).filter(on_roll())
                .order_by("legal_first_name", "legal_last_name", "pk"))


def timetable_of(school_class) -> Timetable | None:
    """The class's timetable with its sessions (two queries; one when it has none)."""
    return (Timetable.objects.filter(school_class=school_class)
            .select_related("told_by")
            .prefetch_related(Prefetch("sessions",
                                       queryset=TimetableSession.objects.order_by(
                                           "weekday", "starts_at", "pk")))
            .first())


@dataclass
class ClassWeek:
    """What the staff page shows of a class's week."""

    timetable: Timetable | None
    days: list[Day]
    pupils: list[Pupil]
    # The pupils with changes of their own, each with them (every pupil carries
    # ``own_changes``, empty for most).
    changed: list[tuple[Pupil, list[Variation]]]
    sendings: list[TimetableSending]

    @property
    def sessions(self) -> list[TimetableSession]:
        return [] if self.timetable is None else list(self.timetable.sessions.all())

    @property
    def never_told(self) -> bool:
        return self.timetable is None or self.timetable.told_at is None

    @property
    def to_tell(self) -> bool:
        """There is something families have not been told: a first timetable, or changes."""
        if not self.sessions:
            return False
        return self.never_told or self.timetable.changed_since_told


def class_week(school_class, *, today: int | None = None,
               hidden: set[int] | frozenset[int] = frozenset()) -> ClassWeek:
    """The class's week, its pupils and their own changes, and the last sendings: five
    queries (the timetable, its sessions, the pupils, their changes, the sendings) however
    many sessions, pupils and changes; two when the class has no timetable yet. Pupils in
    ``hidden`` (a court order keeps them from the reader) are left out."""
    timetable = timetable_of(school_class)
    pupils = [pupil for pupil in class_pupils(school_class) if pupil.pk not in hidden]
    if timetable is None:
        return ClassWeek(timetable=None, days=class_days([], today), pupils=pupils,
                         changed=[], sendings=[])
    sessions = list(timetable.sessions.all())
    by_pk = {session.pk: session for session in sessions}
    variations = list(Variation.objects.filter(timetable=timetable,
                                               pupil__in=[p.pk for p in pupils])
                      .order_by("pupil_id", "weekday", "starts_at", "pk"))
    own: dict[int, list[Variation]] = {}
    for variation in variations:
        variation.replaces = by_pk.get(variation.replaces_id)
        own.setdefault(variation.pupil_id, []).append(variation)
    for pupil in pupils:
        pupil.own_changes = own.get(pupil.pk, [])
    changed = [(pupil, own[pupil.pk]) for pupil in pupils if pupil.pk in own]
    sendings = list(timetable.sendings.select_related("sent_by")[:5])
    return ClassWeek(timetable=timetable, days=class_days(sessions, today), pupils=pupils,
                     changed=changed, sendings=sendings)


def pupil_week(pupil, *, today: int | None = None) -> tuple[Timetable | None, list[Day]]:
    """A child's week (their class's with their own changes): three queries (the
    timetable, its sessions, the child's changes) however many there are; none for a child
    in no class."""
    if pupil.school_class_id is None:
        return None, class_days([], today)
    timetable, sessions, variations = pupil_changes(pupil)
    if timetable is None:
        return None, class_days([], today)
    return timetable, pupil_days(sessions, variations, today)


def pupil_changes(pupil) -> tuple[Timetable | None, list[TimetableSession], list[Variation]]:
    """The child's class timetable, its sessions and the child's own changes (each with
    the session it ``replaces``): three queries."""
    timetable = timetable_of(pupil.school_class_id)
    if timetable is None:
        return None, [], []
    sessions = list(timetable.sessions.all())
    by_pk = {session.pk: session for session in sessions}
    variations = list(Variation.objects.filter(timetable=timetable, pupil=pupil)
                      .order_by("weekday", "starts_at", "pk"))
    for variation in variations:
        variation.replaces = by_pk.get(variation.replaces_id)
    return timetable, sessions, variations


def pupils_to_tell(timetable: Timetable, *, everyone: bool = False) -> list[Pupil]:
    """The pupils whose families a sending tells: the whole class for its first timetable,
    after the class's week changed, or when staff send it to everyone again (the start of a
    year); otherwise only the pupils whose own changes changed. One query."""
    pupils = Pupil.objects.filter(school_class_id=timetable.school_class_id).filter(on_roll())
    whole_class = everyone or timetable.told_at is None or timetable.class_changed
    if not whole_class:
        pupils = pupils.filter(pk__in=timetable.changed_pupils or [])
    return list(pupils.select_related("school").order_by("legal_first_name", "pk"))


def texts_of(days: list[Day]) -> list[tuple[str, str]]:
    """(language, text) for everything staff wrote in a week, for one translation batch:
    staff write in English, as they do in the book."""
    pairs = []
    for day in days:
        for item in day.items:
            pairs += [("en", text) for text in (item.what, item.place, item.notes,
                                                item.instead_of) if text]
    return pairs
