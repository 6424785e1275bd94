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
"""

from __future__ import annotations

import datetime

from bridgebook.core.models import School
from bridgebook.people import demo as people_demo
from bridgebook.people.models import ClassStaff, Pupil, SchoolClass
from bridgebook.timetables import actions
from bridgebook.timetables.models import Kind, Timetable, Variation

CLASS = "Willow"


def t(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


# (days, starts, ends, what, kind, symbol, place, notes); days are 0 Monday … 4 Friday.
EVERY_DAY = (0, 1, 2, 3, 4)
MONDAY_TO_THURSDAY = (0, 1, 2, 3)
WEEK = [
    (EVERY_DAY, "08:50", "09:15", "Arrive and morning circle", Kind.OTHER, "1F465",
     "Willow classroom", "We sing hello and look at the day's symbols together."),
    ((0, 1, 3, 4), "09:15", "10:15", "Communication and reading", Kind.LESSON, "270F",
     "", ""),
    (EVERY_DAY, "10:15", "10:30", "Break and snack", Kind.BREAK, "1F514", "Playground", ""),
    (EVERY_DAY, "12:15", "13:15", "Lunch", Kind.BREAK, "1F374", "Dining hall", ""),
    (MONDAY_TO_THURSDAY, "15:00", None, "Home time", Kind.OTHER, "1F3E0", "", ""),
    ((0,), "10:30", "11:30", "Numbers", Kind.LESSON, "1F522", "", ""),
    ((0,), "11:30", "12:15", "Sensory story", Kind.LESSON, "1F4D6", "", ""),
    ((0,), "13:15", "14:15", "Art", Kind.LESSON, "1F3A8", "", "An apron comes home to wash "
                                                             "on Fridays."),
    ((0, 3), "14:15", "15:00", "Music", Kind.LESSON, "1F3B5", "Music room", ""),
    ((1,), "10:30", "11:30", "PE in the hall", Kind.LESSON, "1F3C3", "Hall",
     "Please send trainers."),
    ((1,), "11:30", "12:15", "Cooking", Kind.LESSON, "1F373", "Food room", ""),
    ((1,), "13:15", "14:15", "Swimming at the leisure centre", Kind.SWIMMING, "",
     "Leisure centre", "Please send a towel and swimming kit in a named bag."),
    ((1,), "14:15", "15:00", "Relax and get dressed", Kind.OTHER, "1F9D8", "", ""),
    ((2,), "09:15", "10:15", "Speech and language group with Imogen", Kind.THERAPY, "1F5E3",
     "Willow classroom", "Imogen, our speech and language therapist, works with the class."),
    ((2,), "10:30", "11:30", "Numbers", Kind.LESSON, "1F522", "", ""),
    ((2,), "11:30", "12:15", "Sensory room", Kind.LESSON, "1F308", "Sensory room", ""),
    ((2,), "13:15", "14:15", "Science", Kind.LESSON, "1F52C", "", ""),
    ((2,), "14:15", "15:00", "Choosing time", Kind.OTHER, "1F9E9", "", ""),
    ((3,), "10:30", "11:30", "Movement group with Ravi", Kind.THERAPY, "", "Hall",
     "Ravi, our occupational therapist, leads it."),
    ((3,), "11:30", "12:15", "Outdoor learning", Kind.LESSON, "1F331", "School garden",
     "Wellies and a coat, whatever the weather."),
    ((3,), "13:15", "14:15", "Computing", Kind.LESSON, "1F4BB", "", ""),
    ((4,), "10:30", "12:15", "Trip to the city farm", Kind.TRIP, "", "City farm",
     "We go by minibus and are back for lunch."),
    ((4,), "13:15", "14:15", "Golden time", Kind.OTHER, "2B50", "", ""),
    ((4,), "14:15", None, "Home time", Kind.OTHER, "1F3E0", "", ""),
]


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

    amira = Pupil.objects.filter(school_class=willow, legal_first_name="Amira",
                                 legal_last_name="Hassan").first()
    if amira is not None:
        actions.do_add_variation(pupil=amira, acting_user=user, data={
            "change": Variation.Change.INSTEAD, "replaces": sessions[(1, "PE in the hall")],
            "what": "Speech and language therapy with Imogen", "kind": Kind.THERAPY,
            "symbol": "1F5E3", "place": "Therapy room",
            "notes": "Amira works on her PECS sentences one to one."})
    zara = Pupil.objects.filter(school_class=willow, legal_first_name="Zara",
                                legal_last_name="Khan").first()
    if zara is not None:
        actions.do_add_variation(pupil=zara, acting_user=user, data={
            "change": Variation.Change.EXTRA, "weekday": 2, "starts_at": t("13:15"),
            "ends_at": t("13:45"), "what": "Hearing aid check with the teacher of the deaf",
            "kind": Kind.THERAPY, "place": "Quiet room"})
    created["timetable messages"] = actions.do_send(school_class=willow, acting_user=user)
    return created
