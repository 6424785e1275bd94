"""What the route × persona table cannot show on its own: a member of staff a court order
keeps from a child learns nothing of the child through the agreement's school-wide pages
either, checked when they are read; a restricted contact is never asked to sign and never
told; and each household's signature stays its own."""

import pytest
from django.urls import reverse

from bridgebook.agreements import actions
from bridgebook.agreements.models import Signature
from bridgebook.agreements.tests import factories
from bridgebook.conftest import signed_in
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff
from bridgebook.messaging.models import Message
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory


@pytest.fixture
def kept_from_amira(world):
    """Sid, Mapledown's SENCO too, recorded as a restricted contact of Amira (a court
    order): as a whole-school role he would see every pupil."""
    user = staff(world.school, Role.SENCO, full_name="Sid Second", email="sid@mapledown.example")
    contact = ContactFactory(school=world.school, first_name="Sid", last_name="Second",
                             email="sid@mapledown.example")
    PupilContactFactory(pupil=world.pupil, contact=contact, relationship="STF",
                        is_restricted=True)
    return user


def test_a_court_order_keeps_the_child_from_a_member_of_staff_on_every_page(
        world, kept_from_amira):
    version = factories.published(world.school, world.principal)
    item = factories.document(world.school, world.office)
    actions.do_send_pack(pupil=world.pupil, acting_user=world.office)
    client = signed_in(kept_from_amira)
    for name in ("pupil", "pdf", "paper", "family_pack", "pupil_sign"):
        assert client.get(reverse(f"agreements:{name}", args=[world.pupil.pk])).status_code \
            == 404, name
    assert client.get(reverse("agreements:pack_file",
                              args=[world.pupil.pk, item.pk])).status_code == 404
    assert client.post(reverse("agreements:send_pack",
                               args=[world.pupil.pk])).status_code == 404
    for name in ("signatures", "new_families"):
        html = client.get(reverse(f"agreements:{name}", args=[world.school.urn])).content
        assert b"Amira" not in html and b"Layla" not in html, name
    # The school's agreement itself is theirs to read and write.
    assert client.get(reverse("agreements:version",
                              args=[world.school.urn, version.pk])).status_code == 200


def test_a_restricted_contact_is_never_asked_never_told_and_cannot_sign(
        world, foster_carer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = factories.published(world.school, world.principal)
    rex = signed_in(world.restricted_parent)
    assert rex.get(reverse("agreements:pupil", args=[world.pupil.pk])).status_code == 404
    response = rex.post(reverse("agreements:sign", args=[world.pupil.pk]),
                        {"name": "Rex Stone", "format": "text"})
    assert response.status_code == 404
    assert not Signature.objects.exists()
    assert not Message.objects.filter(contact=world.restricted_contact).exists()
    # Those told are the parents with parental responsibility: Layla, Omar and Fiona.
    told = set(Message.objects.filter(kind="agreement", source_id=version.pk)
               .values_list("contact__first_name", flat=True))
    assert told == {"Layla", "Omar", "Fiona"}


def test_each_household_sees_only_its_own_signature(world):
    version = factories.published(world.school, world.principal)
    factories.sign(version, world.parent_contact, [world.pupil], language="ar")
    omar = signed_in(world.separated_parent).get(
        reverse("agreements:pupil", args=[world.pupil.pk])).content.decode()
    assert "You signed" not in omar and "Layla" not in omar
    layla = signed_in(world.parent).get(
        reverse("agreements:pupil", args=[world.pupil.pk])).content.decode()
    assert "You signed version 1" in layla and "Omar" not in layla


def test_a_family_member_cannot_reach_the_school_pages(world):
    factories.published(world.school, world.principal)
    client = signed_in(world.parent)
    for name in ("overview", "signatures", "draft", "pack", "new_families", "settings"):
        assert client.get(reverse(f"agreements:{name}",
                                  args=[world.school.urn])).status_code == 404, name
