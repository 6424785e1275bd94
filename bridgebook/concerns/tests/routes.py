"""Who gets what from the concerns app's routes (merged into core's route × persona table,
bridgebook/core/tests/route_rules.py).

Layla raised a concern about Amira with Amira's class staff, another with the residential
staff of Oak House (Amira's residential group), and Omar his own, with her class staff;
Fiona one about Ben. A concern is read by the staff it was raised with (Cara for a class
concern, Rhys for a residential one), the SENCO and the school's leaders (the principal,
the senior leader, the trust administrator); the office and the therapist, who see the
child, do not read it (404), nor open the child's Concerns tab or the school's concerns
(403). A family member reads only their own (Omar never sees Layla's, nor she his); the
restricted stepfather gets 404 everywhere. The concern's team acts on it: the staff it was
raised with and the leaders; the SENCO, who reads it, gets 403. Only the family member who
raised it answers a proposed resolution. The settings are the principal's.
"""

from __future__ import annotations

from bridgebook.concerns.models import Addressed
from bridgebook.concerns.tests.factories import concern_for, proposed
from bridgebook.core.tests.route_rules import (
    AMIRA_FAMILY,
    CLASS_STAFF_A,
    CLASS_STAFF_B,
    OAKLEIGH,
    RESIDENTIAL_A,
    SEE_AMIRA_STAFF,
    SEE_BEN_STAFF,
    SIGNED_IN,
    STAFF_HERE,
    Records,
    amira,
    ben,
    expect,
    get,
    oakleigh,
    post,
    school,
)

LEADERS = frozenset({"principal", "senior_leader", "trust_admin"})
CLASS_TEAM = LEADERS | {"class_teacher"}
RESIDENTIAL_TEAM = LEADERS | {"residential"}
SETTINGS_HERE = frozenset({"principal", "trust_admin"})
BEN_TEAM = LEADERS | {"other_teacher"}
# Who reads a concern: its team and the SENCO.
READERS = LEADERS | {"senco"}
# Who reads any of Mapledown's concerns: the leaders, the SENCO, class and residential staff.
SCHOOL_READERS = READERS | CLASS_STAFF_A | CLASS_STAFF_B | RESIDENTIAL_A
# Staff who see Amira, and Ben, and read concerns about them (their Concerns tab).
AMIRA_READERS = SEE_AMIRA_STAFF & SCHOOL_READERS
BEN_READERS = SEE_BEN_STAFF & SCHOOL_READERS


def laylas(r: Records) -> list:
    return [r.make("concerns.laylas", lambda w: concern_for(
        w.pupil, w.parent_contact, text="Amira comes home hungry every day.")).pk]


def laylas_residential(r: Records) -> list:
    return [r.make("concerns.laylas_residential", lambda w: concern_for(
        w.pupil, w.parent_contact, addressed_to=Addressed.RESIDENTIAL,
        text="Amira does not sleep well in Oak House.")).pk]


def omars(r: Records) -> list:
    return [r.make("concerns.omars", lambda w: concern_for(
        w.pupil, w.separated_contact, text="Nobody told me about the trip.")).pk]


def fionas(r: Records) -> list:
    return [r.make("concerns.fionas", lambda w: concern_for(
        w.pupil_b, w.foster_contact, text="Ben's bus is late.")).pk]


def laylas_proposed(r: Records) -> list:
    return [r.make("concerns.laylas_proposed", lambda w: proposed(
        w.pupil, w.parent_contact, by=w.class_teacher)).pk]


def omar_text(r: Records) -> list[str]:
    omars(r)
    return ["Nobody told me about the trip"]


def layla_text(r: Records) -> list[str]:
    laylas(r)
    return ["Amira comes home hungry every day"]


def acting() -> tuple:
    """A team's step (an empty form: shown again with what is missing)."""
    return (
        post("Layla's, with class staff", laylas,
             expect(CLASS_TEAM, READERS | {"parent"}, code=200)),
        post("Layla's, with residential staff", laylas_residential,
             expect(RESIDENTIAL_TEAM, READERS | {"parent"}, code=200)),
        post("Fiona's, about Ben", fionas,
             expect(BEN_TEAM, READERS | {"foster_carer"}, code=200)),
        get("GET", laylas, expect(SIGNED_IN, code=405)),
    )


RULES = {
    "concerns:school": (
        get("Mapledown", school, expect(SCHOOL_READERS, STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "concerns:settings": (
        get("Mapledown", school, expect(SETTINGS_HERE, STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "concerns:pupil": (
        get("Amira", amira, expect(AMIRA_READERS | AMIRA_FAMILY, SEE_AMIRA_STAFF), hidden={
            "parent": omar_text, "separated_parent": layla_text}),
        get("Ben", ben, expect(BEN_READERS | {"foster_carer"}, SEE_BEN_STAFF)),
    ),
    "concerns:raise": (
        get("Amira", amira, expect(AMIRA_FAMILY, SEE_AMIRA_STAFF)),
        get("Ben", ben, expect({"foster_carer"}, SEE_BEN_STAFF)),
    ),
    "concerns:concern": (
        get("Layla's", laylas, expect(CLASS_TEAM | READERS | {"parent"})),
        get("Layla's, with residential staff", laylas_residential,
            expect(RESIDENTIAL_TEAM | READERS | {"parent"})),
        get("Omar's", omars, expect(CLASS_TEAM | READERS | {"separated_parent"})),
        get("Fiona's, about Ben", fionas, expect(BEN_TEAM | READERS | {"foster_carer"})),
    ),
    "concerns:acknowledge": acting(),
    "concerns:note": acting(),
    "concerns:update": acting(),
    "concerns:propose": acting(),
    # Recording that the family made a complaint (an empty form: asked to confirm).
    "concerns:complaints": acting(),
    # Only the family member who raised it answers; staff who read it get 403.
    "concerns:answer": (
        post("Layla's, resolution proposed", laylas_proposed,
             expect({"parent"}, CLASS_TEAM | READERS, code=200)),
        get("GET", laylas_proposed, expect(SIGNED_IN, code=405)),
    ),
    # The team, or the family member who raised it (not yet: it is neither late nor
    # unresolved, so the page says why).
    "concerns:escalate": (
        post("Layla's, with class staff", laylas,
             expect(CLASS_TEAM | {"parent"}, READERS, code=200)),
        post("Omar's", omars,
             expect(CLASS_TEAM | {"separated_parent"}, READERS, code=200)),
        get("GET", laylas, expect(SIGNED_IN, code=405)),
    ),
}
