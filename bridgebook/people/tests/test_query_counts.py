"""N+1 rule: every people list and detail page runs a fixed number of queries.

Each test fills the page with 3 and then 6 related rows and expects the same count. The
first request warms the session; the counted one is the second.

Every request starts with the queries of ``bridgebook.core.tests.queries`` (STAFF_FRAME,
FAMILY_FRAME); each comment lists only what the page reads after them.
"""

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff
from bridgebook.core.tests.queries import FAMILY_FRAME, STAFF_FRAME
from bridgebook.people.tests.factories import (
    ClassStaffFactory,
    ContactFactory,
    PupilContactFactory,
    PupilFactory,
    SchoolClassFactory,
)

SIZES = pytest.mark.parametrize("rows", [3, 6])


def _count(client, url, django_assert_num_queries, expected: int) -> None:
    assert client.get(url).status_code == 200  # warm the session
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


@SIZES
def test_pupil_list(world, rows, django_assert_num_queries):
    PupilFactory.create_batch(rows, school=world.school, school_class=world.class_a)
    client = signed_in(world.principal)
    # STAFF_FRAME, the school, classes for the filter, count of pupils, one page of pupils
    # with their class
    _count(client, reverse("people:pupils", args=[world.school.urn]),
           django_assert_num_queries, STAFF_FRAME + 4)


@SIZES
def test_pupil_list_for_a_class_teacher(world, rows, django_assert_num_queries):
    PupilFactory.create_batch(rows, school=world.school, school_class=world.class_a)
    client = signed_in(world.class_teacher)
    # STAFF_FRAME, the school, their classes for the filter, count, one page of pupils
    _count(client, reverse("people:pupils", args=[world.school.urn]),
           django_assert_num_queries, STAFF_FRAME + 4)


@SIZES
def test_pupil_detail_for_staff(world, rows, django_assert_num_queries):
    for n in range(rows):
        contact = ContactFactory(school=world.school)
        PupilContactFactory(pupil=world.pupil, contact=contact, priority=n + 4)
        # Each new contact also has another child here, so siblings grow too.
        PupilContactFactory(pupil=PupilFactory(school=world.school, school_class=world.class_a),
                            contact=contact)
    client = signed_in(world.principal)
    # STAFF_FRAME, the pupil with school and class, the VIEW audit row, contact links with
    # contact and household, siblings with their class
    _count(client, reverse("people:pupil", args=[world.pupil.pk]),
           django_assert_num_queries, STAFF_FRAME + 4)


@SIZES
def test_pupil_detail_for_a_parent(world, rows, django_assert_num_queries):
    for _n in range(rows):
        PupilContactFactory(pupil=world.pupil, contact=ContactFactory(school=world.school))
    client = signed_in(world.parent)
    # FAMILY_FRAME, the pupil with school and class, the VIEW audit row
    _count(client, reverse("people:pupil", args=[world.pupil.pk]),
           django_assert_num_queries, FAMILY_FRAME + 2)


@SIZES
def test_contact_list(world, rows, django_assert_num_queries):
    for _n in range(rows):
        contact = ContactFactory(school=world.school)
        PupilContactFactory(pupil=world.pupil, contact=contact)
        PupilContactFactory(pupil=world.pupil_b, contact=contact)
    client = signed_in(world.principal)
    # STAFF_FRAME, the school, count of contacts, one page of contacts with household,
    # their links to visible pupils with the pupil
    _count(client, reverse("people:contacts", args=[world.school.urn]),
           django_assert_num_queries, STAFF_FRAME + 4)


@SIZES
def test_contact_detail(world, rows, django_assert_num_queries):
    for _n in range(rows):
        PupilContactFactory(pupil=PupilFactory(school=world.school, school_class=world.class_a),
                            contact=world.parent_contact)
    client = signed_in(world.principal)
    # STAFF_FRAME, the contact with school and household, the VIEW audit row, links to
    # visible pupils with pupil and class, whether the contact may be invited (entitled to
    # any pupil)
    _count(client, reverse("people:contact", args=[world.parent_contact.pk]),
           django_assert_num_queries, STAFF_FRAME + 4)


@SIZES
def test_class_list(world, rows, django_assert_num_queries):
    for _n in range(rows):
        school_class = SchoolClassFactory(school=world.school)
        ClassStaffFactory(school_class=school_class, user=staff(world.school, Role.CLASS_TEACHER))
        PupilFactory(school=world.school, school_class=school_class)
    client = signed_in(world.principal)
    # STAFF_FRAME, the school, classes with pupil and staff counts, class teachers with user,
    # whether the school boards (a link to its residential groups)
    _count(client, reverse("people:classes", args=[world.school.urn]),
           django_assert_num_queries, STAFF_FRAME + 4)


@SIZES
def test_class_detail(world, rows, django_assert_num_queries):
    for _n in range(rows):
        ClassStaffFactory(school_class=world.class_a, is_class_teacher=False,
                          user=staff(world.school, Role.TEACHING_ASSISTANT))
        PupilFactory(school=world.school, school_class=world.class_a)
    client = signed_in(world.principal)
    # STAFF_FRAME, the class with school, staff memberships with user, visible pupils
    _count(client, reverse("people:class", args=[world.class_a.pk]),
           django_assert_num_queries, STAFF_FRAME + 3)


@SIZES
def test_staff_list(world, rows, django_assert_num_queries):
    for _n in range(rows):
        member = staff(world.school, Role.TEACHING_ASSISTANT)
        ClassStaffFactory(school_class=world.class_a, user=member, is_class_teacher=False)
        ClassStaffFactory(school_class=world.class_b, user=member, is_class_teacher=False)
    client = signed_in(world.office)
    # STAFF_FRAME, the school, count of staff, one page of staff, their roles here, their
    # classes here with the class
    _count(client, reverse("people:staff", args=[world.school.urn]),
           django_assert_num_queries, STAFF_FRAME + 5)


@SIZES
def test_staff_member(world, rows, django_assert_num_queries):
    for _n in range(rows):
        ClassStaffFactory(school_class=SchoolClassFactory(school=world.school),
                          user=world.class_teacher, is_class_teacher=False)
    client = signed_in(world.office)
    # STAFF_FRAME, the school, the member, their roles here, their classes here with the class
    _count(client, reverse("people:staff_member", args=[world.school.urn,
                                                        world.class_teacher.pk]),
           django_assert_num_queries, STAFF_FRAME + 4)


@SIZES
def test_class_edit_form(world, rows, django_assert_num_queries):
    for _n in range(rows):
        ClassStaffFactory(school_class=world.class_a, is_class_teacher=False,
                          user=staff(world.school, Role.TEACHING_ASSISTANT))
    client = signed_in(world.office)
    # STAFF_FRAME, the class with school, the school's staff, the class's memberships
    _count(client, reverse("people:class_edit", args=[world.class_a.pk]),
           django_assert_num_queries, STAFF_FRAME + 3)


@SIZES
def test_contact_search_when_adding_to_a_pupil(world, rows, django_assert_num_queries):
    for _n in range(rows):
        contact = ContactFactory(school=world.school, last_name="Sibling")
        PupilContactFactory(pupil=world.pupil_b, contact=contact)
    client = signed_in(world.office)
    # STAFF_FRAME, the pupil with school and class, households of the pupil's contacts,
    # matching contacts with household, their links with pupil (for "contact for ...")
    _count(client, reverse("people:pupil_contact_add", args=[world.pupil.pk]) + "?q=sibling",
           django_assert_num_queries, STAFF_FRAME + 4)
