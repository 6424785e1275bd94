"""Who gets what from every route: the table the URLconf's authorization test reads.

For each route (``"namespace:name"``) the table holds one or more cases: how to build the
URL's arguments from the shared ``World`` (bridgebook/conftest.py) and the records made
here, the method to use (GET for pages; POST with empty data for what only takes a POST),
and what each persona of ``PERSONAS`` gets. The cases use records the persona may see and
records they may not: Amira (Class A, whose parents live apart and whose stepfather is under
a court order), Ben (Class B, with a foster carer) and Olly (at Oakleigh, the trust's other
school).

What the product promises, and so what the table says whatever the code does:
- not allowed to see a thing → 404, so its existence never leaks; allowed to see but not to
  change it → 403; anonymous visitors are sent to sign in;
- a restricted contact learns nothing about the pupil by any path;
- separated parents' conversations and writing are their own household's.
A persona for whom the code does otherwise is listed in the case's ``findings`` with why:
the route test leaves them out and ``test_route_access.py::test_known_finding`` expects
them to fail (``xfail(strict=True)``) until the code is fixed.

Outcomes: an HTTP status (200, 403, 404, 405...), ``OK`` (a page, or a redirect that is not
to sign in: a form's redisplay or its "done" redirect) or ``LOGIN`` (a redirect to sign in).
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from bridgebook.announcements.models import Announcement, Attachment, HeldLanguage, LetterBatch
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import EVERY_PERSONA as PERSONAS
from bridgebook.conftest import World
from bridgebook.core.models import LessonPeriod
from bridgebook.diary.models import Acknowledgement, BookExport, Entry
from bridgebook.diary.tests.factories import (
    BookEventFactory,
    EntryFactory,
    IncidentFactory,
    ReplyFactory,
    make_photo,
)
from bridgebook.imports import uploads
from bridgebook.imports.models import ImportRun
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import Conversation, Message
from bridgebook.people.codes import PhotoConsent
from bridgebook.people.models import Pupil, PupilContact
from bridgebook.translation.models import GlossaryTerm, ReviewRequest

OK = "ok"
LOGIN = "login"
Outcome = int | str

IMPORT_FILE = Path(__file__).resolve().parents[2] / "imports" / "tests" / "fixtures" / "pupils.csv"
A_PAST_DAY = "2026-01-05"  # a Monday before any "today" the tests run on

# Who is who --------------------------------------------------------------------------------
# Mapledown's staff, and the trust administrator (who sees both of the trust's schools).
CLASS_STAFF_A = frozenset({"class_teacher"})
CLASS_STAFF_B = frozenset({"other_teacher"})
# The care worker of Amira's residential group (Ben is in none): sees Amira, no class.
RESIDENTIAL_A = frozenset({"residential"})
WHOLE_SCHOOL = frozenset({"principal", "office", "senco", "therapist", "senior_leader",
                          "trust_admin"})
# Rita, in Mapledown's office and Amira's aunt under a court order: the office's pages and
# powers, but nothing of Amira or her family (404 there, and never her name or theirs).
RESTRICTED_STAFF = frozenset({"restricted_staff"})
STAFF_HERE = CLASS_STAFF_A | CLASS_STAFF_B | RESIDENTIAL_A | WHOLE_SCHOOL | RESTRICTED_STAFF
PEOPLE_MANAGERS = frozenset({"principal", "office", "senco", "trust_admin"}) | RESTRICTED_STAFF
STAFF_MANAGERS = frozenset({"principal", "office", "trust_admin"}) | RESTRICTED_STAFF
AUDITORS = frozenset({"principal", "trust_admin"})
# Not a member of staff a court order keeps from a pupil: an import shows the whole school.
IMPORTERS = STAFF_MANAGERS - RESTRICTED_STAFF
COMPOSERS = PEOPLE_MANAGERS          # write, send and report announcements
LETTER_PRINTERS = STAFF_MANAGERS
GLOSSARY_EDITORS = PEOPLE_MANAGERS   # with the EAL teacher, who is not a persona
REVIEWERS = AUDITORS                 # with the EAL teacher
OAKLEIGH = frozenset({"other_school_staff", "trust_admin"})
ALL_STAFF = STAFF_HERE | {"other_school_staff"}
# Families: Amira's (the restricted stepfather is one of them only on paper) and Ben's.
AMIRA_FAMILY = frozenset({"parent", "separated_parent"})
FAMILIES = AMIRA_FAMILY | {"restricted_parent", "foster_carer"}
# Who may see each child (Rita sees every child but Amira, and the classes).
SEE_AMIRA_STAFF = CLASS_STAFF_A | RESIDENTIAL_A | WHOLE_SCHOOL
SEE_AMIRA = SEE_AMIRA_STAFF | AMIRA_FAMILY
SEE_BEN_STAFF = CLASS_STAFF_B | WHOLE_SCHOOL | RESTRICTED_STAFF
SEE_BEN = SEE_BEN_STAFF | {"foster_carer"}
SEE_CLASS_A = CLASS_STAFF_A | WHOLE_SCHOOL | RESTRICTED_STAFF
SEE_CLASS_B = SEE_BEN_STAFF
# Who manages Amira's records (people managers who see her) and her book (with her class
# teacher).
AMIRA_MANAGERS = PEOPLE_MANAGERS & SEE_AMIRA_STAFF
AMIRA_BOOK_MANAGERS = AMIRA_MANAGERS | CLASS_STAFF_A
SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}


# What a persona must never read on any page they are given (a 2xx answer), whatever the
# route: a restricted contact learns nothing of the child, their family or their school;
# the others nothing of a child who is not theirs.
MUST_NOT_READ: dict[str, Callable[[World], list[str]]] = {
    "restricted_parent": lambda w: [w.pupil.legal_first_name, w.parent_contact.first_name,
                                    w.separated_contact.first_name, w.school.name,
                                    w.class_a.name],
    "outsider": lambda w: [w.pupil.legal_first_name, w.pupil_b.legal_first_name,
                           w.school.name, w.other_school.name],
    "foster_carer": lambda w: [w.pupil.legal_first_name, w.parent_contact.first_name],
    "other_school_staff": lambda w: [w.pupil.legal_first_name, w.pupil_b.legal_first_name],
    # A court order wins over her office role: lists of the school's pupils, reports and
    # logs leave Amira and her family out.
    "restricted_staff": lambda w: [w.pupil.legal_first_name, w.parent_contact.first_name,
                                   w.separated_contact.first_name],
}


def expect(ok: frozenset | set = frozenset(), see: frozenset | set = frozenset(), *,
           code: Outcome = 200) -> dict[str, Outcome]:
    """``code`` for the personas in ``ok``, 403 for those in ``see`` (they may see the thing
    but not change it), 404 for everyone else (they may not know it exists), and the
    anonymous are sent to sign in."""
    table: dict[str, Outcome] = {}
    for name in PERSONAS:
        if name == "anonymous":
            table[name] = LOGIN
        elif name in ok:
            table[name] = code
        elif name in see:
            table[name] = 403
        else:
            table[name] = 404
    return table


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(PERSONAS, outcome)


# The records the cases need, made when first asked for --------------------------------------

class Records:
    """Records about the world's pupils, made with the apps' factories (or the models, where
    an app has none) the first time a case asks for one."""

    def __init__(self, world: World):
        self.w = world
        self._made: dict[str, object] = {}

    def make(self, key: str, build: Callable[[World], object]):
        """A record an app's own rules need (its tests/routes.py), built from the world the
        first time ``key`` is asked for and the same record after that."""
        if key not in self._made:
            self._made[key] = build(self.w)
        return self._made[key]

    # The book ----------------------------------------------------------------------------
    @cached_property
    def school_entry(self) -> Entry:
        return EntryFactory(pupil=self.w.pupil, author=self.w.class_teacher)

    @cached_property
    def draft_entry(self) -> Entry:
        return EntryFactory(pupil=self.w.pupil, author=self.w.class_teacher,
                            status=Entry.Status.DRAFT, published_at=None,
                            note="Draft: a bumped head, to check with the nurse")

    @cached_property
    def removed_entry(self) -> Entry:
        return EntryFactory(pupil=self.w.pupil, author=self.w.class_teacher,
                            deleted_at=timezone.now(), deleted_by=self.w.class_teacher)

    @cached_property
    def home_entry(self) -> Entry:
        """Layla's home entry, for her household only (not shared with Omar's)."""
        return EntryFactory(pupil=self.w.pupil, author=self.w.parent,
                            origin=Entry.Origin.HOME, household=self.w.parent_contact.household,
                            note="", home_news="We went to the park.")

    @cached_property
    def layla_reply(self):
        """Layla's reply on the school entry: her household's, not shared with Omar's."""
        return ReplyFactory(entry=self.school_entry, author=self.w.parent, from_family=True,
                            household=self.w.parent_contact.household,
                            text="Thank you, she slept well after it")

    @cached_property
    def ben_entry(self) -> Entry:
        return EntryFactory(pupil=self.w.pupil_b, author=self.w.other_teacher)

    @cached_property
    def incident(self):
        return IncidentFactory(entry=self.school_entry)

    @cached_property
    def layla_acknowledgement(self) -> Acknowledgement:
        """Layla read about the incident, and told school something with it."""
        return Acknowledgement.objects.create(incident=self.incident,
                                              contact=self.w.parent_contact,
                                              note="Her knee is sore tonight")

    @cached_property
    def amira_consents(self) -> Pupil:
        Pupil.objects.filter(pk=self.w.pupil.pk).update(photo_consent=PhotoConsent.BOOK)
        return self.w.pupil

    @cached_property
    def photo(self):
        entry = self.school_entry
        return make_photo(school=self.w.school, date=entry.date, entry=entry,
                          pupils=[self.amira_consents])

    @cached_property
    def draft_photo(self):
        entry = self.draft_entry
        return make_photo(school=self.w.school, date=entry.date, entry=entry,
                          pupils=[self.amira_consents])

    @cached_property
    def removed_photo(self):
        entry = self.removed_entry
        return make_photo(school=self.w.school, date=entry.date, entry=entry,
                          pupils=[self.amira_consents])

    @cached_property
    def home_photo(self):
        entry = self.home_entry
        return make_photo(school=self.w.school, date=entry.date, entry=entry,
                          pupils=[self.amira_consents])

    def class_event(self, *, published: bool = True, school_class=None):
        return BookEventFactory(
            school=self.w.school, school_class=school_class or self.w.class_a,
            author=self.w.class_teacher,
            published_at=timezone.now() if published else None)

    @cached_property
    def whole_school_event(self):
        return BookEventFactory(school=self.w.school, school_class=None,
                                author=self.w.principal)

    @cached_property
    def oakleigh_event(self):
        return BookEventFactory(school=self.w.other_school, school_class=None,
                                author=self.w.other_school_staff)

    @cached_property
    def export(self) -> BookExport:
        """The PDF of Amira's book the class teacher asked for (waiting to be made)."""
        export, _created = BookExport.objects.get_or_create(
            requested_by=self.w.class_teacher, pupil=self.w.pupil,
            date_from=datetime.date(2026, 1, 1), date_to=datetime.date(2026, 1, 31),
            include_replies=False, language="en-gb")
        return export

    # People ------------------------------------------------------------------------------
    def link(self, pupil, contact) -> PupilContact:
        return PupilContact.objects.get(pupil=pupil, contact=contact)

    # The school --------------------------------------------------------------------------
    def lesson(self, school=None) -> LessonPeriod:
        return LessonPeriod.objects.create(
            school=school or self.w.school, weekday=0, name="Maths",
            starts_at=datetime.time(9, 0), ends_at=datetime.time(10, 0))

    def import_run(self, school=None) -> ImportRun:
        return ImportRun.objects.create(school=school or self.w.school, kind=ImportRun.Kind.CSV,
                                        status=ImportRun.Status.COMMITTED,
                                        uploaded_by=self.w.office, filename="pupils.csv")

    @cached_property
    def pending_upload(self) -> uploads.PendingUpload:
        """A CSV the principal uploaded: its token is in the principal's session only."""
        token = secrets.token_urlsafe(16)
        path = default_storage.save(f"imports/{self.w.school.pk}/{token}.upload",
                                    ContentFile(IMPORT_FILE.read_bytes()))
        return uploads.PendingUpload(token=token, school_id=self.w.school.pk, kind="pupils",
                                     filename="pupils.csv", path=path)

    def principal_holds_upload(self, persona: str) -> dict:
        if persona != "principal":
            return {}
        pending = self.pending_upload
        return {uploads.SESSION_KEY: {pending.token: asdict(pending)}}

    # Announcements and messages ----------------------------------------------------------
    def draft_announcement(self, school=None, **fields) -> Announcement:
        school = school or self.w.school
        return AnnouncementFactory(school=school, author=self.w.office, **fields)

    @cached_property
    def sent_announcement(self) -> Announcement:
        """Sent to Layla about Amira, and to Rex before the court order (so withheld)."""
        announcement = self.draft_announcement(status=Announcement.Status.SENT,
                                               sent_at=timezone.now(), sent_by=self.w.office)
        create_messages(school=self.w.school, kind="announcement",
                        source_id=announcement.pk, drafts=[
                            Draft(contact=self.w.parent_contact, subject="Sports day",
                                  body="On Friday", pupils=[self.w.pupil]),
                            Draft(contact=self.w.restricted_contact, subject="Sports day",
                                  body="On Friday", pupils=[self.w.pupil])])
        return announcement

    def message_to(self, contact) -> Message:
        announcement = self.sent_announcement
        return Message.objects.get(kind="announcement", contact=contact,
                                   source_id=announcement.pk)

    @cached_property
    def separated_message(self) -> Message:
        create_messages(school=self.w.school, kind="other", drafts=[
            Draft(contact=self.w.separated_contact, subject="Meeting slot",
                  body="Your slot is at 5pm", pupils=[self.w.pupil])])
        return Message.objects.get(kind="other", contact=self.w.separated_contact)

    @cached_property
    def attachment(self) -> Attachment:
        item = Attachment(announcement=self.sent_announcement, name="letter.pdf",
                          content_type="application/pdf", size=8, uploaded_by=self.w.office)
        item.file.save("letter.pdf", ContentFile(b"%PDF-1.4"), save=False)
        item.save()
        return item

    def held_language(self) -> HeldLanguage:
        """A sent announcement whose Polish readers wait for the translation check."""
        announcement = self.draft_announcement(status=Announcement.Status.SENT,
                                               sent_at=timezone.now(), sent_by=self.w.office,
                                               wait_for_check=True)
        return HeldLanguage.objects.create(announcement=announcement, language="pl")

    @cached_property
    def letter_batch(self) -> LetterBatch:
        batch = LetterBatch(school=self.w.school, created_by=self.w.office,
                            claim_token=secrets.token_hex(16), letters=1, households=1)
        batch.pdf.save("letters.pdf", ContentFile(b"%PDF-1.4"), save=False)
        batch.save()
        return batch

    def conversation(self, pupil, contacts, *, author, subject) -> Conversation:
        conversation = Conversation.objects.create(school=pupil.school, pupil=pupil,
                                                   subject=subject, created_by=author)
        conversation.contacts.set(contacts)
        return conversation

    @cached_property
    def layla_conversation(self) -> Conversation:
        """The class teacher's conversation with Layla's household about Amira."""
        return self.conversation(self.w.pupil, [self.w.parent_contact],
                                 author=self.w.class_teacher, subject="Swimming kit")

    @cached_property
    def before_the_order(self) -> Conversation:
        """With Omar's household when Rex, who lives there, was not yet restricted."""
        return self.conversation(self.w.pupil, [self.w.separated_contact,
                                                self.w.restricted_contact],
                                 author=self.w.class_teacher, subject="School trip")

    @cached_property
    def omar_conversation(self) -> Conversation:
        """Omar's own conversation about Amira (his household only)."""
        return self.conversation(self.w.pupil, [self.w.separated_contact],
                                 author=self.w.separated_parent, subject="Pick-up on Friday")

    @cached_property
    def ben_conversation(self) -> Conversation:
        return self.conversation(self.w.pupil_b, [self.w.foster_contact],
                                 author=self.w.foster_carer, subject="Review meeting")

    # Translation -------------------------------------------------------------------------
    def glossary_term(self, school=None) -> GlossaryTerm:
        term, _created = GlossaryTerm.objects.get_or_create(
            school=school or self.w.school, term="Makaton",
            defaults={"explanation": "Signs and symbols used with speech."})
        return term

    def review(self, school=None) -> ReviewRequest:
        school = school or self.w.school
        review, _created = ReviewRequest.objects.get_or_create(
            school=school, language="ar", ref=f"route-rules:{school.urn}",
            defaults={"source_text": "Sports day", "source_language": "en"})
        return review


# The table -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One request, made by every persona: ``args`` builds the URL's arguments."""

    label: str
    args: Callable[[Records], Sequence]
    expect: Mapping[str, Outcome]
    method: str = "GET"
    # Personas the code answers wrongly, with why (see the module docstring).
    findings: Mapping[str, str] = field(default_factory=dict)
    # Settings the case needs (override_settings).
    settings: Mapping[str, object] = field(default_factory=dict)
    # What to put in a persona's session before the request: (records, persona) -> dict.
    session: Callable[[Records, str], dict] | None = None
    # What a persona must not read in the answer, though they may have the page (another
    # household's writing): persona -> (records -> words). Made before the request.
    hidden: Mapping[str, Callable[[Records], list[str]]] = field(default_factory=dict)


def get(label, args, expected, **kwargs) -> Case:
    return Case(label, args, expected, method="GET", **kwargs)


def post(label, args, expected, **kwargs) -> Case:
    return Case(label, args, expected, method="POST", **kwargs)


def school(r: Records) -> list:
    return [r.w.school.urn]


def oakleigh(r: Records) -> list:
    return [r.w.other_school.urn]


def amira(r: Records) -> list:
    return [r.w.pupil.pk]


def ben(r: Records) -> list:
    return [r.w.pupil_b.pk]


def olly(r: Records) -> list:
    return [r.w.other_school_pupil.pk]


def none(_r: Records) -> list:
    return []


def school_page(ok: frozenset, see: frozenset = STAFF_HERE) -> tuple[Case, ...]:
    """A page about a school: at Mapledown ``ok`` get it, ``see`` (by default the school's
    other staff) get 403, anyone else 404; at Oakleigh its principal and the trust
    administrator get it (every ``ok`` here includes the principal's role)."""
    return (
        get("Mapledown", school, expect(ok, see)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    )


def held_language(r: Records) -> list:
    held = r.held_language()
    return [r.w.school.urn, held.announcement_id, held.language]


RULES: dict[str, tuple[Case, ...]] = {
    # core ---------------------------------------------------------------------------------
    "core:home": (get("landing page", none, everyone(200)),),
    "core:about": (get("about", none, everyone(200)),),
    "core:language": (get("choose Welsh", lambda r: ["cy"], everyone(OK)),),
    "core:healthz": (get("health check", none, everyone(200)),),
    "core:audit": school_page(AUDITORS),
    "core:school": (
        get("Mapledown", school, expect(STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "core:school_edit": school_page(STAFF_MANAGERS),
    "core:academic_year_add": school_page(STAFF_MANAGERS),
    "core:term_add": school_page(STAFF_MANAGERS),
    "core:lesson_add": school_page(STAFF_MANAGERS),
    "core:lesson_remove": (
        post("a Mapledown lesson", lambda r: [r.w.school.urn, r.lesson().pk],
             expect(STAFF_MANAGERS, STAFF_HERE, code=OK)),
        post("Oakleigh's lesson under Mapledown's URN",
             lambda r: [r.w.school.urn, r.lesson(r.w.other_school).pk],
             expect(set(), STAFF_HERE - STAFF_MANAGERS)),
        get("GET", lambda r: [r.w.school.urn, r.lesson().pk],
            expect(SIGNED_IN, code=405)),
    ),

    # accounts -----------------------------------------------------------------------------
    "accounts:account": (get("account", none, expect(SIGNED_IN)),),
    "accounts:sign_in": (get("sign in", none, everyone(200)),),
    "accounts:sign_out": (
        get("GET", none, everyone(405)),
        post("sign out", none, everyone(OK)),
    ),
    # Staff have passed their second factor (home); anyone else is offered to set one up.
    "accounts:two_factor": (get("second factor", none, expect(SIGNED_IN, code=OK)),),
    # Families sign in with links and codes: an authenticator app is for staff.
    "accounts:two_factor_setup": (get("set up", none, expect(ALL_STAFF, code=OK)),),
    "accounts:family_sign_in": (get("family sign in", none, everyone(200)),),
    # Nobody has asked for a code in this session: back to the address form.
    "accounts:family_code": (get("no address yet", none, everyone(OK)),),
    "accounts:family_link": (
        get("the button page", lambda r: ["not-a-real-secret"], everyone(200)),
        post("an unknown link", lambda r: ["not-a-real-secret"], everyone(410)),
    ),
    "accounts:invite_contact": (
        post("Layla", lambda r: [r.w.parent_contact.pk],
             expect(AMIRA_MANAGERS, SEE_AMIRA_STAFF, code=OK)),
        # Staff see Rex's record (they must know of the order); the invitation is refused.
        post("Rex (restricted)", lambda r: [r.w.restricted_contact.pk],
             expect(AMIRA_MANAGERS, SEE_AMIRA_STAFF, code=OK)),
        post("Fiona (Ben's)", lambda r: [r.w.foster_contact.pk],
             expect(PEOPLE_MANAGERS, SEE_BEN_STAFF, code=OK)),
        get("GET", lambda r: [r.w.parent_contact.pk], expect(SIGNED_IN, code=405)),
    ),

    # people -------------------------------------------------------------------------------
    "people:pupils": (
        get("Mapledown", school, expect(STAFF_HERE), hidden={
            "class_teacher": lambda r: [r.w.pupil_b.legal_first_name],
            "other_teacher": lambda r: [r.w.pupil.legal_first_name]}),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "people:pupil_create": school_page(PEOPLE_MANAGERS),
    "people:pupil": (
        get("Amira", amira, expect(SEE_AMIRA)),
        get("Ben", ben, expect(SEE_BEN)),
        get("Olly at Oakleigh", olly, expect(OAKLEIGH)),
    ),
    "people:pupil_edit": (
        get("Amira", amira, expect(AMIRA_MANAGERS, SEE_AMIRA)),
        get("Ben", ben, expect(PEOPLE_MANAGERS, SEE_BEN)),
        get("Olly at Oakleigh", olly, expect(OAKLEIGH)),
    ),
    "people:pupil_contact_add": (
        get("Amira", amira, expect(AMIRA_MANAGERS, SEE_AMIRA)),
        get("Ben", ben, expect(PEOPLE_MANAGERS, SEE_BEN)),
    ),
    # Families never see a link between a pupil and a contact, even their own.
    "people:pupil_contact_edit": (
        get("Amira–Layla", lambda r: [r.link(r.w.pupil, r.w.parent_contact).pk],
            expect(AMIRA_MANAGERS, SEE_AMIRA_STAFF)),
        get("Amira–Rex (restricted)", lambda r: [r.link(r.w.pupil, r.w.restricted_contact).pk],
            expect(AMIRA_MANAGERS, SEE_AMIRA_STAFF)),
        get("Ben–Fiona", lambda r: [r.link(r.w.pupil_b, r.w.foster_contact).pk],
            expect(PEOPLE_MANAGERS, SEE_BEN_STAFF)),
    ),
    "people:contacts": (
        get("Mapledown", school, expect(STAFF_HERE), hidden={
            "class_teacher": lambda r: [r.w.foster_contact.first_name],
            "other_teacher": lambda r: [r.w.parent_contact.first_name]}),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "people:contact_create": school_page(PEOPLE_MANAGERS),
    # A contact's record is for staff; a family member does not read their own here.
    "people:contact": (
        get("Layla", lambda r: [r.w.parent_contact.pk], expect(SEE_AMIRA_STAFF)),
        get("Rex (restricted)", lambda r: [r.w.restricted_contact.pk], expect(SEE_AMIRA_STAFF)),
        get("Fiona", lambda r: [r.w.foster_contact.pk], expect(SEE_BEN_STAFF)),
    ),
    "people:contact_edit": (
        get("Layla", lambda r: [r.w.parent_contact.pk],
            expect(AMIRA_MANAGERS, SEE_AMIRA_STAFF)),
        get("Fiona", lambda r: [r.w.foster_contact.pk],
            expect(PEOPLE_MANAGERS, SEE_BEN_STAFF)),
    ),
    "people:classes": school_page(STAFF_HERE, see=frozenset()),
    "people:class_create": school_page(STAFF_MANAGERS),
    "people:class": (
        get("Class A", lambda r: [r.w.class_a.pk], expect(SEE_CLASS_A)),
        get("Class B", lambda r: [r.w.class_b.pk], expect(SEE_CLASS_B)),
    ),
    "people:class_edit": (
        get("Class A", lambda r: [r.w.class_a.pk], expect(STAFF_MANAGERS, SEE_CLASS_A)),
        get("Class B", lambda r: [r.w.class_b.pk], expect(STAFF_MANAGERS, SEE_CLASS_B)),
    ),
    "people:staff": school_page(STAFF_MANAGERS),
    "people:staff_create": school_page(STAFF_MANAGERS),
    "people:staff_member": (
        get("Cara at Mapledown", lambda r: [r.w.school.urn, r.w.class_teacher.pk],
            expect(STAFF_MANAGERS, STAFF_HERE)),
        get("Oscar (Oakleigh's) under Mapledown's URN",
            lambda r: [r.w.school.urn, r.w.other_school_staff.pk],
            expect(set(), STAFF_HERE - STAFF_MANAGERS)),
    ),

    # imports ------------------------------------------------------------------------------
    "imports:home": school_page(IMPORTERS),
    "imports:columns": (
        get("an unknown upload", lambda r: [r.w.school.urn, "no-such-upload"],
            expect(set(), STAFF_HERE - IMPORTERS)),
        # An upload is its uploader's: even another member of the office gets 404.
        get("the principal's upload", lambda r: [r.w.school.urn, r.pending_upload.token],
            expect({"principal"}, STAFF_HERE - IMPORTERS),
            session=Records.principal_holds_upload),
    ),
    "imports:preview": (
        get("an unknown upload", lambda r: [r.w.school.urn, "no-such-upload"],
            expect(set(), STAFF_HERE - IMPORTERS)),
        # Its columns are not chosen yet: sent to choose them.
        get("the principal's upload", lambda r: [r.w.school.urn, r.pending_upload.token],
            expect({"principal"}, STAFF_HERE - IMPORTERS, code=OK),
            session=Records.principal_holds_upload),
    ),
    "imports:commit": (
        post("an unknown upload", lambda r: [r.w.school.urn, "no-such-upload"],
             expect(set(), STAFF_HERE - IMPORTERS)),
        post("the principal's upload", lambda r: [r.w.school.urn, r.pending_upload.token],
             expect({"principal"}, STAFF_HERE - IMPORTERS, code=OK),
             session=Records.principal_holds_upload),
        get("GET", lambda r: [r.w.school.urn, "no-such-upload"], expect(SIGNED_IN, code=405)),
    ),
    "imports:run": (
        get("a Mapledown import", lambda r: [r.w.school.urn, r.import_run().pk],
            expect(IMPORTERS, STAFF_HERE)),
        get("Oakleigh's import under Mapledown's URN",
            lambda r: [r.w.school.urn, r.import_run(r.w.other_school).pk],
            expect(set(), STAFF_HERE - IMPORTERS)),
    ),
    "imports:export": (
        get("pupils", lambda r: [r.w.school.urn, "pupils"], expect(IMPORTERS, STAFF_HERE)),
        get("contacts at Oakleigh", lambda r: [r.w.other_school.urn, "contacts"],
            expect({"trust_admin", "other_school_staff"})),
    ),

    # diary --------------------------------------------------------------------------------
    "diary:book": (
        get("Amira", amira, expect(SEE_AMIRA), hidden={
            "separated_parent": lambda r: [r.home_entry.home_news, r.draft_entry.note,
                                           r.layla_reply.text, r.layla_acknowledgement.note],
            "parent": lambda r: [r.draft_entry.note]}),
        get("Ben", ben, expect(SEE_BEN)),
        get("Olly at Oakleigh", olly, expect(OAKLEIGH)),
    ),
    # Staff write school entries, families home entries.
    "diary:entry_new": (
        get("Amira", amira, expect(SEE_AMIRA)),
        get("Ben", ben, expect(SEE_BEN)),
    ),
    "diary:entry": (
        get("a school entry", lambda r: [r.school_entry.pk], expect(SEE_AMIRA), hidden={
            "separated_parent": lambda r: [r.layla_reply.text, r.layla_acknowledgement.note]}),
        get("a draft", lambda r: [r.draft_entry.pk], expect(SEE_AMIRA_STAFF)),
        get("a removed entry", lambda r: [r.removed_entry.pk], expect()),
        get("Layla's home entry", lambda r: [r.home_entry.pk],
            expect(SEE_AMIRA_STAFF | {"parent"})),
        get("Ben's entry", lambda r: [r.ben_entry.pk], expect(SEE_BEN)),
    ),
    "diary:entry_edit": (
        get("a school entry", lambda r: [r.school_entry.pk],
            expect(SEE_AMIRA_STAFF, AMIRA_FAMILY)),
        get("Layla's home entry", lambda r: [r.home_entry.pk],
            expect({"parent"}, SEE_AMIRA_STAFF)),
        get("Ben's entry", lambda r: [r.ben_entry.pk], expect(SEE_BEN_STAFF, {"foster_carer"})),
    ),
    "diary:entry_remove": (
        post("a school entry", lambda r: [r.school_entry.pk],
             expect(SEE_AMIRA_STAFF, AMIRA_FAMILY, code=OK)),
        post("Layla's home entry", lambda r: [r.home_entry.pk],
             expect({"parent"}, SEE_AMIRA_STAFF, code=OK)),
        get("GET", lambda r: [r.school_entry.pk], expect(SIGNED_IN, code=405)),
    ),
    "diary:entry_history": (
        get("a school entry", lambda r: [r.school_entry.pk], expect(SEE_AMIRA)),
        get("Layla's home entry", lambda r: [r.home_entry.pk],
            expect(SEE_AMIRA_STAFF | {"parent"})),
    ),
    # An empty reply is refused and the entry shown again with the error.
    "diary:reply": (
        post("a school entry", lambda r: [r.school_entry.pk], expect(SEE_AMIRA)),
        post("Layla's home entry", lambda r: [r.home_entry.pk],
             expect(SEE_AMIRA_STAFF | {"parent"})),
        get("GET", lambda r: [r.school_entry.pk], expect(SIGNED_IN, code=405)),
    ),
    # Families acknowledge incidents; staff who read it get 403.
    "diary:acknowledge": (
        post("an incident on Amira's entry", lambda r: [r.incident.pk],
             expect(AMIRA_FAMILY, SEE_AMIRA_STAFF, code=OK)),
        get("GET", lambda r: [r.incident.pk], expect(SIGNED_IN, code=405)),
    ),
    "diary:book_settings": (
        get("Amira", amira, expect(AMIRA_BOOK_MANAGERS, SEE_AMIRA)),
        get("Ben", ben, expect(PEOPLE_MANAGERS | CLASS_STAFF_B, SEE_BEN)),
    ),
    # Events go in every book of a class or the school: residential staff write neither.
    "diary:event_new": school_page(STAFF_HERE - RESIDENTIAL_A, see=RESIDENTIAL_A),
    "diary:event": (
        get("Class A's event", lambda r: [r.class_event().pk],
            expect(STAFF_HERE | AMIRA_FAMILY)),
        get("Class A's draft event", lambda r: [r.class_event(published=False).pk],
            expect(SEE_CLASS_A)),
        get("a whole-school event", lambda r: [r.whole_school_event.pk],
            expect(STAFF_HERE | AMIRA_FAMILY | {"foster_carer"})),
        get("Oakleigh's event", lambda r: [r.oakleigh_event.pk], expect(OAKLEIGH)),
    ),
    # Who may write an event may publish it; who only sees it gets 403.
    "diary:event_publish": (
        post("Class A's draft event", lambda r: [r.class_event(published=False).pk],
             expect(SEE_CLASS_A, code=OK)),
        post("Class A's event", lambda r: [r.class_event().pk],
             expect(SEE_CLASS_A, {"other_teacher"} | RESIDENTIAL_A | AMIRA_FAMILY,
                    code=OK)),
        get("GET", lambda r: [r.class_event().pk], expect(SIGNED_IN, code=405)),
    ),
    "diary:class_day": (
        get("Class A", lambda r: [r.w.class_a.pk], expect(SEE_CLASS_A)),
        get("Class B", lambda r: [r.w.class_b.pk], expect(SEE_CLASS_B)),
    ),
    "diary:class_day_on": (
        get("Class A", lambda r: [r.w.class_a.pk, A_PAST_DAY], expect(SEE_CLASS_A)),
        get("Class B", lambda r: [r.w.class_b.pk, A_PAST_DAY], expect(SEE_CLASS_B)),
    ),
    "diary:activities": school_page(PEOPLE_MANAGERS),
    "diary:photo": (
        get("on a school entry", lambda r: [r.photo.token], expect(SEE_AMIRA)),
        get("on a draft", lambda r: [r.draft_photo.token], expect(SEE_AMIRA_STAFF)),
        get("on a removed entry", lambda r: [r.removed_photo.token], expect()),
        get("on Layla's home entry", lambda r: [r.home_photo.token],
            expect(SEE_AMIRA_STAFF | {"parent"})),
    ),
    # Staff add photos to school entries; a family member to their own home entries.
    "diary:photo_add": (
        get("a school entry", lambda r: [r.school_entry.pk],
            expect(SEE_AMIRA_STAFF, AMIRA_FAMILY)),
        get("Layla's home entry", lambda r: [r.home_entry.pk],
            expect({"parent"}, SEE_AMIRA_STAFF)),
    ),
    "diary:group_photo_add": (
        get("Class A", lambda r: [r.w.class_a.pk, A_PAST_DAY], expect(SEE_CLASS_A)),
        get("Class B", lambda r: [r.w.class_b.pk, A_PAST_DAY], expect(SEE_CLASS_B)),
    ),
    # Staff write "my day" with the pupil; the family reads it in the book (403).
    "diary:my_day": (
        get("Amira", amira, expect(SEE_AMIRA_STAFF, AMIRA_FAMILY)),
        get("Ben", ben, expect(SEE_BEN_STAFF, {"foster_carer"})),
    ),
    # Symbols are nothing personal: no sign-in.
    "diary:symbol": (
        get("swimming", lambda r: ["1F3CA"], everyone(200)),
        get("an unknown symbol", lambda r: ["ZZZZ"], everyone(404)),
    ),
    "diary:book_pdf": (
        get("Amira", amira, expect(SEE_AMIRA)),
        get("Ben", ben, expect(SEE_BEN)),
    ),
    # A PDF is its requester's own download: nobody else learns of it, the principal
    # included (they ask for their own).
    "diary:book_export": (
        get("the class teacher's", lambda r: [r.export.pk], expect({"class_teacher"})),
    ),
    "diary:book_export_download": (
        get("the class teacher's (not made yet)", lambda r: [r.export.pk],
            expect({"class_teacher"}, code=OK)),
    ),
    "diary:book_export_retry": (
        post("the class teacher's", lambda r: [r.export.pk],
             expect({"class_teacher"}, code=OK)),
    ),

    # announcements ------------------------------------------------------------------------
    "announcements:list": school_page(COMPOSERS),
    "announcements:new": school_page(COMPOSERS),
    "announcements:detail": (
        get("a Mapledown draft", lambda r: [r.w.school.urn, r.draft_announcement().pk],
            expect(COMPOSERS, STAFF_HERE)),
        get("Oakleigh's draft under Mapledown's URN",
            lambda r: [r.w.school.urn, r.draft_announcement(r.w.other_school).pk],
            expect(set(), STAFF_HERE - COMPOSERS)),
        get("Oakleigh's draft", lambda r: [r.w.other_school.urn,
                                           r.draft_announcement(r.w.other_school).pk],
            expect(OAKLEIGH)),
    ),
    "announcements:edit": (
        get("a Mapledown draft", lambda r: [r.w.school.urn, r.draft_announcement().pk],
            expect(COMPOSERS, STAFF_HERE)),
        get("Oakleigh's draft under Mapledown's URN",
            lambda r: [r.w.school.urn, r.draft_announcement(r.w.other_school).pk],
            expect(set(), STAFF_HERE - COMPOSERS)),
    ),
    "announcements:send": (
        post("a Mapledown draft", lambda r: [r.w.school.urn, r.draft_announcement().pk],
             expect(COMPOSERS, STAFF_HERE, code=OK)),
        post("Oakleigh's draft under Mapledown's URN",
             lambda r: [r.w.school.urn, r.draft_announcement(r.w.other_school).pk],
             expect(set(), STAFF_HERE - COMPOSERS)),
        get("GET", lambda r: [r.w.school.urn, r.draft_announcement().pk],
            expect(SIGNED_IN, code=405)),
    ),
    "announcements:report": (
        get("a sent one", lambda r: [r.w.school.urn, r.sent_announcement.pk],
            expect(COMPOSERS, STAFF_HERE)),
    ),
    "announcements:release": (
        post("Polish, waiting for its check", held_language,
             expect(COMPOSERS, STAFF_HERE, code=OK)),
        post("a language nobody waits for", lambda r: [r.w.school.urn,
                                                      r.sent_announcement.pk, "pl"],
             expect(set(), STAFF_HERE - COMPOSERS)),
    ),
    "announcements:letters": school_page(LETTER_PRINTERS),
    "announcements:letters_print": (
        post("Mapledown", school, expect(LETTER_PRINTERS, STAFF_HERE, code=OK)),
        get("GET", school, expect(SIGNED_IN, code=405)),
    ),
    "announcements:letters_pdf": (
        get("a printed batch", lambda r: [r.w.school.urn, r.letter_batch.pk],
            expect(LETTER_PRINTERS, STAFF_HERE)),
        get("Mapledown's batch under Oakleigh's URN",
            lambda r: [r.w.other_school.urn, r.letter_batch.pk],
            expect()),
    ),
    # A family member's own inbox; staff and outsiders have none.
    "announcements:inbox": (get("inbox", none, expect(FAMILIES), hidden={
        "restricted_parent": lambda r: [r.message_to(r.w.restricted_contact).subject],
        "separated_parent": lambda r: [r.message_to(r.w.parent_contact).subject],
        "parent": lambda r: [r.separated_message.subject]}),),
    "announcements:message": (
        get("Layla's", lambda r: [r.message_to(r.w.parent_contact).pk], expect({"parent"})),
        # Sent before the court order: taken back from Rex.
        get("Rex's (withheld)", lambda r: [r.message_to(r.w.restricted_contact).pk], expect()),
        get("Omar's", lambda r: [r.separated_message.pk], expect({"separated_parent"})),
    ),
    "announcements:attachment": (
        get("of an announcement Layla got", lambda r: [r.attachment.pk],
            expect(STAFF_HERE | {"parent"})),
    ),

    # messaging ----------------------------------------------------------------------------
    # Families see their children, staff their unread conversations.
    "messaging:inbox": (get("inbox", none, expect(ALL_STAFF | FAMILIES)),),
    "messaging:pupil_conversations": (
        get("Amira", amira, expect(SEE_AMIRA), hidden={
            "parent": lambda r: [r.omar_conversation.subject],
            "separated_parent": lambda r: [r.layla_conversation.subject]}),
        get("Ben", ben, expect(SEE_BEN)),
        get("Olly at Oakleigh", olly, expect(OAKLEIGH)),
    ),
    "messaging:conversation_new": (
        get("Amira", amira, expect(SEE_AMIRA)),
        get("Ben", ben, expect(SEE_BEN)),
    ),
    # Separated parents' conversations are each their own household's.
    "messaging:conversation": (
        get("with Layla", lambda r: [r.layla_conversation.pk],
            expect(SEE_AMIRA_STAFF | {"parent"})),
        get("Omar's", lambda r: [r.omar_conversation.pk],
            expect(SEE_AMIRA_STAFF | {"separated_parent"})),
        get("with Omar and Rex, before the court order", lambda r: [r.before_the_order.pk],
            expect(SEE_AMIRA_STAFF | {"separated_parent"})),
        get("Fiona's about Ben", lambda r: [r.ben_conversation.pk],
            expect(SEE_BEN_STAFF | {"foster_carer"})),
    ),
    "messaging:unread_badge": (get("badge", none, expect(ALL_STAFF)),),
    # Staff with a role at a school (not the trust administrator, who has none).
    "messaging:working_hours": (get("working hours", none, expect(ALL_STAFF - {"trust_admin"})),),
    "messaging:school_settings": school_page(STAFF_MANAGERS),
    "messaging:notification_settings": (get("book notifications", none, expect(FAMILIES)),),
    # The development outbox, off outside development: 404 for everyone.
    "messaging:outbox": (get("switched off", none, everyone(404),
                             settings={"BRIDGEBOOK_OUTBOX_PAGE": False}),),
    # Provider callbacks need the provider's signature or token, whoever asks.
    "messaging:twilio_callback": (
        post("unsigned", school, everyone(403)),
        get("GET", school, everyone(405)),
    ),
    "messaging:notify_callback": (
        post("without the token", school, everyone(403)),
        get("GET", school, everyone(405)),
    ),

    # translation --------------------------------------------------------------------------
    "translation:glossary": school_page(STAFF_HERE, see=frozenset()),
    "translation:glossary_add": school_page(GLOSSARY_EDITORS),
    "translation:glossary_edit": (
        get("a Mapledown term", lambda r: [r.w.school.urn, r.glossary_term().pk],
            expect(GLOSSARY_EDITORS, STAFF_HERE)),
        get("Oakleigh's term under Mapledown's URN",
            lambda r: [r.w.school.urn, r.glossary_term(r.w.other_school).pk],
            expect(set(), STAFF_HERE - GLOSSARY_EDITORS)),
    ),
    "translation:glossary_translation": (
        get("a Mapledown term", lambda r: [r.w.school.urn, r.glossary_term().pk],
            expect(GLOSSARY_EDITORS, STAFF_HERE)),
        get("Oakleigh's term under Mapledown's URN",
            lambda r: [r.w.school.urn, r.glossary_term(r.w.other_school).pk],
            expect(set(), STAFF_HERE - GLOSSARY_EDITORS)),
    ),
    "translation:reviews": school_page(REVIEWERS),
    "translation:review": (
        get("a Mapledown review", lambda r: [r.w.school.urn, r.review().pk],
            expect(REVIEWERS, STAFF_HERE)),
        get("Oakleigh's review under Mapledown's URN",
            lambda r: [r.w.school.urn, r.review(r.w.other_school).pk],
            expect(set(), STAFF_HERE - REVIEWERS)),
    ),
}


# Each app's own rules, in its tests/routes.py (a dict RULES of the same shape), so that a
# new app brings the rules for its routes with it.
def _app_rules() -> dict[str, tuple[Case, ...]]:
    found: dict[str, tuple[Case, ...]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("bridgebook."):
            continue
        module = f"{config.name}.tests.routes"
        if importlib.util.find_spec(f"{config.name}.tests") and importlib.util.find_spec(module):
            found.update(importlib.import_module(module).RULES)
    return found


RULES.update(_app_rules())
