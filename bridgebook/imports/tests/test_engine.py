"""The import engine: matching, planning and writing all or nothing."""

import datetime
from pathlib import Path

import pytest

from bridgebook.core.models import AuditEvent
from bridgebook.imports.actions import apply_plan, do_import
from bridgebook.imports.csv_reader import (
    combine,
    read_combined_csv,
    read_contacts_csv,
    read_pupils_csv,
)
from bridgebook.imports.engine import COURT_ORDER_NOTE, plan_import
from bridgebook.imports.models import ImportRun
from bridgebook.imports.records import (
    ContactRecord,
    HouseholdRecord,
    LinkRecord,
    ParsedFile,
    PupilRecord,
)
from bridgebook.people.forms import upn_check_letter
from bridgebook.people.models import Contact, Household, Pupil, PupilContact, SchoolClass
from bridgebook.people.tests.factories import (
    ContactFactory,
    PupilContactFactory,
    PupilFactory,
)

FIXTURES = Path(__file__).parent / "fixtures"


def upn(serial: int) -> str:
    digits = f"801200027{serial:03d}"
    return upn_check_letter(digits) + digits


def fixture_files() -> ParsedFile:
    return combine(read_pupils_csv((FIXTURES / "pupils.csv").read_bytes()),
                   read_contacts_csv((FIXTURES / "contacts.csv").read_bytes()))


def pupils_csv(rows: list[str]) -> bytes:
    header = "UPN,Adno,Legal Forename,Legal Surname,DOB,Reg Group,Home Language"
    return "\n".join([header, *rows]).encode()


def snapshot() -> dict:
    """Everything an import could touch, to show a refused import changed nothing."""
    return {
        "pupils": list(Pupil.objects.order_by("pk").values()),
        "contacts": list(Contact.objects.order_by("pk").values()),
        "links": list(PupilContact.objects.order_by("pk").values()),
        "classes": list(SchoolClass.objects.order_by("pk").values()),
        "households": list(Household.objects.order_by("pk").values()),
    }


@pytest.fixture
def imported(world):
    run = do_import(school=world.school, parsed=fixture_files(), acting_user=world.office,
                    filename="pupils.csv + contacts.csv")
    assert run.status == ImportRun.Status.COMMITTED, run.problems
    return run


def test_first_import_creates_pupils_contacts_links_and_classes(world, imported):
    assert imported.counts == {
        "pupils_created": 3, "pupils_updated": 0, "contacts_created": 4,
        "contacts_updated": 0, "links_created": 6, "links_updated": 0, "classes_created": 2,
        "households_created": 3, "pupils_missing": 2,
    }
    maya = Pupil.objects.get(school=world.school, upn="G801200026001")
    assert (maya.legal_first_name, maya.preferred_first_name, maya.mis_id) == (
        "Maja", "Maya", "1001")
    assert maya.date_of_birth == datetime.date(2014, 3, 14)
    assert maya.home_language == "pl"
    assert maya.school_class.name == "Willow"
    leo = Pupil.objects.get(school=world.school, upn="W801200026002")
    assert leo.school_class.name == "Rowan" and leo.home_language == "pl"
    assert SchoolClass.objects.filter(school=world.school, name="Willow").count() == 1
    assert imported.changes["classes"] == ["Willow", "Rowan"]


def test_contact_shared_by_siblings_is_one_contact_linked_to_each(world, imported):
    anna = Contact.objects.get(school=world.school, mis_id="C1")
    assert sorted(link.pupil.upn for link in anna.pupil_links.all()) == [
        "G801200026001", "W801200026002"]
    assert anna.mobile == "+447700900101" and anna.language == "pl"
    assert str(anna.household) == "12 Oak Lane, Leeds, LS6 2AB"
    assert Contact.objects.filter(first_name="Anna").count() == 1


def test_court_order_restricts_the_link(world, imported):
    piotr = Contact.objects.get(school=world.school, mis_id="C2")
    for link in piotr.pupil_links.all():
        assert link.is_restricted
        assert link.restriction_note == COURT_ORDER_NOTE
        assert not link.is_entitled
    assert str(piotr.household) == "40 Elm Street, Bradford, BD1 3EF"


def test_new_contact_without_parental_responsibility_receives_nothing(world, imported):
    grandmother = PupilContact.objects.get(contact__mis_id="C4")
    assert grandmother.relationship == "FAM"
    assert not grandmother.parental_responsibility
    assert not grandmother.receives_information
    assert grandmother.contact.household is None
    mother = PupilContact.objects.get(contact__mis_id="C3")
    assert mother.parental_responsibility and mother.lives_with_pupil and mother.is_entitled


def test_one_summary_audit_row_per_import(world, imported):
    events = AuditEvent.objects.filter(object_type="importrun")
    assert events.count() == 1
    event = events.get()
    assert event.actor == world.office and event.school == world.school
    assert event.changes["pupils_created"] == 3
    assert "3 pupils added" in event.summary


def test_reimporting_the_same_files_changes_nothing(world, imported):
    before = snapshot()
    run = do_import(school=world.school, parsed=fixture_files(), acting_user=world.office)
    assert run.status == ImportRun.Status.COMMITTED
    assert {key: value for key, value in run.counts.items() if key != "pupils_missing"} == {
        "pupils_created": 0, "pupils_updated": 0, "contacts_created": 0,
        "contacts_updated": 0, "links_created": 0, "links_updated": 0, "classes_created": 0,
        "households_created": 0}
    assert snapshot() == before


def test_reimport_updates_adds_and_reports_missing_without_deleting(world, imported):
    data = (FIXTURES / "pupils.csv").read_text().splitlines()
    data[1] = data[1].replace("Kowalska", "Kowalska-Nowak").replace("Willow", "Rowan")
    del data[3]  # Samir has left the MIS export
    data.append(f"{upn(1)},1004,Nia,Okafor,,01/09/2017,Oak,English,,,")
    run = do_import(school=world.school, parsed=read_pupils_csv("\n".join(data).encode()),
                    acting_user=world.office)

    assert run.counts["pupils_created"] == 1
    assert run.counts["pupils_updated"] == 1
    assert run.counts["classes_created"] == 1
    maya = Pupil.objects.get(upn="G801200026001")
    assert maya.legal_last_name == "Kowalska-Nowak" and maya.school_class.name == "Rowan"
    updated = [entry for entry in run.changes["pupils"] if entry["action"] == "updated"]
    assert updated == [{
        "action": "updated", "source": "line 2", "name": "Maja Kowalska",
        "upn": "G801200026001", "mis_id": "1001",
        "changes": {"legal_last_name": ["Kowalska", "Kowalska-Nowak"],
                    "school_class": ["Willow", "Rowan"]},
    }]
    missing = {entry["name"] for entry in run.changes["missing_pupils"]}
    assert missing == {"Samir Patel", "Amira Hassan", "Ben Jones"}
    assert run.counts["pupils_missing"] == 3
    assert Pupil.objects.filter(upn="K801200026003").exists()  # reported, never deleted
    assert world.pupil.contact_links.count() == 3


def test_blank_values_never_erase_what_bridgebook_holds(world):
    world.pupil.upn = upn(2)
    world.pupil.mis_id = "77"
    world.pupil.preferred_first_name = "Mira"
    world.pupil.save()
    data = "UPN,Legal Forename,Legal Surname,Preferred Forename,DOB,Reg Group\n" \
           f"{upn(2)},Amira,Hassan,,01/05/2015,\n"
    run = do_import(school=world.school, parsed=read_pupils_csv(data.encode()),
                    acting_user=world.office)
    world.pupil.refresh_from_db()
    assert run.counts["pupils_updated"] == 0
    assert world.pupil.preferred_first_name == "Mira"
    assert world.pupil.mis_id == "77" and world.pupil.school_class == world.class_a


def test_pupil_matched_by_mis_id_when_the_file_has_no_upn(world):
    world.pupil.mis_id = "5001"
    world.pupil.save()
    data = "Pupil ID,Forename,Surname,Date of Birth\n5001,Amira,Hassan-Ali,2015-05-01\n"
    run = do_import(school=world.school, parsed=read_pupils_csv(data.encode()),
                    acting_user=world.office)
    assert run.counts["pupils_created"] == 0 and run.counts["pupils_updated"] == 1
    world.pupil.refresh_from_db()
    assert world.pupil.legal_last_name == "Hassan-Ali"


def test_upn_and_mis_id_of_two_different_pupils_is_refused(world):
    world.pupil.upn, world.pupil.mis_id = upn(3), "1"
    world.pupil.save()
    world.pupil_b.upn, world.pupil_b.mis_id = upn(4), "2"
    world.pupil_b.save()
    parsed = read_pupils_csv(pupils_csv([f"{upn(3)},2,Amira,Hassan,01/05/2015,,"]))
    plan = plan_import(world.school, parsed)
    assert [problem.where for problem in plan.problems] == ["line 2"]
    assert "belongs to Amira Hassan" in plan.problems[0].message


def test_one_bad_row_imports_nothing(world):
    before = snapshot()
    parsed = read_pupils_csv(pupils_csv([
        f"{upn(5)},1,Good,Row,01/05/2015,Class Z,English",
        f"{upn(6)},2,Bad,Date,31/02/2015,Class Z,English",
    ]))
    run = do_import(school=world.school, parsed=parsed, acting_user=world.office)
    assert run.status == ImportRun.Status.REFUSED
    assert run.problems == [{"where": "line 3, column DOB",
                             "message": "\"31/02/2015\" is not a real date."}]
    assert run.counts["pupils_created"] == 0
    assert snapshot() == before
    assert not AuditEvent.objects.filter(object_type="importrun").exists()


def test_dry_run_writes_no_records(world):
    before = snapshot()
    run = do_import(school=world.school, parsed=fixture_files(), acting_user=world.office,
                    dry_run=True)
    assert run.status == ImportRun.Status.PREVIEWED and run.dry_run
    assert run.counts["pupils_created"] == 3 and run.counts["links_created"] == 6
    assert len(run.changes["pupils"]) == 3
    assert snapshot() == before


def test_link_to_a_pupil_nobody_knows_is_refused(world):
    data = "UPN,Contact ID,Forename,Surname\n" f"{upn(7)},C9,Zed,Unknown\n"
    plan = plan_import(world.school, read_contacts_csv(data.encode()))
    assert [(p.where, p.message) for p in plan.problems] == [
        ("line 2", f"There is no pupil with UPN {upn(7)} in this file or in Bridgebook.")]


def test_contacts_file_alone_links_to_pupils_already_in_bridgebook(world):
    world.pupil_b.mis_id = "B1"
    world.pupil_b.save()
    data = "Pupil ID,Contact ID,Relationship,Parental Responsibility,Forename,Surname\n" \
           "B1,C77,Mother,T,Beth,Jones\n"
    run = do_import(school=world.school, parsed=read_contacts_csv(data.encode()),
                    acting_user=world.office)
    assert run.counts["contacts_created"] == 1 and run.counts["links_created"] == 1
    assert run.counts["pupils_missing"] == 0  # a contacts file says nothing about leavers
    link = world.pupil_b.contact_links.get()
    assert link.contact.full_name == "Beth Jones" and link.parental_responsibility


def test_court_order_keeps_the_note_staff_wrote_and_import_never_lifts_one(world):
    restricted = world.pupil.contact_links.get(contact=world.restricted_contact)
    father = world.pupil.contact_links.get(contact=world.separated_contact)
    world.pupil.upn = upn(8)
    world.pupil.save()
    world.restricted_contact.mis_id = "R1"
    world.restricted_contact.save()
    world.separated_contact.mis_id = "S1"
    world.separated_contact.save()
    data = ("UPN,Contact ID,Relationship,Parental Responsibility,Forename,Surname,Court Order\n"
            f"{upn(8)},R1,STF,T,Rex,Stone,F\n"
            f"{upn(8)},S1,PAF,T,Omar,Hassan,T\n")
    run = do_import(school=world.school, parsed=read_contacts_csv(data.encode()),
                    acting_user=world.office)
    restricted.refresh_from_db()
    father.refresh_from_db()
    assert restricted.is_restricted  # "F" in the MIS does not lift a staff restriction
    assert restricted.restriction_note == "Court order: no information to be shared."
    assert father.is_restricted and father.restriction_note == COURT_ORDER_NOTE
    assert run.counts["links_updated"] == 1


def test_missing_column_never_takes_parental_responsibility_away(world):
    world.pupil.upn = upn(9)
    world.pupil.save()
    world.parent_contact.mis_id = "P1"
    world.parent_contact.save()
    link = world.pupil.contact_links.get(contact=world.parent_contact)
    link.parental_responsibility = True
    link.lives_with_pupil = True
    link.save()
    data = "UPN,Contact ID,Forename,Surname,Email\n" \
           f"{upn(9)},P1,Layla,Hassan,layla.new@family.example\n"
    run = do_import(school=world.school, parsed=read_contacts_csv(data.encode()),
                    acting_user=world.office)
    link.refresh_from_db()
    assert link.parental_responsibility and link.lives_with_pupil
    assert run.counts["contacts_updated"] == 1 and run.counts["links_updated"] == 0
    world.parent_contact.refresh_from_db()
    assert world.parent_contact.email == "layla.new@family.example"


def ctf_pupil(number: int, **extra) -> PupilRecord:
    values = {"legal_first_name": "Yusuf", "legal_last_name": "Hassan",
              "date_of_birth": datetime.date(2017, 2, 3), **extra}
    return PupilRecord(source=f"Pupil {number}", upn=upn(number), **values)


def test_ctf_sibling_shares_the_contact_bridgebook_already_holds(world):
    """A CTF has no contact ids: the mother is found by email and the same first name."""
    world.pupil.upn = upn(10)
    world.pupil.save()
    parsed = ParsedFile(kind="ctf", pupils=[ctf_pupil(11)], contacts=[
        ContactRecord(source="Pupil 1/Contact 1", key="c1", first_name="Layla",
                      last_name="Hassan", email="layla@family.example"),
        ContactRecord(source="Pupil 1/Contact 2", key="c2", first_name="Omar",
                      last_name="Hassan", email="layla@family.example"),  # shared inbox
    ], links=[
        LinkRecord(source="Pupil 1/Contact 1", pupil_key=upn(11), contact_key="c1",
                   relationship="PAM", parental_responsibility=True),
        LinkRecord(source="Pupil 1/Contact 2", pupil_key=upn(11), contact_key="c2",
                   relationship="PAF", parental_responsibility=True),
    ])
    contacts_before = Contact.objects.count()
    run = do_import(school=world.school, parsed=parsed, acting_user=world.office)
    assert run.counts["pupils_created"] == 1
    assert run.counts["contacts_created"] == 1  # Omar is new by this route: not Layla
    assert run.counts["pupils_missing"] == 0    # a CTF never reports the rest as missing
    assert Contact.objects.count() == contacts_before + 1
    yusuf = Pupil.objects.get(upn=upn(11))
    layla_link = yusuf.contact_links.get(relationship="PAM")
    assert layla_link.contact == world.parent_contact


def test_ctf_sibling_of_a_pupil_imported_from_csv_shares_the_mis_contact(world, imported):
    """Contacts from the MIS export have ids; a later CTF's have none but are the same."""
    anna = Contact.objects.get(mis_id="C1")
    parsed = ParsedFile(kind="ctf", pupils=[ctf_pupil(14, legal_last_name="Kowalska")],
                        contacts=[ContactRecord(source="c", key="c1", first_name="Anna",
                                                last_name="Kowalska",
                                                email="ANNA.K@family.example")],
                        links=[LinkRecord(source="c", pupil_key=upn(14), contact_key="c1",
                                          relationship="PAM", parental_responsibility=True)])
    run = do_import(school=world.school, parsed=parsed, acting_user=world.office)
    assert run.counts["contacts_created"] == 0 and run.counts["contacts_updated"] == 0
    assert Pupil.objects.get(upn=upn(14)).contact_links.get().contact == anna


def test_another_mis_id_is_another_person_even_with_the_same_email(world, imported):
    data = "UPN,Contact ID,Forename,Surname,Email\n" \
           "K801200026003,C99,Anna,Kowalska,anna.k@family.example\n"
    run = do_import(school=world.school, parsed=read_contacts_csv(data.encode()),
                    acting_user=world.office)
    assert run.counts["contacts_created"] == 1


def test_ctf_contact_of_a_known_pupil_is_found_through_existing_links(world):
    world.pupil.upn = upn(12)
    world.pupil.save()
    parsed = ParsedFile(kind="ctf", pupils=[ctf_pupil(12, legal_first_name="Amira")],
                        contacts=[ContactRecord(source="Pupil 1/Contact 1", key="c1",
                                                first_name="omar", last_name="HASSAN",
                                                household=HouseholdRecord(
                                                    address_line_1="9 Elm Close",
                                                    postcode="LS1 4AP"))],
                        links=[LinkRecord(source="Pupil 1/Contact 1", pupil_key=upn(12),
                                          contact_key="c1", relationship="PAF", priority=2)])
    plan = plan_import(world.school, parsed)
    assert not plan.all_problems
    assert plan.counts["contacts_created"] == 0 and plan.counts["links_created"] == 0
    assert plan.counts["households_created"] == 0
    [contact_change] = plan.contacts_updated
    assert contact_change.obj == world.separated_contact


def test_lives_with_contact_without_an_address_shares_the_pupils_household(world):
    parsed = ParsedFile(
        kind="ctf",
        pupils=[ctf_pupil(13, household=HouseholdRecord(address_line_1="5 Ash Row",
                                                        postcode="LS2 9JT"))],
        contacts=[ContactRecord(source="c", key="c1", first_name="Ada", last_name="Hassan")],
        links=[LinkRecord(source="c", pupil_key=upn(13), contact_key="c1",
                          lives_with_pupil=True)])
    do_import(school=world.school, parsed=parsed, acting_user=world.office)
    assert str(Contact.objects.get(first_name="Ada").household) == "5 Ash Row, LS2 9JT"


def make_files(count: int) -> ParsedFile:
    pupils = [ctf_pupil(100 + n, class_name=f"Class {n % 2}") for n in range(count)]
    contacts = [ContactRecord(source=f"c{n}", key=f"c{n}", mis_id=f"M{n}", first_name="Pat",
                              last_name=f"Parent{n}", email=f"p{n}@family.example",
                              household=HouseholdRecord(address_line_1=f"{n} Road",
                                                        postcode="LS1 1AA"))
                for n in range(count)]
    links = [LinkRecord(source=f"c{n}", pupil_key=pupils[n].key, contact_key=f"c{n}")
             for n in range(count)]
    return ParsedFile(kind="csv", pupils=pupils, contacts=contacts, links=links)


@pytest.mark.parametrize("count", [3, 6])
def test_planning_takes_the_same_queries_whatever_the_size(world, count,
                                                           django_assert_num_queries):
    # Half the rows are already in Bridgebook, so matching and updating are exercised too.
    do_import(school=world.school, parsed=make_files(count // 2 + 1),
              acting_user=world.office)
    for _ in range(3):
        PupilContactFactory(pupil=PupilFactory(school=world.school),
                            contact=ContactFactory(school=world.school))
    parsed = make_files(count)
    parsed.pupils[0].legal_last_name = "Changed"
    # 1 pupils (with classes), 2 classes, 3 households, 4 contacts, 5 links.
    with django_assert_num_queries(5):
        plan = plan_import(world.school, parsed)
        plan.changes()
    assert plan.counts["pupils_updated"] == 1
    assert plan.counts["pupils_created"] == count - (count // 2 + 1)


def test_plan_applied_directly(world):
    plan = plan_import(world.school, fixture_files())
    run = apply_plan(plan, acting_user=world.office, filename="x.csv")
    assert run.status == ImportRun.Status.COMMITTED and run.filename == "x.csv"
    assert run.uploaded_by == world.office and run.kind == "csv"


# Pupils and contacts in one file -------------------------------------------------------

def combined_file() -> ParsedFile:
    return read_combined_csv((FIXTURES / "pupils_and_contacts.csv").read_bytes())


def test_combined_file_imports_pupils_contacts_and_links_together(world):
    run = do_import(school=world.school, parsed=combined_file(), acting_user=world.office,
                    filename="pupils_and_contacts.csv")
    assert run.status == ImportRun.Status.COMMITTED, run.problems
    assert run.counts == {
        "pupils_created": 4, "pupils_updated": 0, "contacts_created": 6,
        "contacts_updated": 0, "links_created": 9, "links_updated": 0, "classes_created": 2,
        "households_created": 4, "pupils_missing": 2,
    }
    maja, leon = (Pupil.objects.get(upn=u) for u in ("G801200026001", "W801200026002"))
    # Siblings share their contacts: one Anna, one Piotr, one childminder without an id.
    for name in ("Anna", "Piotr", "Jo"):
        contact = Contact.objects.get(school=world.school, first_name=name)
        assert {link.pupil for link in contact.pupil_links.all()} == {maja, leon}
    # Separated parents: Anna lives with the children, Piotr in his own home.
    anna = Contact.objects.get(mis_id="C1")
    piotr = Contact.objects.get(mis_id="C2")
    assert str(anna.household) == "12 Oak Lane, Leeds, LS6 2AB"
    assert str(piotr.household) == "40 Elm Street, Bradford, BD1 3EF"
    assert all(link.parental_responsibility and not link.lives_with_pupil
               for link in piotr.pupil_links.all())
    # The stepfather under a court order is restricted; nobody else is.
    restricted = PupilContact.objects.filter(pupil__school=world.school, is_restricted=True)
    assert {(link.contact.mis_id, link.restriction_note) for link in restricted.exclude(
        contact=world.restricted_contact)} == {("C5", COURT_ORDER_NOTE)}
    zoe = Pupil.objects.get(upn="Z801200026004")
    assert zoe.legal_first_name == "Zoë" and not zoe.contact_links.exists()

    before = snapshot()
    again = do_import(school=world.school, parsed=combined_file(), acting_user=world.office)
    assert again.status == ImportRun.Status.COMMITTED
    assert {key: value for key, value in again.counts.items() if key != "pupils_missing"} == \
        dict.fromkeys(("pupils_created", "pupils_updated", "contacts_created",
                       "contacts_updated", "links_created", "links_updated", "classes_created",
                       "households_created"), 0)
    assert snapshot() == before


def test_combined_file_with_disagreeing_pupil_columns_imports_nothing(world):
    data = (FIXTURES / "pupils_and_contacts.csv").read_text().splitlines()
    data[5] = data[5].replace("02/11/2016", "03/11/2016")  # Leon's second row, line 6
    before = snapshot()
    run = do_import(school=world.school, parsed=read_combined_csv("\n".join(data).encode()),
                    acting_user=world.office)
    assert run.status == ImportRun.Status.REFUSED
    assert run.problems == [{
        "where": "line 6, column DOB",
        "message": "The date of birth differs from line 5 for the same pupil "
                   "(UPN W801200026002): \"03/11/2016\" here, \"02/11/2016\" there."}]
    assert run.counts["pupils_created"] == 0
    assert snapshot() == before


def test_combined_file_updates_what_bridgebook_holds(world):
    """Contacts already in Bridgebook are matched by MIS id; pupils by UPN."""
    world.pupil.upn, world.pupil.mis_id = upn(20), "2001"
    world.pupil.save()
    world.parent_contact.mis_id = "L1"
    world.parent_contact.save()
    data = ("UPN,Adno,Legal Forename,Legal Surname,DOB,Contact ID,Contact Forename,"
            "Contact Surname,Relationship,Contact Email\n"
            f"{upn(20)},2001,Amira,Hassan,01/05/2015,L1,Layla,Hassan,PAM,layla@new.example\n"
            f"{upn(20)},2001,Amira,Hassan,01/05/2015,N1,Nadia,Hassan,Aunt,\n")
    run = do_import(school=world.school, parsed=read_combined_csv(data.encode()),
                    acting_user=world.office, whole_school=False)
    assert run.status == ImportRun.Status.COMMITTED, run.problems
    assert (run.counts["pupils_updated"], run.counts["contacts_updated"],
            run.counts["contacts_created"], run.counts["links_created"]) == (0, 1, 1, 1)
    world.parent_contact.refresh_from_db()
    assert world.parent_contact.email == "layla@new.example"
    assert world.pupil.contact_links.count() == 4


def test_planning_a_combined_file_takes_five_queries(world, django_assert_num_queries):
    do_import(school=world.school, parsed=combined_file(), acting_user=world.office)
    parsed = combined_file()
    parsed.pupils[0].legal_last_name = "Changed"
    # 1 pupils (with classes), 2 classes, 3 households, 4 contacts, 5 links.
    with django_assert_num_queries(5):
        plan = plan_import(world.school, parsed)
        plan.changes()
    assert plan.counts["pupils_updated"] == 1 and plan.counts["links_created"] == 0
