"""Class A's week, as Cara (its class teacher) writes it, and Amira's own changes."""

import datetime
from dataclasses import dataclass

import pytest

from bridgebook.timetables import actions
from bridgebook.timetables.models import Kind, TimetableSession, Variation


def at(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


def session_data(weekday, starts, ends, what, kind=Kind.LESSON, **extra) -> dict:
    return {"weekday": weekday, "starts_at": starts, "ends_at": ends, "what": what,
            "kind": kind, "symbol": "", "place": "", "notes": "", **extra}


@dataclass
class Week:
    circle: TimetableSession
    pe: TimetableSession
    swimming: TimetableSession
    trip: TimetableSession
    golden: TimetableSession


def add(world, **data) -> TimetableSession:
    return actions.do_add_session(school_class=world.class_a, acting_user=world.class_teacher,
                                  data=session_data(**data))


@pytest.fixture
def week(world) -> Week:
    """Monday's circle, Tuesday's PE and swimming, Friday's trip and golden time."""
    return Week(
        circle=add(world, weekday=0, starts=at(9, 15), ends=at(10, 15),
                   what="Morning circle"),
        pe=add(world, weekday=1, starts=at(10, 30), ends=at(11, 30), what="PE in the hall"),
        swimming=add(world, weekday=1, starts=at(13, 15), ends=at(14, 15),
                     what="Swimming at the leisure centre", kind=Kind.SWIMMING,
                     notes="Bring a towel and swimming kit"),
        trip=add(world, weekday=4, starts=at(13, 15), ends=at(14, 15),
                 what="Trip to the library", kind=Kind.TRIP, place="Town library"),
        golden=add(world, weekday=4, starts=at(14, 15), ends=at(15, 0), what="Golden time",
                   kind=Kind.OTHER),
    )


def instead_of_pe(world, week) -> Variation:
    """Amira has speech and language therapy instead of PE on Tuesday."""
    return actions.do_add_variation(pupil=world.pupil, acting_user=world.class_teacher, data={
        "change": Variation.Change.INSTEAD, "replaces": week.pe,
        "what": "Speech and language therapy", "kind": Kind.THERAPY, "place": "Therapy room"})


def home_early_on_friday(world) -> Variation:
    """Amira goes home at 14:00 on Fridays."""
    return actions.do_add_variation(pupil=world.pupil, acting_user=world.class_teacher, data={
        "change": Variation.Change.HOME, "weekday": 4, "starts_at": at(14),
        "notes": "Her taxi comes at 14:00"})
