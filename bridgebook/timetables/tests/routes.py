"""Who gets what from the timetable routes, for the URLconf's authorization test
(bridgebook/core/tests/test_route_access.py merges these RULES into route_rules.RULES).

A class's week is read by the staff who see the class, and changed and sent by its class
teacher and the staff who manage people (others who see it: 403). A pupil's own changes
follow the pupil's class in the same way; a family may see the child but not change the
week (403). A child's timetable is read by everyone who may see the child: the restricted
stepfather, staff of another class or school and outsiders get 404.
"""

import datetime

from bridgebook.core.tests.route_rules import (
    CLASS_STAFF_A,
    CLASS_STAFF_B,
    OAKLEIGH,
    OK,
    PEOPLE_MANAGERS,
    RESTRICTED_STAFF,
    SEE_AMIRA,
    SEE_BEN,
    SEE_CLASS_A,
    SEE_CLASS_B,
    SIGNED_IN,
    Records,
    amira,
    ben,
    expect,
    get,
    olly,
    post,
)
from bridgebook.timetables import actions
from bridgebook.timetables.models import Kind, TimetableSession, Variation

# Who changes each class's week: its class teacher and the staff who manage people.
EDIT_CLASS_A = PEOPLE_MANAGERS | CLASS_STAFF_A
EDIT_CLASS_B = PEOPLE_MANAGERS | CLASS_STAFF_B
# Amira's own changes: as her class's, but for the member of staff kept from her.
EDIT_AMIRA = EDIT_CLASS_A - RESTRICTED_STAFF


def _session(school_class, teacher, what: str) -> TimetableSession:
    return actions.do_add_session(school_class=school_class, acting_user=teacher, data={
        "weekday": 1, "starts_at": datetime.time(10, 30), "ends_at": datetime.time(11, 30),
        "what": what, "kind": Kind.LESSON})


def session_a(r: Records) -> TimetableSession:
    return r.make("timetables.session_a",
                  lambda w: _session(w.class_a, w.class_teacher, "PE in the hall"))


def session_b(r: Records) -> TimetableSession:
    return r.make("timetables.session_b",
                  lambda w: _session(w.class_b, w.other_teacher, "Music"))


def _change(pupil, session, teacher) -> Variation:
    return actions.do_add_variation(pupil=pupil, acting_user=teacher, data={
        "change": Variation.Change.INSTEAD, "replaces": session,
        "what": "Speech and language therapy", "kind": Kind.THERAPY})


def amira_change(r: Records) -> Variation:
    return r.make("timetables.amira_change",
                  lambda w: _change(w.pupil, session_a(r), w.class_teacher))


def ben_change(r: Records) -> Variation:
    return r.make("timetables.ben_change",
                  lambda w: _change(w.pupil_b, session_b(r), w.other_teacher))


def class_a(r: Records) -> list:
    return [r.w.class_a.pk]


def class_b(r: Records) -> list:
    return [r.w.class_b.pk]


def class_a_with_a_week(r: Records) -> list:
    return [session_a(r).timetable.school_class_id]


RULES = {
    "timetables:class_week": (
        get("Class A", class_a, expect(SEE_CLASS_A)),
        get("Class B", class_b, expect(SEE_CLASS_B)),
        get("Class A with a week", class_a_with_a_week, expect(SEE_CLASS_A)),
    ),
    "timetables:session_add": (
        get("Class A", class_a, expect(EDIT_CLASS_A, SEE_CLASS_A)),
        get("Class B", class_b, expect(EDIT_CLASS_B, SEE_CLASS_B)),
    ),
    "timetables:fill_from_lessons": (
        post("Class A", class_a, expect(EDIT_CLASS_A, SEE_CLASS_A, code=OK)),
        post("Class B", class_b, expect(EDIT_CLASS_B, SEE_CLASS_B, code=OK)),
        get("GET", class_a, expect(SIGNED_IN, code=405)),
    ),
    "timetables:send": (
        post("Class A", class_a_with_a_week, expect(EDIT_CLASS_A, SEE_CLASS_A, code=OK)),
        post("Class B", class_b, expect(EDIT_CLASS_B, SEE_CLASS_B, code=OK)),
        get("GET", class_a, expect(SIGNED_IN, code=405)),
    ),
    "timetables:session_edit": (
        get("Class A's PE", lambda r: [session_a(r).pk], expect(EDIT_CLASS_A, SEE_CLASS_A)),
        get("Class B's music", lambda r: [session_b(r).pk],
            expect(EDIT_CLASS_B, SEE_CLASS_B)),
    ),
    "timetables:session_remove": (
        post("Class A's PE", lambda r: [session_a(r).pk],
             expect(EDIT_CLASS_A, SEE_CLASS_A, code=OK)),
        post("Class B's music", lambda r: [session_b(r).pk],
             expect(EDIT_CLASS_B, SEE_CLASS_B, code=OK)),
        get("GET", lambda r: [session_a(r).pk], expect(SIGNED_IN, code=405)),
    ),
    "timetables:pupil": (
        get("Amira", amira, expect(SEE_AMIRA)),
        get("Amira with her own change", lambda r: [amira_change(r).pupil_id],
            expect(SEE_AMIRA)),
        get("Ben", ben, expect(SEE_BEN)),
        get("Olly at Oakleigh, in no class", olly, expect(OAKLEIGH)),
    ),
    # Families see the child but do not change the week (403).
    "timetables:variations": (
        get("Amira", amira, expect(EDIT_AMIRA, SEE_AMIRA)),
        get("Ben", ben, expect(EDIT_CLASS_B, SEE_BEN)),
        # No class, so no week to change: nobody finds a page.
        get("Olly at Oakleigh, in no class", olly, expect()),
    ),
    "timetables:variation_edit": (
        get("Amira's change", lambda r: [amira_change(r).pk], expect(EDIT_AMIRA, SEE_AMIRA)),
        get("Ben's change", lambda r: [ben_change(r).pk], expect(EDIT_CLASS_B, SEE_BEN)),
    ),
    "timetables:variation_remove": (
        post("Amira's change", lambda r: [amira_change(r).pk],
             expect(EDIT_AMIRA, SEE_AMIRA, code=OK)),
        post("Ben's change", lambda r: [ben_change(r).pk],
             expect(EDIT_CLASS_B, SEE_BEN, code=OK)),
        get("GET", lambda r: [amira_change(r).pk], expect(SIGNED_IN, code=405)),
    ),
}
