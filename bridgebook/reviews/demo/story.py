"""The demo trust's annual reviews: the local authorities, whose review is due when, and
Zofia Nowak's last review, on time at every step. Data only;
bridgebook/reviews/demo/__init__.py writes it."""

from __future__ import annotations

import datetime

SCHOOLS = ("Mapledown School", "Oakleigh School")
# (name, number, SEN officer, email): fictional councils for the fictional schools.
AUTHORITIES = [
    ("Northmere Council", "202", "Priya Shah", "send.reviews@northmere.example"),
    ("Eastbrook Borough Council", "204", "Martin Hughes", "ehc.team@eastbrook.example"),
]
DUE_NEXT_MONTH = ("Amira", "Hassan")
ON_TIME_LAST_YEAR = ("Zofia", "Nowak")
OVERDUE_AT_OAKLEIGH = "Oakleigh School"
SHARED_SENCO = "Rachel Moore"
SHARED_SENCO_TITLE = "SENCO (shared with Mapledown)"

# Zofia's last review, held three months ago: its place, interpreter and report, and each
# step in days from the meeting.
ZOFIA_HELD_MONTHS_AGO = 3
ZOFIA_MEETS_AT = datetime.time(14, 0)
ZOFIA_PLACE = "Rowan classroom"
ZOFIA_INTERPRETER = ("pl", "Ewa (Language Line)")
ZOFIA_DUE_AFTER_DAYS = 5
ZOFIA_INVITED_DAYS_BEFORE = 30
ZOFIA_PACK_DAYS_BEFORE = 16
ZOFIA_REPORT_DAYS_AFTER = 10
ZOFIA_DECISION_DAYS_AFTER = 21
ZOFIA_FINAL_PLAN_DAYS_AFTER = 60
ZOFIA_REPORT = ("Zofia has made good progress in asking for what she wants. Everyone agreed "
                "to keep working on moving between activities, and to add a target for "
                "using her signs at home and in the community.")
