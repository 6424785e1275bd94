"""Family (contact) pages: list and search, detail with per-pupil restrictions and flags,
create and edit with validation."""

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.people.models import Contact, Household, PupilContact
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory, PupilFactory


def contact_post(**overrides) -> dict:
    data = {"title": "", "first_name": "Ana", "last_name": "Popescu",
            "email": "Ana@Family.Example ", "mobile": "+44 7700 900 777", "language": "ro",
            "interpreter_needed": "on", "literacy_support": "", "preferred_channels": ["app"],
            "household": "new", "address_line_1": "12 Birch Lane", "address_line_2": "",
            "town": "Leeds", "postcode": "LS6 1AA", "home_phone": "0113 496 0001"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


# List and search -------------------------------------------------------------------------

def test_list_shows_pupils_flags_and_restrictions(world):
    content = signed_in(world.principal).get(
        reverse("people:contacts", args=[world.school.urn])).content.decode()
    assert "Hassan, Layla" in content and "Stone, Rex" in content
    assert "Needs an interpreter" in content and "Restricted" in content
    assert "Amira Hassan (Mother)" in content


@pytest.mark.parametrize("term, found, not_found", [
    ("layla", "Hassan, Layla", "Stone, Rex"),
    ("HASSAN", "Hassan, Omar", "Stone, Rex"),
    ("rex@family", "Stone, Rex", "Hassan, Layla"),
    ("07700 900002", "Hassan, Omar", "Hassan, Layla"),
    ("+447700900003", "Stone, Rex", "Hassan, Omar"),
    ("omar hassan", "Hassan, Omar", "Hassan, Layla"),
])
def test_search(world, term, found, not_found):
    content = signed_in(world.office).get(
        reverse("people:contacts", args=[world.school.urn]), {"q": term}).content.decode()
    assert found in content and not_found not in content


def test_class_teacher_lists_only_families_of_their_class(world):
    ben_parent = ContactFactory(school=world.school, first_name="Bea", last_name="Jones")
    PupilContactFactory(pupil=world.pupil_b, contact=ben_parent)
    teacher = signed_in(world.class_teacher).get(
        reverse("people:contacts", args=[world.school.urn])).content.decode()
    assert "Hassan, Layla" in teacher and "Jones, Bea" not in teacher
    assert "Add a contact" not in teacher


def test_list_shows_only_pupils_the_viewer_may_see(world):
    """A contact of two classes shows only the class teacher's pupil."""
    PupilContactFactory(pupil=world.pupil_b, contact=world.parent_contact)
    content = signed_in(world.class_teacher).get(
        reverse("people:contacts", args=[world.school.urn])).content.decode()
    assert "Amira Hassan" in content and world.pupil_b.display_name not in content


# Detail ----------------------------------------------------------------------------------

def test_detail_for_staff_shows_pupils_flags_and_restriction(world):
    sibling = PupilFactory(school=world.school, school_class=world.class_a,
                           legal_first_name="Sami", legal_last_name="Stone")
    PupilContactFactory(pupil=sibling, contact=world.restricted_contact, relationship="PAF")
    Contact.objects.filter(pk=world.restricted_contact.pk).update(literacy_support=True)
    content = signed_in(world.class_teacher).get(
        reverse("people:contact", args=[world.restricted_contact.pk])).content.decode()
    assert "Restricted for Amira Hassan" in content
    assert "Court order: no information to be shared." in content
    assert "Sami Stone" in content and "Father" in content and "Step-father" in content
    assert "Needs help with reading and writing" in content
    assert "9 Elm Close" in content
    # The restriction is per pupil: Sami's row is not restricted.
    assert "Restricted for Sami Stone" not in content


def test_interpreter_flag_on_detail(world):
    content = signed_in(world.senco).get(
        reverse("people:contact", args=[world.parent_contact.pk])).content.decode()
    assert "Needs an interpreter" in content
    assert "Book an interpreter for meetings and calls. Language: Arabic." in content


def test_detail_writes_a_view_audit_row(world):
    signed_in(world.therapist).get(reverse("people:contact", args=[world.parent_contact.pk]))
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert event.object_type == "contact" and event.object_id == str(world.parent_contact.pk)
    assert event.actor == world.therapist and event.school == world.school


def test_invite_button_only_for_managers(world):
    invite = reverse("accounts:invite_contact", args=[world.parent_contact.pk])
    office = signed_in(world.office).get(
        reverse("people:contact", args=[world.parent_contact.pk])).content.decode()
    assert f'action="{invite}"' in office and "csrfmiddlewaretoken" in office
    teacher = signed_in(world.class_teacher).get(
        reverse("people:contact", args=[world.parent_contact.pk])).content.decode()
    assert invite not in teacher


def test_invite_button_posts_and_comes_back(world):
    response = signed_in(world.office).post(
        reverse("accounts:invite_contact", args=[world.parent_contact.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("people:contact",
                                                     args=[world.parent_contact.pk])
    assert "Invitation sent to Layla Hassan" in response.content.decode()


# Create ----------------------------------------------------------------------------------

def test_create_contact_with_new_address(world):
    response = signed_in(world.office).post(
        reverse("people:contact_create", args=[world.school.urn]), contact_post())
    contact = Contact.objects.get(first_name="Ana")
    assert response.url == reverse("people:contact", args=[contact.pk])
    assert contact.school == world.school
    assert contact.email == "ana@family.example" and contact.mobile == "+447700900777"
    assert contact.language == "ro" and contact.interpreter_needed
    assert contact.preferred_channels == ["app"]
    assert contact.household.address_line_1 == "12 Birch Lane"
    assert contact.household.school == world.school
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="contact")
    assert event.changes["email"] == [None, "ana@family.example"]
    assert event.changes["household"] == [None, "12 Birch Lane, Leeds, LS6 1AA"]


def test_create_contact_without_address(world):
    signed_in(world.office).post(reverse("people:contact_create", args=[world.school.urn]),
                                 contact_post(household="", address_line_1=""))
    assert Contact.objects.get(first_name="Ana").household is None


@pytest.mark.parametrize("overrides, anchor, message", [
    ({"email": "not-an-email"}, "id_email", "Enter an email address in the correct format"),
    ({"mobile": "0113 496 0000"}, "id_mobile", "this looks like a landline"),
    ({"mobile": "07700"}, "id_mobile", "Enter a mobile number"),
    ({"first_name": ""}, "id_first_name", "This field is required"),
    ({"postcode": ""}, "id_postcode", "Enter the postcode of the new address"),
    ({"preferred_channels": ["pigeon"]}, "id_preferred_channels_0", "Select a valid choice"),
    ({"household": "999999"}, "id_household", "Select a valid choice"),
])
def test_create_validation_saves_nothing(world, overrides, anchor, message):
    before = (Contact.objects.count(), Household.objects.count(), AuditEvent.objects.count())
    response = signed_in(world.office).post(
        reverse("people:contact_create", args=[world.school.urn]), contact_post(**overrides))
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content and message in content
    assert f'href="#{anchor}"' in content
    assert (Contact.objects.count(), Household.objects.count(),
            AuditEvent.objects.count()) == before


def test_create_cannot_use_another_schools_household(world):
    elsewhere = Household.objects.create(school=world.other_school, address_line_1="X")
    response = signed_in(world.trust_admin).post(
        reverse("people:contact_create", args=[world.school.urn]),
        contact_post(household=str(elsewhere.pk)))
    assert response.status_code == 200
    assert not Contact.objects.filter(first_name="Ana").exists()


# Edit ------------------------------------------------------------------------------------

def test_edit_offers_the_households_of_the_family(world):
    content = signed_in(world.office).get(
        reverse("people:contact_edit", args=[world.separated_contact.pk])).content.decode()
    # Own address, and the address of the pupil's other parent.
    assert "9 Elm Close" in content and "1 Maple Road" in content


def test_edit_moves_to_the_other_household_and_audits(world):
    home = world.parent_contact.household
    response = signed_in(world.office).post(
        reverse("people:contact_edit", args=[world.separated_contact.pk]),
        contact_post(first_name="Omar", last_name="Hassan", email="omar@family.example",
                     mobile="07700900002", language="en", interpreter_needed="",
                     preferred_channels=["email"], household=str(home.pk),
                     address_line_1="", postcode=""))
    assert response.status_code == 302
    world.separated_contact.refresh_from_db()
    assert world.separated_contact.household == home
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="contact")
    assert set(event.changes) == {"household", "preferred_channels"}
    assert event.changes["household"] == ["9 Elm Close, Leeds, LS1 4AP",
                                          "1 Maple Road, Leeds, LS1 4AP"]


def test_edit_with_no_changes_writes_no_audit_row(world):
    contact = world.parent_contact
    signed_in(world.office).post(
        reverse("people:contact_edit", args=[contact.pk]),
        contact_post(first_name="Layla", last_name="Hassan", email="layla@family.example",
                     mobile="+447700900001", language="ar", interpreter_needed="on",
                     preferred_channels=[], household=str(contact.household_id),
                     address_line_1="", postcode=""))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_edit_with_a_bad_mobile_changes_nothing(world):
    response = signed_in(world.office).post(
        reverse("people:contact_edit", args=[world.parent_contact.pk]),
        contact_post(first_name="Changed", mobile="01134960000"))
    assert response.status_code == 200
    world.parent_contact.refresh_from_db()
    assert world.parent_contact.first_name == "Layla"
    assert PupilContact.objects.filter(contact=world.parent_contact).count() == 1
