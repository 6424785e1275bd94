"""The demo trust's timetable: Willow class's week at Mapledown, sent to every family.

``seed_demo_timetables`` is called by ``manage.py seed_demo`` after the people seeder. It
writes Willow's week as Hannah Price, its class teacher, would: the school day's lessons
(Mapledown's lesson times, ``people.demo.story.LESSONS``) with breaks and lunch, speech and
language and occupational therapy groups, swimming at the leisure centre on Tuesday and a
Friday trip to the city farm; Amira Hassan's speech and language therapy instead of PE,
and Zara Khan's hearing support check; and then sends it, so that every Willow family has
a message linking to their child's timetable (Amira's parents, who live apart, each their
own). It goes through the actions, so the audit log and the messages are as a real week's
would be. Idempotent: a Willow class that already has a timetable is left alone.

The story's data (the week, the pupils' own sessions) is in story.py.
"""

from __future__ import annotations

import datetime

from bridgebook.core.models import School
from bridgebook.people import demo as people_demo
from bridgebook.people.models import ClassStaff, Pupil, SchoolClass
from bridgebook.timetables import actions
from bridgebook.timetables.demo.story import (
    AMIRA,
    AMIRA_INSTEAD,
    AMIRA_REPLACES,
    CLASS,
    WEEK,
    ZARA,
    ZARA_EXTRA,
)
from bridgebook.timetables.models import Timetable, Variation


def t(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _session(days, starts, ends, what, kind, symbol, place, notes) -> list[dict]:
    return [{"weekday": day, "starts_at": t(starts), "ends_at": t(ends) if ends else None,
             "what": what, "kind": kind, "symbol": symbol, "place": place, "notes": notes}
            for day in days]


def seed_demo_timetables() -> dict[str, int]:
    created = {"timetable sessions": 0, "timetable messages": 0}
    school = School.objects.filter(urn=people_demo.MAPLEDOWN.urn).first()
    willow = SchoolClass.objects.filter(school=school, name=CLASS).first()
    if school is None or willow is None:
        return created
    if Timetable.objects.filter(school_class=willow).exists():
        return created
    teacher = (ClassStaff.objects.filter(school_class=willow, is_class_teacher=True)
               .select_related("user").first())
    user = teacher.user if teacher is not None else None
    sessions = {}
    for row in WEEK:
        for data in _session(*row):
            session = actions.do_add_session(school_class=willow, acting_user=user,
                                             data=data)
            sessions[(data["weekday"], data["what"])] = session
    created["timetable sessions"] = len(sessions)

    amira = Pupil.objects.filter(school_class=willow, legal_first_name=AMIRA[0],
                                 legal_last_name=AMIRA[1]).first()
    if amira is not None:
        actions.do_add_variation(pupil=amira, acting_user=user, data={
            "change": Variation.Change.INSTEAD, "replaces": sessions[AMIRA_REPLACES],
            **AMIRA_INSTEAD})
    zara = Pupil.objects.filter(school_class=willow, legal_first_name=ZARA[0],
                                legal_last_name=ZARA[1]).first()
    if zara is not None:
        actions.do_add_variation(pupil=zara, acting_user=user, data={
            "change": Variation.Change.EXTRA, **ZARA_EXTRA,
            "starts_at": t(ZARA_EXTRA["starts_at"]), "ends_at": t(ZARA_EXTRA["ends_at"])})
    created["timetable messages"] = actions.do_send(school_class=willow, acting_user=user)
    return created
