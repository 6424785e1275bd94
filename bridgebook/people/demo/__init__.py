"""The demo trust: Mapledown School, Oakleigh School, their staff, pupils and families.

``seed_demo`` (the management command) runs every app's demo seeder
(bridgebook/core/demo.py); this is the people app's, which the others build on. Everything here is
deterministic: names come from fixed lists picked by a seeded ``random.Random``, so every
installation gets the same people, and a test or a screenshot can name them.

Seeding is idempotent. Each row is keyed on a stable identifier (URN, email, UPN, MIS id,
class name, address) and only what is missing is created, so a second run changes nothing.
With ``pupils`` it adds generated classes and families for benchmarks, spread over the
trust's schools; those keep the same identifiers whatever the total asked for, so a bigger
run only adds to a smaller one.

This writes straight to the tables with ``bulk_create`` rather than through actions: it is
fixture data for an empty installation, with nobody acting, nothing to audit and nothing to
send, and 2,000 pupils must load in seconds.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from bridgebook.core.models import (
    AcademicYear,
    LessonPeriod,
    Role,
    School,
    StaffRole,
    Term,
    Trust,
    TrustAdministrator,
    User,
    Weekday,
)
from bridgebook.people.codes import AreaOfNeed, Channel, CommunicationMethod, PhotoConsent
from bridgebook.people.codes import Relationship as Rel
from bridgebook.people.demo.specs import (
    ClassSpec,
    ContactSpec,
    HouseholdSpec,
    LinkSpec,
    Plan,
    PupilSpec,
    SchoolSpec,
    StaffSpec,
)
from bridgebook.people.demo.story import (
    EXTRA_LA_CODES,
    EXTRA_SCHOOL_NAMES,
    LANGUAGE_WEIGHTS,
    LESSONS,
    MAPLEDOWN,
    MAPLEDOWN_CLASSES,
    MAPLEDOWN_STAFF,
    NAMES,
    NEED_PROFILES,
    OAKLEIGH,
    OAKLEIGH_CLASSES,
    OAKLEIGH_STAFF,
    PHOTO_WEIGHTS,
    POSTCODE_AREAS,
    POSTCODE_LETTERS,
    RESIDENTIAL_GROUPS,
    STREETS,
    TERMS,
    TOWN,
    TRUST_ADMIN,
)
from bridgebook.people.models import (
    ClassStaff,
    Contact,
    Household,
    Pupil,
    PupilContact,
    ResidentialGroup,
    ResidentialStaff,
    SchoolClass,
)

DEMO_PASSWORD = "bridgebook-demo"
TRUST_NAME = "Bridgebook Demo Trust"
FAMILY_DOMAIN = "families.example"
DEVICE_NAME = "Demo authenticator"
ACADEMIC_YEAR = "2026/27"
# Ofcom keeps 07700 900000-900999 for drama, so these numbers never reach anyone.
# Named families use 900001 upwards; generated benchmark families start at 900200.
MOBILE_PREFIX = "+447700900"
BENCH_MOBILE_START = 200
# Ofcom's drama range for London landlines: 020 7946 0000-0999.
HOME_PHONE_PREFIX = "020 7946 0"
BENCH_CLASS_SIZE = 8
BATCH = 500


UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_for(la_code: str, estab: str, year: int, serial: int) -> str:
    """A well-formed Unique Pupil Number: check letter, LA, establishment, year, serial.

    The check letter is the DfE's (Government Data Standards Catalogue, Unique Pupil
    Number 2.0): the 12 digits weighted 2 to 13, summed, modulo 23, as a letter A-Z
    without I, O and S.
    """
    digits = f"{int(la_code):03d}{int(estab):04d}{year % 100:02d}{serial % 1000:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(digits, range(2, 14), strict=True))
    return UPN_CHECK_LETTERS[total % 23] + digits


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")


def date_of_birth(rng: random.Random, year_group: int) -> datetime.date:
    """A birthday that puts a pupil in ``year_group`` in the 2026/27 school year."""
    start = datetime.date(2026 - year_group - 5, 9, 1)
    return start + datetime.timedelta(days=rng.randrange(365))


# Building the plan --------------------------------------------------------------------------

class _Builder:
    """Hands out stable identifiers (UPNs, MIS ids, emails, phone numbers) while planning."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.pupil_count: dict[str, int] = {}
        self.contact_count: dict[str, int] = {}
        self.emails: set[str] = set()
        self.mobiles = 0
        self.phones = 0
        self.schools = {school.urn: school for school in plan.schools}

    def email(self, first: str, last: str, suffix: str = "") -> str:
        stem = f"{ascii_slug(first)}.{ascii_slug(last)}{suffix}"
        address, n = f"{stem}@{FAMILY_DOMAIN}", 1
        while address in self.emails:
            n += 1
            address = f"{stem}{n}@{FAMILY_DOMAIN}"
        self.emails.add(address)
        return address

    def mobile(self) -> str:
        self.mobiles += 1
        assert self.mobiles < BENCH_MOBILE_START, "named families outgrew their numbers"
        return f"{MOBILE_PREFIX}{self.mobiles:03d}"

    def home_phone(self) -> str:
        self.phones += 1
        return f"{HOME_PHONE_PREFIX}{self.phones:03d}"

    def contact(self, school_urn: str, household: HouseholdSpec | None, title: str,
                first: str, last: str, language: str, *, email: bool = True,
                mobile: bool = True, **extra) -> ContactSpec:
        n = self.contact_count[school_urn] = self.contact_count.get(school_urn, 0) + 1
        return ContactSpec(
            school_urn=school_urn, mis_id=f"DEMO-C{n:04d}", household=household, title=title,
            first=first, last=last, language=language,
            email=self.email(first, last) if email else "",
            mobile=self.mobile() if mobile else "", **extra,
        )

    def pupil(self, school_urn: str, class_spec: ClassSpec, first: str, last: str,
              rng: random.Random, links: list[LinkSpec], **extra) -> PupilSpec:
        school = self.schools[school_urn]
        n = self.pupil_count[school_urn] = self.pupil_count.get(school_urn, 0) + 1
        dob = extra.pop("dob", None) or date_of_birth(rng, class_spec.year)
        # Mapledown takes pupils from Year 7, Oakleigh from Reception.
        first_year = 7 if school is MAPLEDOWN else 0
        joined = 2026 - max(0, class_spec.year - first_year)
        admitted = extra.pop("admitted", None) or datetime.date(joined, 9, 3)
        spec = PupilSpec(
            school_urn=school_urn, upn=upn_for(school.la_code, school.estab, 10, n),
            mis_id=f"DEMO-P{n:04d}", class_name=class_spec.name, first=first, last=last,
            dob=dob, admitted=admitted, links=links, **extra,
        )
        self.plan.pupils.append(spec)
        return spec


def _needs(rng: random.Random) -> tuple[list[str], list[str]]:
    profile = rng.choices(NEED_PROFILES, weights=[p[1] for p in NEED_PROFILES])[0]
    primary, _weight, secondary, methods = profile
    areas = [primary]
    if rng.random() < 0.6:
        areas.append(rng.choice(secondary))
    return [str(a) for a in areas], [str(m) for m in rng.choice(methods)]


def _household(builder: _Builder, rng: random.Random, school_urn: str, number: int,
               street: str | None = None, flat: str = "") -> HouseholdSpec:
    street = street or rng.choice(STREETS)
    area = rng.choice(POSTCODE_AREAS)
    postcode = (f"{area} {rng.randrange(1, 10)}{rng.choice(POSTCODE_LETTERS)}"
                f"{rng.choice(POSTCODE_LETTERS)}")
    line1 = f"{flat}{number} {street}"
    return HouseholdSpec(school_urn, line1, TOWN, postcode,
                         builder.home_phone() if rng.random() < 0.3 else "")


def _channels(rng: random.Random, *, literacy: bool, email: bool) -> list[str]:
    if literacy:
        return [Channel.SMS, Channel.APP] if rng.random() < 0.7 else [Channel.SMS, Channel.LETTER]
    if not email:
        return [Channel.SMS]
    return rng.choice([[Channel.APP, Channel.EMAIL], [Channel.APP], [Channel.EMAIL, Channel.SMS],
                       [Channel.APP, Channel.SMS]])


def _generated_family(builder: _Builder, rng: random.Random, school_urn: str,
                      class_spec: ClassSpec, house_number: int) -> None:
    """A family for the rest of a class: one or two parents, sometimes a grandparent."""
    language = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
    women, men, surnames = NAMES[language]
    last = rng.choice(surnames)
    is_girl = rng.random() < 0.35  # special schools teach about two boys to every girl
    child = rng.choice(women if is_girl else men)
    home = _household(builder, rng, school_urn, house_number)
    english = language == "en"
    interpreter = not english and rng.random() < 0.35
    literacy = rng.random() < (0.2 if not english else 0.06)
    mother = builder.contact(
        school_urn, home, "Mrs" if rng.random() < 0.5 else "Ms", rng.choice(women), last,
        language, interpreter=interpreter, literacy=literacy,
        channels=_channels(rng, literacy=literacy, email=True))
    links = [LinkSpec(mother, Rel.PARENT_MOTHER, pr=True, lives_with=True, priority=1)]
    shape = rng.random()
    if shape < 0.6:
        father = builder.contact(school_urn, home, "Mr", rng.choice(men), last, language,
                                 channels=_channels(rng, literacy=False, email=True))
        links.append(LinkSpec(father, Rel.PARENT_FATHER, pr=True, lives_with=True, priority=2))
    elif shape < 0.7:
        grandparent = builder.contact(school_urn, home, "Mrs", rng.choice(women), last,
                                      language, email=False, channels=[Channel.SMS])
        links.append(LinkSpec(grandparent, Rel.OTHER_FAMILY, pr=False, lives_with=True,
                              priority=2, receives=True))
    areas, communication = _needs(rng)
    builder.pupil(
        school_urn, class_spec, child, last, rng, links,
        has_ehcp=rng.random() < 0.95, areas=areas, communication=communication,
        communication_notes="", home_language=language,
        photo_consent=rng.choices(list(PHOTO_WEIGHTS), weights=list(PHOTO_WEIGHTS.values()))[0],
    )


def _named_families(builder: _Builder, classes: dict[str, ClassSpec]) -> list[PupilSpec]:
    """The families the demo is written around: each shows a situation the policy names."""
    urn = MAPLEDOWN.urn
    rng = random.Random("mapledown-named")
    c = builder.contact

    def house(number: int, street: str, postcode: str, phone: bool = False) -> HouseholdSpec:
        return HouseholdSpec(urn, f"{number} {street}", TOWN, postcode,
                             builder.home_phone() if phone else "")

    pupils = []

    # Separated parents, both with parental responsibility; Arabic, written right to left.
    hassan_home = house(14, "Maple Road", "N17 6AB")
    omar_home = HouseholdSpec(urn, "Flat 3, 27 Elm Close", TOWN, "N15 4QT")
    layla = c(urn, hassan_home, "Mrs", "Layla", "Hassan", "ar", interpreter=True,
              channels=[Channel.APP, Channel.SMS],
              note="mother of Amira (Willow); reads Arabic, needs an interpreter")
    omar = c(urn, omar_home, "Mr", "Omar", "Hassan", "ar", channels=[Channel.EMAIL],
             note="Amira's father, lives apart; gets his own copy of everything")
    pupils.append(builder.pupil(
        urn, classes["Willow"], "Amira", "Hassan", rng,
        [LinkSpec(layla, Rel.PARENT_MOTHER, pr=True, lives_with=True, priority=1),
         LinkSpec(omar, Rel.PARENT_FATHER, pr=True, lives_with=False, priority=2)],
        has_ehcp=True, areas=[AreaOfNeed.ASD, AreaOfNeed.SLCN],
        communication=[CommunicationMethod.PECS, CommunicationMethod.SYMBOLS],
        communication_notes="Uses a PECS book of about 40 symbols and is starting to build "
                            "two-symbol sentences.",
        photo_consent=PhotoConsent.BOOK, home_language="ar"))

    # Siblings sharing both parents; Polish.
    nowak_home = house(8, "Birch Avenue", "N17 9LP", phone=True)
    agnieszka = c(urn, nowak_home, "Mrs", "Agnieszka", "Nowak", "pl",
                  channels=[Channel.APP, Channel.EMAIL],
                  note="mother of Zofia (Rowan) and Jakub (Cedar); Polish")
    piotr = c(urn, nowak_home, "Mr", "Piotr", "Nowak", "pl", interpreter=True,
              channels=[Channel.SMS])
    nowak_links = [(agnieszka, Rel.PARENT_MOTHER, 1), (piotr, Rel.PARENT_FATHER, 2)]
    pupils.append(builder.pupil(
        urn, classes["Rowan"], "Zofia", "Nowak", rng,
        [LinkSpec(who, rel, pr=True, lives_with=True, priority=p) for who, rel, p in nowak_links],
        has_ehcp=True, areas=[AreaOfNeed.SLD],
        communication=[CommunicationMethod.MAKATON, CommunicationMethod.SPEECH],
        communication_notes="Signs about 100 Makaton signs and uses single words.",
        photo_consent=PhotoConsent.SCHOOL, home_language="pl"))
    pupils.append(builder.pupil(
        urn, classes["Cedar"], "Jakub", "Nowak", rng,
        [LinkSpec(who, rel, pr=True, lives_with=True, priority=p) for who, rel, p in nowak_links],
        preferred_first="Kuba", has_ehcp=True, areas=[AreaOfNeed.ASD, AreaOfNeed.SLD],
        communication=[CommunicationMethod.SPEECH, CommunicationMethod.SYMBOLS],
        communication_notes="Speaks in short phrases; a symbol timetable helps with changes.",
        photo_consent=PhotoConsent.PUBLIC, home_language="pl"))

    # Interpreter and literacy support, no email, a grandmother who hears from school;
    # joined mid-year. Romanian.
    popescu_home = house(41, "Station Road", "N22 5RJ")
    elena = c(urn, popescu_home, "Mrs", "Elena", "Popescu", "ro", email=False,
              interpreter=True, literacy=True, channels=[Channel.SMS, Channel.LETTER],
              note="mother of Andrei (Cedar); no email: signs in with her mobile number; "
                   "Romanian, needs an interpreter and help with reading")
    maria = c(urn, popescu_home, "Mrs", "Maria", "Popa", "ro", email=False,
              channels=[Channel.SMS])
    pupils.append(builder.pupil(
        urn, classes["Cedar"], "Andrei", "Popescu", rng,
        [LinkSpec(elena, Rel.PARENT_MOTHER, pr=True, lives_with=True, priority=1),
         LinkSpec(maria, Rel.OTHER_FAMILY, pr=False, lives_with=True, priority=2,
                  receives=True)],
        admitted=datetime.date(2026, 1, 12), has_ehcp=True,
        areas=[AreaOfNeed.PMLD, AreaOfNeed.VI],
        communication=[CommunicationMethod.GESTURE, CommunicationMethod.AAC],
        communication_notes="Uses an eye-gaze device and a yes/no switch; smiles for yes.",
        photo_consent=PhotoConsent.NONE, home_language="ro"))

    # Panjabi; a mother who needs help with reading and prefers texts; preparing for
    # adulthood (Year 13).
    sandhu_home = house(31, "Oak Lane", "N18 2HT")
    gurpreet = c(urn, sandhu_home, "Mrs", "Gurpreet", "Kaur", "pa", literacy=True,
                 channels=[Channel.SMS, Channel.APP],
                 note="mother of Arjun (Birch); Panjabi, help with reading")
    manjit = c(urn, sandhu_home, "Mr", "Manjit", "Sandhu", "pa", channels=[Channel.EMAIL])
    pupils.append(builder.pupil(
        urn, classes["Birch"], "Arjun", "Sandhu", rng,
        [LinkSpec(gurpreet, Rel.PARENT_MOTHER, pr=True, lives_with=True, priority=1),
         LinkSpec(manjit, Rel.PARENT_FATHER, pr=True, lives_with=True, priority=2)],
        has_ehcp=True, areas=[AreaOfNeed.SLD, AreaOfNeed.PD],
        communication=[CommunicationMethod.MAKATON, CommunicationMethod.SPEECH],
        communication_notes="Uses a wheelchair; signs and speaks in two- and three-word "
                            "phrases.",
        photo_consent=PhotoConsent.SCHOOL, home_language="pa"))

    # Urdu, right to left; an aunt who is an emergency contact only (hears nothing).
    khan_home = house(7, "Church Street", "E17 3PW", phone=True)
    sadia = c(urn, khan_home, "Mrs", "Sadia", "Khan", "ur", interpreter=True,
              channels=[Channel.APP, Channel.SMS],
              note="mother of Zara (Willow); Urdu, needs an interpreter")
    imran = c(urn, khan_home, "Mr", "Imran", "Khan", "ur", channels=[Channel.APP])
    rubina = c(urn, None, "Ms", "Rubina", "Khan", "ur", email=False)
    pupils.append(builder.pupil(
        urn, classes["Willow"], "Zara", "Khan", rng,
        [LinkSpec(sadia, Rel.PARENT_MOTHER, pr=True, lives_with=True, priority=1),
         LinkSpec(imran, Rel.PARENT_FATHER, pr=True, lives_with=True, priority=2),
         LinkSpec(rubina, Rel.OTHER_RELATIVE, pr=False, lives_with=False, priority=3)],
        has_ehcp=True, areas=[AreaOfNeed.SLCN, AreaOfNeed.HI],
        communication=[CommunicationMethod.MAKATON, CommunicationMethod.SYMBOLS],
        communication_notes="Wears hearing aids; face her when you sign.",
        photo_consent=PhotoConsent.BOOK, home_language="ur"))

    # Separated parents in two households, both with parental responsibility; Portuguese.
    beatriz_home = house(5, "Willow Court", "N16 7EX")
    rui_home = house(22, "Mill Lane", "E5 9QA")
    beatriz = c(urn, beatriz_home, "Ms", "Beatriz", "Silva", "pt",
                channels=[Channel.APP, Channel.EMAIL],
                note="mother of Lucas (Rowan); Portuguese; Lucas's father lives apart")
    rui = c(urn, rui_home, "Mr", "Rui", "Silva", "pt", interpreter=True,
            channels=[Channel.SMS, Channel.APP],
            note="Lucas's father, another household; needs an interpreter")
    pupils.append(builder.pupil(
        urn, classes["Rowan"], "Lucas", "Silva", rng,
        [LinkSpec(beatriz, Rel.PARENT_MOTHER, pr=True, lives_with=True, priority=1),
         LinkSpec(rui, Rel.PARENT_FATHER, pr=True, lives_with=False, priority=2)],
        has_ehcp=True, areas=[AreaOfNeed.ASD],
        communication=[CommunicationMethod.SPEECH, CommunicationMethod.SYMBOLS],
        communication_notes="Talks readily about trains; needs warning before any change.",
        photo_consent=PhotoConsent.PUBLIC, home_language="pt"))

    # Spanish; a mother and daughter with different family names; AAC.
    ruiz_home = house(63, "Victoria Road", "N4 3SL")
    carmen = c(urn, ruiz_home, "Mrs", "Carmen", "García", "es", channels=[Channel.EMAIL],
               note="mother of Sofía (Birch); Spanish")
    javier = c(urn, ruiz_home, "Mr", "Javier", "Ruiz", "es", channels=[Channel.APP])
    pupils.append(builder.pupil(
        urn, classes["Birch"], "Sofía", "Ruiz", rng,
        [LinkSpec(carmen, Rel.PARENT_MOTHER, pr=True, lives_with=True, priority=1),
         LinkSpec(javier, Rel.PARENT_FATHER, pr=True, lives_with=True, priority=2)],
        has_ehcp=True, areas=[AreaOfNeed.PMLD, AreaOfNeed.PD],
        communication=[CommunicationMethod.AAC, CommunicationMethod.GESTURE],
        communication_notes="Presses a big-mac switch to say 'more'; eye-points to choose.",
        photo_consent=PhotoConsent.BOOK, home_language="es"))

    # Bengali; an interpreter and help with reading.
    ahmed_home = house(12, "Greenway", "E17 8JD", phone=True)
    nasreen = c(urn, ahmed_home, "Mrs", "Nasreen", "Begum", "bn", interpreter=True,
                literacy=True, channels=[Channel.SMS, Channel.LETTER],
                note="mother of Rafi (Cedar); Bengali, interpreter and help with reading")
    abdul = c(urn, ahmed_home, "Mr", "Abdul", "Ahmed", "bn", channels=[Channel.EMAIL])
    pupils.append(builder.pupil(
        urn, classes["Cedar"], "Rafi", "Ahmed", rng,
        [LinkSpec(nasreen, Rel.PARENT_MOTHER, pr=True, lives_with=True, priority=1),
         LinkSpec(abdul, Rel.PARENT_FATHER, pr=True, lives_with=True, priority=2)],
        has_ehcp=True, areas=[AreaOfNeed.ASD, AreaOfNeed.SEMH],
        communication=[CommunicationMethod.PECS],
        communication_notes="Exchanges pictures to ask; finds the dining hall loud.",
        photo_consent=PhotoConsent.NONE, home_language="bn"))

    # A father restricted by a court order: he is sent nothing and sees nothing.
    turner_home = house(90, "Park View", "N17 0BX")
    dean_home = HouseholdSpec(urn, "18 Ferry Lane", "Tottenham", "N17 9NE")
    kerry = c(urn, turner_home, "Ms", "Kerry", "Turner", "en",
              channels=[Channel.APP, Channel.SMS], note="mother of Ellie (Rowan)")
    dean = c(urn, dean_home, "Mr", "Dean", "Turner", "en", channels=[Channel.EMAIL],
             note="Ellie's father, restricted by a court order: gets no sign-in and no "
                  "messages")
    pupils.append(builder.pupil(
        urn, classes["Rowan"], "Ellie", "Turner", rng,
        [LinkSpec(kerry, Rel.PARENT_MOTHER, pr=True, lives_with=True, priority=1),
         LinkSpec(dean, Rel.PARENT_FATHER, pr=True, lives_with=False, priority=2,
                  restricted=True,
                  restriction_note="Prohibited steps order, family court, 14 March 2026: no "
                                   "information about Ellie to be shared with Mr Turner and "
                                   "he may not collect her. Copy of the order held by the "
                                   "office; speak to the designated safeguarding lead.")],
        has_ehcp=True, areas=[AreaOfNeed.SLD, AreaOfNeed.VI],
        communication=[CommunicationMethod.MAKATON, CommunicationMethod.SYMBOLS],
        communication_notes="Uses large, high-contrast symbols.",
        photo_consent=PhotoConsent.NONE, home_language="en"))

    # A looked-after child: a foster carer and a social worker hear from school; the local
    # authority holds parental responsibility.
    foster_home = house(3, "Linden Grove", "N22 8LE")
    janet = c(urn, foster_home, "Mrs", "Janet", "Clarke", "en",
              channels=[Channel.APP, Channel.EMAIL],
              note="foster carer of Kai (Birch); hears from school without parental "
                   "responsibility")
    paul = c(urn, None, "Mr", "Paul", "Reeves", "en", channels=[Channel.EMAIL])
    pupils.append(builder.pupil(
        urn, classes["Birch"], "Kai", "Morgan", rng,
        [LinkSpec(janet, Rel.FOSTER_MOTHER, pr=False, lives_with=True, priority=1,
                  receives=True),
         LinkSpec(paul, Rel.SOCIAL_WORKER, pr=False, lives_with=False, priority=2,
                  receives=True)],
        has_ehcp=True, areas=[AreaOfNeed.ASD, AreaOfNeed.SLD],
        communication=[CommunicationMethod.SPEECH],
        communication_notes="Likes to know who will meet him off the bus.",
        photo_consent=PhotoConsent.SCHOOL, home_language="en"))
    return pupils


def build_plan(*, pupils: int = 0, schools: int = 2) -> Plan:
    """The demo trust; ``pupils`` and ``schools`` grow it with generated data."""
    plan = Plan(schools=[MAPLEDOWN, OAKLEIGH])
    for i in range(max(0, schools - 2)):
        name = (f"{EXTRA_SCHOOL_NAMES[i]} School" if i < len(EXTRA_SCHOOL_NAMES)
                else f"Demo School {i + 3}")
        plan.schools.append(SchoolSpec(
            urn=f"{100003 + i}", name=name, la_code=EXTRA_LA_CODES[i % len(EXTRA_LA_CODES)],
            estab=f"{7003 + i}", domain=f"{ascii_slug(name.replace(' ', '-'))}.example"))
    builder = _Builder(plan)

    for school, class_rows, staff_rows in [(MAPLEDOWN, MAPLEDOWN_CLASSES, MAPLEDOWN_STAFF),
                                           (OAKLEIGH, OAKLEIGH_CLASSES, OAKLEIGH_STAFF)]:
        for name, year, _size in class_rows:
            plan.classes.append(ClassSpec(school.urn, name, year))
        for full_name, role, title, class_links in staff_rows:
            plan.staff.append(StaffSpec(email=_staff_email(full_name, school.domain),
                                        full_name=full_name, school_urn=school.urn,
                                        roles=[(role, title)], classes=list(class_links)))
    plan.staff.append(StaffSpec(email=TRUST_ADMIN[1], full_name=TRUST_ADMIN[0],
                                school_urn=None, roles=[], trust_admin=True))

    classes = {spec.name: spec for spec in plan.classes}
    named = _named_families(builder, classes)
    rng = random.Random("bridgebook-demo")
    house_number = 100
    for school, class_rows in [(MAPLEDOWN, MAPLEDOWN_CLASSES), (OAKLEIGH, OAKLEIGH_CLASSES)]:
        for name, _year, size in class_rows:
            already = sum(1 for p in named if p.class_name == name)
            for _ in range(size - already):
                house_number += 1
                _generated_family(builder, rng, school.urn, classes[name], house_number)

    for school in plan.schools[2:]:
        staff_rng = random.Random(f"staff-{school.urn}")
        for role, title in [(Role.PRINCIPAL, "Headteacher"), (Role.OFFICE, "Office manager"),
                            (Role.SENCO, "SENCO")]:
            full_name = _staff_name(staff_rng)
            plan.staff.append(StaffSpec(email=_staff_email(full_name, school.domain),
                                        full_name=full_name, school_urn=school.urn,
                                        roles=[(role, title)]))

    extra = pupils - len(plan.pupils)
    if extra > 0:
        _bench_families(plan, extra)
    return plan


def _staff_email(full_name: str, domain: str) -> str:
    local = ".".join(ascii_slug(part) for part in full_name.split())
    return f"{local}@{domain}"


def _staff_name(rng: random.Random) -> str:
    women, men, surnames = NAMES[rng.choice(["en", "en", "pl", "ur", "pa", "pt", "so"])]
    return f"{rng.choice(women + men)} {rng.choice(surnames)}"


def _bench_families(plan: Plan, count: int) -> None:
    """Generated pupils for benchmarks: classes of eight dealt round the trust's schools.

    Pupil ``k`` always gets the same school, class, family and identifiers, whatever
    ``count`` is, so a bigger run only adds to a smaller one.
    """
    rng = random.Random("bridgebook-bench")
    schools = plan.schools
    bench_classes: dict[int, ClassSpec] = {}
    for k in range(count):
        j = k // BENCH_CLASS_SIZE
        school = schools[j % len(schools)]
        if j not in bench_classes:
            spec = ClassSpec(school.urn, f"Group {j // len(schools) + 1}", 1 + j % 13)
            bench_classes[j] = spec
            plan.classes.append(spec)
            teacher_rng = random.Random(f"bench-teacher-{j}")
            full_name = _staff_name(teacher_rng)
            plan.staff.append(StaffSpec(
                email=f"teacher.{ascii_slug(spec.name.replace(' ', '-'))}@{school.domain}",
                full_name=full_name, school_urn=school.urn,
                roles=[(Role.CLASS_TEACHER, f"Class teacher, {spec.name}")],
                classes=[(spec.name, True)]))
        class_spec = bench_classes[j]

        language = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
        women, men, surnames = NAMES[language]
        last = rng.choice(surnames)
        child = rng.choice(women if rng.random() < 0.35 else men)
        number = k + 1
        street = STREETS[k % len(STREETS)]
        postcode = f"{POSTCODE_AREAS[k % len(POSTCODE_AREAS)]} {k % 9 + 1}" \
                   f"{POSTCODE_LETTERS[k % 20]}{POSTCODE_LETTERS[(k // 20) % 20]}"
        home = HouseholdSpec(school.urn, f"{number} {street}, Bench", TOWN, postcode)
        separated = k % 10 == 9
        away = (HouseholdSpec(school.urn, f"Flat {number}, {STREETS[(k + 7) % len(STREETS)]}",
                              TOWN, postcode) if separated else home)
        literacy = rng.random() < 0.1
        interpreter = language != "en" and rng.random() < 0.3
        people = [("Mrs", rng.choice(women), Rel.PARENT_MOTHER, home, True, interpreter,
                   literacy),
                  ("Mr", rng.choice(men), Rel.PARENT_FATHER, away, not separated, False,
                   False)]
        links = []
        for i, (title, first, rel, household, lives, needs_interpreter, needs_reading) in \
                enumerate(people):
            g = 2 * k + i
            number_left = BENCH_MOBILE_START + g < 1000
            contact = ContactSpec(
                school_urn=school.urn, mis_id=f"DEMO-B{number:05d}-{i + 1}",
                household=household, title=title, first=first, last=last,
                email=f"{ascii_slug(first)}.{ascii_slug(last)}.{number}@{FAMILY_DOMAIN}",
                mobile=f"{MOBILE_PREFIX}{BENCH_MOBILE_START + g:03d}" if number_left else "",
                language=language, interpreter=needs_interpreter, literacy=needs_reading,
                channels=[Channel.APP, Channel.EMAIL] if not needs_reading else [Channel.SMS])
            links.append(LinkSpec(contact, rel, pr=True, lives_with=lives, priority=i + 1))
        areas, communication = _needs(rng)
        year = 50 + number // 1000
        plan.pupils.append(PupilSpec(
            school_urn=school.urn, upn=upn_for(school.la_code, school.estab, year, number),
            mis_id=f"DEMO-B{number:05d}", class_name=class_spec.name, first=child, last=last,
            dob=date_of_birth(rng, class_spec.year), admitted=datetime.date(2024, 9, 3),
            has_ehcp=rng.random() < 0.95, areas=areas, communication=communication,
            communication_notes="", home_language=language,
            photo_consent=rng.choices(list(PHOTO_WEIGHTS),
                                      weights=list(PHOTO_WEIGHTS.values()))[0],
            links=links))


# Writing the plan ------------------------------------------------------------------------------

def seed_people(*, pupils: int = 0, schools: int = 2, **_options) -> dict[str, int]:
    """Create whatever of the demo trust's schools, staff, pupils and families is missing
    (the people app's demo seeder); return how many of each were created."""
    created = _apply(build_plan(pupils=pupils, schools=schools))
    created["residential groups"] = _residential_groups()
    return created


def _residential_groups() -> int:
    """Mapledown's boarding house, its care staff and pupils (a handful of rows): whatever
    is missing. A pupil already placed in a group (by someone using the demo) stays."""
    school = School.objects.filter(urn=MAPLEDOWN.urn).first()
    if school is None:
        return 0
    made = 0
    for name, staff_names, pupil_names in RESIDENTIAL_GROUPS:
        group, was_created = ResidentialGroup.objects.get_or_create(school=school, name=name)
        made += was_created
        emails = [_staff_email(full_name, MAPLEDOWN.domain) for full_name in staff_names]
        ResidentialStaff.objects.bulk_create(
            [ResidentialStaff(group=group, user=user)
             for user in User.objects.filter(email__in=emails)], ignore_conflicts=True)
        for first, last in pupil_names:
            Pupil.objects.filter(school=school, legal_first_name=first, legal_last_name=last,
                                 residential_group__isnull=True).update(residential_group=group)
    return made


def _batched(items: list) -> Iterable[list]:
    for start in range(0, len(items), BATCH):
        yield items[start:start + BATCH]


def _apply(plan: Plan) -> dict[str, int]:
    created = dict.fromkeys(["schools", "classes", "staff", "households", "contacts",
                             "pupils", "links"], 0)
    trust, _ = Trust.objects.get_or_create(name=TRUST_NAME)

    # Schools, with their year, terms and lessons (a handful of rows: get_or_create is fine).
    schools: dict[str, School] = {}
    for spec in plan.schools:
        school, was_created = School.objects.get_or_create(urn=spec.urn, defaults={
            "trust": trust, "name": spec.name, "la_code": spec.la_code, "estab": spec.estab,
            "timezone": "Europe/London"})
        schools[spec.urn] = school
        created["schools"] += was_created
        year, year_created = AcademicYear.objects.get_or_create(
            school=school, name=ACADEMIC_YEAR,
            defaults={"starts_on": datetime.date(2026, 9, 1),
                      "ends_on": datetime.date(2027, 7, 31)})
        if year_created:
            Term.objects.bulk_create(Term(academic_year=year, name=name, starts_on=start,
                                          ends_on=end) for name, start, end in TERMS)
        if not LessonPeriod.objects.filter(school=school).exists():
            LessonPeriod.objects.bulk_create(
                LessonPeriod(school=school, weekday=day, name=name, starts_at=start,
                             ends_at=end)
                for day in Weekday.values for name, start, end in LESSONS
                # Friday finishes after lesson 4.
                if not (day == Weekday.FRIDAY and name == "Lesson 5"))
    school_ids = [school.pk for school in schools.values()]

    # Classes.
    def class_map() -> dict[tuple[int, str], int]:
        return {(sid, name): pk for pk, sid, name in SchoolClass.objects.filter(
            school_id__in=school_ids).values_list("pk", "school_id", "name")}

    known = class_map()
    missing = [SchoolClass(school=schools[c.school_urn], name=c.name, year_group=c.year_group)
               for c in plan.classes if (schools[c.school_urn].pk, c.name) not in known]
    SchoolClass.objects.bulk_create(missing, batch_size=BATCH)
    created["classes"] = len(missing)
    classes = class_map() if missing else known

    # Staff: one password hash for all (hashing is deliberately slow), and a confirmed
    # authenticator each so the demo's second-factor page can show the current code.
    emails = [s.email for s in plan.staff]
    users = _users_by_email(emails)
    new_staff = [s for s in plan.staff if s.email not in users]
    if new_staff:
        password = make_password(DEMO_PASSWORD)
        User.objects.bulk_create([User(email=s.email, full_name=s.full_name, password=password)
                                  for s in new_staff], batch_size=BATCH)
        users = _users_by_email(emails)
        created["staff"] = len(new_staff)
    with_device = set(TOTPDevice.objects.filter(
        user_id__in=users.values(), confirmed=True).values_list("user_id", flat=True))
    TOTPDevice.objects.bulk_create(
        [TOTPDevice(user_id=users[s.email], name=DEVICE_NAME, confirmed=True)
         for s in plan.staff if users[s.email] not in with_device], batch_size=BATCH)
    StaffRole.objects.bulk_create(
        [StaffRole(user_id=users[s.email], school=schools[s.school_urn], role=role,
                   job_title=title) for s in plan.staff for role, title in s.roles],
        batch_size=BATCH, ignore_conflicts=True)
    ClassStaff.objects.bulk_create(
        [ClassStaff(school_class_id=classes[(schools[s.school_urn].pk, name)],
                    user_id=users[s.email], is_class_teacher=teacher)
         for s in plan.staff for name, teacher in s.classes],
        batch_size=BATCH, ignore_conflicts=True)
    TrustAdministrator.objects.bulk_create(
        [TrustAdministrator(user_id=users[s.email], trust=trust)
         for s in plan.staff if s.trust_admin], ignore_conflicts=True)

    # Pupils not there yet, and their families. A pupil that exists keeps its family.
    existing_upns = set(Pupil.objects.filter(school_id__in=school_ids)
                        .values_list("school_id", "upn"))
    new_pupils = [p for p in plan.pupils
                  if (schools[p.school_urn].pk, p.upn) not in existing_upns]
    if not new_pupils:
        return created

    households_wanted: dict[tuple[str, str, str], HouseholdSpec] = {}
    contacts_wanted: dict[tuple[str, str], ContactSpec] = {}
    for pupil in new_pupils:
        for link in pupil.links:
            contact = link.contact
            contacts_wanted[(contact.school_urn, contact.mis_id)] = contact
            if contact.household is not None:
                household = contact.household
                households_wanted[(household.school_urn, household.line1,
                                   household.postcode)] = household

    def household_map() -> dict[tuple[int, str, str], int]:
        return {(sid, line1, postcode): pk for pk, sid, line1, postcode in
                Household.objects.filter(school_id__in=school_ids).values_list(
                    "pk", "school_id", "address_line_1", "postcode")}

    homes = household_map()
    missing_homes = [
        Household(school=schools[h.school_urn], address_line_1=h.line1, town=h.town,
                  postcode=h.postcode, home_phone=h.home_phone)
        for key, h in households_wanted.items()
        if (schools[h.school_urn].pk, key[1], key[2]) not in homes]
    Household.objects.bulk_create(missing_homes, batch_size=BATCH)
    created["households"] = len(missing_homes)
    if missing_homes:
        homes = household_map()

    def contact_map() -> dict[tuple[int, str], int]:
        return {(sid, mis_id): pk for pk, sid, mis_id in Contact.objects.filter(
            school_id__in=school_ids).exclude(mis_id="").values_list("pk", "school_id",
                                                                    "mis_id")}

    contacts = contact_map()
    missing_contacts = []
    for c in contacts_wanted.values():
        school = schools[c.school_urn]
        if (school.pk, c.mis_id) in contacts:
            continue
        home_id = (homes[(school.pk, c.household.line1, c.household.postcode)]
                   if c.household is not None else None)
        missing_contacts.append(Contact(
            school=school, household_id=home_id, mis_id=c.mis_id, title=c.title,
            first_name=c.first, last_name=c.last, email=c.email, mobile=c.mobile,
            language=c.language, interpreter_needed=c.interpreter,
            literacy_support=c.literacy, preferred_channels=[str(ch) for ch in c.channels]))
    Contact.objects.bulk_create(missing_contacts, batch_size=BATCH)
    created["contacts"] = len(missing_contacts)
    if missing_contacts:
        contacts = contact_map()

    Pupil.objects.bulk_create([
        Pupil(school=schools[p.school_urn],
              school_class_id=classes[(schools[p.school_urn].pk, p.class_name)],
              legal_first_name=p.first, legal_last_name=p.last,
              preferred_first_name=p.preferred_first, date_of_birth=p.dob, upn=p.upn,
              mis_id=p.mis_id, admission_date=p.admitted, has_ehcp=p.has_ehcp,
              areas_of_need=[str(a) for a in p.areas],
              communication=[str(m) for m in p.communication],
              communication_notes=p.communication_notes, photo_consent=str(p.photo_consent),
              home_language=p.home_language)
        for p in new_pupils], batch_size=BATCH)
    created["pupils"] = len(new_pupils)
    pupil_ids = {(sid, upn): pk for pk, sid, upn in Pupil.objects.filter(
        school_id__in=school_ids).values_list("pk", "school_id", "upn")}

    links = [
        PupilContact(
            pupil_id=pupil_ids[(schools[p.school_urn].pk, p.upn)],
            contact_id=contacts[(schools[link.contact.school_urn].pk, link.contact.mis_id)],
            relationship=str(link.relationship), parental_responsibility=link.pr,
            lives_with_pupil=link.lives_with, priority=link.priority,
            receives_information=link.receives, is_restricted=link.restricted,
            restriction_note=link.restriction_note)
        for p in new_pupils for link in p.links]
    PupilContact.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    created["links"] = len(links)
    return created


def _users_by_email(emails: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _batched(emails):
        found.update(User.objects.filter(email__in=chunk).values_list("email", "pk"))
    return found


# What to tell people ------------------------------------------------------------------------

def sign_in_summary(base_url: str) -> str:
    """The demo sign-ins, as `make demo` and `seed_demo` print them."""
    plan = build_plan()
    base = base_url.rstrip("/")
    lines = [
        "Demo sign-ins",
        "=============",
        f"Bridgebook is at {base}/",
        "",
        f"Staff: sign in at {base}/accounts/sign-in/ with an email below and the password",
        f'"{DEMO_PASSWORD}". In demo mode the second-factor page shows the current code.',
        "",
    ]
    for school in plan.schools:
        lines.append(f"  {school.name}")
        for spec in plan.staff:
            if spec.school_urn == school.urn:
                role = Role(spec.roles[0][0]).label
                where = ", ".join(name for name, _teacher in spec.classes)
                what = f"{role} ({where})" if where else role
                lines.append(f"    {spec.email:<34} {spec.full_name:<15} {what}")
    lines.append(f"  {TRUST_NAME}")
    for spec in plan.staff:
        if spec.trust_admin:
            lines.append(f"    {spec.email:<34} {spec.full_name:<15} Trust administrator")
    lines += [
        "",
        f"Families: sign in at {base}/accounts/family/ with an email or mobile number below.",
        f"Nothing is really sent: the sign-in link and code appear at {base}/messages/outbox/.",
        "",
    ]
    seen = set()
    for pupil in plan.pupils:
        for link in pupil.links:
            contact = link.contact
            if contact.note and contact.mis_id not in seen:
                seen.add(contact.mis_id)
                address = contact.email or contact.mobile
                lines.append(f"  {address:<32} {contact.first} {contact.last}: {contact.note}")
    return "\n".join(lines) + "\n"
