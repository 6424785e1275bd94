"""Who gets what from the targets app's routes (merged into core's route × persona table,
bridgebook/core/tests/route_rules.py).

Amira's targets are read by everyone who sees her (her class's staff, the whole-school
staff, her mother and her father in his own household) and nobody else: the restricted
stepfather gets 404 everywhere. Her plan is set by those who plan learning (her class
teacher, the SENCO, the principal, the therapist and the trust administrator); the office
sees it and gets 403. Families add evidence from home; what Layla writes is her household's.
"""

from __future__ import annotations

import datetime

from bridgebook.core.tests.route_rules import (
    AMIRA_FAMILY,
    OAKLEIGH,
    OK,
    SEE_AMIRA,
    SEE_BEN,
    SIGNED_IN,
    STAFF_HERE,
    Records,
    ben,
    expect,
    get,
    oakleigh,
    post,
    school,
)
from bridgebook.targets.models import Evidence, Strategy
from bridgebook.targets.tests.factories import outcome_for, target_for

PLAN_AMIRA = frozenset({"class_teacher", "principal", "senco", "therapist", "trust_admin"})
# Everyone who works with her but the office (her residential care worker too).
RECORD_AMIRA = PLAN_AMIRA | {"senior_leader", "residential"}
SCALE = frozenset({"principal", "senco", "trust_admin"})


def planned(r: Records) -> list:
    """Amira, with a current plan and an outcome."""
    r.make("targets.outcome", lambda w: outcome_for(w.pupil))
    return [r.w.pupil.pk]


def amira_target(r: Records):
    return r.make("targets.target", lambda w: target_for(w.pupil))


def ben_target(r: Records):
    return r.make("targets.ben_target", lambda w: target_for(w.pupil_b))


def strategy(r: Records) -> Strategy:
    return r.make("targets.strategy", lambda w: Strategy.objects.create(
        pupil=w.pupil, text="Give her two choices and wait"))


def laylas_evidence(r: Records) -> Evidence:
    def build(w):
        evidence = Evidence.objects.create(
            pupil=w.pupil, source=Evidence.Source.HOME, from_family=True, author=w.parent,
            household=w.parent_contact.household, happened_on=datetime.date(2026, 1, 6),
            note="She asked for the swing at the park")
        evidence.targets.add(amira_target(r))
        return evidence
    return r.make("targets.laylas_evidence", build)


def tag(r: Records) -> list:
    return []


RULES = {
    "targets:pupil": (
        get("Amira", planned, expect(SEE_AMIRA)),
        get("Ben", ben, expect(SEE_BEN)),
    ),
    "targets:plan_new": (
        get("Amira's next plan", planned, expect(PLAN_AMIRA, SEE_AMIRA)),
        get("Ben's first plan", ben, expect(PLAN_AMIRA - {"class_teacher"} | {"other_teacher"},
                                             SEE_BEN)),
    ),
    "targets:plan_edit": (get("Amira", planned, expect(PLAN_AMIRA, SEE_AMIRA)),),
    "targets:outcome_new": (get("Amira", planned, expect(PLAN_AMIRA, SEE_AMIRA)),),
    "targets:target_new": (get("Amira", planned, expect(PLAN_AMIRA, SEE_AMIRA)),),
    "targets:engagement": (
        get("Amira", planned, expect(SEE_AMIRA)),
        post("a note with nothing in it", planned, expect(RECORD_AMIRA, SEE_AMIRA, code=OK)),
    ),
    "targets:strategy_new": (get("Amira", planned, expect(PLAN_AMIRA, SEE_AMIRA)),),
    "targets:evidence_new": (
        get("Amira", lambda r: [amira_target(r).pupil_id],
            expect(RECORD_AMIRA | AMIRA_FAMILY, SEE_AMIRA)),
    ),
    "targets:target": (
        get("Amira's", lambda r: [amira_target(r).pk], expect(SEE_AMIRA)),
        get("Ben's", lambda r: [ben_target(r).pk], expect(SEE_BEN)),
    ),
    "targets:target_edit": (
        get("Amira's", lambda r: [amira_target(r).pk], expect(PLAN_AMIRA, SEE_AMIRA)),
    ),
    "targets:progress_add": (
        get("Amira's", lambda r: [amira_target(r).pk], expect(RECORD_AMIRA, SEE_AMIRA)),
    ),
    "targets:outcome_edit": (
        get("Amira's", lambda r: [r.make("targets.outcome", lambda w: outcome_for(w.pupil)).pk],
            expect(PLAN_AMIRA, SEE_AMIRA)),
    ),
    "targets:strategy_edit": (
        get("Amira's", lambda r: [strategy(r).pk], expect(PLAN_AMIRA, SEE_AMIRA)),
    ),
    "targets:strategy_remove": (
        post("Amira's", lambda r: [strategy(r).pk], expect(PLAN_AMIRA, SEE_AMIRA, code=OK)),
        get("GET", lambda r: [strategy(r).pk], expect(SIGNED_IN, code=405)),
    ),
    "targets:strategy_check": (
        post("Amira's", lambda r: [strategy(r).pk], expect(PLAN_AMIRA, SEE_AMIRA, code=OK)),
    ),
    # Layla's evidence from home is her household's: Omar may not know it exists.
    "targets:evidence_remove": (
        post("Layla's from home", lambda r: [laylas_evidence(r).pk],
             expect({"parent"}, SEE_AMIRA - {"separated_parent"}, code=OK)),
    ),
    # The entry and target come in the POST; without them nobody gets anything.
    "targets:tag_entry": (
        post("nothing to tag", tag, expect(SIGNED_IN, code=404)),
        get("GET", tag, expect(SIGNED_IN, code=405)),
    ),
    # The photo comes in the POST: without one, those who may tag find nothing (404).
    "targets:tag_photo": (
        post("no photo", lambda r: [amira_target(r).pk], expect(RECORD_AMIRA, SEE_AMIRA,
                                                               code=404)),
        get("GET", lambda r: [amira_target(r).pk], expect(SIGNED_IN, code=405)),
    ),
    "targets:scale": (
        get("Mapledown", school, expect(SCALE, STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
}
