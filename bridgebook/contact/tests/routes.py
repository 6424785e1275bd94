"""Who gets what from the contact app's routes (merged into core's route × persona table,
bridgebook/core/tests/route_rules.py).

Amira's contact log and visits are read by the staff who see her and nobody else: her
family reads only the advice written after a visit to their own home (Layla here; Omar,
who lives apart, was not visited), and the restricted stepfather gets 404 everywhere.
Everyone who works with families but the office logs contact, plans, changes and cancels
visits. Only the visiting staff check in and out; the colleague alerted, the principal and
the trust administrator acknowledge an alert, and the colleague alerted opens that visit
even when Amira is not in their class. The settings are the principal's.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from bridgebook.contact.models import FollowUp
from bridgebook.contact.tests.factories import record_for, visit_for
from bridgebook.core.tests.route_rules import (
    ALL_STAFF,
    OAKLEIGH,
    SEE_AMIRA_STAFF,
    SEE_CLASS_A,
    STAFF_HERE,
    Records,
    amira,
    expect,
    get,
    oakleigh,
    post,
    school,
)

WRITERS = SEE_AMIRA_STAFF - {"office"}
SETTINGS_HERE = frozenset({"principal", "trust_admin"})
ACKNOWLEDGERS = frozenset({"class_teacher", "principal", "trust_admin"})


def tias_visit(r: Records):
    """Tia's visit to Layla's home today, with Cara (Amira's teacher) to alert."""
    return r.make("contact.visit", lambda w: visit_for(
        w.pupil, w.parent_contact.household, lead=w.therapist, buddy=w.class_teacher,
        starts_in_minutes=-90))


def alerted_visit(r: Records):
    def build(w):
        visit = tias_visit(r)
        type(visit).objects.filter(pk=visit.pk).update(
            checked_in_at=visit.starts_at, alerted_at=timezone.now())
        return visit
    return r.make("contact.alerted", build)


def otto_watches(r: Records):
    """Tia's visit to Layla's home, overdue, with Otto (Class B's teacher, who does not
    teach Amira) as the colleague alerted: he opens and acknowledges that alert."""
    def build(w):
        visit = visit_for(w.pupil, w.parent_contact.household, lead=w.therapist,
                          buddy=w.other_teacher, starts_in_minutes=-90)
        type(visit).objects.filter(pk=visit.pk).update(
            checked_in_at=visit.starts_at, alerted_at=timezone.now())
        return visit
    return r.make("contact.otto_watches", build)


def written_up(r: Records):
    def build(w):
        visit = visit_for(w.pupil, w.parent_contact.household, lead=w.therapist,
                          buddy=w.class_teacher, starts_in_minutes=-60 * 24,
                          outcome="Went well", advice="Stand for twenty minutes a day",
                          written_up_at=timezone.now())
        return visit
    return r.make("contact.written_up", build)


def follow_up(r: Records):
    def build(w):
        record = record_for(w.pupil, w.class_teacher, household=w.parent_contact.household,
                            contact=w.parent_contact)
        return FollowUp.objects.create(record=record, what="Send the symbols",
                                       owner=w.class_teacher,
                                       due_on=datetime.date.today())
    return r.make("contact.follow_up", build)


def visit_id(r: Records) -> list:
    return [tias_visit(r).pk]


RULES = {
    "contact:school": (
        get("Mapledown", school, expect(STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "contact:settings": (
        get("Mapledown", school, expect(SETTINGS_HERE, STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "contact:class": (get("Class A", lambda r: [r.w.class_a.pk], expect(SEE_CLASS_A)),),
    "contact:pupil": (get("Amira", amira, expect(SEE_AMIRA_STAFF)),),
    "contact:log": (get("Amira", amira, expect(WRITERS, SEE_AMIRA_STAFF)),),
    "contact:plan_visit": (get("Amira", amira, expect(WRITERS, SEE_AMIRA_STAFF)),),
    "contact:follow_up_done": (
        post("Cara's, about Amira", lambda r: [follow_up(r).pk],
             expect(WRITERS, SEE_AMIRA_STAFF, code="ok")),
    ),
    "contact:today": (get("their own", lambda r: [], expect(ALL_STAFF)),),
    "contact:phone": (get("their own", lambda r: [], expect(ALL_STAFF)),),
    "contact:overdue": (get("their own", lambda r: [], expect(ALL_STAFF)),),
    "contact:landing_alerts": (get("their own", lambda r: [], expect(ALL_STAFF)),),
    "contact:visit": (
        get("Tia's to Amira's home", visit_id, expect(SEE_AMIRA_STAFF)),
        get("Otto alerted", lambda r: [otto_watches(r).pk],
            expect(SEE_AMIRA_STAFF | {"other_teacher"})),
    ),
    "contact:check_in": (
        post("Tia's", visit_id, expect({"therapist"}, SEE_AMIRA_STAFF, code="ok")),
    ),
    "contact:check_out": (
        post("Tia's", visit_id, expect({"therapist"}, SEE_AMIRA_STAFF, code="ok")),
    ),
    "contact:acknowledge": (
        post("Tia's, overdue", lambda r: [alerted_visit(r).pk],
             expect(ACKNOWLEDGERS, SEE_AMIRA_STAFF, code="ok")),
        post("Otto alerted, overdue", lambda r: [otto_watches(r).pk],
             expect({"other_teacher", "principal", "trust_admin"}, SEE_AMIRA_STAFF,
                    code="ok")),
    ),
    "contact:write_up": (get("Tia's", visit_id, expect(WRITERS, SEE_AMIRA_STAFF)),),
    "contact:change_visit": (get("Tia's", visit_id, expect(WRITERS, SEE_AMIRA_STAFF)),),
    "contact:cancel_visit": (get("Tia's", visit_id, expect(WRITERS, SEE_AMIRA_STAFF)),),
    # The advice is Layla's household's: Omar, who lives apart, may not know it exists.
    "contact:advice": (
        get("to Layla's home", lambda r: [written_up(r).pk],
            expect(SEE_AMIRA_STAFF | {"parent"})),
    ),
}
