"""Who reads the conduct log: Mapledown's senior leaders and principal, nobody else, and
never an incident about themselves or about a pupil (or a pupil's family) a court order
keeps from them."""

import pytest
from django.urls import reverse

from bridgebook.conduct.access import visible_incidents
from bridgebook.conduct.tests.factories import incident_for, senior_leader_at
from bridgebook.conftest import EVERY_PERSONA, persona, signed_in
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import StaffRoleFactory, UserFactory, staff
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory

READERS = {"principal", "senior_leader"}


def _pages(world, incident):
    urn = world.school.urn
    return [reverse("conduct:log", args=[urn]), reverse("conduct:new", args=[urn]),
            reverse("conduct:incident", args=[urn, incident.pk]),
            reverse("conduct:change", args=[urn, incident.pk]),
            reverse("conduct:add_action", args=[urn, incident.pk]),
            reverse("conduct:close", args=[urn, incident.pk])]


@pytest.mark.parametrize("name", EVERY_PERSONA)
def test_only_the_principal_and_senior_leader_of_the_personas_read_the_log(world, name, request):
    if name in ("foster_carer", "senior_leader", "restricted_staff"):
        request.getfixturevalue("every_persona")
    incident = incident_for(world.school, recorded_by=world.principal, pupil=world.pupil,
                            staff_affected=[world.class_teacher])
    client = signed_in(persona(world, name))
    for url in _pages(world, incident):
        response = client.get(url)
        if name == "anonymous":
            assert response.status_code == 302 and "/accounts/" in response["Location"]
        elif name in READERS:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 404, (name, url)


def test_a_senior_leader_reads_and_writes_the_log_but_not_its_settings(world, senior_leader):
    incident = incident_for(world.school, recorded_by=world.principal)
    client = signed_in(senior_leader)
    for url in _pages(world, incident):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("conduct:settings", args=[world.school.urn])).status_code == 403
    assert signed_in(world.principal).get(
        reverse("conduct:settings", args=[world.school.urn])).status_code == 200


def test_a_senior_leader_of_another_school_sees_nothing_here(world):
    oakleigh_deputy = senior_leader_at(world.other_school)
    incident = incident_for(world.school)
    client = signed_in(oakleigh_deputy)
    for url in _pages(world, incident):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("conduct:log", args=[world.other_school.urn])).status_code == 200


def test_the_trust_administrator_reads_it_only_with_a_role_at_the_school(world):
    incident = incident_for(world.school)
    url = reverse("conduct:incident", args=[world.school.urn, incident.pk])
    assert signed_in(world.trust_admin).get(url).status_code == 404
    StaffRoleFactory(user=world.trust_admin, school=world.school, role=Role.SENIOR_LEADER)
    assert signed_in(world.trust_admin).get(url).status_code == 200
    # The role is Mapledown's: Oakleigh's log stays closed to them.
    assert signed_in(world.trust_admin).get(
        reverse("conduct:log", args=[world.other_school.urn])).status_code == 404


def test_nobody_reads_an_incident_about_themselves(world, senior_leader):
    by_email = ContactFactory(school=world.school, first_name="Sian", last_name="Senior",
                              email=senior_leader.email.upper())
    by_account = ContactFactory(school=world.school, first_name="Sian", last_name="S",
                                email="")
    by_account.user = senior_leader
    by_account.save(update_fields=["user"])
    about_her = [incident_for(world.school, contact=by_email),
                 incident_for(world.school, contact=by_account)]
    other = incident_for(world.school, person_name="Lee Dawson")
    client = signed_in(senior_leader)
    for incident in about_her:
        url = reverse("conduct:incident", args=[world.school.urn, incident.pk])
        assert client.get(url).status_code == 404
        assert signed_in(world.principal).get(url).status_code == 200
    listed = client.get(reverse("conduct:log", args=[world.school.urn])).content.decode()
    assert "Lee Dawson" in listed and "Sian Senior" not in listed
    assert list(visible_incidents(senior_leader, world.school)) == [other]


def test_a_court_order_keeps_its_pupil_and_their_family_out_of_the_log(world):
    """A senior leader who is also a restricted contact of Amira reads nothing about her
    or her family here, through their staff role either."""
    deputy = staff(world.school, Role.SENIOR_LEADER, full_name="Rob Stone",
                   email="rob@mapledown.example")
    contact = ContactFactory(school=world.school, first_name="Rob", last_name="Stone",
                             email=deputy.email)
    PupilContactFactory(pupil=world.pupil, contact=contact, relationship="STF",
                        is_restricted=True)
    about_amira = incident_for(world.school, pupil=world.pupil, person_name="Kim Brown")
    about_layla = incident_for(world.school, contact=world.parent_contact)
    about_ben = incident_for(world.school, pupil=world.pupil_b, person_name="Jo Bloggs")
    client = signed_in(deputy)
    for incident in (about_amira, about_layla):
        assert client.get(reverse("conduct:incident", args=[world.school.urn, incident.pk])
                          ).status_code == 404
    assert client.get(reverse("conduct:incident", args=[world.school.urn, about_ben.pk])
                      ).status_code == 200
    assert list(visible_incidents(deputy, world.school)) == [about_ben]
    # Nor are Amira and her family offered when recording one.
    form = client.get(reverse("conduct:new", args=[world.school.urn])).content.decode()
    assert "Amira" not in form and "Layla" not in form and "Ben Jones" in form


def test_an_outsider_with_a_role_elsewhere_only_gets_404(world):
    outsider = UserFactory(email="someone@else.example")
    incident = incident_for(world.school)
    assert signed_in(outsider).get(reverse(
        "conduct:incident", args=[world.school.urn, incident.pk])).status_code == 404
