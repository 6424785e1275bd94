"""The demo trust's appointments: Mapledown's settings, next week's times after school when
staff can meet families, and the spring parents' evening (its classes, times, and the Birch
teacher with one time left that two mothers race for). Data only;
bridgebook/appointments/demo/__init__.py and demo/evenings.py write it."""

from __future__ import annotations

import datetime

from bridgebook.appointments.models import Mode

SCHOOL = "Mapledown School"

# Times to meet -------------------------------------------------------------------------------

SETTINGS = {"place": "Reception, Mapledown School", "interpreter_extra_minutes": 15,
            "video_link_template": "https://meet.mapledown.example/mapledown-{room}"}
ALL_WAYS = [Mode.IN_SCHOOL, Mode.PHONE, Mode.VIDEO]
# (member of staff, weekday next week (0 Monday), from, until, minutes each, ways,
#  same-language block's language, interpreter)
TIMES = [
    ("Hannah Price", 1, (15, 30), (17, 30), 20, ALL_WAYS, "", ""),
    ("Hannah Price", 3, (15, 30), (17, 0), 20, [Mode.IN_SCHOOL, Mode.VIDEO], "ar",
     "Samira Haddad (Arabic interpreter)"),
    ("Rachel Moore", 2, (15, 30), (17, 0), 30, [Mode.IN_SCHOOL, Mode.PHONE], "", ""),
    ("Imogen Hale", 0, (15, 45), (16, 45), 20, [Mode.VIDEO], "", ""),
]

# The parents' evening ------------------------------------------------------------------------

EVENING_NAME = "Spring parents' evening"
EVENING_PLACE = "School hall"
EVENING_SLOT_MINUTES = 10
EVENING_GAP_MINUTES = 5
EVENING_CLASSES = ("Willow", "Rowan", "Cedar", "Birch")
ONE_TIME_LEFT = "Birch"                # the class whose teacher has one time left
RACERS = (("Arjun", "Sandhu"), ("Sofía", "Ruiz"))
EVENING_STARTS, EVENING_ENDS = datetime.time(15, 30), datetime.time(18, 30)
EVENING_BREAK = (datetime.time(17), datetime.time(17, 15))
# The Birch teacher's only time on the Thursday.
HALF_HOUR = (datetime.time(17, 15), datetime.time(17, 45))
# Booking closes at this time on the day before the first session.
BOOKING_CLOSES = datetime.time(18)
