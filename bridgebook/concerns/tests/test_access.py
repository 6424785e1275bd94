"""Who reads and acts on a concern, persona by persona, checked at read time."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from bridgebook.concerns.access import access_concern, access_raise, is_team, visible_concerns
from bridgebook.concerns.models import Addressed
from bridgebook.concerns.tests.factories import concern_for
from bridgebook.conftest import EVERY_PERSONA, persona
from bridgebook.core.access import forget_viewer
from bridgebook.core.tests.factories import UserFactory
from bridgebook.people.models import PupilContact
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory

# Layla's concern about Amira, with Amira's class staff: who reads it, who acts on it.
READS = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin",
         "residential", "parent"}
ACTS = {"class_teacher", "principal", "trust_admin"}


@pytest.mark.parametrize("name", EVERY_PERSONA)
def test_who_reads_and_acts_on_laylas_concern(world, foster_carer, name):
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
