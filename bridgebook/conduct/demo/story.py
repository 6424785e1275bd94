"""The demo's conduct incident: who did what, to whom, when, which statement of the
agreement it breaches, and what the school did. Data only; bridgebook/conduct/demo/__init__.py
writes it."""

from __future__ import annotations

import datetime

from bridgebook.conduct.models import ConductAction, ConductIncident

SCHOOL = "Mapledown School"
AFFECTED = ["Aisha Begum", "Pam Whitfield"]
ADULT = "Lee Dawson"
DESCRIPTION = ("Partner of a parent of a pupil in Cedar; not a contact of the school. Often "
               "waits at the front gate at home time.")
WHAT_HAPPENED = (
    "At 16:40 a text message came to the office mobile from a number Mr Dawson has used "
    "before. It said he would be \"waiting in the car park\" for the Cedar class teacher "
    "and that she \"would regret\" phoning home about the minibus. Pam Whitfield read it, "
    "kept the phone and told the deputy head at once; Aisha Begum was walked to her car "
    "by the site manager that evening.")
# (what the school did, days after the incident, note)
ACTIONS = [
    (ConductAction.Kind.WARNING_LETTER, 2,
     "Letter from the headteacher: threats to staff will not be tolerated, and further "
     "threats will be reported to the police."),
    (ConductAction.Kind.ONE_CHANNEL, 2,
     "Until the review, Mr Dawson contacts the school by email to the office only."),
]
HOW = ConductIncident.How.MESSAGE
HOW_DETAIL = "Text message to the office mobile"
HAPPENED_DAYS_AGO = 12
HAPPENED_AT = datetime.time(16, 40)
RECORDED_AT = datetime.time(17, 30)          # the same day
REVIEW_IN_DAYS = 30
BREACHED = "no_abuse"                        # the agreement's NAS statement it breaches
