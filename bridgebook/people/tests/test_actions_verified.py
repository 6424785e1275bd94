"""Each change to contacts, their links to pupils, classes, residential groups and staff,
and each recorded view, run through ``verify_action``: audited by the person who acted,
nothing sent."""

from bridgebook.core.models import AuditEvent, Role, StaffRole, User
from bridgebook.core.tests.actions import verify_action
from bridgebook.people import actions
from bridgebook.people.models import ClassStaff, Contact, PupilContact, ResidentialStaff

Action = AuditEvent.Action


def test_viewing_a_pupil_and_a_contact_is_recorded(world):
    with verify_action(actor=world.class_teacher, event_type=Action.VIEW) as result:
        actions.do_record_pupil_view(pupil=world.pupil, acting_user=world.class_teacher)
    assert result.audit_events[-1].pupil == world.pupil
    with verify_action(actor=world.office, event_type=Action.VIEW) as result:
        actions.do_record_contact_view(contact=world.parent_contact, acting_user=world.office)
    assert result.audit_events[-1].object_id == str(world.parent_contact.pk)


def test_adding_and_changing_a_contact(world):
    with verify_action(actor=world.office, event_type=Action.CREATE) as result:
        contact = actions.do_create_contact(
            school=world.school, acting_user=world.office,
            data={"first_name": "Nadia", "last_name": "Hassan", "email": "nadia@family.example"},
            new_address={"address_line_1": "3 Birch Lane", "postcode": "LS2 7AA"})
    assert result.audit_events[-1].changes["first_name"] == [None, "Nadia"]
    assert Contact.objects.get(pk=contact.pk).household.address_line_1 == "3 Birch Lane"

    with verify_action(actor=world.office, event_type=Action.UPDATE) as result:
        changes = actions.do_update_contact(contact=contact, acting_user=world.office,
                                            household=contact.household,
                                            data={"first_name": "Nadia", "last_name": "Khan",
                                                  "email": "nadia@family.example"})
    assert changes == {"last_name": ["Hassan", "Khan"]}
    assert result.audit_events[-1].changes == changes


def test_linking_a_new_contact_to_a_pupil_and_restricting_them(world):
    with verify_action(actor=world.office, event_type=Action.CREATE) as result:
        link = actions.do_add_pupil_contact(
            pupil=world.pupil, acting_user=world.office,
            link_data={"relationship": "CAR", "priority": 4, "receives_information": True},
            contact_data={"first_name": "Grace", "last_name": "Adams"},
            household=world.parent_contact.household)
    # The contact and the link, each with its own row.
    assert [event.object_type for event in result.audit_events] == ["contact", "pupilcontact"]
    assert result.audit_events[-1].pupil == world.pupil
    assert link.contact.household == world.parent_contact.household

    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_update_pupil_contact(
            link=link, acting_user=world.principal,
            link_data={"relationship": "CAR", "priority": 4, "receives_information": True,
                       "is_restricted": True, "restriction_note": "Court order"})
    assert result.audit_events[-1].changes["is_restricted"] == [False, True]
    assert PupilContact.objects.get(pk=link.pk).is_restricted


def test_adding_and_changing_a_class(world):
    with verify_action(actor=world.office, event_type=Action.CREATE) as result:
        school_class = actions.do_create_class(
            school=world.school, acting_user=world.office,
            data={"name": "Class C", "year_group": "Year 5"},
            staff={world.other_teacher.pk: True})
    assert result.audit_events[-1].changes["staff"] == [{}, {str(world.other_teacher.pk): True}]

    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_update_class(school_class=school_class, acting_user=world.principal,
                                data={"name": "Class C", "year_group": "Year 6"},
                                staff={world.other_teacher.pk: True, world.therapist.pk: False})
    assert result.audit_events[-1].changes["year_group"] == ["Year 5", "Year 6"]
    assert set(ClassStaff.objects.filter(school_class=school_class)
               .values_list("user_id", flat=True)) == {world.other_teacher.pk,
                                                       world.therapist.pk}


def test_adding_and_changing_a_residential_group(world):
    with verify_action(actor=world.principal, event_type=Action.CREATE) as result:
        group = actions.do_create_residential_group(
            school=world.school, acting_user=world.principal, data={"name": "Ash House"},
            staff={world.residential.pk})
    assert result.audit_events[-1].changes["staff"] == [[], [world.residential.pk]]

    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_update_residential_group(group=group, acting_user=world.principal,
                                            data={"name": "Ash Lodge"}, staff=set())
    assert result.audit_events[-1].changes == {"name": ["Ash House", "Ash Lodge"],
                                               "staff": [[world.residential.pk], []]}
    assert not ResidentialStaff.objects.filter(group=group).exists()


def test_adding_and_changing_a_member_of_staff(world):
    with verify_action(actor=world.principal, event_type=Action.CREATE) as result:
        user = actions.do_add_staff_member(
            school=world.school, acting_user=world.principal, email="tam@mapledown.example",
            full_name="Tam Assistant", roles=[Role.TEACHING_ASSISTANT],
            job_title="Teaching assistant")
    assert result.audit_events[-1].changes["roles"] == [[], [Role.TEACHING_ASSISTANT]]
    assert User.objects.get(email="tam@mapledown.example") == user
    assert not result.sent_on_commit      # the account has no password: nothing is sent

    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_update_staff_member(school=world.school, user=user, acting_user=world.principal,
                                       full_name="Tam Assistant", roles=[],
                                       job_title="Teaching assistant")
    assert result.audit_events[-1].summary.startswith("Removed Tam Assistant")
    assert not StaffRole.objects.filter(user=user, school=world.school).exists()
