"""Targets made straight in the tables, for tests that only need something to read; tests
of behaviour make them through the actions."""

import datetime

from bridgebook.targets.models import Area, Outcome, Plan, Target

START = datetime.date(2026, 1, 5)


def plan_for(pupil, *, title="2025 to 2026", engagement_model=False) -> Plan:
    plan = Plan.objects.filter(pupil=pupil, is_current=True).first()
    return plan or Plan.objects.create(pupil=pupil, title=title, starts_on=START,
                                       engagement_model=engagement_model)


def outcome_for(pupil, *, area=Area.COMMUNICATION, text="Will tell adults what she wants"
                ) -> Outcome:
    return Outcome.objects.create(plan=plan_for(pupil), area=area, text=text)


def target_for(pupil, *, text="Will ask for a snack with a symbol card", outcome=None,
               status=Target.Status.OPEN, **fields) -> Target:
    outcome = outcome or Outcome.objects.filter(plan__pupil=pupil).first() or outcome_for(pupil)
    return Target.objects.create(outcome=outcome, pupil=pupil, text=text, status=status,
                                 start_date=START, review_date=START.replace(year=2027),
                                 **fields)
