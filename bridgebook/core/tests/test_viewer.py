"""The Viewer: what one signed-in person is, read with one query on every request."""

from bridgebook.core.access import forget_viewer, viewer_for
from bridgebook.core.models import Role, StaffRole, TrustAdministrator
from bridgebook.core.tests.factories import UserFactory
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory


def _fresh(user):
    forget_viewer(user)
    return viewer_for(user)


def test_a_family_member_and_a_member_of_staff_cost_one_query_each(
        world, django_assert_num_queries):
    with django_assert_num_queries(1):
        parent = _fresh(world.parent)
    assert parent.is_family and parent.contacts == {world.school.pk: world.parent_contact.pk}
    assert parent.languages == {world.school.pk: world.parent_contact.language}
    assert parent.households == {world.school.pk: world.parent_contact.household_id}
    with django_assert_num_queries(1):
        teacher = _fresh(world.class_teacher)
    assert teacher.roles == {world.school.pk: {Role.CLASS_TEACHER}}
    assert not teacher.contacts and not teacher.restricted_pupil_ids
    with django_assert_num_queries(0):
        viewer_for(world.class_teacher)          # kept on the user for the request


def test_every_kind_of_row_lands_in_its_place(world):
    """A trust administrator who is also a SENCO, a contact of a child at school (so reads
    as staff), and restricted from another pupil by a contact with their address."""
    user = UserFactory(email="pat.quill@trust.example")
    StaffRole.objects.create(user=user, school=world.school, role=Role.SENCO)
    StaffRole.objects.create(user=user, school=world.school, role=Role.OFFICE)
    TrustAdministrator.objects.create(user=user, trust=world.school.trust)
    ContactFactory(school=world.school, user=user)
    order = ContactFactory(school=world.school, email="PAT.Quill@Trust.example")
    PupilContactFactory(pupil=world.pupil_b, contact=order, is_restricted=True)
    viewer = _fresh(user)
    assert viewer.roles == {world.school.pk: {Role.SENCO, Role.OFFICE}}
    assert viewer.trust_ids == {world.school.trust_id}
    assert viewer.restricted_pupil_ids == {world.pupil_b.pk}
    assert viewer.is_staff_member and not viewer.is_family and not viewer.contacts


def test_an_account_without_an_email_address_is_not_every_contact_without_one(world):
    """A court order names a contact by their account or their email address; an account
    with no address is not the restricted contact who has none either."""
    user = UserFactory(email="")
    mine = ContactFactory(school=world.school, user=user, email="")
    PupilContactFactory(pupil=world.pupil, contact=mine, parental_responsibility=True)
    stranger = ContactFactory(school=world.school, email="")
    PupilContactFactory(pupil=world.pupil_b, contact=stranger, is_restricted=True)
    viewer = _fresh(user)
    assert viewer.is_family and not viewer.restricted_pupil_ids
