"""The access layer against every persona: who sees which pupil, contact, class, school."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from bridgebook.conftest import PERSONAS, persona
from bridgebook.core.access import (
    access_contact,
    access_pupil,
    access_school,
    class_staff_ids,
    group_staff_ids,
    visible_classes,
    visible_contacts,
    visible_pupils,
    visible_schools,
)

SEES_PUPIL = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin",
              "parent", "separated_parent"}
MAY_EDIT_PUPIL = {"principal", "office", "senco", "trust_admin"}


def _user(world, name):
    from django.contrib.auth.models import AnonymousUser

    return persona(world, name) or AnonymousUser()


@pytest.mark.parametrize("name", PERSONAS)
def test_who_sees_the_pupil(world, name):
    user = _user(world, name)
    assert (world.pupil in visible_pupils(user)) == (name in SEES_PUPIL)
    if name in SEES_PUPIL:
        assert access_pupil(user, world.pupil.pk) == world.pupil
    else:
        with pytest.raises(Http404):
            access_pupil(user, world.pupil.pk)


@pytest.mark.parametrize("name", sorted(SEES_PUPIL))
def test_who_may_change_the_pupil(world, name):
    user = _user(world, name)
    if name in MAY_EDIT_PUPIL:
        assert access_pupil(user, world.pupil.pk, write=True) == world.pupil
    else:
        with pytest.raises(PermissionDenied):
            access_pupil(user, world.pupil.pk, write=True)


def test_class_teacher_sees_only_their_class(world):
    assert list(visible_pupils(world.class_teacher)) == [world.pupil]
    assert list(visible_classes(world.class_teacher)) == [world.class_a]


def test_family_sees_only_their_children(world):
    assert list(visible_pupils(world.parent)) == [world.pupil]
    assert list(visible_pupils(world.separated_parent)) == [world.pupil]
    assert list(visible_pupils(world.restricted_parent)) == []


def test_contact_without_responsibility_sees_only_when_named(world):
    link = world.parent_contact.pupil_links.get()
    link.parental_responsibility = False
    link.save(update_fields=["parental_responsibility"])
    assert list(visible_pupils(world.parent)) == []
    link.receives_information = True
    link.save(update_fields=["receives_information"])
    assert list(visible_pupils(world.parent)) == [world.pupil]


def test_restriction_is_per_pupil(world):
    """A contact restricted for one child still sees a sibling they are entitled to."""
    from bridgebook.people.tests.factories import PupilContactFactory, PupilFactory

    sibling = PupilFactory(school=world.school, school_class=world.class_b)
    PupilContactFactory(pupil=sibling, contact=world.restricted_contact)
    assert list(visible_pupils(world.restricted_parent)) == [sibling]


def test_trust_admin_sees_every_school(world):
    assert set(visible_schools(world.trust_admin)) == {world.school, world.other_school}
    assert world.other_school_pupil in visible_pupils(world.trust_admin)


def test_other_school_staff_see_nothing_here(world):
    assert list(visible_schools(world.other_school_staff)) == [world.other_school]
    with pytest.raises(Http404):
        access_school(world.other_school_staff, world.school.urn)
    assert world.pupil not in visible_pupils(world.other_school_staff)


def test_contacts_visible_to_staff_of_their_pupils(world):
    assert world.parent_contact in visible_contacts(world.class_teacher)
    assert world.parent_contact not in visible_contacts(world.other_teacher)
    assert world.parent_contact in visible_contacts(world.principal)
    assert world.parent_contact not in visible_contacts(world.other_school_staff)
    with pytest.raises(Http404):
        access_contact(world.parent, world.parent_contact.pk)
    with pytest.raises(PermissionDenied):
        access_contact(world.class_teacher, world.parent_contact.pk, write=True)


def test_school_roles_gate(world):
    from bridgebook.core.access import AUDIT_ROLES

    assert access_school(world.principal, world.school.urn, need=AUDIT_ROLES) == world.school
    with pytest.raises(PermissionDenied):
        access_school(world.class_teacher, world.school.urn, need=AUDIT_ROLES)


def test_class_and_group_staff_hold_the_role_that_shows_them_the_pupils(world):
    """A place in a class or residential group names someone as its staff only with the
    role ``visible_pupils`` asks for at its school: the same people it shows the pupils to."""
    from bridgebook.core.models import Role, StaffRole
    from bridgebook.people.models import ClassStaff, ResidentialStaff

    # Otto (a class teacher) in Oak House; Tia (a therapist) and Oscar (Oakleigh's
    # principal, with no role at Mapledown) in Class A.
    ResidentialStaff.objects.create(group=world.residential_group, user=world.other_teacher)
    ClassStaff.objects.create(school_class=world.class_a, user=world.therapist)
    ClassStaff.objects.create(school_class=world.class_a, user=world.other_school_staff)
    assert set(class_staff_ids(world.class_a.pk)) == {world.class_teacher.pk}
    assert set(group_staff_ids(world.residential_group.pk)) == {world.residential.pk}
    # Oscar given a class role at Oakleigh only: still not Class A's.
    StaffRole.objects.create(user=world.other_school_staff, school=world.other_school,
                             role=Role.CLASS_TEACHER)
    assert world.other_school_staff.pk not in set(class_staff_ids(world.class_a.pk))
    # Rhys no longer residential staff: not Oak House's.
    StaffRole.objects.filter(user=world.residential).update(role=Role.TEACHING_ASSISTANT)
    assert set(group_staff_ids(world.residential_group.pk)) == set()
