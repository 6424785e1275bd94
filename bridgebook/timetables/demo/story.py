"""Willow class's week at Mapledown: its sessions, and the two pupils whose week differs
(Amira Hassan's speech and language therapy instead of PE, Zara Khan's hearing aid check).
Data only; bridgebook/timetables/demo/__init__.py writes it."""

from __future__ import annotations

from bridgebook.timetables.models import Kind

CLASS = "Willow"

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

# Amira's speech and language therapy, instead of Tuesday's PE: (weekday, what) of the
# session it replaces, and what she does.
AMIRA = ("Amira", "Hassan")
AMIRA_REPLACES = (1, "PE in the hall")
AMIRA_INSTEAD = {"what": "Speech and language therapy with Imogen", "kind": Kind.THERAPY,
                 "symbol": "1F5E3", "place": "Therapy room",
                 "notes": "Amira works on her PECS sentences one to one."}
# Zara's hearing aid check, an extra session on Wednesday.
ZARA = ("Zara", "Khan")
ZARA_EXTRA = {"weekday": 2, "starts_at": "13:15", "ends_at": "13:45",
              "what": "Hearing aid check with the teacher of the deaf", "kind": Kind.THERAPY,
              "place": "Quiet room"}
