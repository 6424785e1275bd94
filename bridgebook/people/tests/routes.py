"""Who gets what from the residential group pages (merged into core's route × persona
table, bridgebook/core/tests/route_rules.py; the people app's other routes are there).

Mapledown boards: Oak House is Amira's group, and Rhys (``residential``) works in it. The
school's staff see the list of groups (Rhys his own); a group's page is for whole-school
staff and the group's own staff, as a class's is for its class staff; the office and the
principal add and change groups. Families never see these pages.
"""

from __future__ import annotations

from bridgebook.core.tests.route_rules import (
    OAKLEIGH,
    RESIDENTIAL_A,
    RESTRICTED_STAFF,
    STAFF_HERE,
    STAFF_MANAGERS,
    WHOLE_SCHOOL,
    Records,
    expect,
    get,
    post,
    school_page,
)
from bridgebook.people.models import ResidentialGroup


def oak_house(r: Records) -> list:
    return [r.w.residential_group.pk]


def willow_house(r: Records) -> list:
    """A second Mapledown group, nobody's in the world."""
    group = r.make("people.willow", lambda w: ResidentialGroup.objects.create(
        school=w.school, name="Willow House"))
    return [group.pk]


def oakleigh_house(r: Records) -> list:
    group = r.make("people.oakleigh_house", lambda w: ResidentialGroup.objects.create(
        school=w.other_school, name="Beech House"))
    return [group.pk]


# Rita, kept from Amira, sees the groups as the office does, without Amira in them.
SEE_GROUPS = WHOLE_SCHOOL | RESTRICTED_STAFF
SEE_OAK_HOUSE = SEE_GROUPS | RESIDENTIAL_A

RULES = {
    "people:residential_groups": school_page(STAFF_HERE, see=frozenset()),
    "people:residential_group_create": school_page(STAFF_MANAGERS),
    "people:residential_group": (
        get("Oak House", oak_house, expect(SEE_OAK_HOUSE)),
        get("Willow House (nobody's)", willow_house, expect(SEE_GROUPS)),
        get("Oakleigh's house", oakleigh_house, expect(OAKLEIGH)),
    ),
    "people:residential_group_edit": (
        get("Oak House", oak_house, expect(STAFF_MANAGERS, SEE_OAK_HOUSE)),
        post("Oak House, nothing filled in", oak_house,
             expect(STAFF_MANAGERS, SEE_OAK_HOUSE, code=200)),
        get("Oakleigh's house", oakleigh_house, expect(OAKLEIGH)),
    ),
}
