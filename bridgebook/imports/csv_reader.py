"""Reading pupil and contact CSV exports from an English MIS (SIMS, Arbor, Bromcom...).

Three kinds of file: a pupils export (a pupil a row), a contacts export (a pupil-contact
pair a row, naming the pupil by UPN or pupil id) and a combined export, as SIMS' and Arbor's
contact reports make: a pupil-contact pair a row with the pupil's own columns repeated on
each of the pupil's rows.

Files are read as spreadsheets really save them: UTF-8 with or without a byte-order mark,
UTF-16 with one (Excel's "Unicode text"), or Windows-1252 (Excel's plain "CSV"); commas,
semicolons (Excel in many European locales) or tabs between values. Headers are matched to
Bridgebook's fields by the names MIS exports use ("Legal Forename", "Reg Group", "DOB"...),
or by a mapping the office chose on the import screen.

Nothing here touches the database: the result is a ``ParsedFile`` whose problems name the
line and column, as a spreadsheet shows them (the header is line 1).
"""

import csv
import datetime
import io
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from bridgebook.core.forms import is_valid_email, normalise_mobile
from bridgebook.imports.languages import cbds_to_iso
from bridgebook.imports.records import (
    ContactRecord,
    FileRefused,
    HouseholdRecord,
    LinkRecord,
    ParsedFile,
    Problem,
    PupilRecord,
)
from bridgebook.people.codes import LANGUAGES, AreaOfNeed, Relationship
from bridgebook.people.forms import (
    OLDEST_PUPIL_YEARS,
    UPN_PATTERN,
    normalise_upn,
    upn_check_letter,
    years_before,
)

PUPILS = "pupils"
CONTACTS = "contacts"
COMBINED = "combined"

# Our field → the headers MIS exports use for it, most specific first. Headers are compared
# ignoring case, spaces and punctuation ("Reg. Group" is "reg group").
ADDRESS_ALIASES: dict[str, list[str]] = {
    "address_line_1": ["Address Line 1", "Address 1", "Street", "House and Street",
                       "Address"],
    "address_line_2": ["Address Line 2", "Address 2", "Locality"],
    "town": ["Town", "Town or City", "City", "Post Town"],
    "postcode": ["Postcode", "Post Code", "Postal Code"],
    "home_phone": ["Home Phone", "Home Telephone", "Telephone", "Home Tel"],
}
PUPIL_ALIASES: dict[str, list[str]] = {
    "upn": ["UPN", "Unique Pupil Number", "Pupil UPN"],
    "mis_id": ["Pupil ID", "Admission No", "Admission Number", "Adno", "MIS ID", "Pupil MIS ID",
               "Person ID", "Student ID"],
    "legal_first_name": ["Legal Forename", "Legal First Name", "Forename", "First Name",
                         "Given Name"],
    "legal_last_name": ["Legal Surname", "Legal Last Name", "Surname", "Last Name",
                        "Family Name"],
    "preferred_first_name": ["Preferred Forename", "Preferred First Name", "Known As"],
    "preferred_last_name": ["Preferred Surname", "Preferred Last Name"],
    "date_of_birth": ["DOB", "Date of Birth", "Birth Date"],
    "class_name": ["Reg Group", "Registration Group", "Reg", "Form", "Tutor Group", "Class"],
    "home_language": ["Home Language", "First Language", "Language"],
    "admission_date": ["Admission Date", "Date of Admission", "Date of Entry", "Start Date"],
    "sen_provision": ["SEN Provision", "SEN Status", "SEN Stage"],
    "primary_need": ["Primary Need", "SEN Primary Need", "SEN Need"],
    **ADDRESS_ALIASES,
}
CONTACT_ALIASES: dict[str, list[str]] = {
    "pupil_upn": ["UPN", "Pupil UPN", "Unique Pupil Number"],
    "pupil_id": ["Pupil ID", "Pupil MIS ID", "Admission No", "Admission Number", "Adno",
                 "Student ID"],
    "contact_id": ["Contact ID", "Contact MIS ID", "Contact Person ID", "Contact No"],
    "priority": ["Priority", "Contact Priority", "Contact Order", "Order"],
    "relationship": ["Relationship", "Relationship to Pupil", "Relation"],
    "parental_responsibility": ["Parental Responsibility", "Has Parental Responsibility",
                                "Responsibility", "PR"],
    "lives_with_pupil": ["Lives With Pupil", "Lives With", "Resides With Pupil",
                         "Lives at Same Address"],
    "title": ["Title", "Contact Title"],
    "first_name": ["Contact Forename", "Contact First Name", "Forename", "First Name"],
    "last_name": ["Contact Surname", "Contact Last Name", "Surname", "Last Name"],
    "email": ["Email", "Email Address", "Contact Email", "E-mail"],
    "mobile": ["Mobile", "Mobile Phone", "Mobile Number", "Mobile Telephone", "Contact Mobile"],
    "language": ["Language", "Contact Language", "Home Language", "First Language"],
    "court_order": ["Court Order", "Court Order Flag", "Has Court Order"],
    **ADDRESS_ALIASES,
}


def _contact_side(aliases: list[str]) -> list[str]:
    """A contact column's headers in a combined file: "Contact Forename" before "Forename",
    and never a header that is the pupil's own ("Forename", "Address Line 1")."""
    pupil_headers = {alias.lower() for names in PUPIL_ALIASES.values() for alias in names}
    prefixed = [alias if alias.lower().startswith("contact") else f"Contact {alias}"
                for alias in aliases]
    plain = [alias for alias in aliases if alias.lower() not in pupil_headers]
    return list(dict.fromkeys(prefixed + plain))


# In a combined file the contact's address has its own columns ("Contact Postcode"); the
# plain address columns are the pupil's. A contact with no address who lives with the
# pupil shares the pupil's household.
CONTACT_ADDRESS = "contact_"
COMBINED_ALIASES: dict[str, list[str]] = {
    **PUPIL_ALIASES,
    **{field: _contact_side(aliases) for field, aliases in CONTACT_ALIASES.items()
       if field not in ("pupil_upn", "pupil_id") and field not in ADDRESS_ALIASES},
    **{CONTACT_ADDRESS + field: _contact_side(aliases)
       for field, aliases in ADDRESS_ALIASES.items()},
}
CONTACT_SIDE = [field for field in COMBINED_ALIASES if field not in PUPIL_ALIASES]
ALIASES = {PUPILS: PUPIL_ALIASES, CONTACTS: CONTACT_ALIASES, COMBINED: COMBINED_ALIASES}

FIELD_LABELS = {
    "upn": "UPN", "mis_id": "pupil id", "legal_first_name": "legal forename",
    "legal_last_name": "legal surname", "preferred_first_name": "preferred forename",
    "preferred_last_name": "preferred surname", "date_of_birth": "date of birth",
    "class_name": "registration group", "home_language": "home language",
    "admission_date": "admission date", "sen_provision": "SEN provision",
    "primary_need": "primary need", "address_line_1": "address line 1",
    "address_line_2": "address line 2", "town": "town", "postcode": "postcode",
    "home_phone": "home phone", "pupil_upn": "pupil's UPN", "pupil_id": "pupil id",
    "contact_id": "contact id", "priority": "priority", "relationship": "relationship",
    "parental_responsibility": "parental responsibility",
    "lives_with_pupil": "lives with pupil", "title": "title", "first_name": "forename",
    "last_name": "surname", "email": "email", "mobile": "mobile", "language": "language",
    "court_order": "court order",
}
FIELD_LABELS.update({CONTACT_ADDRESS + field: f"contact's {FIELD_LABELS[field]}"
                     for field in ADDRESS_ALIASES})
# On a combined file's mapping screen the contact's columns say whose they are.
LABELS = {
    PUPILS: FIELD_LABELS,
    CONTACTS: FIELD_LABELS,
    COMBINED: {**FIELD_LABELS, **{field: f"contact's {FIELD_LABELS[field]}" for field in (
        "title", "first_name", "last_name", "email", "mobile", "language")}},
}
# Columns a file cannot do without; a tuple means "at least one of these".
REQUIRED = {
    PUPILS: [("upn", "mis_id"), ("legal_first_name",), ("legal_last_name",),
             ("date_of_birth",)],
    CONTACTS: [("pupil_upn", "pupil_id"), ("first_name",), ("last_name",)],
}
REQUIRED[COMBINED] = [*REQUIRED[PUPILS], ("first_name",), ("last_name",)]

TRUE_WORDS = {"t", "true", "y", "yes", "1"}
FALSE_WORDS = {"f", "false", "n", "no", "0"}

# Relationship words seen in MIS exports → CBDS codes (codes themselves are accepted too).
RELATIONSHIP_WORDS = {
    "mother": "PAM", "mum": "PAM", "parent mother": "PAM",
    "father": "PAF", "dad": "PAF", "parent father": "PAF",
    "step mother": "STM", "stepmother": "STM", "step father": "STF", "stepfather": "STF",
    "foster mother": "FOM", "foster father": "FOF", "foster carer": "CAR", "carer": "CAR",
    "childminder": "CHM", "child minder": "CHM",
    "grandmother": "FAM", "grandfather": "FAM", "grandparent": "FAM", "aunt": "FAM",
    "uncle": "FAM", "brother": "FAM", "sister": "FAM", "sibling": "FAM",
    "other family member": "FAM", "family member": "FAM",
    "other relative": "REL", "relative": "REL",
    "social worker": "SWR", "doctor": "DOC", "gp": "DOC", "head teacher": "HTC",
    "headteacher": "HTC", "teacher": "TCH", "other": "OTH", "other contact": "OTH",
}
for _code, _label in Relationship.choices:
    RELATIONSHIP_WORDS.setdefault(str(_label).lower().replace("-", " "), _code)

# DfE SEN provision codes (CBDS): E is an EHC plan, K is SEN support, N is no special
# educational need.
SEN_PROVISION = {"E": True, "S": True, "K": False, "N": False}

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


# Reading bytes -------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """The file's text, or ``FileRefused`` naming the line that cannot be read."""
    if not data.strip():
        raise FileRefused("The file is empty.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("This is a spreadsheet workbook, not a CSV file. In the spreadsheet "
                          "choose Save As, then \"CSV UTF-8\".")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _undecodable(data, error.start) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if re.search(rb"[\x80-\xff]", data[:utf8_error.start]):
            # Earlier lines held UTF-8 letters, so this one was pasted in another encoding.
            raise _undecodable(data, utf8_error.start) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _undecodable(data, error.start) from None


def _undecodable(data: bytes, position: int) -> FileRefused:
    line = data.count(b"\n", 0, position) + 1
    return FileRefused(
        f"Line {line} holds characters that are neither UTF-8 nor Windows-1252 text. "
        "Save the file again as \"CSV UTF-8\" and upload that.", where=f"line {line}")


def _separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _rows(text: str):
    """(line number, cells) for every row; the header is line 1."""
    if "\x00" in text:
        raise FileRefused("This is not a text file. Export the data from the MIS as CSV.")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first_line))
    line = 1
    try:
        for cells in reader:
            yield line, [cell.strip() for cell in cells]
            line = reader.line_num + 1
    except csv.Error as error:
        raise FileRefused(f"Line {line} cannot be read as CSV ({error}). Check for an "
                          "unclosed quotation mark.", where=f"line {line}") from None


def headers_of(data: bytes) -> list[str]:
    """The file's column headers, for the mapping screen."""
    for _line, cells in _rows(decode(data)):
        if any(cells):
            return cells
    raise FileRefused("The file has no header row.")


# Mapping columns -----------------------------------------------------------------------

def _squash(header: str) -> str:
    """"D.O.B" and "DOB", "Reg. Group" and "reg group" are the same header."""
    header = re.sub(r"[.'’]", "", header.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", header).split())


def guess_kind(headers: list[str]) -> str:
    """"contacts" when the file looks like a contacts export, "combined" when it also has
    the pupil's date of birth (a pupil's own column, which a contacts export does without),
    else "pupils"."""
    squashed = {_squash(header) for header in headers}

    def has(aliases: dict[str, list[str]], *fields: str) -> bool:
        return any(squashed & {_squash(alias) for alias in aliases[field]}
                   for field in fields)

    if not has(CONTACT_ALIASES, "contact_id", "relationship", "parental_responsibility"):
        return PUPILS
    if has(PUPIL_ALIASES, "date_of_birth"):
        return COMBINED
    return CONTACTS


def guess_mapping(headers: list[str], kind: str | None = None) -> dict[str, str]:
    """{our field: the file's header} for every field whose usual header is in the file."""
    kind = kind or guess_kind(headers)
    by_squashed: dict[str, str] = {}
    for header in headers:
        if header:
            by_squashed.setdefault(_squash(header), header)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for field, aliases in ALIASES[kind].items():
        for alias in aliases:
            header = by_squashed.get(_squash(alias))
            if header is not None and header not in used:
                mapping[field] = header
                used.add(header)
                break
    return mapping


def _columns(headers: list[str], kind: str, mapping: dict | None,
             problems: list[Problem]) -> dict[str, int]:
    """{our field: column index}, after the office's mapping overrides the guess."""
    chosen = guess_mapping(headers, kind)
    for field, header in (mapping or {}).items():
        if field not in ALIASES[kind]:
            continue
        if not header:
            chosen.pop(field, None)
        elif header not in headers:
            problems.append(Problem("line 1", f"The column \"{header}\" chosen for "
                                              f"{LABELS[kind][field]} is not in this file."))
            chosen.pop(field, None)
        else:
            chosen[field] = header
    for needed in REQUIRED[kind]:
        if not any(field in chosen for field in needed):
            looked_for = ", ".join(f"\"{alias}\"" for alias in ALIASES[kind][needed[0]][:3])
            label = " or ".join(LABELS[kind][field] for field in needed)
            problems.append(Problem("line 1", f"The file has no {label} column "
                                              f"(looked for {looked_for})."))
    return {field: headers.index(header) for field, header in chosen.items()}


# Reading values ------------------------------------------------------------------------

class _Row:
    """One CSV row: values by our field name, with problems named by line and column."""

    def __init__(self, line: int, cells: list[str], columns: dict[str, int],
                 headers: list[str], problems: list[Problem]):
        self.line = line
        self.cells = cells
        self.columns = columns
        self.headers = headers
        self.problems = problems

    @property
    def source(self) -> str:
        return f"line {self.line}"

    def where(self, field: str) -> str:
        if field in self.columns:
            return f"line {self.line}, column {self.headers[self.columns[field]]}"
        return f"line {self.line}"

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.where(field), message))

    def get(self, field: str) -> str:
        index = self.columns.get(field)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def date(self, field: str) -> datetime.date | None:
        value = self.get(field)
        if not value:
            return None
        if match := _DMY.match(value):
            day, month, year = (int(part) for part in match.groups())
        elif match := _YMD.match(value):
            year, month, day = (int(part) for part in match.groups())
        else:
            self.problem(field, f"\"{value}\" is not a date. Write dates as dd/mm/yyyy, "
                                "for example 27/03/2015.")
            return None
        try:
            return datetime.date(year, month, day)
        except ValueError:
            self.problem(field, f"\"{value}\" is not a real date.")
            return None

    def flag(self, field: str) -> bool | None:
        value = self.get(field)
        if not value:
            return None
        if value.lower() in TRUE_WORDS:
            return True
        if value.lower() in FALSE_WORDS:
            return False
        self.problem(field, f"\"{value}\" should be T or F (or Yes or No).")
        return None

    def language(self, field: str) -> str:
        value = self.get(field)
        if not value:
            return ""
        code = language_code(value)
        if code is None:
            self.problem(field, f"\"{value}\" is not a language Bridgebook knows.")
            return ""
        return code

    def email(self, field: str = "email") -> str:
        value = self.get(field).lower()
        if value and not is_valid_email(value):
            self.problem(field, f"\"{value}\" is not an email address.")
            return ""
        return value

    def mobile(self, field: str = "mobile") -> str:
        value = self.get(field)
        if not value:
            return ""
        try:
            return normalise_mobile(value)
        except ValidationError as error:
            self.problem(field, f"\"{value}\": {error.messages[0]}.")
            return ""

    def household(self, prefix: str = "") -> HouseholdRecord | None:
        record = HouseholdRecord(**{field: self.get(prefix + field)
                                    for field in ADDRESS_ALIASES})
        record.postcode = record.postcode.upper()
        if record.is_empty():
            return None
        return record


_LANGUAGE_NAMES = {}
for _code, _english, _own in LANGUAGES:
    _LANGUAGE_NAMES[_code] = _code
    _LANGUAGE_NAMES[_english.lower()] = _code
    _LANGUAGE_NAMES[_own.lower()] = _code
_LANGUAGE_NAMES.update({"punjabi": "pa", "farsi": "fa", "mandarin": "zh", "cantonese": "zh",
                        "bangla": "bn", "sylheti": "bn", "bsl": "bsl"})


def language_code(value: str) -> str | None:
    """Bridgebook's code for a language name ("Polish"), ISO code ("pl") or DfE code ("POL").

    "" for a DfE code that names no language Bridgebook stores (NOT, REF, VIE...), which
    leaves the record's language as it is; None when the value is not a language at all.
    """
    name = _LANGUAGE_NAMES.get(value.strip().lower())
    if name is not None:
        return name
    return cbds_to_iso(value)


def _upn(row: _Row, field: str = "upn") -> str:
    upn = normalise_upn(row.get(field))
    if not upn:
        return ""
    if not UPN_PATTERN.match(upn):
        row.problem(field, f"\"{upn}\" is not a UPN: a UPN is a letter and 12 digits.")
        return ""
    if upn_check_letter(upn[1:]) != upn[0]:
        row.problem(field, f"\"{upn}\" is not a valid UPN: its check letter is wrong.")
        return ""
    return upn


def _data_rows(data: bytes, kind: str, mapping: dict | None, parsed: ParsedFile):
    """Each row after the header, blank ones skipped; none when the columns are wrong."""
    rows = _rows(decode(data))
    headers = _header(rows)
    columns = _columns(headers, kind, mapping, parsed.problems)
    if parsed.problems:
        return
    for line, cells in rows:
        if any(cells):
            yield _Row(line, cells, columns, headers, parsed.problems)


def _header(rows) -> list[str]:
    for _line, cells in rows:
        if any(cells):
            return cells
    raise FileRefused("The file has no header row.")


# Pupils --------------------------------------------------------------------------------

class _PupilColumns:
    """Reads a row's pupil columns, and remembers the row each pupil was first on."""

    def __init__(self):
        self.today = timezone.localdate()
        self.oldest = years_before(self.today, OLDEST_PUPIL_YEARS)
        self.first: dict[tuple[str, str], tuple[_Row, PupilRecord]] = {}

    def read(self, row: _Row) -> PupilRecord:
        upn = _upn(row)
        mis_id = row.get("mis_id")
        if not upn and not mis_id and not row.get("upn"):
            row.problem("upn", "The pupil has no UPN and no pupil id; give at least one.")
        record = PupilRecord(
            source=row.source, upn=upn, mis_id=mis_id,
            legal_first_name=row.get("legal_first_name"),
            legal_last_name=row.get("legal_last_name"),
            preferred_first_name=row.get("preferred_first_name"),
            preferred_last_name=row.get("preferred_last_name"),
            date_of_birth=row.date("date_of_birth"),
            class_name=row.get("class_name"),
            home_language=row.language("home_language"),
            admission_date=row.date("admission_date"),
            household=row.household(),
        )
        for field in ("legal_first_name", "legal_last_name"):
            if not getattr(record, field):
                row.problem(field, f"The pupil's {FIELD_LABELS[field]} is missing.")
        born = record.date_of_birth
        if born is None and not row.get("date_of_birth"):
            row.problem("date_of_birth", "The date of birth is missing.")
        elif born is not None and born > self.today:
            row.problem("date_of_birth", f"The date of birth {born:%d/%m/%Y} is in the future.")
        elif born is not None and born < self.oldest:
            row.problem("date_of_birth", f"The date of birth {born:%d/%m/%Y} is more than "
                                         f"{OLDEST_PUPIL_YEARS} years ago.")
        provision = row.get("sen_provision").upper()
        if provision:
            if provision in SEN_PROVISION:
                record.has_ehcp = SEN_PROVISION[provision]
            else:
                row.problem("sen_provision", f"\"{provision}\" is not a SEN provision code "
                                             "(E, K or N).")
        need = row.get("primary_need").upper()
        if need:
            if need in AreaOfNeed.values:
                record.areas_of_need = [need]
            else:
                row.problem("primary_need", f"\"{need}\" is not a SEN need code "
                                            "(for example ASD, SLD, PMLD).")
        return record

    def seen(self, record: PupilRecord) -> list[tuple[str, str, _Row, PupilRecord]]:
        """(field, value, first row, its record) for the record's UPN and pupil id, each
        when an earlier row had it."""
        return [(field, value, *self.first[(field, value)])
                for field, value in (("upn", record.upn), ("mis_id", record.mis_id))
                if value and (field, value) in self.first]

    def remember(self, row: _Row, record: PupilRecord) -> None:
        for field, value in (("upn", record.upn), ("mis_id", record.mis_id)):
            if value:
                self.first.setdefault((field, value), (row, record))


def read_pupils_csv(data: bytes, mapping: dict | None = None) -> ParsedFile:
    """Pupils from a CSV export; ``mapping`` is {our field: header} chosen by the office."""
    parsed = ParsedFile(kind="csv")
    pupils = _PupilColumns()
    for row in _data_rows(data, PUPILS, mapping, parsed):
        record = pupils.read(row)
        for field, value, first_row, _first in pupils.seen(record):
            row.problem(field, f"The same pupil ({value}) is already on line "
                               f"{first_row.line}; each pupil should appear once.")
        pupils.remember(row, record)
        parsed.pupils.append(record)
    return parsed


# Contacts ------------------------------------------------------------------------------

CONTACT_DETAILS = ("title", "first_name", "last_name", "email", "mobile")
LINK_COLUMNS = ("relationship", "parental_responsibility", "lives_with_pupil", "priority")


class _ContactColumns:
    """Reads a row's contact columns into ``parsed``: a contact on several rows (siblings)
    is one contact, linked to each row's pupil."""

    def __init__(self, parsed: ParsedFile, address_prefix: str = ""):
        self.parsed = parsed
        self.address_prefix = address_prefix
        self.by_key: dict[str, ContactRecord] = {}
        self.links_seen: dict[tuple[str, str], int] = {}
        self.position: dict[str, int] = {}

    def read(self, row: _Row, pupil_key: str) -> None:
        """The row's contact, and its link to the pupil ``pupil_key`` ("" when the row does
        not say which pupil; that problem is reported already)."""
        contact = ContactRecord(
            source=row.source, key="", mis_id=row.get("contact_id"),
            title=row.get("title"), first_name=row.get("first_name"),
            last_name=row.get("last_name"), email=row.email(), mobile=row.mobile(),
            language=row.language("language"), household=row.household(self.address_prefix),
        )
        for field in ("first_name", "last_name"):
            if not getattr(contact, field):
                row.problem(field, f"The contact's {FIELD_LABELS[field]} is missing.")
        contact.key = _contact_key(contact)
        earlier = self.by_key.get(contact.key)
        if earlier is None:
            self.by_key[contact.key] = contact
            self.parsed.contacts.append(contact)
        else:
            _check_same_contact(row, earlier, contact)
        if not pupil_key:
            return
        if (pupil_key, contact.key) in self.links_seen:
            row.problem("contact_id" if "contact_id" in row.columns else "first_name",
                        f"The same contact for the same pupil is already on line "
                        f"{self.links_seen[(pupil_key, contact.key)]}.")
            return
        self.links_seen[(pupil_key, contact.key)] = row.line
        self.position[pupil_key] = self.position.get(pupil_key, 0) + 1
        self.parsed.links.append(LinkRecord(
            source=row.source, pupil_key=pupil_key, contact_key=contact.key,
            relationship=_relationship(row),
            parental_responsibility=bool(row.flag("parental_responsibility")),
            lives_with_pupil=bool(row.flag("lives_with_pupil")),
            priority=_priority(row, default=self.position[pupil_key]),
            court_order=bool(row.flag("court_order")),
            not_stated=frozenset(field for field in LINK_COLUMNS if not row.get(field)),
        ))


def read_contacts_csv(data: bytes, mapping: dict | None = None) -> ParsedFile:
    """Contacts and their links to pupils; a contact on several rows (siblings) is one."""
    parsed = ParsedFile(kind="csv")
    contacts = _ContactColumns(parsed)
    for row in _data_rows(data, CONTACTS, mapping, parsed):
        upn = _upn(row, "pupil_upn")
        pupil_id = row.get("pupil_id")
        if not upn and not pupil_id and not row.get("pupil_upn"):
            row.problem("pupil_upn" if "pupil_upn" in row.columns else "pupil_id",
                        "The row does not say which pupil the contact is for: give the "
                        "pupil's UPN or pupil id.")
        contacts.read(row, upn or (f"mis:{pupil_id}" if pupil_id else ""))
    return parsed


def _contact_key(contact: ContactRecord) -> str:
    if contact.mis_id:
        return contact.mis_id
    # No contact id: the same name with the same email, mobile and postcode is one person.
    postcode = contact.household.key()[1] if contact.household else ""
    parts = [contact.first_name.lower(), contact.last_name.lower(), contact.email,
             contact.mobile, postcode]
    return "name:" + "|".join(parts)


def _check_same_contact(row: _Row, earlier: ContactRecord, contact: ContactRecord) -> None:
    who = contact.mis_id or f"{contact.first_name} {contact.last_name}"
    for field in CONTACT_DETAILS:
        before, now = getattr(earlier, field), getattr(contact, field)
        if before and now and before.lower() != now.lower():
            row.problem(field, f"Contact {who} has {FIELD_LABELS[field]} "
                               f"\"{now}\" here but \"{before}\" on {earlier.source}.")


def _relationship(row: _Row) -> str:
    value = row.get("relationship")
    if not value:
        return Relationship.OTHER
    if value.upper() in Relationship.values:
        return value.upper()
    code = RELATIONSHIP_WORDS.get(" ".join(value.lower().replace("-", " ").split()))
    if code is None:
        row.problem("relationship", f"\"{value}\" is not a relationship Bridgebook knows "
                                    "(use a CBDS code such as PAM, PAF or CAR, or a word "
                                    "such as Mother).")
        return Relationship.OTHER
    return code


def _priority(row: _Row, *, default: int) -> int:
    value = row.get("priority")
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        row.problem("priority", f"\"{value}\" is not a priority: use a whole number from 1.")
        return default
    return int(value)


# Pupils and contacts in one file -------------------------------------------------------

# Pupil columns compared as read (the same date written two ways is the same date).
_COMPARED_AS_READ = {"upn": "upn", "date_of_birth": "date_of_birth",
                     "admission_date": "admission_date", "home_language": "home_language",
                     "sen_provision": "has_ehcp", "primary_need": "areas_of_need"}
CONTACT_FLAGS = ("parental_responsibility", "lives_with_pupil", "court_order")


def read_combined_csv(data: bytes, mapping: dict | None = None) -> ParsedFile:
    """Pupils and their contacts from one export with a row per pupil and contact.

    Each of a pupil's rows repeats the pupil's columns, which must agree with the pupil's
    first row; a pupil without contacts has one row with the contact's columns blank.
    """
    parsed = ParsedFile(kind="csv")
    pupils = _PupilColumns()
    contacts = _ContactColumns(parsed, address_prefix=CONTACT_ADDRESS)
    for row in _data_rows(data, COMBINED, mapping, parsed):
        record = pupils.read(row)
        seen = pupils.seen(record)
        if seen:
            field, value, first_row, first = seen[0]
            who = f"UPN {value}" if field == "upn" else f"pupil id {value}"
            _check_same_pupil(row, record, first_row, first, who)
            record = first
        else:
            pupils.remember(row, record)
            parsed.pupils.append(record)
        if _has_contact(row):
            contacts.read(row, record.key if record.upn or record.mis_id else "")
    return parsed


def _pupil_facts(row: _Row, record: PupilRecord) -> dict:
    """The row's pupil columns, comparable with another row's. A value that cannot be read
    is left out: its problem is reported already."""
    facts = {}
    for field in PUPIL_ALIASES:
        written = row.get(field)
        if field in _COMPARED_AS_READ:
            value = getattr(record, _COMPARED_AS_READ[field])
            if written and value in (None, ""):
                continue
        else:
            value = " ".join(written.split()).casefold()
        facts[field] = value
    return facts


def _check_same_pupil(row: _Row, record: PupilRecord, first_row: _Row, first: PupilRecord,
                      who: str) -> None:
    earlier = _pupil_facts(first_row, first)
    for field, value in _pupil_facts(row, record).items():
        if field in earlier and earlier[field] != value:
            row.problem(field, f"The {FIELD_LABELS[field]} differs from line "
                               f"{first_row.line} for the same pupil ({who}): "
                               f"{_shown(row.get(field))} here, "
                               f"{_shown(first_row.get(field))} there.")


def _shown(value: str) -> str:
    return f"\"{value}\"" if value else "blank"


def _has_contact(row: _Row) -> bool:
    """Whether the row names a contact. A pupil without contacts has the contact's columns
    blank, or saying only "no" in the yes-or-no ones."""
    for field in CONTACT_SIDE:
        value = row.get(field)
        if value and not (field in CONTACT_FLAGS and value.lower() in FALSE_WORDS):
            return True
    return False


# Both files together -------------------------------------------------------------------

def combine(pupils: ParsedFile, contacts: ParsedFile) -> ParsedFile:
    """A pupils file and a contacts file imported as one, all or nothing."""
    return ParsedFile(
        kind="csv", pupils=pupils.pupils, contacts=contacts.contacts, links=contacts.links,
        problems=[*pupils.problems, *contacts.problems],
    )


READERS = {PUPILS: read_pupils_csv, CONTACTS: read_contacts_csv, COMBINED: read_combined_csv}
