"""Reading the DfE Common Transfer File: fixtures, refusals, problems, safety and memory.

Parsing touches no database. The fixtures are written for these tests from the published
structure of the CTF; every person in them is fictional.
"""

import datetime
import importlib.util
import io
import time
import tracemalloc
import weakref
from pathlib import Path

import pytest

from bridgebook.imports import ctf
from bridgebook.imports.ctf import read_ctf
from bridgebook.imports.languages import BRIDGEBOOK_LANGUAGES, CBDS_TO_ISO, cbds_to_iso
from bridgebook.imports.records import FileRefused, HouseholdRecord

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[3]


def read(name: str):
    with open(FIXTURES / name, "rb") as handle:
        return read_ctf(handle)


def read_bytes(data: bytes):
    return read_ctf(io.BytesIO(data))


def document(pupils: str, *, version: str = "25.0", encoding: str = "UTF-8") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<CTfile>\n  <Header>\n'
            f"    <CTFversion>{version}</CTFversion>\n  </Header>\n  <CTFpupilData>\n"
            f"{pupils}  </CTFpupilData>\n</CTfile>\n")


def pupil(upn="A823400125001", surname="Quill", forename="Ada", dob="2014-01-02",
          extra=""):
    return (f"    <Pupil><UPN>{upn}</UPN><Surname>{surname}</Surname>"
            f"<Forename>{forename}</Forename><DOB>{dob}</DOB><Sex>F</Sex>{extra}</Pupil>\n")


def refused(data: bytes) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read_bytes(data)
    return caught.value


def by_key(parsed):
    return {contact.key: contact for contact in parsed.contacts}


def links_of(parsed, upn):
    return [link for link in parsed.links if link.pupil_key == upn]


# -- Good files ---------------------------------------------------------------------------


def test_version_25_file_with_sex_reads_every_block():
    parsed = read("ctf_v25_full.xml")

    assert parsed.kind == "ctf"
    assert parsed.problems == []
    assert parsed.source_school == {
        "LEA": "823", "Estab": "4001", "URN": "199001", "SchoolName": "Oakleigh School",
        "version": "25.0", "dest": {"LEA": "823", "Estab": "7002", "URN": "199002"},
    }
    amara, rayan = parsed.pupils
    assert amara.upn == "A823400125001"
    assert amara.source == "Pupil 1 (UPN A823400125001) (line 26)"
    assert (amara.legal_first_name, amara.legal_last_name) == ("Amara", "Okafor-Lindqvist")
    assert (amara.preferred_first_name, amara.preferred_last_name) == ("Mara", "Okafor")
    assert amara.date_of_birth == datetime.date(2014, 9, 12)
    assert amara.home_language == "pl"          # the home language (H) over the first (F)
    assert amara.has_ehcp is True               # the latest provision, E
    assert amara.areas_of_need == ["ASD", "SLCN"]   # in SENrank order
    assert amara.household == HouseholdRecord(
        address_line_1="Flat 2, 14 Larkspur Road", address_line_2="Eastbrook",
        town="Exampleton", postcode="EX1 4LR", home_phone="01632 960123")

    assert rayan.upn == "B82340012600A"          # a temporary UPN ends in a letter
    assert rayan.home_language == "bn"           # BNGS, Sylheti
    assert rayan.has_ehcp is False               # K, SEN support
    assert rayan.areas_of_need == ["MLD"]        # NSA names no need
    assert rayan.household == HouseholdRecord(
        address_line_1="9 Harbour View", address_line_2="Quayside", town="Exampleton",
        postcode="EX3 7HV")

    ngozi, erik, adaeze, shirin = parsed.contacts
    assert (ngozi.title, ngozi.first_name, ngozi.last_name) == ("Ms", "Ngozi", "Okafor")
    assert ngozi.mobile == "+447700900101"       # the M number, not the work landline
    assert ngozi.email == "ngozi.okafor@example.org"
    assert ngozi.household is amara.household
    assert erik.mobile == "+447700900102"
    assert adaeze.household == HouseholdRecord(
        address_line_1="Rose Cottage, Mill Lane", town="Sampleford", postcode="SF2 9QT",
        home_phone="01632 960777")
    assert adaeze.mobile == ""                   # a home landline is not a mobile
    assert shirin.mobile == "+447700900103"      # a daytime number that is a mobile

    links = {(link.pupil_key, link.contact_key): link for link in parsed.links}
    mum = links[("A823400125001", ngozi.key)]
    assert (mum.relationship, mum.parental_responsibility, mum.lives_with_pupil,
            mum.priority, mum.court_order) == ("PAM", True, True, 1, False)
    assert mum.source == "Pupil 1 (UPN A823400125001), contact 1"
    assert mum.not_stated == frozenset()
    dad = links[("A823400125001", erik.key)]
    assert (dad.relationship, dad.parental_responsibility, dad.priority) == ("PAF", True, 2)
    gran = links[("A823400125001", adaeze.key)]
    assert (gran.relationship, gran.parental_responsibility, gran.lives_with_pupil,
            gran.priority) == ("REL", False, False, 3)
    assert links[("B82340012600A", shirin.key)].parental_responsibility is True   # "Y"


def test_version_19_file_with_gender():
    parsed = read("ctf_v19_gender.xml")

    assert parsed.problems == []
    assert parsed.source_school["version"] == "19.0"
    (luca,) = parsed.pupils
    assert (luca.legal_first_name, luca.date_of_birth) == ("Luca", datetime.date(2011, 5, 3))
    assert luca.home_language == "ro"
    assert (luca.has_ehcp, luca.areas_of_need) == (True, ["SLD"])
    (elena,) = parsed.contacts
    assert (elena.email, elena.mobile) == ("elena.marin@example.org", "+447700900201")
    assert parsed.links[0].lives_with_pupil is True


@pytest.mark.parametrize("element", ["<Sex>M</Sex>", "<Gender>M</Gender>", ""])
@pytest.mark.parametrize("version", ["19.0", "20.0", "21.0", "22.0", "23.0", "24.0", "25.0",
                                     "25", "24.1"])
def test_every_supported_version_with_sex_or_gender(version, element):
    parsed = read_bytes(document(
        "    <Pupil><UPN>A823400125001</UPN><Surname>Quill</Surname><Forename>Ada"
        f"</Forename><DOB>2014-01-02</DOB>{element}</Pupil>\n", version=version).encode())

    assert parsed.problems == []
    assert parsed.pupils[0].legal_first_name == "Ada"


def test_partial_file_leaves_what_it_does_not_say_unknown():
    parsed = read("ctf_partial.xml")

    assert parsed.problems == []
    isla, tomas = parsed.pupils
    assert isla.household is None
    assert (isla.home_language, isla.has_ehcp, isla.areas_of_need) == ("", None, None)
    assert tomas.date_of_birth == datetime.date(2012, 2, 29)   # a real leap day
    (jana,) = parsed.contacts
    assert (jana.first_name, jana.email, jana.mobile, jana.household) == ("Jana", "", "", None)
    assert jana.key == "ctf:jana novak|Pupil 2 (UPN E823400123008), contact 1"
    (link,) = parsed.links
    assert link.priority == 1                    # its place in the list
    assert link.not_stated == {"priority", "relationship", "parental_responsibility",
                               "lives_with_pupil"}


def test_siblings_share_one_contact_per_parent():
    parsed = read("ctf_siblings.xml")

    assert parsed.problems == []
    assert [p.legal_first_name for p in parsed.pupils] == ["Anika", "Kabir", "Rohan"]
    names = [(c.first_name, c.last_name) for c in parsed.contacts]
    assert names == [("Priya", "Shah"), ("Dev", "Shah"), ("Meera", "Shah"),
                     ("Kusum", "Patel")]
    priya, dev, meera, kusum = parsed.contacts
    assert len({c.key for c in parsed.contacts}) == 4
    # Dev came with a mobile, then a mobile and email, then the email alone: one person,
    # and the record gathers what each listing knew.
    assert (dev.mobile, dev.email) == ("+447700900301", "dev.shah@example.org")
    assert priya.source == "Pupil 1 (UPN F823400120001), contact 1"

    linked = {}
    for link in parsed.links:
        linked.setdefault(link.contact_key, []).append(link.pupil_key)
    assert linked == {
        priya.key: ["F823400120001", "F823400121002", "F823400123003"],
        dev.key: ["F823400120001", "F823400121002", "F823400123003"],
        meera.key: ["F823400120001"],
        kusum.key: ["F823400123003"],
    }
    rohan_dad, rohan_mum, _gran = links_of(parsed, "F823400123003")
    assert (rohan_dad.contact_key, rohan_dad.priority) == (dev.key, 1)   # order per child
    assert (rohan_mum.contact_key, rohan_mum.priority) == (priya.key, 2)


def test_siblings_at_one_address_share_a_contact_with_no_email_or_mobile():
    home = ("<Address><BS7666Address><PAON>5</PAON><Street>Elm Row</Street>"
            "</BS7666Address><PostCode>EX9 9EE</PostCode></Address>")
    elsewhere = home.replace("EX9 9EE", "SF9 9SS")
    grandad = ("<Contacts><Contact><Surname>Quill</Surname><Forename>Bert</Forename>"
               "<AddressAsPupil>true</AddressAsPupil></Contact></Contacts>")
    parsed = read_bytes(document(
        pupil("A823400125001", extra=home + grandad)
        + pupil("A823400125002", forename="Bo", extra=home + grandad)
        + pupil("A823400125003", forename="Cy", extra=elsewhere + grandad)).encode())

    assert parsed.problems == []
    # The same name at the same address is one person; at another address, another.
    assert len(parsed.contacts) == 2
    assert [link.contact_key for link in parsed.links] == [
        parsed.contacts[0].key, parsed.contacts[0].key, parsed.contacts[1].key]


def test_separated_parents_get_their_own_households():
    parsed = read("ctf_separated.xml")

    assert parsed.problems == []
    (niamh,) = parsed.pupils
    siobhan, conor, declan = parsed.contacts
    mum, dad, step = parsed.links

    assert siobhan.household is niamh.household
    assert (mum.lives_with_pupil, mum.relationship) == (True, "PAM")

    assert conor.household == HouseholdRecord(
        address_line_1="Flat 7, Alder House, Canal Street", town="Sampleford",
        postcode="SF4 8CS", home_phone="01632 960402")
    assert conor.household.key() != niamh.household.key()
    assert (dad.lives_with_pupil, dad.parental_responsibility) == (False, True)
    assert dad.not_stated == frozenset()         # "lives with: no" is stated

    # The step-father's own Address is the pupil's, written with a squashed postcode.
    assert declan.household is niamh.household
    assert (step.lives_with_pupil, step.relationship) == (True, "STF")


def test_court_order_in_supplier_blocks():
    parsed = read("ctf_court_order.xml")

    assert parsed.problems == []
    orders = {(link.pupil_key, link.priority): link.court_order for link in parsed.links}
    assert orders == {
        ("H823400122020", 1): False,   # SuppInfo says CourtOrder false
        ("H823400122020", 2): True,    # SuppInfo under the contact
        ("J823400121021", 1): False,
        ("J823400121021", 2): True,    # SuppInfo under the pupil, naming ContactOrder 2
    }


def test_text_stream_and_other_encodings():
    xml = document(pupil(surname="Zoë", forename="Łucja", extra="<Contacts><Contact>"
                         "<Surname>Müller</Surname><Forename>Jürgen</Forename>"
                         "<Email>j@example.org</Email></Contact></Contacts>"))
    from_text = read_ctf(io.StringIO(xml))
    from_utf16 = read_bytes(xml.replace("UTF-8", "UTF-16").encode("utf-16"))
    from_bom = read_bytes(b"\xef\xbb\xbf" + xml.encode())
    for parsed in (from_text, from_utf16, from_bom):
        assert parsed.problems == []
        assert parsed.pupils[0].legal_last_name == "Zoë"
        assert parsed.contacts[0].first_name == "Jürgen"

    latin = document(pupil(surname="Zoë", forename="René"), encoding="windows-1252")
    assert read_bytes(latin.encode("cp1252")).pupils[0].legal_last_name == "Zoë"


# -- Languages ----------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "iso"), [
    ("ENG", "en"), ("ENB", "en"), ("POL", "pl"), ("RMN", "ro"), ("PNJ", "pa"), ("PNJM", "pa"),
    ("PNJG", "pa"), ("URD", "ur"), ("POR", "pt"), ("PORB", "pt"), ("SPA", "es"),
    ("ARA", "ar"), ("ARAA", "ar"), ("BNG", "bn"), ("BNGS", "bn"), ("BNGC", "bn"),
    ("GUJ", "gu"), ("ITA", "it"), ("LIT", "lt"), ("SOM", "so"), ("TUR", "tr"), ("TAM", "ta"),
    ("FRN", "fr"), ("CHI", "zh"), ("CHIC", "zh"), ("CHIM", "zh"), ("PRSD", "fa"),
    ("KURS", "ku"), ("UKR", "uk"), ("BSL", "bsl"), ("pol", "pl"), (" ENG ", "en"),
    # Real codes that name no language Bridgebook stores: nothing, and no problem.
    ("NOT", ""), ("REF", ""), ("OTB", ""), ("OTL", ""), ("VIE", ""), ("GER", ""),
    # Not a code at all.
    ("XYZ", None), ("", None), ("EN", None),
])
def test_cbds_language_codes(code, iso):
    assert cbds_to_iso(code) == iso


def test_language_table_points_only_at_iso_codes():
    for code, iso in CBDS_TO_ISO.items():
        assert code.isupper() and 3 <= len(code) <= 4
        assert iso.islower() and 2 <= len(iso) <= 3
    # Every language Bridgebook offers except Tigrinya can be read from a CTF.
    assert BRIDGEBOOK_LANGUAGES - set(CBDS_TO_ISO.values()) == {"ti"}


def test_language_known_to_cbds_but_not_bridgebook_is_left_blank():
    parsed = read_bytes(document(pupil(extra="<BasicDetails><Languages><Type><LanguageType>F"
                                             "</LanguageType><Language>VIE</Language></Type>"
                                             "</Languages></BasicDetails>")).encode())
    assert parsed.problems == []
    assert parsed.pupils[0].home_language == ""


# -- Per-record problems ------------------------------------------------------------------


def test_impossible_and_missing_dates():
    parsed = read("ctf_bad_dates.xml")

    assert [p.as_dict() for p in parsed.problems] == [
        {"where": "Pupil 1 (UPN K823400124101), DOB (line 16)",
         "message": "“2015-02-30” is not a real date for the date of birth "
                    "(expected YYYY-MM-DD)."},
        {"where": "Pupil 2 (UPN K823400124102), DOB (line 23)",
         "message": "“30/01/2015” is not a real date for the date of birth "
                    "(expected YYYY-MM-DD)."},
        {"where": "Pupil 3 (UPN K823400124103), DOB (line 26)",
         "message": "This pupil has no date of birth."},
    ]
    assert parsed.pupils[3].date_of_birth == datetime.date(2016, 7, 4)


def test_unknown_language_code_names_pupil_and_code():
    parsed = read("ctf_unknown_language.xml")

    (problem,) = parsed.problems
    assert problem.where == "Pupil 1 (UPN L823400124201), Languages/Type/Language (line 20)"
    assert problem.message == "“XYZ” is not a DfE (CBDS) language code Bridgebook knows."


def test_missing_and_malformed_upns():
    parsed = read("ctf_missing_upn.xml")

    assert [(p.where, p.message) for p in parsed.problems] == [
        ("Pupil 1 (no UPN), UPN (line 12)",
         "This pupil has no UPN; every pupil in a CTF needs one."),
        ("Pupil 2 (no UPN), UPN (line 18)",
         "This pupil has no UPN; every pupil in a CTF needs one."),
        ("Pupil 3 (UPN 12345), UPN (line 26)",
         "“12345” is not a UPN: a UPN is a letter followed by 12 characters (11 digits and a "
         "final digit or letter)."),
    ]


def test_duplicate_upn_names_both_pupils():
    parsed = read("ctf_duplicate_upn.xml")

    (problem,) = parsed.problems
    assert problem.where == "Pupil 3 (UPN M823400124301), UPN (line 27)"
    assert problem.message == ("UPN M823400124301 appears twice in this file: Pupil 1 "
                               "(line 12) has it too. Each pupil must appear once.")


def test_every_bad_code_in_a_pupil_is_reported():
    parsed = read("ctf_bad_codes.xml")

    where = "Pupil 1 (UPN N823400124401)"
    assert [(p.where, p.message) for p in parsed.problems] == [
        (f"{where}, SENprovision (line 21)", "“Q” is not a SEN provision code (N, K or E)."),
        (f"{where}, SENtype (line 24)",
         "“ZZZ” is not a SEN type of need code Bridgebook knows (SPLD, MLD, SLD, PMLD, SEMH, "
         "SLCN, HI, VI, MSI, PD, ASD, OTH)."),
        (f"{where}, contact 1, Order (line 30)",
         "“first” is not a contact order (a whole number from 1)."),
        (f"{where}, contact 1, Relationship (line 33)",
         "“UNC” is not a CBDS relationship code Bridgebook knows (PAM, PAF, STM, STF, FOM, "
         "FOF, CAR, CHM, FAM, REL, SWR, DOC, HTC, TCH, OTH)."),
        (f"{where}, contact 1, Responsibility (line 34)",
         "“maybe” is not a yes/no value for parental responsibility (true/false, 1/0 or "
         "Y/N)."),
        (f"{where}, contact 1, Email (line 39)", "“tess.orme@” is not an email address."),
        (f"{where}, contact 1, Phone (line 36)",
         "“07700 12” is marked as a mobile but is not a UK mobile number."),
        (f"{where}, contact 1, AddressAsPupil (line 40)",
         "“perhaps” is not a yes/no value for address as pupil (true/false, 1/0 or Y/N)."),
        (f"{where}, SuppInfo, CourtOrder (line 45)",
         "A court order in this pupil's supplier information does not name one of the "
         "pupil's contacts by its Order."),
    ]
    # A work number that is not a mobile is simply not used.
    assert not any("not a number" in p.message for p in parsed.problems)
    assert parsed.pupils[0].areas_of_need == ["PD"]


def test_problems_in_many_pupils_are_all_collected():
    parsed = read_bytes(document(
        pupil("A823400125001", dob="2015-02-30") + pupil("", forename="")
        + pupil("A823400125001", dob="")).encode())

    assert [p.where for p in parsed.problems] == [
        "Pupil 1 (UPN A823400125001), DOB (line 7)",
        "Pupil 2 (no UPN), UPN (line 8)",
        "Pupil 2 (no UPN), Forename (line 8)",
        "Pupil 3 (UPN A823400125001), UPN (line 9)",
        "Pupil 3 (UPN A823400125001), DOB (line 9)",
    ]


# -- Refused files ------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "message", "where"), [
    (b"", "The file is empty.", "file"),
    (b"  \r\n\t \n", "The file is empty.", "file"),
    (b"UPN,Surname,Forename,DOB\nA823400125001,Quill,Ada,2014-01-02\n",
     "This file is not XML: it looks like a CSV or spreadsheet export. A Common Transfer "
     "File is XML; use the CSV import for CSV files.", "line 1"),
    (b"\xef\xbb\xbfUPN;Surname\n", "it looks like a CSV", "line 1"),
    (b"Dear office\nplease find attached\n",
     "This file is not XML, so it cannot be a Common Transfer File.", "line 1"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
     "This is a PDF document, not a Common Transfer File, which is XML.", "file"),
    (b"PK\x03\x04\x14\x00\x06\x00", "This is a zip archive or a spreadsheet (such as .xlsx)",
     "file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "older Office document", "file"),
    (b"\x1f\x8b\x08\x00", "unpack it and upload the .xml file inside", "file"),
])
def test_files_that_are_not_xml_are_refused(data, message, where):
    error = refused(data)
    assert message in str(error)
    assert error.problem.where == where


@pytest.mark.parametrize(("name", "message", "where"), [
    ("ctf_wrong_root.xml",
     "This is XML but not a Common Transfer File: its root element is <SchoolCensus>, where "
     "a CTF has <CTfile>.", "line 3"),
    ("ctf_truncated.xml",
     "The file ends part-way through its XML at line 42: it may have been cut short while "
     "being copied or downloaded. Nothing was read.", "line 42, column 5"),
    ("ctf_billion_laughs.xml",
     "This file declares XML entities, which a CTF never does; it was not read.", "line 2"),
    ("ctf_external_entity.xml",
     "This file declares XML entities, which a CTF never does; it was not read.", "line 2"),
    ("ctf_external_dtd.xml",
     "This file refers to a document type definition (DTD), which a CTF never does; it was "
     "not read.", "line 2"),
    ("ctf_old_version.xml",
     "This CTF is version 18.0; Bridgebook reads versions 19 to 25. Ask the sending school "
     "for a file in a current version.", "Header (line 3)"),
])
def test_broken_fixtures_are_refused(name, message, where):
    with pytest.raises(FileRefused) as caught:
        read(name)
    assert str(caught.value) == message
    assert caught.value.problem.where == where
    assert caught.value.problem.message == message


@pytest.mark.parametrize(("data", "message", "where"), [
    (document(pupil(), version="26.0"), "This CTF is version 26.0; Bridgebook reads versions "
     "19 to 25.", "Header (line 3)"),
    (document(pupil(), version="next"), "This CTF is version next;", "Header (line 3)"),
    (document(pupil(), version=""), "The CTF header has no CTFversion", "Header (line 3)"),
    ('<?xml version="1.0"?><CTfile><CTFpupilData/></CTfile>',
     "This CTF has no Header with a CTFversion", "CTfile"),
    ('<?xml version="1.0"?>\n<CTfile>\n<CTFpupilData>\n' + pupil() + "</CTFpupilData>"
     "<Header><CTFversion>25.0</CTFversion></Header></CTfile>",
     "This CTF has pupils before its Header", "line 4"),
    (document(""), "This CTF contains no pupils", "CTFpupilData"),
    (document(pupil()).replace("</Forename>", "</Surname>"),
     "This file is not well-formed XML (mismatched tag), so it could not be read.",
     "line 7, column 75"),
    (document(pupil(surname="&nbsp;")),
     "This file uses an XML entity that it does not declare", "line 7, column 45"),
    (document(pupil()).encode("utf-8").replace(b"Quill", b"Qu\xe9ll"),
     "This file is not well-formed XML (not well-formed (invalid token))", "line 7, column 47"),
    ("<?xml version='1.0'?>\n<CTfile>\n<Header><CTFversion>25.0</CTFversion></Header>\n"
     "<CTFpupilData>\n<Pupil><UPN>A8234",
     "The file ends part-way through its XML at line 5", "line 5, column 18"),
])
def test_unreadable_ctfs_are_refused_with_their_place(data, message, where):
    error = refused(data if isinstance(data, bytes) else data.encode())
    assert message in str(error)
    assert error.problem.where == where


def test_entity_bomb_is_refused_quickly_without_expanding():
    levels = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 20}">' for n in range(1, 12))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE CTfile [<!ENTITY l0 "laugh">{levels}]>'
            "<CTfile><Header><CTFversion>25.0</CTFversion></Header><CTFpupilData><Pupil>"
            "<UPN>A823400125001</UPN><Surname>&l11;</Surname></Pupil></CTFpupilData>"
            "</CTfile>").encode()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(FileRefused, match="declares XML entities"):
            read_bytes(bomb)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 0.5
    assert peak < 5_000_000


def test_entity_declared_without_a_doctype_start_is_still_refused():
    # Expat reports the DTD first; the entity handler is a second lock on the same door.
    reader = ctf._Reader()
    with pytest.raises(FileRefused, match="declares XML entities"):
        reader._entity("e", False, "x", None, None, None, None)


# -- A whole school -----------------------------------------------------------------------


def _make_ctf_module():
    spec = importlib.util.spec_from_file_location("make_ctf", REPO / "bench" / "make_ctf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def school_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("ctf") / "school.xml"
    counts = _make_ctf_module().make_ctf(path, 2000)
    return path, counts


def test_generated_school_reads_in_bounded_memory(school_file):
    path, counts = school_file
    tracemalloc.start()
    try:
        with open(path, "rb") as handle:
            parsed = read_ctf(handle)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert parsed.problems == []
    assert len(parsed.pupils) == counts["pupils"] == 2000
    assert len(parsed.contacts) == counts["contacts"]
    assert 3800 <= len(parsed.contacts) <= 4200
    assert len(parsed.links) == counts["links"]
    assert any(link.court_order for link in parsed.links)
    assert any(not link.lives_with_pupil for link in parsed.links if link.relationship == "PAF")
    # The file is ~10 MB; a whole ElementTree of it would take several times that.
    assert path.stat().st_size > 8_000_000
    assert peak < 50_000_000


def test_reader_holds_one_pupil_at_a_time(school_file, monkeypatch):
    path, _counts = school_file
    seen: list[weakref.ref] = []
    most_alive = 0
    real = ctf._read_pupil

    def watching(element, number, state):
        nonlocal most_alive
        seen.append(weakref.ref(element))
        most_alive = max(most_alive, sum(1 for ref in seen if ref() is not None))
        assert len(element) <= 20       # skipped blocks (attendance...) were never built
        real(element, number, state)

    monkeypatch.setattr(ctf, "_read_pupil", watching)
    with open(path, "rb") as handle:
        read_ctf(handle)

    assert len(seen) == 2000
    assert most_alive == 1
    assert all(ref() is None for ref in seen)


def test_generator_is_deterministic_and_streams(tmp_path):
    module = _make_ctf_module()
    first = tmp_path / "a.xml"
    second = tmp_path / "b.xml"
    assert module.main(["--pupils", "25", str(first)]) == 0
    module.make_ctf(second, 25)
    assert first.read_bytes() == second.read_bytes()
    parsed = read_ctf(io.BytesIO(first.read_bytes()))
    assert len(parsed.pupils) == 25
    assert parsed.problems == []
