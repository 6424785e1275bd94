"""Class and staff pages: lists, detail, creating and changing with their staff and roles."""

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent, Role, StaffRole, User
from bridgebook.core.tests.factories import staff
from bridgebook.people.models import ClassStaff, SchoolClass
from bridgebook.people.tests.factories import ClassStaffFactory, PupilFactory

# Classes ---------------------------------------------------------------------------------


def test_class_list_shows_teachers_and_counts(world):
    PupilFactory(school=world.school, school_class=world.class_a)
    ClassStaffFactory(school_class=world.class_a, is_class_teacher=False,
                      user=staff(world.school, Role.TEACHING_ASSISTANT, full_name="Tom Assist"))
    content = signed_in(world.principal).get(
        reverse("people:classes", args=[world.school.urn])).content.decode()
    assert "Cara Teacher" in content and "Otto Teacher" in content
    assert "Tom Assist" not in content  # only class teachers are named in the list
    row = content[content.index("Class A"):content.index("Class B")]
    assert '>2</td>' in row  # two staff, two pupils


def test_class_teacher_lists_only_their_class(world):
    content = signed_in(world.class_teacher).get(
        reverse("people:classes", args=[world.school.urn])).content.decode()
    assert "Class A" in content and "Class B" not in content
    assert "Add a class" not in content


def test_class_detail_lists_staff_and_pupils(world):
    content = signed_in(world.class_teacher).get(
        reverse("people:class", args=[world.class_a.pk])).content.decode()
    assert "Cara Teacher" in content and "Class teacher" in content
    assert "Amira Hassan" in content and "Ben Jones" not in content
    assert reverse("people:class_edit", args=[world.class_a.pk]) not in content


def class_post(**overrides) -> dict:
    data = {"name": "Class C", "year_group": "Year 5"}
    data.update(overrides)
    return data


def test_create_class_with_staff_and_audit(world):
    response = signed_in(world.office).post(
        reverse("people:class_create", args=[world.school.urn]),
        class_post(**{f"staff_{world.other_teacher.pk}": "teacher",
                      f"staff_{world.therapist.pk}": "member"}))
    school_class = SchoolClass.objects.get(name="Class C")
    assert response.url == reverse("people:class", args=[school_class.pk])
    memberships = {m.user: m.is_class_teacher for m in school_class.memberships.all()}
    assert memberships == {world.other_teacher: True, world.therapist: False}
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="schoolclass")
    assert event.changes["name"] == [None, "Class C"]
    assert event.changes["staff"][1] == {str(world.other_teacher.pk): True,
                                         str(world.therapist.pk): False}


def test_class_name_must_be_unique_in_the_school(world):
    response = signed_in(world.office).post(
        reverse("people:class_create", args=[world.school.urn]), class_post(name="class a"))
    content = response.content.decode()
    assert "There is already a class called class a" in content
    assert 'href="#id_name"' in content
    assert SchoolClass.objects.filter(school=world.school).count() == 2


def test_class_name_may_repeat_at_another_school(world):
    SchoolClass.objects.create(school=world.other_school, name="Class C")
    response = signed_in(world.office).post(
        reverse("people:class_create", args=[world.school.urn]), class_post())
    assert response.status_code == 302


def test_edit_class_changes_staff_and_audits(world):
    url = reverse("people:class_edit", args=[world.class_a.pk])
    client = signed_in(world.principal)
    form = client.get(url).content.decode()
    assert '<option value="teacher" selected>' in form  # Cara is class teacher now
    response = client.post(url, class_post(name="Class A", year_group="", **{
        f"staff_{world.class_teacher.pk}": "member",
        f"staff_{world.other_teacher.pk}": "teacher"}))
    assert response.status_code == 302
    memberships = {m.user: m.is_class_teacher for m in world.class_a.memberships.all()}
    assert memberships == {world.class_teacher: False, world.other_teacher: True}
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="schoolclass")
    assert set(event.changes) == {"staff"}


def test_removing_a_teacher_from_a_class_removes_their_access(world):
    signed_in(world.office).post(reverse("people:class_edit", args=[world.class_a.pk]),
                                 class_post(name="Class A"))
    assert not ClassStaff.objects.filter(school_class=world.class_a).exists()
    response = signed_in(world.class_teacher).get(
        reverse("people:pupil", args=[world.pupil.pk]))
    assert response.status_code == 404


def test_staff_of_another_school_cannot_be_placed_in_a_class(world):
    response = signed_in(world.trust_admin).post(
        reverse("people:class_edit", args=[world.class_a.pk]),
        class_post(name="Class A", **{f"staff_{world.other_school_staff.pk}": "teacher"}))
    assert response.status_code == 302
    assert not ClassStaff.objects.filter(user=world.other_school_staff).exists()


def test_bad_staff_choice_is_refused(world):
    response = signed_in(world.office).post(
        reverse("people:class_edit", args=[world.class_a.pk]),
        class_post(name="Class A", **{f"staff_{world.class_teacher.pk}": "headmaster"}))
    content = response.content.decode()
    assert f'href="#id_staff_{world.class_teacher.pk}"' in content
    assert ClassStaff.objects.get(school_class=world.class_a).is_class_teacher


# Staff -----------------------------------------------------------------------------------

def test_staff_list_with_roles_classes_and_search(world):
    client = signed_in(world.office)
    url = reverse("people:staff", args=[world.school.urn])
    content = client.get(url).content.decode()
    assert "Cara Teacher" in content and "Class A (class teacher)" in content
    assert "Speech and language therapist" in content
    assert "Oscar Oakleigh" not in content
    found = client.get(url, {"q": "otto@"}).content.decode()
    assert "Otto Teacher" in found and "Cara Teacher" not in found


def staff_post(**overrides) -> dict:
    data = {"full_name": "Nia Newstaff", "email": "Nia@Mapledown.Example",
            "roles": ["teaching_assistant", "family_support"], "job_title": "HLTA"}
    data.update(overrides)
    return data


def test_create_staff_member_without_a_password(world):
    response = signed_in(world.office).post(
        reverse("people:staff_create", args=[world.school.urn]), staff_post(), follow=True)
    user = User.objects.get(email="nia@mapledown.example")
    assert not user.has_usable_password()
    assert set(user.staff_roles.values_list("role", flat=True)) == {
        "teaching_assistant", "family_support"}
    assert set(user.staff_roles.values_list("job_title", flat=True)) == {"HLTA"}
    content = response.content.decode()
    assert "manage.py changepassword nia@mapledown.example" in content
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="user")
    assert event.school == world.school and event.actor == world.office
    assert event.changes["roles"] == [[], ["family_support", "teaching_assistant"]]


def test_staff_of_another_school_in_the_trust_gain_roles_here(world):
    response = signed_in(world.trust_admin).post(
        reverse("people:staff_create", args=[world.school.urn]),
        staff_post(email="OSCAR@oakleigh.example", full_name="Oscar Oakleigh",
                   roles=["senco"]), follow=True)
    assert "already had an account" in response.content.decode()
    assert StaffRole.objects.filter(user=world.other_school_staff, school=world.school,
                                    role="senco").exists()
    assert world.other_school_staff.has_usable_password()


@pytest.mark.parametrize("overrides, anchor, message", [
    ({"email": "cara@mapledown.example"}, "id_email", "already works at this school"),
    ({"email": "layla@family.example"}, "id_email", "belongs to a family account"),
    ({"email": "nope"}, "id_email", "Enter an email address in the correct format"),
    ({"roles": []}, "id_roles_0", "Choose at least one role"),
    ({"full_name": ""}, "id_full_name", "This field is required"),
])
def test_create_staff_validation(world, overrides, anchor, message):
    users_before = User.objects.count()
    response = signed_in(world.principal).post(
        reverse("people:staff_create", args=[world.school.urn]), staff_post(**overrides))
    content = response.content.decode()
    assert message in content and f'href="#{anchor}"' in content
    assert User.objects.count() == users_before
    assert not StaffRole.objects.filter(user__email="nia@mapledown.example").exists()


def test_edit_staff_roles_and_name(world):
    url = reverse("people:staff_member", args=[world.school.urn, world.therapist.pk])
    client = signed_in(world.principal)
    assert "Tia Therapist" in client.get(url).content.decode()
    response = client.post(url, {"full_name": "Tia Talker", "roles": ["salt", "eal_teacher"],
                                 "job_title": ""})
    assert response.status_code == 302
    world.therapist.refresh_from_db()
    assert world.therapist.full_name == "Tia Talker"
    assert set(world.therapist.staff_roles.values_list("role", flat=True)) == {
        "salt", "eal_teacher"}
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="user")
    assert event.changes["full_name"] == ["Tia Therapist", "Tia Talker"]
    assert event.changes["roles"] == [["salt"], ["eal_teacher", "salt"]]


def test_removing_every_role_removes_them_from_the_school(world):
    url = reverse("people:staff_member", args=[world.school.urn, world.class_teacher.pk])
    response = signed_in(world.office).post(url, {"full_name": "Cara Teacher"})
    assert response.url == reverse("people:staff", args=[world.school.urn])
    assert not StaffRole.objects.filter(user=world.class_teacher).exists()
    assert not ClassStaff.objects.filter(user=world.class_teacher).exists()
    assert signed_in(world.office).get(url).status_code == 404


def test_a_manager_cannot_remove_their_own_manager_role(world):
    url = reverse("people:staff_member", args=[world.school.urn, world.office.pk])
    response = signed_in(world.office).post(url, {"full_name": "Olive Office",
                                                  "roles": ["family_support"]})
    assert "You cannot remove your own office or principal role" in response.content.decode()
    assert StaffRole.objects.filter(user=world.office, role="office").exists()


def test_staff_member_of_another_school_is_not_found_here(world):
    url = reverse("people:staff_member", args=[world.school.urn, world.other_school_staff.pk])
    assert signed_in(world.trust_admin).get(url).status_code == 404
    parent_url = reverse("people:staff_member", args=[world.school.urn, world.parent.pk])
    assert signed_in(world.office).get(parent_url).status_code == 404


def test_invalid_role_is_refused(world):
    url = reverse("people:staff_member", args=[world.school.urn, world.therapist.pk])
    response = signed_in(world.principal).post(url, {"full_name": "Tia",
                                                     "roles": ["superuser"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(world.therapist.staff_roles.values_list("role", flat=True)) == ["salt"]
