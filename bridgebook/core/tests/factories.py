import datetime

import factory

from bridgebook.core.models import Role, School, StaffRole, Trust, TrustAdministrator, User


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Trust {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    la_code = "202"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Role.CLASS_TEACHER


class TrustAdministratorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrustAdministrator

    user = factory.SubFactory(UserFactory)
    trust = factory.SubFactory(TrustFactory)


def staff(school: School, role: str, **user_fields) -> User:
    """A user with one staff role at a school."""
    user = UserFactory(**user_fields)
    StaffRoleFactory(user=user, school=school, role=role)
    return user


TODAY = datetime.date(2026, 11, 22)
