"""N+1 rule: the class's week and a child's timetable run a fixed number of queries, with
3 and then 6 sessions a day, each pupil with as many changes of their own (and 3 then 6
pupils in the class). The first request warms the session; the counted one is the second.

Every request starts with the queries of ``bridgebook.core.tests.queries`` (STAFF_FRAME,
FAMILY_FRAME); each comment lists only what the page reads after them.
"""

import datetime

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.tests.queries import FAMILY_FRAME, STAFF_FRAME
from bridgebook.people.tests.factories import PupilFactory
from bridgebook.timetables import actions
from bridgebook.timetables.models import Kind, Variation
from bridgebook.timetables.tests.conftest import session_data

SIZES = pytest.mark.parametrize("rows", [3, 6])


def _fill(world, rows: int) -> None:
    pupils = [world.pupil] + [
        PupilFactory(school=world.school, school_class=world.class_a)
        for _ in range(rows - 1)]
    for day in range(5):
        for n in range(rows):
            session = actions.do_add_session(
                school_class=world.class_a, acting_user=world.class_teacher,
                data=session_data(day, datetime.time(9 + n), datetime.time(9 + n, 50),
                                  f"Session {day}-{n}", Kind.LESSON, notes="Notes",
                                  place="Room 1"))
            if day == 1:
                for pupil in pupils:
                    actions.do_add_variation(
                        pupil=pupil, acting_user=world.class_teacher, data={
                            "change": Variation.Change.INSTEAD, "replaces": session,
                            "what": "Therapy", "kind": Kind.THERAPY})
    actions.do_send(school_class=world.class_a, acting_user=world.class_teacher)


def _count(client, url, django_assert_num_queries, expected: int) -> str:
    assert client.get(url).status_code == 200  # warm the session
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The class (access_class, 1); whether the user is its class teacher (1); the timetable
# with who last sent it, its sessions (2); the class's pupils and their changes (2); the
# last sendings with who sent them (1); the landing links' and the menu's school (0).
CLASS_WEEK = 7


@SIZES
def test_the_class_week_reads_a_fixed_number_of_queries(world, rows,
                                                        django_assert_num_queries):
    _fill(world, rows)
    page = _count(signed_in(world.class_teacher),
                  reverse("timetables:class_week", args=[world.class_a.pk]),
                  django_assert_num_queries, STAFF_FRAME + CLASS_WEEK)
    assert page.count("Therapy") == rows * rows   # every pupil's changes are listed


# The child with the family's needs (access_pupil, 1); the timetable, its sessions and
# the child's changes (3); nothing for translation (no backend translates).
FAMILY_PAGE = 4


@SIZES
def test_the_childs_timetable_reads_a_fixed_number_of_queries(world, rows,
                                                              django_assert_num_queries):
    _fill(world, rows)
    page = _count(signed_in(world.parent),
                  reverse("timetables:pupil", args=[world.pupil.pk]),
                  django_assert_num_queries, FAMILY_FRAME + FAMILY_PAGE)
    assert page.count("Instead of:") == rows


@SIZES
def test_translated_the_childs_timetable_adds_one_query(world, rows, settings,
                                                        django_assert_num_queries):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    _fill(world, rows)
    # The translations kept from the first request (1) and the school's glossary (1).
    page = _count(signed_in(world.parent),
                  reverse("timetables:pupil", args=[world.pupil.pk]),
                  django_assert_num_queries, FAMILY_FRAME + FAMILY_PAGE + 2)
    assert page.count("[ar] Therapy") == rows
