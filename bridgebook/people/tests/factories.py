import datetime

import factory

from bridgebook.core.tests.factories import SchoolFactory
from bridgebook.people.forms import upn_check_letter
from bridgebook.people.models import (
    ClassStaff,
    Contact,
    Household,
    Pupil,
    PupilContact,
    SchoolClass,
)


def valid_upn(digits: str) -> str:
    """A UPN whose DfE check letter is right, so imports and forms accept it."""
    return upn_check_letter(digits) + digits


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Class {n}")


class ClassStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassStaff

    school_class = factory.SubFactory(SchoolClassFactory)
    user = factory.SubFactory("bridgebook.core.tests.factories.UserFactory")
    is_class_teacher = True


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    school_class = factory.SubFactory(SchoolClassFactory, school=factory.SelfAttribute("..school"))
    legal_first_name = factory.Faker("first_name", locale="en_GB")
    legal_last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(2015, 5, 1)
    upn = factory.Sequence(lambda n: valid_upn(f"{n:012d}"))
    admission_date = datetime.date(2020, 9, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    school = factory.SubFactory(SchoolFactory)
    address_line_1 = factory.Sequence(lambda n: f"{n} High Street")
    town = "Leeds"
    postcode = "LS1 4AP"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    school = factory.SubFactory(SchoolFactory)
    household = factory.SubFactory(HouseholdFactory, school=factory.SelfAttribute("..school"))
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"family{n}@example.org")
    mobile = factory.Sequence(lambda n: f"+4477009{n % 100000:05d}")


class PupilContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PupilContact

    pupil = factory.SubFactory(PupilFactory)
    contact = factory.SubFactory(ContactFactory, school=factory.SelfAttribute("..pupil.school"))
    relationship = "PAM"
    parental_responsibility = True
    lives_with_pupil = True
    priority = 1
