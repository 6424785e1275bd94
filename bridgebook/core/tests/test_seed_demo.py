"""The demo trust loads once, completely, and a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from bridgebook.core.models import (
    AcademicYear,
    LessonPeriod,
    Role,
    School,
    StaffRole,
    Term,
    TrustAdministrator,
    User,
)
from bridgebook.people import demo as people_demo
from bridgebook.people.codes import RTL_LANGUAGES, CommunicationMethod, PhotoConsent
from bridgebook.people.models import (
    ClassStaff,
    Contact,
    Household,
    Pupil,
    PupilContact,
    SchoolClass,
)

MODELS = [School, AcademicYear, Term, LessonPeriod, User, StaffRole, TrustAdministrator,
          TOTPDevice, SchoolClass, ClassStaff, Household, Contact, Pupil, PupilContact]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed()


@pytest.fixture
def mapledown(seeded) -> School:
    return School.objects.get(urn=people_demo.MAPLEDOWN.urn)


def test_a_second_run_changes_nothing(seeded):
    before = counts()
    snapshot = list(Contact.objects.order_by("pk").values())
    output = seed()
    assert counts() == before
    assert list(Contact.objects.order_by("pk").values()) == snapshot
    assert "already loaded" in output


def test_the_output_is_the_demo_sign_in_summary(seeded, settings):
    assert people_demo.sign_in_summary(settings.BRIDGEBOOK_BASE_URL) in seeded
    assert "sue.hart@mapledown.example" in seeded
    assert people_demo.DEMO_PASSWORD in seeded
    assert "/messages/outbox/" in seeded


def test_schools_calendar_and_lessons(mapledown):
    assert mapledown.name == "Mapledown School"
    assert mapledown.timezone == "Europe/London"
    assert mapledown.trust.name == people_demo.TRUST_NAME
    assert School.objects.filter(name="Oakleigh School", trust=mapledown.trust).exists()
    year = mapledown.academic_years.get(name="2026/27")
    assert year.terms.count() == 3
    assert set(mapledown.lesson_periods.values_list("weekday", flat=True)) == {0, 1, 2, 3, 4}


def test_every_role_has_someone_at_mapledown_who_can_sign_in(mapledown):
    roles = set(StaffRole.objects.filter(school=mapledown).values_list("role", flat=True))
    assert roles == set(Role.values)
    sue = User.objects.get(email="sue.hart@mapledown.example")
    assert sue.staff_roles.get().role == Role.POLICY_COORDINATOR
    admin = TrustAdministrator.objects.get(trust=mapledown.trust).user
    for user in [sue, admin]:
        assert user.check_password(people_demo.DEMO_PASSWORD)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_classes_have_six_to_ten_pupils_and_a_class_teacher(mapledown):
    for school, expected in [(mapledown, 4), (School.objects.get(name="Oakleigh School"), 2)]:
        classes = SchoolClass.objects.filter(school=school)
        assert classes.count() == expected
        for school_class in classes:
            assert 6 <= school_class.pupils.count() <= 10, school_class
            assert school_class.memberships.filter(is_class_teacher=True).exists()


def test_home_languages_include_right_to_left_and_the_commonest(mapledown):
    languages = set(Contact.objects.values_list("language", flat=True))
    assert {"pl", "ro", "pa", "pt", "es", "bn"} <= languages
    assert languages & RTL_LANGUAGES
    assert len(languages - {"en"}) >= 6


def test_separated_parents_in_two_households_both_with_responsibility(mapledown):
    separated = 0
    for pupil in Pupil.objects.filter(school=mapledown):
        with_pr = [link for link in pupil.contact_links.select_related("contact")
                   if link.parental_responsibility and not link.is_restricted]
        households = {link.contact.household_id for link in with_pr}
        if len(with_pr) >= 2 and len(households) >= 2:
            separated += 1
    assert separated >= 2


def test_a_court_order_restriction_with_a_note(mapledown):
    link = PupilContact.objects.get(is_restricted=True, pupil__school=mapledown)
    assert "court" in link.restriction_note.lower()
    assert not link.is_entitled


def test_siblings_share_contacts(mapledown):
    agnieszka = Contact.objects.get(email="agnieszka.nowak@families.example")
    assert agnieszka.pupil_links.count() == 2


def test_interpreter_literacy_and_other_family_needs(mapledown):
    assert Contact.objects.filter(interpreter_needed=True).exists()
    assert Contact.objects.filter(literacy_support=True).exists()
    assert Contact.objects.filter(email="", pupil_links__parental_responsibility=True).exists()
    layla = Contact.objects.get(email="layla.hassan@families.example")
    assert layla.language == "ar"
    assert layla.mobile.startswith("+447700900")
    mobiles = [m for m in Contact.objects.values_list("mobile", flat=True) if m]
    assert len(mobiles) == len(set(mobiles))


def test_pupils_needs_communication_and_photo_consent(mapledown):
    pupils = list(Pupil.objects.all())
    assert any(p.has_ehcp for p in pupils)
    assert all(p.areas_of_need for p in pupils)
    used = {method for p in pupils for method in p.communication}
    assert {CommunicationMethod.SPEECH, CommunicationMethod.MAKATON, CommunicationMethod.PECS,
            CommunicationMethod.SYMBOLS, CommunicationMethod.AAC} <= used
    assert {p.photo_consent for p in pupils} == set(PhotoConsent.values)
    assert all(people_demo.upn_for(p.upn[1:4], p.upn[4:8], int(p.upn[8:10]),
                                   int(p.upn[10:])) == p.upn
               for p in pupils)


def test_upn_check_letter():
    # A valid UPN from python-stdnum's documentation (stdnum.gb.upn); "A801200005001" fails.
    assert people_demo.upn_for("801", "2000", 5, 1) == "B801200005001"


def test_more_pupils_for_benchmarks(db):
    seed("--quiet")
    core = Pupil.objects.count()
    seed("--pupils", "50", "--schools", "3", "--quiet")
    assert Pupil.objects.count() == 50
    assert School.objects.count() == 3
    new = Pupil.objects.filter(mis_id__startswith="DEMO-B")
    assert new.count() == 50 - core
    assert all(pupil.contact_links.count() == 2 for pupil in new)
    assert all(pupil.school_class.memberships.filter(is_class_teacher=True).exists()
               for pupil in new)
    before = counts()
    seed("--pupils", "50", "--schools", "3", "--quiet")
    assert counts() == before


def test_refuses_production_mode(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        seed()
