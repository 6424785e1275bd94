"""``manage.py import_csv`` and ``import_ctf``: output, exit status, dry runs."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bridgebook.imports.models import ColumnMapping, ImportRun
from bridgebook.people.models import Contact, Pupil, PupilContact

FIXTURES = Path(__file__).parent / "fixtures"
PUPILS = str(FIXTURES / "pupils.csv")
CONTACTS = str(FIXTURES / "contacts.csv")
COMBINED = str(FIXTURES / "pupils_and_contacts.csv")


def run(command: str, *args: str) -> tuple[int, str]:
    """(exit status, stdout) of a management command."""
    out = StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def run_json(command: str, *args: str) -> tuple[int, dict]:
    status, out = run(command, *args, "--format", "json")
    return status, json.loads(out)  # exactly one JSON object, nothing else


def people() -> tuple[int, int, int]:
    return Pupil.objects.count(), Contact.objects.count(), PupilContact.objects.count()


def test_import_csv_pupils_and_contacts_as_json(world):
    status, result = run_json("import_csv", PUPILS, "--contacts", CONTACTS,
                              "--school", "101001", "--user", "olive@mapledown.example")
    assert status == 0
    assert result["status"] == "committed" and result["dry_run"] is False
    assert result["errors"] == []
    assert {key: result["counts"][key] for key in (
        "pupils_created", "pupils_updated", "contacts_created", "contacts_updated",
        "links_created")} == {"pupils_created": 3, "pupils_updated": 0, "contacts_created": 4,
                              "contacts_updated": 0, "links_created": 6}
    saved = ImportRun.objects.get()
    assert saved.filename == "pupils.csv + contacts.csv" and saved.uploaded_by == world.office

    status, again = run_json("import_csv", PUPILS, "--contacts", CONTACTS,
                             "--school", "101001")
    assert status == 0
    assert again["counts"]["pupils_created"] == again["counts"]["pupils_updated"] == 0
    assert again["counts"]["contacts_created"] == again["counts"]["links_created"] == 0


def test_refused_file_exits_1_with_every_error_and_imports_nothing(world, tmp_path):
    bad = tmp_path / "pupils.csv"
    bad.write_text("UPN,Forename,Surname,DOB\n,Ann,Lee,01/01/2015\n"
                   "K801200026003,Bo,Lee,31/02/2015\n")
    before = people()
    status, result = run_json("import_csv", str(bad), "--school", "101001")
    assert status == 1
    assert result == {
        "status": "refused",
        "counts": {"pupils_created": 0, "pupils_updated": 0, "contacts_created": 0,
                   "contacts_updated": 0, "links_created": 0},
        "errors": [
            {"where": "line 2, column UPN",
             "message": "The pupil has no UPN and no pupil id; give at least one."},
            {"where": "line 3, column DOB", "message": '"31/02/2015" is not a real date.'},
        ],
        "dry_run": False,
    }
    assert people() == before
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED


def test_unreadable_file_is_refused_with_its_line(world, tmp_path):
    bad = tmp_path / "contacts.csv"
    bad.write_bytes(b"UPN,Forename,Surname\nK801200026003,B\x81b,Lee\n")
    status, result = run_json("import_csv", str(bad), "--kind", "contacts",
                              "--school", "101001")
    assert status == 1
    assert result["errors"][0]["where"] == "line 2"


def test_problems_in_two_files_name_the_file(world, tmp_path):
    bad = tmp_path / "family.csv"
    bad.write_text("UPN,Forename,Surname,Email\nK801200026003,Bo,Lee,nope\n")
    status, result = run_json("import_csv", PUPILS, "--contacts", str(bad),
                              "--school", "101001")
    assert status == 1
    assert result["errors"] == [{"where": "family.csv, line 2, column Email",
                                 "message": '"nope" is not an email address.'}]


def test_dry_run_writes_no_records(world):
    before = people()
    status, result = run_json("import_csv", PUPILS, "--contacts", CONTACTS,
                              "--school", "101001", "--dry-run")
    assert status == 0
    assert result["status"] == "previewed" and result["dry_run"] is True
    assert result["counts"]["pupils_created"] == 3
    assert people() == before


def test_text_summary(world):
    status, out = run("import_csv", PUPILS, "--school", "101001")
    assert status == 0
    assert "Imported pupils.csv into Mapledown School:" in out
    assert "Pupils: 3 added, 0 changed" in out
    assert "No longer in the file (2, nobody was removed):" in out
    assert "Amira Hassan" in out

    status, out = run("import_csv", PUPILS, "--school", "101001", "--dry-run", "--partial")
    assert "Dry run: nothing was written." in out and "No longer in the file" not in out


def test_text_summary_of_a_refused_file(world, tmp_path):
    bad = tmp_path / "p.csv"
    bad.write_text("UPN,Forename,Surname,DOB\n,Ann,Lee,01/01/2015\n")
    status, out = run("import_csv", str(bad), "--school", "101001")
    assert status == 1
    assert "Refused p.csv: nothing was imported." in out
    assert "line 2, column UPN: The pupil has no UPN" in out


def test_contacts_file_on_its_own(world):
    run("import_csv", PUPILS, "--school", "101001")
    status, result = run_json("import_csv", CONTACTS, "--kind", "contacts",
                              "--school", "101001")
    assert status == 0
    assert result["counts"]["contacts_created"] == 4
    assert result["counts"]["pupils_missing"] == 0


def test_the_schools_saved_column_mapping_is_used(world, tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_text("UPN,Child,Family,Born\nK801200026003,Sam,Patel,21/07/2015\n")
    ColumnMapping.objects.create(school=world.school, file_kind="pupils", mapping={
        "legal_first_name": "Child", "legal_last_name": "Family", "date_of_birth": "Born"})
    status, result = run_json("import_csv", str(odd), "--school", "101001")
    assert status == 0 and result["counts"]["pupils_created"] == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--school", "999999"], "There is no school with URN 999999."),
    (["--school", "101001", "--user", "nobody@nowhere.example"],
     "There is nobody with the email nobody@nowhere.example."),
])
def test_wrong_school_or_user_exits_2(world, args, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("import_csv", PUPILS, *args, stdout=StringIO())
    assert error.value.returncode == 2


def test_missing_file_exits_2(world):
    with pytest.raises(CommandError, match="Cannot read") as error:
        call_command("import_csv", "/nonexistent.csv", "--school", "101001", stdout=StringIO())
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        call_command("import_ctf", "/nonexistent.xml", "--school", "101001", stdout=StringIO())
    assert error.value.returncode == 2


def test_import_csv_combined_file_as_json(world):
    status, result = run_json("import_csv", COMBINED, "--kind", "combined",
                              "--school", "101001", "--user", "olive@mapledown.example")
    assert status == 0, result
    assert result["status"] == "committed" and result["errors"] == []
    assert result["counts"] == {
        "pupils_created": 4, "pupils_updated": 0, "contacts_created": 6,
        "contacts_updated": 0, "links_created": 9, "links_updated": 0, "classes_created": 2,
        "households_created": 4, "pupils_missing": 2}
    assert ImportRun.objects.get().filename == "pupils_and_contacts.csv"
    before = people()

    status, again = run_json("import_csv", COMBINED, "--kind", "combined",
                             "--school", "101001")
    assert status == 0
    assert {key: value for key, value in again["counts"].items()
            if key != "pupils_missing"} == dict.fromkeys(
        ("pupils_created", "pupils_updated", "contacts_created", "contacts_updated",
         "links_created", "links_updated", "classes_created", "households_created"), 0)
    assert people() == before


def test_import_csv_combined_file_refused_lists_every_problem(world, tmp_path):
    lines = Path(COMBINED).read_text().splitlines()
    lines[2] = lines[2].replace("Willow", "Rowan")       # Maja's second row, line 3
    lines[8] = lines[8].replace(",Grandmother,", ",Godmother,")  # line 9
    bad = tmp_path / "family.csv"
    bad.write_text("\n".join(lines), encoding="cp1252")
    before = people()
    status, result = run_json("import_csv", str(bad), "--kind", "combined",
                              "--school", "101001", "--dry-run")
    assert status == 1
    assert result["status"] == "refused"
    assert result["errors"] == [
        {"where": "line 3, column Reg Group",
         "message": "The registration group differs from line 2 for the same pupil "
                    "(UPN G801200026001): \"Rowan\" here, \"Willow\" there."},
        {"where": "line 9, column Relationship",
         "message": '"Godmother" is not a relationship Bridgebook knows (use a CBDS code '
                    'such as PAM, PAF or CAR, or a word such as Mother).'},
    ]
    assert people() == before


def test_import_csv_combined_file_as_a_pupils_file_is_refused(world):
    status, out = run("import_csv", COMBINED, "--school", "101001")
    assert status == 1
    assert "line 3, column UPN: The same pupil (G801200026001) is already on line 2" in out


def test_combined_file_takes_no_second_file(world):
    with pytest.raises(CommandError, match="give a combined file alone") as error:
        call_command("import_csv", COMBINED, "--kind", "combined", "--contacts", CONTACTS,
                     "--school", "101001", stdout=StringIO())
    assert error.value.returncode == 2


def test_the_schools_saved_combined_mapping_is_used(world, tmp_path):
    odd = tmp_path / "family.csv"
    odd.write_text("UPN,Child,Family,Born,Carer,Carer Surname,Carer ID\n"
                   "K801200026003,Sam,Patel,21/07/2015,Priya,Patel,C3\n"
                   "K801200026003,Sam,Patel,21/07/2015,Raj,Patel,C4\n")
    ColumnMapping.objects.create(school=world.school, file_kind="combined", mapping={
        "legal_first_name": "Child", "legal_last_name": "Family", "date_of_birth": "Born",
        "first_name": "Carer", "last_name": "Carer Surname", "contact_id": "Carer ID"})
    status, result = run_json("import_csv", str(odd), "--kind", "combined",
                              "--school", "101001")
    assert status == 0, result
    assert (result["counts"]["pupils_created"], result["counts"]["contacts_created"],
            result["counts"]["links_created"]) == (1, 2, 2)


# Common Transfer Files -------------------------------------------------------------------

def test_import_ctf_siblings_share_contacts_and_reimport_changes_nothing(world):
    path = str(FIXTURES / "ctf_siblings.xml")
    status, result = run_json("import_ctf", path, "--school", "101001")
    assert status == 0, result
    counts = result["counts"]
    assert counts["pupils_created"] == 3
    assert counts["pupils_missing"] == 0  # the school's other pupils are not "missing"
    assert counts["links_created"] > counts["contacts_created"]  # shared by siblings
    before = people()

    status, again = run_json("import_ctf", path, "--school", "101001")
    assert status == 0
    assert {key: again["counts"][key] for key in (
        "pupils_created", "pupils_updated", "contacts_created", "contacts_updated",
        "links_created", "links_updated")} == dict.fromkeys(
        ("pupils_created", "pupils_updated", "contacts_created", "contacts_updated",
         "links_created", "links_updated"), 0)
    assert people() == before


def test_import_ctf_court_order_restricts(world):
    status, result = run_json("import_ctf", str(FIXTURES / "ctf_court_order.xml"),
                              "--school", "101001")
    assert status == 0, result
    restricted = PupilContact.objects.filter(is_restricted=True,
                                             pupil__school=world.school).exclude(
        contact=world.restricted_contact)
    assert restricted.exists()
    assert all(link.restriction_note for link in restricted)


@pytest.mark.parametrize("name", ["ctf_truncated.xml", "ctf_billion_laughs.xml",
                                  "ctf_wrong_root.xml", "ctf_missing_upn.xml"])
def test_import_ctf_refuses_bad_files_and_imports_nothing(world, name):
    before = people()
    status, result = run_json("import_ctf", str(FIXTURES / name), "--school", "101001")
    assert status == 1
    assert result["status"] == "refused" and result["errors"]
    assert all(error["where"] and error["message"] for error in result["errors"])
    assert people() == before


def test_import_ctf_dry_run(world):
    before = people()
    status, result = run_json("import_ctf", str(FIXTURES / "ctf_v25_full.xml"),
                              "--school", "101001", "--dry-run")
    assert status == 0, result
    assert result["dry_run"] is True and result["counts"]["pupils_created"] >= 1
    assert people() == before
