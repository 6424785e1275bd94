"""Who reads and acts on a concern, persona by persona, checked at read time."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from bridgebook.concerns import actions, selectors
from bridgebook.concerns.access import (
    access_concern,
    access_raise,
    addressed_staff_ids,
    is_team,
    visible_concerns,
)
from bridgebook.concerns.models import Addressed
from bridgebook.concerns.tests.factories import concern_for
from bridgebook.conftest import EVERY_PERSONA, persona, signed_in
from bridgebook.core.access import forget_viewer, visible_pupils
from bridgebook.core.models import Role, StaffRole
from bridgebook.core.tests.factories import UserFactory
from bridgebook.people.models import PupilContact, ResidentialStaff
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory

# Layla's concern about Amira, with Amira's class staff: who reads it (the staff it was
# raised with, the SENCO and the leaders; not the office, the therapist or the residential
# staff, who see Amira), who acts on it.
READS = {"class_teacher", "principal", "senco", "senior_leader", "trust_admin", "parent"}
ACTS = {"class_teacher", "principal", "senior_leader", "trust_admin"}


@pytest.mark.parametrize("name", EVERY_PERSONA)
def test_who_reads_and_acts_on_laylas_concern(every_persona, name):
    world = every_persona
    concern = concern_for(world.pupil, world.parent_contact)
    user = persona(world, name)
    if user is None:
        assert not visible_concerns(None).exists()
        return
    if name not in READS:
        with pytest.raises(Http404):
            access_concern(user, concern.pk)
        return
    assert access_concern(user, concern.pk) == concern
    if name in ACTS:
        assert access_concern(user, concern.pk, act=True) == concern
    else:
        with pytest.raises(PermissionDenied):
            access_concern(user, concern.pk, act=True)
    if name == "parent":
        assert access_concern(user, concern.pk, answer=True) == concern
    else:
        with pytest.raises(PermissionDenied):
            access_concern(user, concern.pk, answer=True)


def test_each_household_reads_only_its_own(world):
    laylas = concern_for(world.pupil, world.parent_contact)
    omars = concern_for(world.pupil, world.separated_contact)
    assert list(visible_concerns(world.parent)) == [laylas]
    assert list(visible_concerns(world.separated_parent)) == [omars]
    assert set(visible_concerns(world.class_teacher)) == {laylas, omars}


def test_a_parent_in_the_same_home_reads_only_their_own_too(world):
    """Each family member's concern is their own conversation, even under one roof."""
    partner = ContactFactory(school=world.school, household=world.parent_contact.household,
                             first_name="Sami", email="sami@family.example")
    PupilContactFactory(pupil=world.pupil, contact=partner, parental_responsibility=True)
    partner.user = UserFactory(email=partner.email)
    partner.save(update_fields=["user"])
    concern_for(world.pupil, world.parent_contact)
    assert not visible_concerns(partner.user).exists()


def test_a_court_order_recorded_later_cuts_the_raiser_off(world):
    concern = concern_for(world.pupil, world.separated_contact)
    assert access_concern(world.separated_parent, concern.pk) == concern
    PupilContact.objects.filter(pupil=world.pupil, contact=world.separated_contact).update(
        is_restricted=True)
    forget_viewer(world.separated_parent)
    with pytest.raises(Http404):
        access_concern(world.separated_parent, concern.pk)


def test_the_residential_worker_acts_on_residential_concerns_only(world):
    residential = concern_for(world.pupil, world.parent_contact,
                              addressed_to=Addressed.RESIDENTIAL)
    by_class = concern_for(world.pupil, world.parent_contact)
    assert is_team(world.residential, residential)
    assert not is_team(world.residential, by_class)
    assert not is_team(world.class_teacher, residential)


def test_whoever_deals_with_it_acts_on_it(world):
    concern = concern_for(world.pupil, world.parent_contact, handler=world.senco)
    assert access_concern(world.senco, concern.pk, act=True) == concern


@pytest.mark.parametrize("name,outcome", [
    ("parent", None), ("separated_parent", None), ("class_teacher", PermissionDenied),
    ("restricted_parent", Http404), ("foster_carer", Http404), ("outsider", Http404),
])
def test_who_raises_a_concern_about_amira(world, foster_carer, name, outcome):
    user = persona(world, name)
    if outcome is None:
        pupil, contact_id = access_raise(user, world.pupil.pk)
        assert pupil == world.pupil and contact_id == user.contacts.get().pk
    else:
        with pytest.raises(outcome):
            access_raise(user, world.pupil.pk)


# A place in a class or group counts only with its role --------------------------------------

def _raised_with_residential_staff(world, capture):
    mail.outbox.clear()
    with capture(execute=True):
        concern = actions.do_raise_concern(
            acting_user=world.parent, pupil=world.pupil, contact=world.parent_contact,
            addressed_to=Addressed.RESIDENTIAL, text="Amira does not sleep well.")
    return concern, [address for email in mail.outbox for address in email.to]


def test_a_class_b_teacher_put_in_amiras_group_is_not_her_residential_staff(
        world, django_capture_on_commit_callbacks):
    """Otto teaches Class B and holds no residential role: a place in Oak House (given
    before the group's form offered only residential staff) does not let him see Amira, so
    he is not told of her concern, offered to deal with it or named to her family."""
    ResidentialStaff.objects.create(group=world.residential_group, user=world.other_teacher)
    assert not visible_pupils(world.other_teacher).filter(pk=world.pupil.pk).exists()
    concern, told = _raised_with_residential_staff(world, django_capture_on_commit_callbacks)
    assert told == [world.residential.email]
    assert addressed_staff_ids(concern) == {world.residential.pk}
    assert not is_team(world.other_teacher, concern)
    assert world.other_teacher not in selectors.team_choices(concern)
    _class_staff, residential = selectors.addressed_people(world.pupil)
    assert residential == [world.residential]


def test_a_former_residential_worker_is_not_told_or_offered(
        world, django_capture_on_commit_callbacks):
    """Rhys is a teaching assistant now, his place in Oak House left behind: he no longer
    sees Amira, so her concern goes to the leaders (nobody else works in the group), and
    her mother is not told he is there to raise it with."""
    StaffRole.objects.filter(user=world.residential, school=world.school).update(
        role=Role.TEACHING_ASSISTANT)
    forget_viewer(world.residential)
    assert not visible_pupils(world.residential).filter(pk=world.pupil.pk).exists()
    concern, told = _raised_with_residential_staff(world, django_capture_on_commit_callbacks)
    assert world.residential.email not in told and told == [world.principal.email]
    assert world.residential not in selectors.team_choices(concern)
    page = signed_in(world.parent).get(reverse("concerns:raise", args=[world.pupil.pk]))
    assert "Rhys Residential" not in page.content.decode()


def test_a_former_class_teacher_is_not_her_class_staff(world):
    """Cara works in the office now: she still sees Amira (the whole school), but a concern
    raised with Class A's staff is not hers to act on."""
    StaffRole.objects.filter(user=world.class_teacher, school=world.school).update(
        role=Role.OFFICE)
    concern = concern_for(world.pupil, world.parent_contact)
    assert addressed_staff_ids(concern) == set()
    assert not is_team(world.class_teacher, concern)
    class_staff, _residential = selectors.addressed_people(world.pupil)
    assert class_staff == []
