"""The demo's conduct log, at Mapledown.

- Helen Brooks, deputy headteacher and Mapledown's senior leader (the people app's demo
  staff), recorded a threatening text message sent to the office mobile twelve days ago by Lee
  Dawson, the partner of a Cedar parent, who is not a contact of the school (none of the
  families the other demo journeys follow): the Cedar class teacher, Aisha Begum, and the
  office manager, Pam Whitfield, are the staff affected. It breaches the agreement's
  statement that abusive conduct is not tolerated (Mapledown's published agreement where
  the agreements app seeded one, else the NAS policy's own words); a warning letter went
  two days later, contact is kept to the office's email, and a review is due next month.
- Aisha Begum cannot see it, though it is about her: only the senior leaders and the
  principal read the log.

Like the other demo seeders this writes straight to the tables (nobody acting, nothing to
audit). It is idempotent: a school with an incident is left alone.

The story's data (names, texts, days) is in story.py.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from bridgebook.agreements.nas import BY_KEY
from bridgebook.conduct.demo.story import (
    ACTIONS,
    ADULT,
    AFFECTED,
    BREACHED,
    DESCRIPTION,
    HAPPENED_AT,
    HAPPENED_DAYS_AGO,
    HOW,
    HOW_DETAIL,
    RECORDED_AT,
    REVIEW_IN_DAYS,
    SCHOOL,
    WHAT_HAPPENED,
)
from bridgebook.conduct.models import ConductAction, ConductIncident, ConductReview
from bridgebook.conduct.selectors import statement_choices
from bridgebook.core.models import Role, School, User


def _senior_leader(school: School) -> User | None:
    return User.objects.filter(staff_roles__school=school,
                               staff_roles__role=Role.SENIOR_LEADER).order_by("pk").first()


def _breach(school: School) -> dict:
    statement = statement_choices(school).filter(nas_key=BREACHED).first()
    if statement is not None:
        return {"statement": statement, "statement_key": statement.nas_key,
                "statement_text": statement.text}
    with override("en-gb"):
        return {"statement_key": BREACHED, "statement_text": str(BY_KEY[BREACHED].text)}


@transaction.atomic
def seed_demo_conduct(**_options) -> dict[str, int]:
    made = {"conduct incidents": 0}
    school = School.objects.filter(name=SCHOOL).first()
    deputy = _senior_leader(school) if school else None
    if deputy is None or ConductIncident.objects.filter(school=school).exists():
        return made
    today = timezone.localdate(timezone=school.tz)
    happened = today - datetime.timedelta(days=HAPPENED_DAYS_AGO)
    review_on = today + datetime.timedelta(days=REVIEW_IN_DAYS)
    incident = ConductIncident.objects.create(
        school=school, person_name=ADULT, person_description=DESCRIPTION,
        occurred_on=happened, occurred_time=HAPPENED_AT, how=HOW, how_detail=HOW_DETAIL,
        what_happened=WHAT_HAPPENED, recorded_by=deputy,
        recorded_at=datetime.datetime.combine(happened, RECORDED_AT, tzinfo=school.tz),
        keep_from=review_on, **_breach(school))
    incident.staff_affected.set(User.objects.filter(full_name__in=AFFECTED,
                                                    staff_roles__school=school).distinct())
    ConductAction.objects.bulk_create([
        ConductAction(incident=incident, kind=kind, note=note, recorded_by=deputy,
                      taken_on=happened + datetime.timedelta(days=days))
        for kind, days, note in ACTIONS])
    ConductReview.objects.create(incident=incident, due_on=review_on)
    made["conduct incidents"] = 1
    return made
