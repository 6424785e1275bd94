"""The demo trust's termly contact and home visits: who is reached and who is not, what
was talked about, and the physiotherapist's visits with their outcome and advice. Data only;
bridgebook/contact/demo/__init__.py writes it."""

from __future__ import annotations

import datetime

from bridgebook.contact.models import HomeVisit

SCHOOL = "Mapledown School"
CLASS = "Willow"
TEACHER = "Hannah Price"
PHYSIO = "Claire Dunn"
BUDDY = "Jo Clarke"
SENIOR = "Sue Hart"
NOT_REACHED_FIRST = ("Amira", "Hassan", "Omar")      # (pupil, family name, contact)
PHONES = {PHYSIO: "+447700900201", BUDDY: "+447700900202", SENIOR: "+447700900203"}
TOPICS = [
    "Settling-in after half term; sleep is better, and swimming on Saturdays.",
    "New PECS symbols for home, and how the morning routine is going.",
    "Medication change: the family will send the new dose letter.",
    "Feeding plan: trying a thicker drink at home.",
    "Transport: the minibus pick-up moves to 8:10.",
]
VISIT_OUTCOME = ("Looked at standing frame use and transfers at home. The family use the "
                 "frame most evenings. Hoist sling size checked.")
VISIT_ADVICE = ("Use the standing frame for 20 minutes after tea, five days a week. Keep "
                "the feet flat and the straps snug. Call me if the skin on the heels looks "
                "red.")
# When: contact records at this time of day; the past visit this many days ago (or the
# term's first day); today's visit in the afternoon.
RECORDED_AT = (15, 30)
PAST_VISIT_DAYS_AGO = 14
PAST_VISIT_AT = (16, 0)
TODAY_VISIT_AT = (14, 0)
VISIT_LENGTH = datetime.timedelta(hours=1)
CHECKED_IN_AFTER = datetime.timedelta(minutes=5)
CHECKED_OUT_AFTER = datetime.timedelta(minutes=55)
WRITTEN_UP_AFTER = datetime.timedelta(hours=2)
VISIT_PURPOSE = HomeVisit.Purpose.PHYSIOTHERAPY
TODAY_VISIT_NOTE = "Standing frame and seating review"
