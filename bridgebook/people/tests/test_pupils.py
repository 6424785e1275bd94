"""Pupil pages: list and search, the detail page for staff and for families, create and edit
with validation, and linking contacts."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.factories import TODAY
from bridgebook.people.forms import upn_check_letter
from bridgebook.people.models import Contact, Household, Pupil, PupilContact
from bridgebook.people.tests.factories import (
    ContactFactory,
    PupilContactFactory,
    PupilFactory,
)

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)


def valid_upn(body: str) -> str:
    """A UPN with the right check letter for 12 digits."""
    return upn_check_letter(body) + body


def pupil_post(**overrides) -> dict:
    data = {
        "legal_first_name": "Zara", "legal_last_name": "Khan", "preferred_first_name": "",
        "preferred_last_name": "", "date_of_birth_day": "3", "date_of_birth_month": "4",
        "date_of_birth_year": "2016", "upn": valid_upn("801200005001"), "school_class": "",
        "admission_date_day": "1", "admission_date_month": "9", "admission_date_year": "2021",
        "leaving_date_day": "", "leaving_date_month": "", "leaving_date_year": "",
        "areas_of_need": ["ASD", "SLCN"], "communication": ["makaton"],
        "communication_notes": "Uses a few signs.", "photo_consent": "book",
        "home_language": "ur", "has_ehcp": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# The UPN check letter --------------------------------------------------------------------

def test_upn_check_letter_matches_the_dfe_example():
    # B801200005001 is the worked example of a valid UPN: 8×2 + 1×4 + 2×5 + 5×10 + 1×13 = 93,
    # and 93 mod 23 = 1, the second letter.
    assert upn_check_letter("801200005001") == "B"


@pytest.mark.parametrize("upn, message", [
    ("A801200005001", "check letter is wrong"),
    ("B80120000500", "a letter followed by 12 digits"),
    ("880120000500A", "a letter followed by 12 digits"),
    ("B8012000050X1", "a letter followed by 12 digits"),
])
def test_bad_upns_are_refused(world, upn, message):
    response = signed_in(world.office).post(
        reverse("people:pupil_create", args=[world.school.urn]), pupil_post(upn=upn))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'href="#id_upn"' in content
    assert not Pupil.objects.filter(legal_first_name="Zara").exists()


def test_upn_is_tidied(world):
    signed_in(world.office).post(reverse("people:pupil_create", args=[world.school.urn]),
                                 pupil_post(upn="b8012 0000 5001"))
    assert Pupil.objects.get(legal_first_name="Zara").upn == "B801200005001"


def test_duplicate_upn_in_the_school_is_a_clear_error(world):
    Pupil.objects.filter(pk=world.pupil_b.pk).update(upn="B801200005001")
    response = signed_in(world.office).post(
        reverse("people:pupil_create", args=[world.school.urn]), pupil_post())
    assert response.status_code == 200
    assert "Another pupil at this school already has this UPN" in response.content.decode()


def test_same_upn_at_another_school_is_fine(world):
    Pupil.objects.filter(pk=world.other_school_pupil.pk).update(upn="B801200005001")
    response = signed_in(world.office).post(
        reverse("people:pupil_create", args=[world.school.urn]), pupil_post())
    assert response.status_code == 302


def test_an_old_upn_from_the_mis_does_not_block_editing(world):
    """The factory's UPNs have no valid check letter; editing other fields still works."""
    response = signed_in(world.office).post(
        reverse("people:pupil_edit", args=[world.pupil.pk]),
        pupil_post(upn=world.pupil.upn, legal_first_name="Amira"))
    assert response.status_code == 302


# Dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("day, month, year, message", [
    ("23", "11", "2026", "Date of birth must be in the past"),
    ("21", "11", "2001", "Date of birth must be less than 25 years ago"),
    ("31", "2", "2016", "Enter a real date"),
    ("", "", "", "This field is required"),
])
def test_date_of_birth_rules(world, day, month, year, message):
    response = signed_in(world.office).post(
        reverse("people:pupil_create", args=[world.school.urn]),
        pupil_post(date_of_birth_day=day, date_of_birth_month=month, date_of_birth_year=year))
    content = response.content.decode()
    assert message in content
    assert 'href="#id_date_of_birth_day"' in content
    assert not Pupil.objects.filter(legal_first_name="Zara").exists()


def test_twenty_five_years_to_the_day_is_allowed(world):
    response = signed_in(world.office).post(
        reverse("people:pupil_create", args=[world.school.urn]),
        pupil_post(date_of_birth_day="22", date_of_birth_month="11", date_of_birth_year="2001",
                   admission_date_day="", admission_date_month="", admission_date_year=""))
    assert response.status_code == 302


def test_leaving_date_before_admission_is_refused(world):
    response = signed_in(world.office).post(
        reverse("people:pupil_edit", args=[world.pupil.pk]),
        pupil_post(upn="", leaving_date_day="31", leaving_date_month="8",
                   leaving_date_year="2021"))
    content = response.content.decode()
    assert "Leaving date must be the same as or after the admission date" in content
    assert 'href="#id_leaving_date_day"' in content
    world.pupil.refresh_from_db()
    assert world.pupil.leaving_date is None and world.pupil.legal_first_name == "Amira"


def test_leaving_on_the_admission_day_is_allowed(world):
    response = signed_in(world.office).post(
        reverse("people:pupil_edit", args=[world.pupil.pk]),
        pupil_post(upn="", leaving_date_day="1", leaving_date_month="9",
                   leaving_date_year="2021"))
    assert response.status_code == 302


def test_error_summary_lists_every_problem(world):
    response = signed_in(world.office).post(
        reverse("people:pupil_create", args=[world.school.urn]),
        pupil_post(legal_first_name="", upn="nope", date_of_birth_year="2030"))
    content = response.content.decode()
    assert "govuk-error-summary" in content
    for anchor in ("#id_legal_first_name", "#id_upn", "#id_date_of_birth_day"):
        assert f'href="{anchor}"' in content


# Create and edit -------------------------------------------------------------------------

def test_create_pupil_saves_everything_and_audits(world):
    response = signed_in(world.senco).post(
        reverse("people:pupil_create", args=[world.school.urn]),
        pupil_post(school_class=str(world.class_a.pk)))
    pupil = Pupil.objects.get(legal_first_name="Zara")
    assert response.url == reverse("people:pupil", args=[pupil.pk])
    assert pupil.school == world.school and pupil.school_class == world.class_a
    assert pupil.date_of_birth == datetime.date(2016, 4, 3)
    assert pupil.areas_of_need == ["ASD", "SLCN"] and pupil.communication == ["makaton"]
    assert pupil.has_ehcp and pupil.home_language == "ur" and pupil.photo_consent == "book"
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="pupil")
    assert event.actor == world.senco and event.pupil == pupil and event.school == world.school
    assert event.changes["legal_first_name"] == [None, "Zara"]
    assert event.changes["upn"] == [None, "B801200005001"]


def test_create_refuses_a_class_of_another_school(world):
    from bridgebook.people.tests.factories import SchoolClassFactory

    elsewhere = SchoolClassFactory(school=world.other_school)
    response = signed_in(world.trust_admin).post(
        reverse("people:pupil_create", args=[world.school.urn]),
        pupil_post(school_class=str(elsewhere.pk)))
    assert response.status_code == 200
    assert 'href="#id_school_class"' in response.content.decode()


def test_edit_pupil_saves_only_changes_and_audits_them(world):
    response = signed_in(world.office).post(
        reverse("people:pupil_edit", args=[world.pupil.pk]),
        pupil_post(legal_first_name="Amira", legal_last_name="Hassan",
                   preferred_first_name="Mira", upn=world.pupil.upn,
                   school_class=str(world.class_b.pk), date_of_birth_day="1",
                   date_of_birth_month="5", date_of_birth_year="2015",
                   admission_date_day="1", admission_date_month="9",
                   admission_date_year="2020"))
    assert response.status_code == 302
    world.pupil.refresh_from_db()
    assert world.pupil.preferred_first_name == "Mira"
    assert world.pupil.school_class == world.class_b
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, pupil=world.pupil)
    assert event.changes["preferred_first_name"] == ["", "Mira"]
    assert event.changes["school_class"] == ["Class A", "Class B"]
    assert "legal_first_name" not in event.changes and "date_of_birth" not in event.changes


def test_edit_form_shows_current_values(world):
    content = signed_in(world.office).get(
        reverse("people:pupil_edit", args=[world.pupil.pk])).content.decode()
    assert 'value="Amira"' in content and f'value="{world.pupil.upn}"' in content
    assert 'name="date_of_birth_year" type="text" inputmode="numeric" value="2015"' in content


# List and search -------------------------------------------------------------------------

def test_list_searches_by_name_and_upn(world):
    PupilFactory(school=world.school, school_class=world.class_a, legal_first_name="Carys",
                 legal_last_name="Evans", preferred_first_name="Cari", upn="B801200005001")
    client = signed_in(world.principal)
    url = reverse("people:pupils", args=[world.school.urn])
    by_name = client.get(url, {"q": "evans"}).content.decode()
    assert "Evans, Carys" in by_name and "Hassan" not in by_name
    by_preferred = client.get(url, {"q": "cari"}).content.decode()
    assert "Evans, Carys" in by_preferred
    by_upn = client.get(url, {"q": "b801200005001"}).content.decode()
    assert "Evans, Carys" in by_upn and "Hassan" not in by_upn
    both_words = client.get(url, {"q": "amira hassan"}).content.decode()
    assert "Hassan, Amira" in both_words and "Evans" not in both_words


def test_list_filters_by_class(world):
    client = signed_in(world.principal)
    url = reverse("people:pupils", args=[world.school.urn])
    content = client.get(url, {"class": world.class_b.pk}).content.decode()
    assert "Jones, Ben" in content and "Hassan, Amira" not in content


def test_class_teacher_lists_only_their_class(world):
    content = signed_in(world.class_teacher).get(
        reverse("people:pupils", args=[world.school.urn])).content.decode()
    assert "Hassan, Amira" in content and "Jones, Ben" not in content
    assert "Class B" not in content  # not even in the class filter
    assert "Add a pupil" not in content


def test_list_is_paginated(world):
    PupilFactory.create_batch(51, school=world.school, school_class=world.class_b)
    client = signed_in(world.principal)
    url = reverse("people:pupils", args=[world.school.urn])
    first = client.get(url, {"class": world.class_b.pk}).content.decode()
    assert "Page 1 of 2" in first and f"class={world.class_b.pk}&amp;page=2" in first
    second = client.get(url, {"class": world.class_b.pk, "page": 2}).content.decode()
    assert "Page 2 of 2" in second


def test_other_school_pupils_never_listed(world):
    content = signed_in(world.trust_admin).get(
        reverse("people:pupils", args=[world.school.urn])).content.decode()
    assert "Oak, Olly" not in content


# Detail page -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["class_teacher", "principal", "senco", "therapist"])
def test_staff_see_family_with_flags_and_restriction(world, name):
    content = signed_in(getattr(world, name)).get(
        reverse("people:pupil", args=[world.pupil.pk])).content.decode()
    assert "Layla Hassan" in content and "Omar Hassan" in content and "Rex Stone" in content
    assert "Needs an interpreter" in content
    assert "Restricted contact: Rex Stone" in content
    assert "Court order: no information to be shared." in content
    assert "1 Maple Road" in content and "9 Elm Close" in content
    assert "+447700900001" in content and "layla@family.example" in content
    assert world.pupil.upn in content


def test_literacy_support_is_flagged_for_staff(world):
    Contact.objects.filter(pk=world.separated_contact.pk).update(literacy_support=True)
    content = signed_in(world.class_teacher).get(
        reverse("people:pupil", args=[world.pupil.pk])).content.decode()
    assert "Needs help with reading and writing" in content


@pytest.mark.parametrize("name", ["parent", "separated_parent"])
def test_family_sees_basic_details_only(world, name):
    Contact.objects.filter(pk=world.separated_contact.pk).update(literacy_support=True)
    content = signed_in(getattr(world, name)).get(
        reverse("people:pupil", args=[world.pupil.pk])).content.decode()
    assert "Amira Hassan" in content and "1 May 2015" in content and "Class A" in content
    for hidden in ("Rex Stone", "Court order", "Restricted", "restriction", "Omar Hassan",
                   "Layla Hassan", "Needs an interpreter", "Needs help with reading",
                   "9 Elm Close", "1 Maple Road", "+44770090000", "family.example",
                   world.pupil.upn, "Add a contact", "Change pupil details"):
        assert hidden not in content, hidden


def test_view_writes_an_audit_row(world):
    signed_in(world.therapist).get(reverse("people:pupil", args=[world.pupil.pk]))
    signed_in(world.parent).get(reverse("people:pupil", args=[world.pupil.pk]))
    events = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, pupil=world.pupil)
    assert {event.actor for event in events} == {world.therapist, world.parent}


def test_refused_view_writes_no_audit_row(world):
    signed_in(world.other_teacher).get(reverse("people:pupil", args=[world.pupil.pk]))
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_siblings_share_a_contact(world):
    sibling = PupilFactory(school=world.school, school_class=world.class_b,
                           legal_first_name="Yusuf", legal_last_name="Hassan")
    PupilContactFactory(pupil=sibling, contact=world.parent_contact)
    principal = signed_in(world.principal).get(
        reverse("people:pupil", args=[world.pupil.pk])).content.decode()
    assert "Brothers and sisters" in principal and "Yusuf Hassan" in principal
    teacher = signed_in(world.class_teacher).get(
        reverse("people:pupil", args=[world.pupil.pk])).content.decode()
    assert "Yusuf Hassan" not in teacher  # Class B is not theirs


def test_managers_get_change_links(world):
    content = signed_in(world.office).get(
        reverse("people:pupil", args=[world.pupil.pk])).content.decode()
    assert reverse("people:pupil_edit", args=[world.pupil.pk]) in content
    assert reverse("people:pupil_contact_add", args=[world.pupil.pk]) in content
    teacher = signed_in(world.class_teacher).get(
        reverse("people:pupil", args=[world.pupil.pk])).content.decode()
    assert reverse("people:pupil_edit", args=[world.pupil.pk]) not in teacher


def test_detail_sets_the_school_for_navigation(world):
    content = signed_in(world.trust_admin).get(
        reverse("people:pupil", args=[world.other_school_pupil.pk])).content.decode()
    assert reverse("people:contacts", args=[world.other_school.urn]) in content


# Adding and changing contacts of a pupil -------------------------------------------------

def link_post(**overrides) -> dict:
    data = {"contact": "new", "relationship": "CAR", "priority": "4",
            "parental_responsibility": "", "lives_with_pupil": "on",
            "receives_information": "on", "is_restricted": "", "restriction_note": "",
            "title": "Ms", "first_name": "Grace", "last_name": "Obi",
            "email": "grace@family.example", "mobile": "07700 900 555", "language": "yo",
            "interpreter_needed": "", "literacy_support": "on",
            "preferred_channels": ["sms", "letter"], "household": "new",
            "address_line_1": "4 Ash Grove", "address_line_2": "", "town": "Leeds",
            "postcode": "ls2 9jt", "home_phone": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def test_add_new_contact_and_link_in_one_step(world):
    response = signed_in(world.office).post(
        reverse("people:pupil_contact_add", args=[world.pupil.pk]), link_post())
    assert response.url == reverse("people:pupil", args=[world.pupil.pk])
    contact = Contact.objects.get(first_name="Grace")
    assert contact.school == world.school
    assert contact.mobile == "+447700900555" and contact.email == "grace@family.example"
    assert contact.literacy_support and contact.preferred_channels == ["sms", "letter"]
    assert contact.household.address_line_1 == "4 Ash Grove"
    assert contact.household.postcode == "LS2 9JT"
    link = PupilContact.objects.get(pupil=world.pupil, contact=contact)
    assert link.relationship == "CAR" and link.priority == 4 and link.receives_information
    assert not link.parental_responsibility
    actions = set(AuditEvent.objects.filter(action=AuditEvent.Action.CREATE)
                  .values_list("object_type", flat=True))
    assert actions == {"contact", "pupilcontact"}
    link_event = AuditEvent.objects.get(object_type="pupilcontact")
    assert link_event.pupil == world.pupil and link_event.changes["relationship"] == [None, "CAR"]


def test_new_contact_can_share_an_existing_household(world):
    home = world.parent_contact.household
    signed_in(world.office).post(
        reverse("people:pupil_contact_add", args=[world.pupil.pk]),
        link_post(household=str(home.pk), address_line_1="", postcode=""))
    assert Contact.objects.get(first_name="Grace").household == home
    assert Household.objects.count() == 2


def test_link_an_existing_contact_for_a_sibling(world):
    sibling = PupilFactory(school=world.school, school_class=world.class_b)
    contacts_before = Contact.objects.count()
    client = signed_in(world.office)
    page = client.get(reverse("people:pupil_contact_add", args=[sibling.pk]),
                      {"q": "layla"}).content.decode()
    assert "Layla Hassan" in page and "Contact for" in page and "Amira Hassan" in page
    response = client.post(
        reverse("people:pupil_contact_add", args=[sibling.pk]),
        link_post(contact=str(world.parent_contact.pk), first_name="", last_name="",
                  household="", relationship="PAM", parental_responsibility="on"))
    assert response.status_code == 302
    assert Contact.objects.count() == contacts_before
    assert PupilContact.objects.filter(pupil=sibling, contact=world.parent_contact,
                                       parental_responsibility=True).exists()


def test_the_contact_search_leaves_out_a_family_a_court_order_keeps_from_the_searcher(
        world, every_persona):
    """Rita (office, and Amira's aunt under a court order) linking a contact for Ben finds
    neither Amira's family (names, address) nor that they are Amira's; nor can she link
    Layla by posting her id. The office finds them."""
    url = reverse("people:pupil_contact_add", args=[world.pupil_b.pk])
    office = signed_in(world.office).get(url, {"q": "hassan"}).content.decode()
    rita = signed_in(world.restricted_staff)

    page = rita.get(url, {"q": "hassan"}).content.decode()
    response = rita.post(url, link_post(contact=str(world.parent_contact.pk), first_name="",
                                        last_name="", household="", relationship="PAM"))

    assert "Layla Hassan" in office and "1 Maple Road" in office and "Amira" in office
    assert "Layla" not in page and "Omar" not in page and "Maple Road" not in page
    assert "Nobody at the school matches that search." in page
    assert response.status_code == 200 and 'href="#id_contact_0"' in response.content.decode()
    assert not PupilContact.objects.filter(pupil=world.pupil_b,
                                           contact=world.parent_contact).exists()


def test_contact_search_finds_by_mobile_in_any_format(world):
    sibling = PupilFactory(school=world.school, school_class=world.class_b)
    page = signed_in(world.office).get(reverse("people:pupil_contact_add", args=[sibling.pk]),
                                       {"q": "07700 900002"}).content.decode()
    assert "Omar Hassan" in page and "Layla Hassan" not in page


def test_contact_of_another_school_cannot_be_linked(world):
    stranger = ContactFactory(school=world.other_school)
    response = signed_in(world.trust_admin).post(
        reverse("people:pupil_contact_add", args=[world.pupil.pk]),
        link_post(contact=str(stranger.pk)))
    assert response.status_code == 200
    assert 'href="#id_contact_0"' in response.content.decode()
    assert not PupilContact.objects.filter(contact=stranger).exists()


def test_linking_twice_is_refused(world):
    response = signed_in(world.office).post(
        reverse("people:pupil_contact_add", args=[world.pupil.pk]),
        link_post(contact=str(world.parent_contact.pk)))
    assert "Layla Hassan is already a contact for this pupil" in response.content.decode()


def test_choosing_nobody_is_refused(world):
    data = link_post()
    del data["contact"]
    response = signed_in(world.office).post(
        reverse("people:pupil_contact_add", args=[world.pupil.pk]), data)
    assert "Choose a contact, or choose to add a new one" in response.content.decode()


@pytest.mark.parametrize("overrides, anchor, message", [
    ({"mobile": "0113 496 0000"}, "id_mobile", "this looks like a landline"),
    ({"mobile": "12345"}, "id_mobile", "Enter a mobile number"),
    ({"email": "grace@"}, "id_email", "Enter an email address in the correct format"),
    ({"first_name": ""}, "id_first_name", "Enter the first name of the new contact"),
    ({"postcode": "NOT A CODE"}, "id_postcode", "Enter a real postcode"),
    ({"address_line_1": ""}, "id_address_line_1", "Enter the first line of the new address"),
    ({"is_restricted": "on"}, "id_restriction_note", "Enter a note saying what the restriction"),
    ({"priority": "0"}, "id_priority", "greater than or equal to 1"),
    ({"relationship": ""}, "id_relationship", "This field is required"),
])
def test_one_bad_field_saves_nothing(world, overrides, anchor, message):
    before = (Contact.objects.count(), PupilContact.objects.count(), Household.objects.count(),
              AuditEvent.objects.count())
    response = signed_in(world.office).post(
        reverse("people:pupil_contact_add", args=[world.pupil.pk]), link_post(**overrides))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert f'href="#{anchor}"' in content
    assert (Contact.objects.count(), PupilContact.objects.count(), Household.objects.count(),
            AuditEvent.objects.count()) == before
    # What was typed is kept.
    assert "Ash Grove" in content or overrides.get("address_line_1") == ""


def test_a_failure_inside_the_action_rolls_back_the_new_contact(world, monkeypatch):
    """Nothing half-saved even when the link fails after the contact was created."""
    from bridgebook.people import actions

    def explode(**kwargs):
        raise RuntimeError("audit store unavailable")

    original = actions.audit.record
    calls = []

    def record_then_fail(**kwargs):
        calls.append(kwargs["obj"])
        if len(calls) == 2:
            explode()
        return original(**kwargs)

    monkeypatch.setattr(actions.audit, "record", record_then_fail)
    client = signed_in(world.office)
    client.raise_request_exception = False
    response = client.post(reverse("people:pupil_contact_add", args=[world.pupil.pk]),
                           link_post())
    assert response.status_code == 500
    assert not Contact.objects.filter(first_name="Grace").exists()
    assert not Household.objects.filter(address_line_1="4 Ash Grove").exists()


def test_edit_link_requires_a_note_when_restricted(world):
    link = PupilContact.objects.get(pupil=world.pupil, contact=world.separated_contact)
    url = reverse("people:pupil_contact_edit", args=[link.pk])
    client = signed_in(world.office)
    response = client.post(url, {"relationship": "PAF", "priority": "2",
                                 "parental_responsibility": "on", "is_restricted": "on",
                                 "restriction_note": "   "})
    assert "Enter a note saying what the restriction is" in response.content.decode()
    link.refresh_from_db()
    assert not link.is_restricted
    response = client.post(url, {"relationship": "PAF", "priority": "2",
                                 "parental_responsibility": "on", "is_restricted": "on",
                                 "restriction_note": "Non-molestation order, 2026."})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.is_restricted and link.restriction_note == "Non-molestation order, 2026."
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="pupilcontact")
    assert event.pupil == world.pupil
    assert event.changes["is_restricted"] == [False, True]
    # The separated parent can no longer see the pupil.
    assert signed_in(world.separated_parent).get(
        reverse("people:pupil", args=[world.pupil.pk])).status_code == 404


def test_lifting_a_restriction_clears_the_note(world):
    link = PupilContact.objects.get(pupil=world.pupil, contact=world.restricted_contact)
    signed_in(world.principal).post(
        reverse("people:pupil_contact_edit", args=[link.pk]),
        {"relationship": "STF", "priority": "3", "parental_responsibility": "on",
         "restriction_note": "Court order: no information to be shared."})
    link.refresh_from_db()
    assert not link.is_restricted and link.restriction_note == ""


def test_link_of_another_school_is_not_found(world):
    other_link = PupilContactFactory(pupil=world.other_school_pupil,
                                     contact=ContactFactory(school=world.other_school))
    response = signed_in(world.office).get(
        reverse("people:pupil_contact_edit", args=[other_link.pk]))
    assert response.status_code == 404


def test_today_constant_matches_frozen_clock():
    from django.utils import timezone

    assert timezone.localdate() == TODAY


def test_duplicate_upn_race_is_a_form_error_not_a_500(world, monkeypatch):
    """Two people saving the same UPN at once: the database constraint catches the second."""
    from bridgebook.people.forms import PupilForm

    Pupil.objects.filter(pk=world.pupil_b.pk).update(upn="B801200005001")
    monkeypatch.setattr(PupilForm, "clean_upn", lambda form: form.cleaned_data["upn"])
    response = signed_in(world.office).post(
        reverse("people:pupil_create", args=[world.school.urn]), pupil_post())
    assert response.status_code == 200
    assert "Another pupil at this school already has this UPN" in response.content.decode()
    assert not Pupil.objects.filter(legal_first_name="Zara").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()


def test_new_contact_fields_are_ignored_when_linking_someone_known(world):
    sibling = PupilFactory(school=world.school, school_class=world.class_b)
    response = signed_in(world.office).post(
        reverse("people:pupil_contact_add", args=[sibling.pk]),
        link_post(contact=str(world.parent_contact.pk), mobile="not a number", email="bad@"))
    assert response.status_code == 302
    assert PupilContact.objects.filter(pupil=sibling, contact=world.parent_contact).exists()
    world.parent_contact.refresh_from_db()
    assert world.parent_contact.mobile == "+447700900001"
