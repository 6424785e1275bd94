"""Reading MIS CSV exports: encodings, separators, header names and every problem's place."""

import datetime
from pathlib import Path

import pytest
import time_machine

from bridgebook.imports.csv_reader import (
    guess_kind,
    guess_mapping,
    headers_of,
    read_combined_csv,
    read_contacts_csv,
    read_pupils_csv,
)
from bridgebook.imports.records import FileRefused
from bridgebook.people.forms import upn_check_letter

TODAY = datetime.date(2026, 3, 2)


def upn(serial: int) -> str:
    digits = f"801200028{serial:03d}"
    return upn_check_letter(digits) + digits


UPN1, UPN2, UPN3 = upn(1), upn(2), upn(3)
SIMS_HEADER = "UPN,Adno,Legal Forename,Legal Surname,Preferred Forename,DOB,Reg Group," \
              "Home Language"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)):
        yield


def problems(parsed) -> list[tuple[str, str]]:
    return [(problem.where, problem.message) for problem in parsed.problems]


def pupils(*rows: str, header: str = SIMS_HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


# Encodings and separators ----------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_reads_what_spreadsheets_save(encoding, separator):
    text = separator.join(["UPN", "Legal Forename", "Legal Surname", "DOB", "Reg Group"]) + \
        "\r\n" + separator.join([UPN1, "Zoë", "O'Brien", "14/03/2014", "Café £5 Club"]) + "\r\n"
    parsed = read_pupils_csv(text.encode(encoding))
    assert problems(parsed) == []
    [record] = parsed.pupils
    assert (record.upn, record.legal_first_name, record.class_name) == (
        UPN1, "Zoë", "Café £5 Club")
    assert record.date_of_birth == datetime.date(2014, 3, 14)


def test_byte_order_mark_is_not_part_of_the_first_header():
    data = pupils(f"{UPN1},1,Ann,Lee,,01/01/2015,,").decode().encode("utf-8-sig")
    assert headers_of(data)[0] == "UPN"
    assert read_pupils_csv(data).pupils[0].upn == UPN1


def test_semicolon_file_with_commas_inside_values():
    data = "UPN;Legal Forename;Legal Surname;DOB;Reg Group\n" \
           f"{UPN1};Ann;Lee, Smith;01/01/2015;Class 1, upper\n".encode("cp1252")
    [record] = read_pupils_csv(data).pupils
    assert record.legal_last_name == "Lee, Smith" and record.class_name == "Class 1, upper"


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused_naming_the_line():
    # 0x81 is undefined in Windows-1252 and cannot start a UTF-8 character.
    data = pupils(f"{UPN1},1,Ann,Lee,,01/01/2015,,", f"{UPN2},2,Bob,Lee,,01/01/2015,,")
    data = data.replace(b"Bob", b"B\x81b")
    with pytest.raises(FileRefused) as refused:
        read_pupils_csv(data)
    assert refused.value.problem.where == "line 3"
    assert "neither UTF-8 nor Windows-1252" in str(refused.value)


def test_file_mixing_utf8_and_windows_1252_lines_is_refused():
    data = pupils(f"{UPN1},1,Zoë,Lee,,01/01/2015,,") + b"\n" + \
        f"{UPN2},2,Zoë,Lee,,01/01/2015,,".encode("cp1252")
    with pytest.raises(FileRefused) as refused:
        read_pupils_csv(data)
    assert refused.value.problem.where == "line 3"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "The file is empty."),
    (b"  \r\n", "The file is empty."),
    (b"PK\x03\x04rest-of-a-zip", "spreadsheet workbook"),
    (b"UPN,Forename\x00\x00", "not a text file"),
])
def test_files_that_are_not_csv_are_refused(data, message):
    with pytest.raises(FileRefused, match=message):
        read_pupils_csv(data)


def test_unclosed_quote_across_lines_keeps_line_numbers_right():
    data = pupils(f'{UPN1},1,"Ann\nMarie",Lee,,01/01/2015,,', f"{UPN2},2,Bob,Lee,,31/02/2015,,")
    assert problems(read_pupils_csv(data)) == [
        ("line 4, column DOB", '"31/02/2015" is not a real date.')]


# Header names --------------------------------------------------------------------------

def test_sims_style_headers():
    data = pupils(f"{UPN1},1001,Maja,Kowalska,Maya,14/03/2014,Willow,Polish")
    [record] = read_pupils_csv(data).pupils
    assert (record.mis_id, record.preferred_first_name, record.home_language) == (
        "1001", "Maya", "pl")


def test_arbor_style_headers_with_iso_dates_and_dfe_language_codes():
    data = pupils("P-77,Ann,Lee,2015-07-21,Oak,POL", "P-78,Bo,Lee,2016-01-02 00:00:00,Oak,ENB",
                  header="Pupil ID,First Name,Last Name,Date of Birth,Registration Group,"
                         "First Language")
    parsed = read_pupils_csv(data)
    assert problems(parsed) == []
    first, second = parsed.pupils
    assert (first.mis_id, first.key, first.home_language) == ("P-77", "mis:P-77", "pl")
    assert first.date_of_birth == datetime.date(2015, 7, 21)
    assert second.date_of_birth == datetime.date(2016, 1, 2) and second.home_language == "en"


def test_guess_mapping_and_kind():
    headers = ["UPN", "Contact ID", "Priority", "Relationship", "Parental Responsibility",
               "Lives With Pupil", "Title", "Forename", "Surname", "Email", "Mobile",
               "Court Order", "Post Code"]
    assert guess_kind(headers) == "contacts"
    assert guess_mapping(headers) == {
        "pupil_upn": "UPN", "contact_id": "Contact ID", "priority": "Priority",
        "relationship": "Relationship", "parental_responsibility": "Parental Responsibility",
        "lives_with_pupil": "Lives With Pupil", "title": "Title", "first_name": "Forename",
        "last_name": "Surname", "email": "Email", "mobile": "Mobile",
        "court_order": "Court Order", "postcode": "Post Code"}
    assert guess_kind(["UPN", "Forename", "Surname", "DOB"]) == "pupils"
    assert guess_mapping([" reg. group ", "D.O.B"], "pupils") == {
        "date_of_birth": "D.O.B", "class_name": " reg. group "}


def test_mapping_chosen_by_the_office_overrides_the_guess():
    data = pupils(f"{UPN1},Ann,Lee,01/01/2015,Kestrel,Robin",
                  header="UPN,Child,Family name,Born,Forename,Form")
    mapping = {"legal_first_name": "Child", "legal_last_name": "Family name",
               "date_of_birth": "Born", "class_name": "Form"}
    [record] = read_pupils_csv(data, mapping).pupils
    assert (record.legal_first_name, record.class_name) == ("Ann", "Robin")


def test_mapping_naming_a_column_the_file_lacks():
    data = pupils(f"{UPN1},Ann,Lee,01/01/2015", header="UPN,Forename,Surname,DOB")
    parsed = read_pupils_csv(data, {"class_name": "Tutor"})
    assert problems(parsed) == [
        ("line 1", 'The column "Tutor" chosen for registration group is not in this file.')]


def test_missing_required_columns_are_named():
    parsed = read_pupils_csv(b"Forename,Surname\nAnn,Lee\n")
    assert problems(parsed) == [
        ("line 1", 'The file has no UPN or pupil id column (looked for "UPN", '
                   '"Unique Pupil Number", "Pupil UPN").'),
        ("line 1", 'The file has no date of birth column (looked for "DOB", '
                   '"Date of Birth", "Birth Date").'),
    ]
    assert parsed.pupils == []


def test_headers_of():
    assert headers_of("\ufeffUPN;Forename\n".encode()) == ["UPN", "Forename"]


# Problems in pupil rows ----------------------------------------------------------------

def test_every_pupil_problem_names_its_line_and_column():
    data = pupils(
        f"{UPN1},1,Ann,Lee,,01/01/2015,,",
        ",,Nobody,Known,,01/01/2015,,",                      # no UPN and no pupil id
        f"{UPN2},3,Bad,Date,,31/02/2015,,",                  # impossible date
        f"{UPN3},4,Not,Born,,01/01/2027,,",                  # in the future
        "A801200028009,5,Bad,Check,,01/01/2015,,",           # wrong check letter
        "12345,6,Bad,Shape,,01/01/2015,,",                   # not a UPN
        ",7,Odd,Date,,2015/13/01,,",                         # not a date format
        ",8,Odd,Language,,01/01/2015,,Klingon",              # unknown language
        f"{UPN1},9,Ann,Again,,01/01/2015,,",                 # same pupil twice
        ",10,,,,,,",                                         # no names, no date
        ",7,Same,Adno,,01/01/2015,,",                        # same pupil id twice
        ",12,Very,Old,,01/01/1990,,",                        # older than any pupil
    )
    assert problems(read_pupils_csv(data)) == [
        ("line 3, column UPN", "The pupil has no UPN and no pupil id; give at least one."),
        ("line 4, column DOB", '"31/02/2015" is not a real date.'),
        ("line 5, column DOB", "The date of birth 01/01/2027 is in the future."),
        ("line 6, column UPN", '"A801200028009" is not a valid UPN: its check letter is wrong.'),
        ("line 7, column UPN", '"12345" is not a UPN: a UPN is a letter and 12 digits.'),
        ("line 8, column DOB", '"2015/13/01" is not a date. Write dates as dd/mm/yyyy, '
                               'for example 27/03/2015.'),
        ("line 9, column Home Language", '"Klingon" is not a language Bridgebook knows.'),
        ("line 10, column UPN", f"The same pupil ({UPN1}) is already on line 2; each pupil "
                                "should appear once."),
        ("line 11, column Legal Forename", "The pupil's legal forename is missing."),
        ("line 11, column Legal Surname", "The pupil's legal surname is missing."),
        ("line 11, column DOB", "The date of birth is missing."),
        ("line 12, column Adno", "The same pupil (7) is already on line 8; each pupil should "
                                 "appear once."),
        ("line 13, column DOB", "The date of birth 01/01/1990 is more than 25 years ago."),
    ]


def test_blank_rows_are_skipped_and_sen_columns_read():
    data = pupils(",,,,", f"{UPN1},Ann,Lee,01/01/2015,E,ASD", f"{UPN2},Bo,Lee,01/01/2015,X,ZZ",
                  header="UPN,Forename,Surname,DOB,SEN Provision,Primary Need")
    parsed = read_pupils_csv(data)
    assert parsed.pupils[0].has_ehcp is True and parsed.pupils[0].areas_of_need == ["ASD"]
    assert problems(parsed) == [
        ("line 4, column SEN Provision", '"X" is not a SEN provision code (E, K or N).'),
        ("line 4, column Primary Need", '"ZZ" is not a SEN need code (for example ASD, SLD, '
                                        'PMLD).'),
    ]


# Contacts ------------------------------------------------------------------------------

CONTACTS_HEADER = "UPN,Pupil ID,Contact ID,Priority,Relationship,Parental Responsibility," \
                  "Lives With Pupil,Title,Forename,Surname,Email,Mobile,Language,Court Order," \
                  "Address Line 1,Town,Postcode"


def contacts(*rows: str) -> bytes:
    return "\n".join([CONTACTS_HEADER, *rows]).encode()


def test_contact_on_several_rows_is_one_contact_linked_to_each_sibling():
    parsed = read_contacts_csv(contacts(
        f"{UPN1},,C1,1,PAM,T,T,Mrs,Anna,Kowalska,Anna.K@Family.example,07700 900101,Polish,F,"
        "12 Oak Lane,Leeds,ls6 2ab",
        f"{UPN2},,C1,1,Mother,Yes,Yes,Mrs,Anna,Kowalska,anna.k@family.example,07700900101,POL,"
        "No,12 Oak Lane,Leeds,LS6 2AB",
        ",1003,C2,,Grandmother,n,0,,Meera,Patel,,,,,,,",
    ))
    assert problems(parsed) == []
    anna, meera = parsed.contacts
    assert (anna.key, anna.mis_id, anna.email, anna.mobile, anna.language) == (
        "C1", "C1", "anna.k@family.example", "+447700900101", "pl")
    assert anna.household.postcode == "LS6 2AB"
    assert meera.household is None
    first, second, third = parsed.links
    assert (first.pupil_key, first.contact_key, first.relationship) == (UPN1, "C1", "PAM")
    assert first.parental_responsibility and first.lives_with_pupil and not first.court_order
    assert (second.pupil_key, second.relationship) == (UPN2, "PAM")
    assert (third.pupil_key, third.relationship, third.priority) == ("mis:1003", "FAM", 1)
    assert not third.parental_responsibility
    assert third.not_stated == frozenset({"priority"})


def test_contacts_without_ids_are_one_person_when_name_and_details_match():
    data = "UPN,Forename,Surname,Mobile\n" \
           f"{UPN1},Anna,Kowalska,07700900101\n{UPN2},anna,KOWALSKA,07700 900101\n" \
           f"{UPN2},Anna,Kowalska,07700900999\n"
    parsed = read_contacts_csv(data.encode())
    assert len(parsed.contacts) == 2
    assert [link.contact_key for link in parsed.links][0] == parsed.links[1].contact_key
    assert parsed.links[1].priority == 1 and parsed.links[2].priority == 2
    assert parsed.links[0].not_stated == frozenset(
        {"relationship", "parental_responsibility", "lives_with_pupil", "priority"})


def test_every_contact_problem_names_its_line_and_column():
    parsed = read_contacts_csv(contacts(
        f"{UPN1},,C1,1,PAM,T,T,,Anna,Lee,not-an-email,07700900101,,,,,",
        f"{UPN1},,C2,1,PAM,T,T,,Bo,Lee,,0113 496 0000,,,,,",       # a landline
        f"{UPN1},,C3,x,PAM,Maybe,T,,Cy,Lee,,,,Perhaps,,,",
        f"{UPN1},,C4,1,Godmother,T,T,,Di,Lee,,,,,,,",
        ",,C5,1,PAM,T,T,,Ed,Lee,,,,,,,",                          # which pupil?
        f"{UPN2},,C1,1,PAM,T,T,,Anne,Lee,,,,,,,",                 # C1 with another name
        f"{UPN1},,C4,1,PAM,T,T,,Di,Lee,,,,,,,",                   # same link twice
        f"{UPN1},,C6,1,PAM,T,T,,,,,,Klingon,,,,",
    ))
    assert problems(parsed) == [
        ("line 2, column Email", '"not-an-email" is not an email address.'),
        ("line 3, column Mobile", '"0113 496 0000": Enter a mobile number: this looks like a '
                                  'landline.'),
        ("line 4, column Parental Responsibility", '"Maybe" should be T or F (or Yes or No).'),
        ("line 4, column Priority", '"x" is not a priority: use a whole number from 1.'),
        ("line 4, column Court Order", '"Perhaps" should be T or F (or Yes or No).'),
        ("line 5, column Relationship", '"Godmother" is not a relationship Bridgebook knows '
                                        '(use a CBDS code such as PAM, PAF or CAR, or a word '
                                        'such as Mother).'),
        ("line 6, column UPN", "The row does not say which pupil the contact is for: give "
                               "the pupil's UPN or pupil id."),
        ("line 7, column Forename", 'Contact C1 has forename "Anne" here but "Anna" on line 2.'),
        ("line 8, column Contact ID", "The same contact for the same pupil is already on "
                                      "line 5."),
        ("line 9, column Language", '"Klingon" is not a language Bridgebook knows.'),
        ("line 9, column Forename", "The contact's forename is missing."),
        ("line 9, column Surname", "The contact's surname is missing."),
    ]


def test_contacts_file_needs_a_pupil_column():
    parsed = read_contacts_csv(b"Contact ID,Forename,Surname\nC1,Ann,Lee\n")
    assert problems(parsed)[0][1].startswith("The file has no pupil's UPN or pupil id column")


# Pupils and contacts in one file -------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
COMBINED_FILE = (FIXTURES / "pupils_and_contacts.csv").read_text(encoding="utf-8")
COMBINED_HEADER = "UPN,Adno,Legal Forename,Legal Surname,DOB,Reg Group,Contact ID," \
                  "Contact Forename,Contact Surname,Relationship,Parental Responsibility," \
                  "Court Order,Contact Mobile"


def combined(*rows: str) -> bytes:
    return "\n".join([COMBINED_HEADER, *rows]).encode()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_combined_export_is_read_as_pupils_contacts_and_links(encoding):
    data = COMBINED_FILE.replace("\n", "\r\n").encode(encoding)
    assert guess_kind(headers_of(data)) == "combined"
    parsed = read_combined_csv(data)
    assert problems(parsed) == []
    # Ten rows, four pupils: each pupil once, with the line it was first on.
    assert [(p.source, p.upn, p.legal_first_name) for p in parsed.pupils] == [
        ("line 2", "G801200026001", "Maja"), ("line 5", "W801200026002", "Leon"),
        ("line 8", "K801200026003", "Samir"), ("line 11", "Z801200026004", "Zoë")]
    maja = parsed.pupils[0]
    assert (maja.mis_id, maja.preferred_first_name, maja.class_name, maja.home_language) == (
        "1001", "Maya", "Willow", "pl")
    assert maja.household.postcode == "LS6 2AB"  # the plain address columns are the pupil's
    anna, piotr, jo, priya, meera, dean = parsed.contacts
    assert (anna.key, anna.mobile, anna.language, anna.household) == (
        "C1", "+447700900101", "pl", None)
    assert str(piotr.household.postcode) == "BD1 3EF"  # "Contact Postcode": his own home
    assert (jo.key, jo.mis_id) == ("name:jo|reed||+447700900105|", "")
    assert meera.language == "gu"
    by_pupil: dict[str, list[tuple[str, str, int]]] = {}
    for link in parsed.links:
        by_pupil.setdefault(link.pupil_key, []).append(
            (link.contact_key, link.relationship, link.priority))
    assert by_pupil == {
        "G801200026001": [("C1", "PAM", 1), ("C2", "PAF", 2), (jo.key, "CHM", 3)],
        "W801200026002": [("C1", "PAM", 1), ("C2", "PAF", 2), (jo.key, "CHM", 3)],
        "K801200026003": [("C3", "PAM", 1), ("C4", "FAM", 2), ("C5", "STF", 3)],
    }  # Zoë has no contacts: her row's contact columns are blank
    court = [link for link in parsed.links if link.court_order]
    assert [(link.source, link.contact_key) for link in court] == [("line 10", "C5")]
    assert [link.lives_with_pupil for link in parsed.links if link.contact_key == "C1"] == [
        True, True]


def test_combined_rows_of_one_pupil_must_agree_on_the_pupils_columns():
    parsed = read_combined_csv(combined(
        f"{UPN1},1,Ann,Lee,14/03/2014,Oak,C1,Sue,Lee,Mother,T,F,07700900101",
        f"{UPN1},1,Ann,Lee,2014-03-14,Oak,C2,Tom,Lee,Father,T,F,07700900102",  # same date
        f"{UPN1},1,ann,LEE,15/03/2014,Oak,C3,Ray,Lee,Uncle,F,F,",              # DOB differs
        f"{UPN1},1,Ann,Lee,14/03/2014,,C4,Di,Lee,Aunt,F,F,",                    # class blank
        f"{UPN2},1,Ann,Lee,14/03/2014,Oak,C5,Al,Lee,Other,F,F,",                # another UPN
        f"{UPN1},9,Ann,Lee,31/02/2014,Elm,C6,Bo,Lee,Other,F,F,",
    ))
    assert problems(parsed) == [
        ("line 4, column DOB", "The date of birth differs from line 2 for the same pupil "
                               f"(UPN {UPN1}): \"15/03/2014\" here, \"14/03/2014\" there."),
        ("line 5, column Reg Group", "The registration group differs from line 2 for the same "
                                     f"pupil (UPN {UPN1}): blank here, \"Oak\" there."),
        ("line 6, column UPN", "The UPN differs from line 2 for the same pupil (pupil id 1): "
                               f"\"{UPN2}\" here, \"{UPN1}\" there."),
        # An unreadable date is one problem, not also a difference.
        ("line 7, column DOB", '"31/02/2014" is not a real date.'),
        ("line 7, column Adno", "The pupil id differs from line 2 for the same pupil "
                                f"(UPN {UPN1}): \"9\" here, \"1\" there."),
        ("line 7, column Reg Group", "The registration group differs from line 2 for the same "
                                     f"pupil (UPN {UPN1}): \"Elm\" here, \"Oak\" there."),
    ]
    assert len(parsed.pupils) == 1  # the pupil is read once, from the first row


def test_combined_pupil_without_contacts_and_rows_that_only_say_no():
    parsed = read_combined_csv(combined(
        f"{UPN1},1,Ann,Lee,14/03/2014,Oak,,,,,,,",
        f"{UPN2},2,Bo,Lee,14/03/2015,Oak,,,,,F,N,",    # only "no" in the yes-or-no columns
        f"{UPN3},3,Cy,Lee,14/03/2016,Oak,,,,,,T,",     # a court order for nobody named
    ))
    assert len(parsed.pupils) == 3 and parsed.links[0].pupil_key == UPN3
    assert problems(parsed) == [
        ("line 4, column Contact Forename", "The contact's forename is missing."),
        ("line 4, column Contact Surname", "The contact's surname is missing."),
    ]


def test_combined_contact_problems_are_named_as_in_a_contacts_file():
    parsed = read_combined_csv(combined(
        f"{UPN1},1,Ann,Lee,14/03/2014,Oak,C1,Sue,Lee,Mother,T,F,01134960000",
        f"{UPN2},2,Bo,Lee,14/03/2015,Oak,C1,Susan,Lee,Mother,T,F,",
        f"{UPN2},2,Bo,Lee,14/03/2015,Oak,C1,Sue,Lee,Mother,T,F,",
    ))
    assert problems(parsed) == [
        ("line 2, column Contact Mobile", '"01134960000": Enter a mobile number: this looks '
                                          'like a landline.'),
        ("line 3, column Contact Forename", 'Contact C1 has forename "Susan" here but "Sue" '
                                            'on line 2.'),
        ("line 4, column Contact ID", "The same contact for the same pupil is already on "
                                      "line 3."),
    ]


def test_combined_mapping_keeps_the_pupils_and_the_contacts_columns_apart():
    headers = COMBINED_FILE.splitlines()[0].split(",")
    mapping = guess_mapping(headers)
    assert {field: mapping[field] for field in (
        "legal_first_name", "home_language", "postcode", "first_name", "language",
        "contact_postcode", "relationship", "court_order")} == {
        "legal_first_name": "Legal Forename", "home_language": "Home Language",
        "postcode": "Postcode", "first_name": "Contact Forename",
        "language": "Contact Language", "contact_postcode": "Contact Postcode",
        "relationship": "Relationship", "court_order": "Court Order"}
    # Contact columns without the pupil's date of birth are a contacts export.
    assert guess_kind(["UPN", "Contact ID", "Forename", "Surname", "Reg Group"]) == "contacts"


def test_combined_file_needs_the_pupils_and_the_contacts_columns():
    parsed = read_combined_csv(b"UPN,Legal Forename,Legal Surname,Contact ID\n")
    assert problems(parsed) == [
        ("line 1", 'The file has no date of birth column (looked for "DOB", '
                   '"Date of Birth", "Birth Date").'),
        ("line 1", "The file has no contact's forename column (looked for "
                   '"Contact Forename", "Contact First Name").'),
        ("line 1", "The file has no contact's surname column (looked for "
                   '"Contact Surname", "Contact Last Name").'),
    ]


def test_a_pupils_file_still_refuses_a_repeated_pupil():
    parsed = read_pupils_csv(COMBINED_FILE.encode())
    assert problems(parsed)[0] == (
        "line 3, column UPN", "The same pupil (G801200026001) is already on line 2; each "
                              "pupil should appear once.")
