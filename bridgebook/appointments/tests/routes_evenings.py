"""Who gets what from the parents' evenings' routes (merged into the app's tests/routes.py
and so into core's route × persona table, bridgebook/core/tests/route_rules.py).

Mapledown's open evening has Cara (Class A) and Otto (Class B) taking part. It is set up by
the principal, the office (and the policy coordinator) and the trust administrator; every
member of Mapledown's staff reads the list and their own schedule. Layla has booked Cara
about Amira: Cara and who runs the evening write its notes; Layla, Cara and who runs the
evening may cancel it; Omar, who lives apart, never sees it; the restricted stepfather gets
404 everywhere.
"""

from __future__ import annotations

from bridgebook.appointments import booking
from bridgebook.appointments.models import EveningBreak, EveningStaff
from bridgebook.appointments.tests.evening_fixtures import open_evening, tomorrow
from bridgebook.core.tests.route_rules import (
    FAMILIES,
    OK,
    RESTRICTED_STAFF,
    STAFF_HERE,
    Records,
    expect,
    get,
    post,
    school_page,
)

RUN = frozenset({"principal", "office", "trust_admin"}) | RESTRICTED_STAFF
BOOKERS = FAMILIES - {"restricted_parent"}
# Who may write the notes of, or cancel, Layla's meeting with Cara.
LAYLAS_STAFF = RUN - RESTRICTED_STAFF | {"class_teacher"}
SEE_AMIRA_OTHERS = frozenset({"senco", "therapist", "senior_leader", "residential"})


def evening(r: Records):
    return r.make("evenings.evening", lambda w: open_evening(w))


def evening_id(r: Records) -> list:
    return [evening(r).pk]


def laylas_meeting(r: Records) -> list:
    def build(w):
        return booking.book(staff=w.class_teacher, pupil=w.pupil, contact=w.parent_contact,
                            starts_at=tomorrow(w.school, 16),
                            ends_at=tomorrow(w.school, 16, 25), by=w.parent,
                            evening=evening(r), interpreter_language="ar")
    return [r.make("evenings.laylas_meeting", build).pk]


def otto_taking_part(r: Records) -> list:
    item = EveningStaff.objects.get(evening=evening(r), staff=r.w.other_teacher)
    return [item.evening_id, item.pk]


def a_break(r: Records) -> list:
    item = EveningBreak.objects.create(evening=evening(r), starts_at=tomorrow(r.w.school, 17),
                                       ends_at=tomorrow(r.w.school, 17, 15))
    return [item.evening_id, item.pk]


RUNNER_PAGE = (get("Mapledown's evening", evening_id, expect(RUN, STAFF_HERE)),)

RULES = {
    "appointments:evening_list": school_page(STAFF_HERE, see=frozenset()),
    "appointments:evening_create": school_page(RUN),
    "appointments:evening_overview": RUNNER_PAGE,
    "appointments:evening_edit": RUNNER_PAGE,
    "appointments:evening_session_add": RUNNER_PAGE,
    "appointments:evening_staff_add": RUNNER_PAGE,
    "appointments:evening_break_add": RUNNER_PAGE,
    "appointments:evening_staff_remove": (
        post("Otto", otto_taking_part, expect(RUN, STAFF_HERE, code=OK)),),
    "appointments:evening_break_remove": (
        post("the break", a_break, expect(RUN, STAFF_HERE, code=OK)),),
    "appointments:evening_schedule": (
        get("Mapledown's evening", evening_id, expect(STAFF_HERE)),),
    "appointments:evening_notes": (
        get("Layla's meeting with Cara", laylas_meeting,
            expect(LAYLAS_STAFF, SEE_AMIRA_OTHERS)),),
    "appointments:evening_family": (get("open evenings", lambda r: [], expect(FAMILIES)),),
    "appointments:evening_book": (
        get("Mapledown's evening", evening_id, expect(BOOKERS, STAFF_HERE)),),
    "appointments:evening_cancel": (
        get("Layla's meeting with Cara", laylas_meeting,
            expect(LAYLAS_STAFF | {"parent"}, SEE_AMIRA_OTHERS)),),
}
