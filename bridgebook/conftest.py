"""Named personas shared by every app's tests.

One school (Mapledown) with two classes, a pupil in Class A whose parents live apart, a
parent under a court-order restriction, and people who must see nothing: a teacher of
another class, another school's staff, an outsider with an account, and the anonymous.
Mapledown boards: Amira lives in residential group Oak House, whose care worker (Rhys)
sees her and not Ben.
"""

import copy
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bridgebook.core.models import Role, School, User
from bridgebook.core.tests.factories import (
    SchoolFactory,
    TrustAdministratorFactory,
    TrustFactory,
    UserFactory,
    staff,
)
from bridgebook.people.codes import Relationship
from bridgebook.people.models import Contact, Pupil, ResidentialGroup, ResidentialStaff, SchoolClass
from bridgebook.people.tests.factories import (
    ClassStaffFactory,
    ContactFactory,
    HouseholdFactory,
    PupilContactFactory,
    PupilFactory,
    SchoolClassFactory,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Tasks run at once in tests, so their effects can be asserted; hashing is cheap;
    uploaded files land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _fresh_fragments():
    """Each test starts with no rendered fragments kept from a test before (their keys
    name rows by id, and ids come round again in a fresh database)."""
    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def _interface_language():
    """Each test starts in English: a request in a test before may have switched this
    thread to a family member's language (as each request does for its own page)."""
    with translation.override(None):
        translation.activate(settings.LANGUAGE_CODE)
        yield


@dataclass
class World:
    school: School
    other_school: School
    class_a: SchoolClass
    class_b: SchoolClass
    pupil: Pupil
    pupil_b: Pupil
    other_school_pupil: Pupil
    class_teacher: User
    other_teacher: User
    principal: User
    office: User
    senco: User
    therapist: User
    other_school_staff: User
    trust_admin: User
    parent: User
    parent_contact: Contact
    separated_parent: User
    separated_contact: Contact
    restricted_parent: User
    restricted_contact: Contact
    outsider: User
    # Residential care staff of Oak House, Amira's residential group (Ben is in none).
    residential_group: ResidentialGroup
    residential: User


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The personas, built once for a test module inside a transaction that is rolled back
    after the module's last test. Each test's own transaction nests inside it (a savepoint,
    as Django's TestCase.setUpTestData does), so what a test changes is undone after it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


def _transactional(item) -> bool:
    """Whether a test shares its database with another thread (a browser test's live
    server), so that nothing it uses can sit in an uncommitted transaction."""
    marker = item.get_closest_marker("django_db")
    return ("transactional_db" in item.fixturenames or "live_server" in item.fixturenames
            or bool(marker and marker.kwargs.get("transaction")))


def pytest_collection_modifyitems(items):
    """A test that uses the personas builds (or reuses) its module's world before anything
    else, so the world is outside the test's own transaction, not rolled back with it."""
    for item in items:
        if "world" in getattr(item, "fixturenames", ()) and not _transactional(item):
            item.fixturenames.insert(0, "_module_world")


@pytest.fixture
def world(request, db) -> World:
    """The personas (see the module's docstring). A test sees its own copy of the module's
    world, so changing an object in memory does not reach the next test; a test that shares
    the database with another thread gets a world committed for it alone."""
    if _transactional(request.node):
        return build_world()
    return copy.deepcopy(request.getfixturevalue("_module_world"))


def build_world() -> World:
    trust = TrustFactory(name="Bridgebook Test Trust")
    school = SchoolFactory(trust=trust, name="Mapledown School", urn="101001")
    other_school = SchoolFactory(trust=trust, name="Oakleigh School", urn="101002")
    class_a = SchoolClassFactory(school=school, name="Class A")
    class_b = SchoolClassFactory(school=school, name="Class B")

    class_teacher = staff(school, Role.CLASS_TEACHER, full_name="Cara Teacher",
                          email="cara@mapledown.example")
    ClassStaffFactory(school_class=class_a, user=class_teacher)
    other_teacher = staff(school, Role.CLASS_TEACHER, full_name="Otto Teacher",
                          email="otto@mapledown.example")
    ClassStaffFactory(school_class=class_b, user=other_teacher)
    principal = staff(school, Role.PRINCIPAL, full_name="Pat Principal",
                      email="pat@mapledown.example")
    office = staff(school, Role.OFFICE, full_name="Olive Office", email="olive@mapledown.example")
    senco = staff(school, Role.SENCO, full_name="Sam Senco", email="sam@mapledown.example")
    therapist = staff(school, Role.SALT, full_name="Tia Therapist", email="tia@mapledown.example")
    other_school_staff = staff(other_school, Role.PRINCIPAL, full_name="Oscar Oakleigh",
                               email="oscar@oakleigh.example")
    trust_admin = UserFactory(full_name="Tracy Trust", email="tracy@trust.example")
    TrustAdministratorFactory(user=trust_admin, trust=trust)

    residential_group = ResidentialGroup.objects.create(school=school, name="Oak House")
    residential = staff(school, Role.RESIDENTIAL, full_name="Rhys Residential",
                        email="rhys@mapledown.example")
    ResidentialStaff.objects.create(group=residential_group, user=residential)
    pupil = PupilFactory(school=school, school_class=class_a, legal_first_name="Amira",
                         legal_last_name="Hassan", home_language="ar",
                         residential_group=residential_group)
    pupil_b = PupilFactory(school=school, school_class=class_b, legal_first_name="Ben",
                           legal_last_name="Jones")
    other_school_pupil = PupilFactory(school=other_school, school_class=None,
                                      legal_first_name="Olly", legal_last_name="Oak")

    home = HouseholdFactory(school=school, address_line_1="1 Maple Road")
    away = HouseholdFactory(school=school, address_line_1="9 Elm Close")
    parent_contact = ContactFactory(school=school, household=home, first_name="Layla",
                                    last_name="Hassan", email="layla@family.example",
                                    mobile="+447700900001", language="ar",
                                    interpreter_needed=True)
    separated_contact = ContactFactory(school=school, household=away, first_name="Omar",
                                       last_name="Hassan", email="omar@family.example",
                                       mobile="+447700900002")
    restricted_contact = ContactFactory(school=school, household=away, first_name="Rex",
                                        last_name="Stone", email="rex@family.example",
                                        mobile="+447700900003")
    PupilContactFactory(pupil=pupil, contact=parent_contact, relationship="PAM", priority=1)
    PupilContactFactory(pupil=pupil, contact=separated_contact, relationship="PAF",
                        lives_with_pupil=False, priority=2)
    PupilContactFactory(pupil=pupil, contact=restricted_contact, relationship="STF",
                        lives_with_pupil=False, priority=3, is_restricted=True,
                        restriction_note="Court order: no information to be shared.")

    def family_user(contact: Contact) -> User:
        user = UserFactory(email=contact.email, full_name=contact.full_name)
        user.set_unusable_password()
        user.save()
        contact.user = user
        contact.save(update_fields=["user"])
        return user

    return World(
        school=school, other_school=other_school, class_a=class_a, class_b=class_b,
        pupil=pupil, pupil_b=pupil_b, other_school_pupil=other_school_pupil,
        class_teacher=class_teacher, other_teacher=other_teacher, principal=principal,
        office=office, senco=senco, therapist=therapist, other_school_staff=other_school_staff,
        trust_admin=trust_admin,
        parent=family_user(parent_contact), parent_contact=parent_contact,
        separated_parent=family_user(separated_contact), separated_contact=separated_contact,
        restricted_parent=family_user(restricted_contact), restricted_contact=restricted_contact,
        outsider=UserFactory(full_name="Nobody Known", email="nobody@example.org"),
        residential_group=residential_group, residential=residential,
    )


def signed_in(user: User | None, *, interface_language: str | None = "en-gb") -> Client:
    """A test client signed in as ``user`` (staff have passed their second factor).

    The client has chosen ``interface_language`` with the language chooser, so pages read
    as the tests expect whatever a family member's language; ``None`` leaves it to
    Bridgebook (a family member then reads their contact's language)."""
    client = Client()
    if interface_language is not None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = interface_language
    if user is None:
        return client
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.staff_roles.exists() or user.trust_admin_roles.exists():
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for():
    return signed_in


@pytest.fixture
def assistant(world):
    """Tom, the teaching assistant of Class A (class staff, not its class teacher)."""
    user = staff(world.school, Role.TEACHING_ASSISTANT, full_name="Tom Assistant",
                 email="tom@mapledown.example")
    ClassStaffFactory(school_class=world.class_a, user=user, is_class_teacher=False)
    return user


PERSONAS = [
    "class_teacher", "other_teacher", "principal", "office", "senco", "therapist",
    "other_school_staff", "trust_admin", "parent", "separated_parent", "restricted_parent",
    "outsider", "anonymous",
]
# With the foster carer (the ``foster_carer`` fixture), for the authorization test.
# And the residential care worker of Amira's group, and (the ``every_persona`` fixture)
# a senior leader and a member of the office a court order keeps from Amira.
EVERY_PERSONA = [*PERSONAS[:-2], "foster_carer", "residential", "senior_leader",
                 "restricted_staff", *PERSONAS[-2:]]


@pytest.fixture
def foster_carer(world) -> User:
    """Fiona Reed, Ben's foster carer (Class B), with parental responsibility, in her own
    home: a family member at the same school who must see nothing of Amira's. Added to the
    world as ``foster_carer`` and ``foster_contact`` (not in every test's world: the others
    count Mapledown's families as Amira's)."""
    home = HouseholdFactory(school=world.school, address_line_1="4 Birch Way")
    contact = ContactFactory(school=world.school, household=home, first_name="Fiona",
                             last_name="Reed", email="fiona@foster.example",
                             mobile="+447700900004")
    PupilContactFactory(pupil=world.pupil_b, contact=contact,
                        relationship=Relationship.FOSTER_MOTHER, parental_responsibility=True,
                        priority=1)
    user = UserFactory(email=contact.email, full_name=contact.full_name)
    user.set_unusable_password()
    user.save()
    contact.user = user
    contact.save(update_fields=["user"])
    world.foster_carer, world.foster_contact = user, contact
    return user


@pytest.fixture
def every_persona(world, foster_carer) -> World:
    """The world with every persona of ``EVERY_PERSONA``: the foster carer, and added to it
    (not in every test's world, as they would change what the others count of Mapledown's
    staff and Amira's family):

    - ``senior_leader``: Selma Leader, a deputy head (the senior leader role at Mapledown):
      whole-school staff, who also reads the conduct log and escalated concerns;
    - ``restricted_staff``: Rita Clerk, in Mapledown's office, and also Amira's aunt under a
      court order (``restricted_staff_contact``, her own account): she sees what the office
      sees, but nothing of Amira or her family, as the order wins over her role."""
    world.senior_leader = staff(world.school, Role.SENIOR_LEADER, full_name="Selma Leader",
                                email="selma@mapledown.example")
    user = staff(world.school, Role.OFFICE, full_name="Rita Clerk",
                 email="rita@mapledown.example")
    home = HouseholdFactory(school=world.school, address_line_1="7 Ash Grove")
    contact = ContactFactory(school=world.school, household=home, first_name="Rita",
                             last_name="Clerk", email=user.email, mobile="+447700900005",
                             user=user)
    PupilContactFactory(pupil=world.pupil, contact=contact,
                        relationship=Relationship.OTHER_RELATIVE, lives_with_pupil=False,
                        priority=4, is_restricted=True,
                        restriction_note="Court order: no information to be shared.")
    world.restricted_staff, world.restricted_staff_contact = user, contact
    return world


def persona(world: World, name: str) -> User | None:
    return None if name == "anonymous" else getattr(world, name)
