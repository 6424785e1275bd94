"""Who gets what from the conduct log's routes (merged into core's route × persona table,
bridgebook/core/tests/route_rules.py).

The log is the senior leaders' and the principal's: at Mapledown the principal gets every
page, the senior leader (Selma) every page but the settings (403), and everyone else 404,
whatever else they see there (Amira's class teacher, the SENCO, the office, the therapist,
the trust administrator, families, the restricted stepfather Rex it may be about); the
anonymous are sent to sign in. At Oakleigh its own principal reads Oakleigh's log. Nobody
reads an incident about themselves: one recorded about a contact with the principal's
email address is 404 to her too (her senior leader reads it).
"""

from __future__ import annotations

from bridgebook.conduct.models import ConductReview
from bridgebook.conduct.tests.factories import incident_for
from bridgebook.core.tests.route_rules import (
    SIGNED_IN,
    Records,
    expect,
    get,
    oakleigh,
    post,
    school,
)
from bridgebook.people.tests.factories import ContactFactory

# Who reads and writes Mapledown's log; the settings are the principal's alone.
PRINCIPAL = frozenset({"principal", "senior_leader"})
SETTINGS_HERE = frozenset({"principal"})
OAKLEIGH_PRINCIPAL = frozenset({"other_school_staff"})


def about_rex(r: Records):
    """Rex, under a court order about Amira, threatened her class teacher by phone."""
    return r.make("conduct.rex", lambda w: incident_for(
        w.school, recorded_by=w.principal, contact=w.restricted_contact, pupil=w.pupil,
        staff_affected=[w.class_teacher], review_in_days=14))


def about_pat(r: Records):
    """An incident about a contact with the principal's own email address."""
    def build(w):
        contact = ContactFactory(school=w.school, first_name="Pat", last_name="Principal",
                                 email=w.principal.email.upper())
        return incident_for(w.school, contact=contact)
    return r.make("conduct.pat", build)


def at_oakleigh(r: Records):
    return r.make("conduct.oakleigh", lambda w: incident_for(
        w.other_school, recorded_by=w.other_school_staff, person_name="Kim Brown"))


def rex(r: Records) -> list:
    return [r.w.school.urn, about_rex(r).pk]


def review(r: Records) -> list:
    incident = about_rex(r)
    return [r.w.school.urn, incident.pk, ConductReview.objects.get(incident=incident).pk]


def school_pages(see: frozenset = frozenset()) -> tuple:
    ok = PRINCIPAL - see
    return (get("Mapledown", school, expect(ok, see)),
            get("Oakleigh", oakleigh, expect(OAKLEIGH_PRINCIPAL)))


RULES = {
    "conduct:log": school_pages(),
    "conduct:new": school_pages(),
    # A senior leader reads the log but not its settings (403).
    "conduct:settings": school_pages(see=PRINCIPAL - SETTINGS_HERE),
    "conduct:incident": (
        get("about Rex", rex, expect(PRINCIPAL)),
        # Hers to nobody but her senior leader.
        get("about the principal herself", lambda r: [r.w.school.urn, about_pat(r).pk],
            expect(PRINCIPAL - {"principal"})),
        get("Oakleigh's under Mapledown's URN",
            lambda r: [r.w.school.urn, at_oakleigh(r).pk], expect(set())),
        get("Oakleigh's", lambda r: [r.w.other_school.urn, at_oakleigh(r).pk],
            expect(OAKLEIGH_PRINCIPAL)),
    ),
    "conduct:change": (get("about Rex", rex, expect(PRINCIPAL)),),
    "conduct:add_action": (get("about Rex", rex, expect(PRINCIPAL)),),
    "conduct:add_review": (get("about Rex", rex, expect(PRINCIPAL)),),
    "conduct:hold_review": (get("about Rex", review, expect(PRINCIPAL)),),
    "conduct:close": (get("about Rex", rex, expect(PRINCIPAL)),),
    "conduct:subject_access": (
        post("about Rex", rex, expect(PRINCIPAL)),
        post("about the principal herself", lambda r: [r.w.school.urn, about_pat(r).pk],
             expect(PRINCIPAL - {"principal"})),
        get("GET", rex, expect(SIGNED_IN, code=405)),
    ),
}
