"""Residential groups at a school that boards: the office and principal set them up and
place pupils in them; residential care staff see the pupils of their groups only (a
group-scoped role, like class staff), never a class; a school that does not board sees
nothing of them but the way to add its first group."""

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.access import (
    GROUP_ROLES,
    WHOLE_SCHOOL_ROLES,
    viewer_for,
    visible_classes,
    visible_contacts,
    visible_pupils,
    visible_residential_groups,
)
from bridgebook.core.models import AuditEvent, Role
from bridgebook.core.tests.factories import StaffRoleFactory, staff
from bridgebook.core.tests.queries import STAFF_FRAME
from bridgebook.people import actions
from bridgebook.people.models import Pupil, ResidentialGroup, ResidentialStaff
from bridgebook.people.selectors import school_staff
from bridgebook.people.tests.factories import PupilFactory


def test_residential_care_is_a_group_role_not_a_whole_school_one():
    assert Role.RESIDENTIAL in GROUP_ROLES
    assert Role.RESIDENTIAL not in WHOLE_SCHOOL_ROLES
    assert Role.SENIOR_LEADER in WHOLE_SCHOOL_ROLES


def test_the_residential_worker_sees_the_pupils_of_their_group_only(world, foster_carer):
    user = world.residential
    assert list(visible_pupils(user)) == [world.pupil]
    assert world.pupil_b not in visible_pupils(user)
    contacts = set(visible_contacts(user))
    assert world.parent_contact in contacts and world.foster_contact not in contacts
    assert not visible_classes(user).exists()
    assert list(visible_residential_groups(user)) == [world.residential_group]


def test_the_viewer_is_still_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        viewer = viewer_for(world.residential)
    assert viewer.group_school_ids() == {world.school.pk}


def test_pupils_lists_and_pages_show_a_worker_only_their_groups_pupils(world, foster_carer):
    client = signed_in(world.residential)
    pupils = client.get(reverse("people:pupils", args=[world.school.urn])).content.decode()
    assert "Amira" in pupils and "Ben" not in pupils
    families = client.get(reverse("people:contacts", args=[world.school.urn])).content.decode()
    assert "Layla" in families and "Fiona" not in families
    assert client.get(reverse("people:pupil", args=[world.pupil_b.pk])).status_code == 404
    assert client.get(reverse("people:class", args=[world.class_a.pk])).status_code == 404
    page = client.get(reverse("people:pupil", args=[world.pupil.pk])).content.decode()
    assert "Oak House" in page


def test_a_worker_in_no_group_sees_no_pupil(world):
    newcomer = staff(world.school, Role.RESIDENTIAL)
    assert not visible_pupils(newcomer).exists()


def test_a_court_order_wins_over_the_residential_role(world):
    """Rex, restricted about Amira, works in Oak House too: he sees nothing of her."""
    StaffRoleFactory(user=world.restricted_parent, school=world.school, role=Role.RESIDENTIAL)
    ResidentialStaff.objects.create(group=world.residential_group, user=world.restricted_parent)
    assert not visible_pupils(world.restricted_parent).filter(pk=world.pupil.pk).exists()


def test_the_principal_adds_a_group_with_its_staff(world):
    client = signed_in(world.principal)
    worker = staff(world.school, Role.RESIDENTIAL, full_name="Nia Night")
    response = client.post(reverse("people:residential_group_create", args=[world.school.urn]),
                           {"name": "  Willow   House ", "staff": [worker.pk]})
    group = ResidentialGroup.objects.get(name="Willow House")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:residential_group", args=[group.pk])
    assert list(group.staff.all()) == [worker]
    event = AuditEvent.objects.get(object_type="residentialgroup", object_id=str(group.pk))
    assert event.actor == world.principal and event.changes["staff"] == [[], [worker.pk]]
    # The same name twice is refused.
    again = client.post(reverse("people:residential_group_create", args=[world.school.urn]),
                        {"name": "willow house"})
    assert again.status_code == 200 and "There is already a residential group" in \
        again.content.decode()


def test_renaming_and_changing_staff(world):
    actions.do_update_residential_group(group=world.residential_group,
                                        data={"name": "Oak Lodge"}, staff=set(),
                                        acting_user=world.office)
    world.residential_group.refresh_from_db()
    assert world.residential_group.name == "Oak Lodge"
    assert not world.residential_group.memberships.exists()
    assert not visible_pupils(world.residential).exists()


def test_leaving_the_school_takes_a_worker_out_of_its_groups(world):
    actions.do_update_staff_member(school=world.school, user=world.residential,
                                   full_name="Rhys Residential", roles=[], job_title="",
                                   acting_user=world.principal)
    assert not ResidentialStaff.objects.filter(user=world.residential).exists()


def test_the_groups_form_offers_only_residential_staff(world):
    """Otto teaches Class B: a place in Oak House would not let him see its pupils
    (``core.access``), so he is not offered, and choosing him anyway is refused."""
    client = signed_in(world.principal)
    url = reverse("people:residential_group_edit", args=[world.residential_group.pk])
    form = client.get(url).content.decode()
    assert "Rhys Residential" in form and "Otto Teacher" not in form
    response = client.post(url, {"name": "Oak House",
                                 "staff": [world.residential.pk, world.other_teacher.pk]})
    assert response.status_code == 200
    assert list(world.residential_group.staff.all()) == [world.residential]
    create = client.get(reverse("people:residential_group_create", args=[world.school.urn]))
    assert "Otto Teacher" not in create.content.decode()


def test_care_staff_of_another_school_are_not_offered(world):
    """Someone in the office here and in residential care at Oakleigh is not care staff
    here: the role and the school are one and the same role."""
    StaffRoleFactory(user=world.office, school=world.other_school, role=Role.RESIDENTIAL)
    assert world.office not in school_staff(world.school, roles=GROUP_ROLES)
    assert world.residential in school_staff(world.school, roles=GROUP_ROLES)
    assert world.office in school_staff(world.other_school, roles=GROUP_ROLES)


def test_losing_the_residential_role_takes_a_worker_out_of_the_groups(world):
    """Rhys becomes a teaching assistant: his place in Oak House goes with the role, in the
    same audited change."""
    changes = actions.do_update_staff_member(
        school=world.school, user=world.residential, full_name="Rhys Residential",
        roles=[Role.TEACHING_ASSISTANT], job_title="", acting_user=world.principal)
    assert not ResidentialStaff.objects.filter(user=world.residential).exists()
    assert changes["residential_groups"] == [["Oak House"], []]
    event = AuditEvent.objects.get(object_type="user", object_id=str(world.residential.pk),
                                   action=AuditEvent.Action.UPDATE)
    assert event.actor == world.principal
    assert event.changes["residential_groups"] == [["Oak House"], []]


def test_losing_every_class_role_takes_them_out_of_the_classes(world):
    """Otto moves from teaching Class B to the office: his place in Class B goes; a
    teaching assistant's role kept keeps it."""
    from bridgebook.people.models import ClassStaff

    actions.do_update_staff_member(
        school=world.school, user=world.class_teacher, full_name="Cara Teacher",
        roles=[Role.TEACHING_ASSISTANT], job_title="", acting_user=world.principal)
    assert ClassStaff.objects.filter(user=world.class_teacher).exists()
    changes = actions.do_update_staff_member(
        school=world.school, user=world.other_teacher, full_name="Otto Teacher",
        roles=[Role.OFFICE], job_title="", acting_user=world.principal)
    assert not ClassStaff.objects.filter(user=world.other_teacher).exists()
    assert changes["classes"] == [["Class B"], []]
    event = AuditEvent.objects.get(object_type="user", object_id=str(world.other_teacher.pk),
                                   action=AuditEvent.Action.UPDATE)
    assert event.changes["classes"] == [["Class B"], []]


def test_a_whole_school_colleague_keeps_their_place_in_a_class(world):
    """Tia, the therapist, works with Class A: changing her job title takes nothing away
    (she had no class role to lose)."""
    from bridgebook.people.models import ClassStaff

    ClassStaff.objects.create(school_class=world.class_a, user=world.therapist)
    changes = actions.do_update_staff_member(
        school=world.school, user=world.therapist, full_name="Tia Therapist",
        roles=[Role.SALT], job_title="Speech and language therapist",
        acting_user=world.principal)
    assert "classes" not in changes
    assert ClassStaff.objects.filter(user=world.therapist, school_class=world.class_a).exists()


def test_a_pupil_joins_a_group_on_their_own_record(world):
    client = signed_in(world.office)
    form = client.get(reverse("people:pupil_edit", args=[world.pupil_b.pk])).content.decode()
    assert 'name="residential_group"' in form and "Not in a residential group" in form
    data = {"legal_first_name": "Ben", "legal_last_name": "Jones",
            "date_of_birth_day": "1", "date_of_birth_month": "5", "date_of_birth_year": "2015",
            "school_class": world.class_b.pk, "photo_consent": "none", "home_language": "en",
            "residential_group": world.residential_group.pk}
    response = client.post(reverse("people:pupil_edit", args=[world.pupil_b.pk]), data)
    assert response.status_code == 302
    assert Pupil.objects.get(pk=world.pupil_b.pk).residential_group == world.residential_group
    assert world.pupil_b in visible_pupils(world.residential)


def test_a_school_that_does_not_board_only_offers_to_add_its_first_group(world):
    client = signed_in(world.other_school_staff)
    classes = client.get(reverse("people:classes", args=[world.other_school.urn]))
    text = classes.content.decode()
    assert "Add a residential group" in text
    assert f'href="{reverse("people:residential_groups", args=[world.other_school.urn])}"' \
        not in text
    form = client.get(reverse("people:pupil_edit", args=[world.other_school_pupil.pk]))
    assert 'name="residential_group"' not in form.content.decode()
    # A teacher at a school that does not board sees neither.
    teacher = staff(world.other_school, Role.CLASS_TEACHER)
    assert "residential" not in signed_in(teacher).get(
        reverse("people:classes", args=[world.other_school.urn])).content.decode().lower()


def test_a_school_that_boards_links_to_its_groups(world):
    text = signed_in(world.class_teacher).get(
        reverse("people:classes", args=[world.school.urn])).content.decode()
    assert reverse("people:residential_groups", args=[world.school.urn]) in text
    page = signed_in(world.residential).get(
        reverse("people:residential_groups", args=[world.school.urn])).content.decode()
    assert "Oak House" in page and "Rhys Residential" in page


@pytest.mark.parametrize("rows", [3, 8])
def test_the_group_list_reads_a_fixed_number_of_queries(world, rows,
                                                        django_assert_num_queries):
    for n in range(rows):
        group = ResidentialGroup.objects.create(school=world.school, name=f"House {n}")
        ResidentialStaff.objects.create(group=group, user=staff(world.school, Role.RESIDENTIAL))
        PupilFactory(school=world.school, residential_group=group)
    client = signed_in(world.principal)
    url = reverse("people:residential_groups", args=[world.school.urn])
    assert client.get(url).status_code == 200
    # STAFF_FRAME, the school, the groups with their pupil counts, their staff with user
    with django_assert_num_queries(STAFF_FRAME + 3):
        assert client.get(url).status_code == 200
