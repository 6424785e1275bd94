"""Who gets what from the appointments app's routes (merged into core's route × persona
table, bridgebook/core/tests/route_rules.py), with the parents' evenings' rules
(routes_evenings.py).

Layla's meeting with Amira's class teacher is seen by the staff who see Amira and by Layla;
Omar's by the same staff and Omar: neither parent sees the other household's. The meeting's
member of staff and the people managers move and cancel it, and so does the family; only
its member of staff writes its notes. Each parent books for themselves (staff who see
Amira may see the booking pages but not book as a family); staff with a role at the school
book a meeting with the family and publish their own times. The restricted stepfather gets
404 everywhere.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from bridgebook.appointments import booking
from bridgebook.appointments.models import Appointment, Availability, Mode
from bridgebook.appointments.tests.routes_evenings import RULES as EVENING_RULES
from bridgebook.core.tests.route_rules import (
    AMIRA_FAMILY,
    FAMILIES,
    OAKLEIGH,
    OK,
    PEOPLE_MANAGERS,
    RESTRICTED_STAFF,
    SEE_AMIRA,
    SEE_AMIRA_STAFF,
    STAFF_HERE,
    STAFF_MANAGERS,
    Records,
    amira,
    expect,
    get,
    oakleigh,
    post,
    school,
)

# Staff with a role at Mapledown (the trust administrator has none: 403).
MEET_HERE = STAFF_HERE - {"trust_admin"}
# Amira's meetings: the people managers who see her, her class teacher and the parent.
AMIRA_MANAGERS = PEOPLE_MANAGERS - RESTRICTED_STAFF
CHANGE_LAYLAS = AMIRA_MANAGERS | {"class_teacher", "parent"}


def _meeting(r: Records, key: str, contact, days: int) -> Appointment:
    def build(w):
        starts = (timezone.now() + datetime.timedelta(days=days)).replace(
            minute=0, second=0, microsecond=0)
        return booking.book(staff=w.class_teacher, pupil=w.pupil, contact=contact(w),
                            starts_at=starts, ends_at=starts + datetime.timedelta(minutes=35),
                            by=contact(w).user, interpreter_language="ar")
    return r.make(key, build)


def laylas(r: Records) -> list:
    return [_meeting(r, "appointments.laylas", lambda w: w.parent_contact, 7).pk]


def omars(r: Records) -> list:
    return [_meeting(r, "appointments.omars", lambda w: w.separated_contact, 8).pk]


def caras_time(r: Records) -> list:
    def build(w):
        starts = (timezone.now() + datetime.timedelta(days=9)).replace(
            minute=0, second=0, microsecond=0)
        return Availability.objects.create(
            school=w.school, staff=w.class_teacher, starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2), modes=[Mode.IN_SCHOOL])
    return [r.make("appointments.caras_time", build).pk]


RULES = {
    "appointments:mine": (
        get("Mapledown", school, expect(STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "appointments:availability": (
        get("Mapledown", school, expect(MEET_HERE, {"trust_admin"})),
        get("Oakleigh", oakleigh, expect({"other_school_staff"}, {"trust_admin"})),
    ),
    "appointments:settings": (
        get("Mapledown", school, expect(STAFF_MANAGERS, STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    # Each member of staff takes back only their own time.
    "appointments:availability_remove": (
        post("Cara's", caras_time, expect({"class_teacher"}, code=OK)),
    ),
    "appointments:pupil": (get("Amira", amira, expect(SEE_AMIRA)),),
    "appointments:staff_book": (
        get("Amira", amira, expect(SEE_AMIRA_STAFF - {"trust_admin"}, SEE_AMIRA)),
    ),
    # Each parent books for themselves; without a choice the last step goes to the first.
    "appointments:book": (get("Amira", amira, expect(AMIRA_FAMILY, SEE_AMIRA_STAFF)),),
    "appointments:book_confirm": (
        get("without a choice", amira, expect(AMIRA_FAMILY, SEE_AMIRA_STAFF, code=OK)),
    ),
    "appointments:upcoming": (get("a family's", lambda r: [], expect(FAMILIES)),),
    "appointments:appointment": (
        get("Layla's", laylas, expect(SEE_AMIRA_STAFF | {"parent"})),
        get("Omar's", omars, expect(SEE_AMIRA_STAFF | {"separated_parent"})),
    ),
    "appointments:calendar": (
        get("Layla's", laylas, expect(SEE_AMIRA_STAFF | {"parent"})),
        get("Omar's", omars, expect(SEE_AMIRA_STAFF | {"separated_parent"})),
    ),
    "appointments:move": (
        get("Layla's", laylas, expect(CHANGE_LAYLAS, SEE_AMIRA_STAFF)),
        get("Omar's", omars, expect(AMIRA_MANAGERS | {"class_teacher", "separated_parent"},
                                    SEE_AMIRA_STAFF)),
    ),
    "appointments:cancel": (
        get("Layla's", laylas, expect(CHANGE_LAYLAS, SEE_AMIRA_STAFF)),
    ),
    "appointments:notes": (
        get("Layla's", laylas, expect({"class_teacher"}, SEE_AMIRA_STAFF | {"parent"})),
    ),
    # Only its member of staff says it did not happen (before it starts: back to it).
    "appointments:not_held": (
        get("Layla's", laylas, expect({"class_teacher"}, SEE_AMIRA_STAFF | {"parent"},
                                      code=OK)),
    ),
}
RULES = {**RULES, **EVENING_RULES}
