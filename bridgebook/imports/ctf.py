"""Read a DfE Common Transfer File (CTF) into plain import records.

A CTF is XML: ``CTfile`` → ``Header`` (CTFversion, SourceSchool, DestSchool) →
``CTFpupilData`` → one ``Pupil`` per child, each with basic details, languages, SEN
history, address, phones, email and contacts. ``read_ctf`` turns one into a ``ParsedFile``
of pupils, contacts and the links between them, and lists every problem it finds; it never
touches the database.

Safety and memory. The file is parsed with expat directly, in chunks, and:

* any ``<!DOCTYPE`` (and so any entity declaration, internal or external) stops the read
  before the parser expands anything: no billion laughs, no external entities, no network;
  this is what ``defusedxml`` does with ``forbid_dtd=True``, done here with the same expat
  handlers so there is no extra dependency to keep in step;
* only the ``Header`` and one ``Pupil`` at a time are ever built as elements; each pupil is
  read into records and dropped, and pupil blocks Bridgebook does not use (attendance,
  assessments, school history...) are skipped without being built, so a whole school's file
  reads in bounded memory.

Contacts in a CTF have no ids. A parent listed under several siblings is recognised by name
together with an email, mobile or address they share, and becomes one ``ContactRecord``
with one ``LinkRecord`` per child.
"""

import datetime
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from django.core.exceptions import ValidationError

from bridgebook.core.forms import is_valid_email, normalise_mobile
from bridgebook.people.codes import AreaOfNeed, Relationship

from .languages import cbds_to_iso
from .records import (
    ContactRecord,
    FileRefused,
    HouseholdRecord,
    LinkRecord,
    ParsedFile,
    Problem,
    PupilRecord,
)

OLDEST_VERSION = 19
NEWEST_VERSION = 25
CHUNK_SIZE = 64 * 1024

# Where each built element started, kept as an attribute no real CTF attribute can clash
# with (expat without namespace processing never produces "{" in a name).
_LINE = "{bridgebook}line"

# The parts of a Pupil that Bridgebook reads; everything else is skipped unbuilt.
_PUPIL_PARTS = frozenset({
    "upn", "surname", "forename", "preferredsurname", "preferredforename", "dob", "sex",
    "gender", "basicdetails", "languages", "senhistory", "address", "phones", "email",
    "contacts", "suppinfo",
})

_UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
_VERSION = re.compile(r"^\s*(\d+)(?:\.\d+)?\s*$")
_TRUE = frozenset({"true", "1", "y", "yes"})
_FALSE = frozenset({"false", "0", "n", "no"})

# CBDS "SEN provision": N no special provision, K SEN support, E EHC plan. Older files may
# still carry S (statement, which an EHC plan replaced) and A/P (school action/plus, before
# 2014); a statement counts as a plan, the others as support.
_PROVISION_EHCP = {"E": True, "S": True, "K": False, "N": False, "A": False, "P": False}
# SEN type codes outside Bridgebook's list that still mean something: NSA (SEN support but
# no specialist assessment of type of need) adds nothing; BESD (behaviour, emotional and
# social difficulty, before 2014) is what SEMH replaced.
_NEED_ALIASES = {"NSA": None, "BESD": "SEMH"}
_AREAS = frozenset(AreaOfNeed.values)
_RELATIONSHIPS = frozenset(Relationship.values)
# Phone types (CBDS "telephone type"): H home, M mobile, W work, D daytime, E evening, F fax.
_HOME, _MOBILE = "H", "M"


def read_ctf(fileobj) -> ParsedFile:
    """Read a CTF from a binary (or text) file object.

    Returns a ``ParsedFile`` (kind "ctf") whose ``problems`` list every record-level fault
    found; raises ``FileRefused`` when the file cannot be read as a CTF at all (empty, not
    XML, not a CTF, cut short, declaring a DTD or entities, or an unsupported version).
    """
    reader = _Reader()
    head = True
    while True:
        chunk = fileobj.read(CHUNK_SIZE)
        if head:
            chunk = _sniff(chunk, fileobj)
            head = False
        if not chunk:
            break
        reader.feed(chunk)
    return reader.finish()


# -- Reading the stream -------------------------------------------------------------------


def _sniff(chunk, fileobj):
    """Refuse what is plainly not XML, with a message that says what it is instead."""
    if isinstance(chunk, bytes):
        if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            return chunk                      # UTF-16 with a byte-order mark: expat reads it
        while chunk and not chunk.lstrip():   # blank first block: look further in
            more = fileobj.read(CHUNK_SIZE)
            if not more:
                break
            chunk = more
        body = chunk.removeprefix(b"\xef\xbb\xbf").lstrip()
        magic = {
            b"%PDF": "This is a PDF document",
            b"PK\x03\x04": "This is a zip archive or a spreadsheet (such as .xlsx)",
            b"\xd0\xcf\x11\xe0": "This is an older Office document (such as .xls or .doc)",
            b"\x1f\x8b": "This is a compressed (gzip) file; unpack it and upload the .xml "
                         "file inside, because it",
        }
        for signature, what in magic.items():
            if body.startswith(signature):
                raise FileRefused(f"{what}, not a Common Transfer File, which is XML.")
        first_line = body.split(b"\n", 1)[0]
    else:
        while chunk and not chunk.strip():
            more = fileobj.read(CHUNK_SIZE)
            if not more:
                break
            chunk = more
        body = chunk.removeprefix("\ufeff").lstrip()
        first_line = body.split("\n", 1)[0].encode("utf-8", "replace")
    if not body:
        raise FileRefused("The file is empty.")
    if not body.startswith(b"<" if isinstance(body, bytes) else "<"):
        if b"," in first_line or b";" in first_line or b"\t" in first_line:
            raise FileRefused("This file is not XML: it looks like a CSV or spreadsheet "
                              "export. A Common Transfer File is XML; use the CSV import "
                              "for CSV files.", where="line 1")
        raise FileRefused("This file is not XML, so it cannot be a Common Transfer File.",
                          where="line 1")
    return body                              # leading blanks would upset expat's <?xml


class _Reader:
    """Expat handlers that build only the Header and one Pupil at a time."""

    def __init__(self):
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.UnparsedEntityDeclHandler = self._unparsed_entity
        parser.ExternalEntityRefHandler = self._external_entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        self.parser = parser
        self.names: list[str] = []           # open elements, outermost first
        self.builder: TreeBuilder | None = None
        self.built_at = 0                    # depth of the element being built
        self.skip_at = 0                     # depth of the element being skipped, or 0
        self.version = ""
        self.state = _FileState()

    # The XML is refused as soon as it declares a DTD: a CTF never has one.
    def _doctype(self, name, system_id, public_id, has_internal_subset):
        line = self.parser.CurrentLineNumber
        if has_internal_subset:
            raise FileRefused("This file declares XML entities, which a CTF never does; "
                              "it was not read.", where=f"line {line}")
        raise FileRefused("This file refers to a document type definition (DTD), which a "
                          "CTF never does; it was not read.", where=f"line {line}")

    def _entity(self, *args):
        raise FileRefused("This file declares XML entities, which a CTF never does; it was "
                          "not read.", where=f"line {self.parser.CurrentLineNumber}")

    def _unparsed_entity(self, *args):
        self._entity()

    def _external_entity(self, *args):
        self._entity()

    def _start(self, name, attrs):
        self.names.append(name)
        depth = len(self.names)
        if self.skip_at:
            return
        line = self.parser.CurrentLineNumber
        if self.builder is not None:
            if (depth == self.built_at + 1 and self.names[self.built_at - 1] == "Pupil"
                    and name.lower() not in _PUPIL_PARTS):
                self.skip_at = depth
                return
            self.builder.start(name, {_LINE: str(line)})
        elif depth == 1:
            if name != "CTfile":
                raise FileRefused(f"This is XML but not a Common Transfer File: its root "
                                  f"element is <{name}>, where a CTF has <CTfile>.",
                                  where=f"line {line}")
        elif depth == 2 and name == "Header":
            self._build(name, line)
        elif depth == 3 and name == "Pupil" and self.names[1] == "CTFpupilData":
            if not self.version:
                raise FileRefused("This CTF has pupils before its Header (with the CTF "
                                  "version), so it cannot be read.", where=f"line {line}")
            self._build(name, line)

    def _build(self, name, line):
        self.builder = TreeBuilder()
        self.built_at = len(self.names)
        self.builder.start(name, {_LINE: str(line)})

    def _end(self, name):
        depth = len(self.names)
        self.names.pop()
        if self.skip_at:
            if depth == self.skip_at:
                self.skip_at = 0
            return
        if self.builder is None:
            return
        self.builder.end(name)
        if depth == self.built_at:
            element = self.builder.close()
            self.builder = None
            if name == "Header":
                self.version = _read_header(element, self.state.parsed)
            else:
                self.state.pupils_seen += 1
                _read_pupil(element, self.state.pupils_seen, self.state)

    def _data(self, text):
        if self.builder is not None and not self.skip_at:
            self.builder.data(text)

    def feed(self, chunk):
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as error:
            raise _malformed(error, at_end=False) from None

    def finish(self) -> ParsedFile:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise _malformed(error, at_end=True) from None
        if not self.version:
            raise FileRefused("This CTF has no Header with a CTFversion, so it cannot be "
                              "read.", where="CTfile")
        if not self.state.pupils_seen:
            raise FileRefused("This CTF contains no pupils (no CTFpupilData/Pupil "
                              "elements), so there is nothing to import.",
                              where="CTFpupilData")
        self.state.finish()
        return self.state.parsed


def _malformed(error: expat.ExpatError, *, at_end: bool) -> FileRefused:
    reason = expat.ErrorString(error.code)
    where = f"line {error.lineno}, column {error.offset + 1}"
    cut_short = {expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
                 expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
                 expat.errors.codes[expat.errors.XML_ERROR_PARTIAL_CHAR]}
    if at_end and error.code in cut_short:
        return FileRefused(f"The file ends part-way through its XML at line {error.lineno}: "
                           "it may have been cut short while being copied or downloaded. "
                           "Nothing was read.", where=where)
    if error.code == expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]:
        return FileRefused("This file uses an XML entity that it does not declare, which a "
                           "CTF never does; it was not read.", where=where)
    return FileRefused(f"This file is not well-formed XML ({reason}), so it could not be "
                       f"read.", where=where)


# -- The header ---------------------------------------------------------------------------


def _read_header(header: Element, parsed: ParsedFile) -> str:
    where = f"Header (line {header.get(_LINE)})"
    version = _text(header, "CTFversion")
    if not version:
        raise FileRefused("The CTF header has no CTFversion, so its layout is unknown; it "
                          "was not read.", where=where)
    match = _VERSION.match(version)
    if match is None or not OLDEST_VERSION <= int(match[1]) <= NEWEST_VERSION:
        raise FileRefused(f"This CTF is version {version}; Bridgebook reads versions "
                          f"{OLDEST_VERSION} to {NEWEST_VERSION}. Ask the sending school "
                          f"for a file in a current version.", where=where)
    source = header.find("SourceSchool")
    dest = header.find("DestSchool")
    parsed.source_school = {
        "LEA": _text(source, "LEA"),
        "Estab": _text(source, "Estab"),
        "URN": _text(source, "URN"),
        "SchoolName": _text(source, "SchoolName"),
        "version": version,
        "dest": {"LEA": _text(dest, "LEA"), "Estab": _text(dest, "Estab"),
                 "URN": _text(dest, "URN")},
    }
    return version


# -- Pupils -------------------------------------------------------------------------------


@dataclass
class _FileState:
    """What the reader keeps between pupils: the records so far and what identifies them."""

    parsed: ParsedFile = field(default_factory=lambda: ParsedFile(kind="ctf"))
    pupils_seen: int = 0
    upns: dict = field(default_factory=dict)             # UPN → label of its first pupil
    contact_by_identity: dict = field(default_factory=dict)

    def finish(self):
        self.upns.clear()
        self.contact_by_identity.clear()


class _Place:
    """Names places inside one pupil for problems and record sources."""

    def __init__(self, number: int, upn: str, problems: list[Problem]):
        self.label = f"Pupil {number} (UPN {upn})" if upn else f"Pupil {number} (no UPN)"
        self.problems = problems

    def where(self, element: Element | None, what: str = "") -> str:
        parts = [self.label]
        if what:
            parts.append(what)
        text = ", ".join(parts)
        line = element.get(_LINE) if element is not None else None
        return f"{text} (line {line})" if line else text

    def problem(self, element: Element | None, what: str, message: str):
        self.problems.append(Problem(where=self.where(element, what), message=message))


def _read_pupil(pupil: Element, number: int, state: _FileState):
    """Turn one Pupil element into a PupilRecord, its contacts and links."""
    parsed = state.parsed
    upn = _text(pupil, "UPN").upper()
    place = _Place(number, upn, parsed.problems)
    basic = pupil.find("BasicDetails")

    record = PupilRecord(source=place.where(pupil), upn=upn)
    if not upn:
        place.problem(pupil, "UPN", "This pupil has no UPN; every pupil in a CTF needs one.")
    elif not _UPN.match(upn):
        place.problem(pupil.find("UPN"), "UPN",
                      f"“{upn}” is not a UPN: a UPN is a letter followed by 12 characters "
                      "(11 digits and a final digit or letter).")
    elif upn in state.upns:
        place.problem(pupil.find("UPN"), "UPN",
                      f"UPN {upn} appears twice in this file: {state.upns[upn]} has it too. "
                      "Each pupil must appear once.")
    else:
        state.upns[upn] = f"Pupil {number} (line {pupil.get(_LINE)})"

    record.legal_last_name = _text(pupil, "Surname")
    record.legal_first_name = _text(pupil, "Forename")
    for tag, label in (("Surname", "surname"), ("Forename", "forename")):
        if not _text(pupil, tag):
            place.problem(pupil, tag, f"This pupil has no {label}.")
    record.preferred_last_name = _text(pupil, "PreferredSurname") or _text(
        basic, "PreferredSurname")
    record.preferred_first_name = _text(pupil, "PreferredForename") or _text(
        basic, "PreferredForename")
    record.date_of_birth = _date(pupil.find("DOB"), place, "DOB", "date of birth",
                                 missing_at=pupil)
    # Sex (newer files) or Gender (older ones): Bridgebook does not store it.

    record.home_language = _home_language(pupil, basic, place)
    _read_sen(pupil.find("SENhistory"), record, place)

    address = pupil.find("Address")
    household = _household(address) if address is not None else HouseholdRecord()
    household.home_phone = _home_phone(pupil)
    record.household = None if household.is_empty() and not household.home_phone else household
    parsed.pupils.append(record)

    links_by_order: dict[int, LinkRecord] = {}
    linked: set[str] = set()
    for index, contact in enumerate(pupil.findall("Contacts/Contact"), start=1):
        link = _read_contact(contact, index, record, place, state)
        if link.contact_key in linked:
            continue
        linked.add(link.contact_key)
        parsed.links.append(link)
        links_by_order.setdefault(link.priority, link)

    for supp in _children(pupil, "suppinfo"):
        _pupil_court_orders(supp, links_by_order, place)


def _home_language(pupil: Element, basic: Element | None, place: _Place) -> str:
    """The home language (else first language, else the first given) as an ISO code."""
    languages = basic.find("Languages") if basic is not None else None
    if languages is None:
        languages = pupil.find("Languages")
    if languages is None:
        return ""
    entries = [(_text(entry, "LanguageType").upper(), _text(entry, "Language"), entry)
               for entry in languages.findall("Type")]
    entries = [entry for entry in entries if entry[1]]
    if not entries:
        return ""
    rank = {"H": 0, "F": 1, "M": 2}
    kind, code, element = min(entries, key=lambda entry: rank.get(entry[0], 3))
    iso = cbds_to_iso(code)
    if iso is None:
        place.problem(element.find("Language"), "Languages/Type/Language",
                      f"“{code}” is not a DfE (CBDS) language code Bridgebook knows.")
        return ""
    return iso


def _read_sen(history: Element | None, record: PupilRecord, place: _Place):
    if history is None:
        return
    provisions = []
    for sen in history.iter("SEN"):
        code = _text(sen, "SENprovision").upper()
        if code:
            provisions.append((_text(sen, "StartDate"), code, sen))
    if provisions:
        # The latest provision by start date; entries without a date count as oldest.
        _start, code, sen = max(enumerate(provisions),
                                key=lambda item: (item[1][0], item[0]))[1]
        if code in _PROVISION_EHCP:
            record.has_ehcp = _PROVISION_EHCP[code]
        else:
            place.problem(sen.find("SENprovision"), "SENprovision",
                          f"“{code}” is not a SEN provision code (N, K or E).")
    needs = list(history.iter("SENneed"))
    if history.find("SENneeds") is None and not needs:
        return
    ranked = []
    for position, need in enumerate(needs):
        code = _text(need, "SENtype").upper()
        if not code:
            continue
        if code in _NEED_ALIASES:
            code = _NEED_ALIASES[code]
            if code is None:
                continue
        elif code not in _AREAS:
            place.problem(need.find("SENtype"), "SENtype",
                          f"“{code}” is not a SEN type of need code Bridgebook knows "
                          f"({', '.join(AreaOfNeed.values)}).")
            continue
        rank = _text(need, "SENrank")
        ranked.append((int(rank) if rank.isdigit() else 99, position, code))
    areas: list[str] = []
    for _rank, _position, code in sorted(ranked):
        if code not in areas:
            areas.append(code)
    record.areas_of_need = areas


def _read_contact(contact: Element, index: int, pupil: PupilRecord, place: _Place,
                  state: _FileState) -> LinkRecord:
    what = f"contact {index}"
    source = f"{place.label}, {what}"
    first = _text(contact, "Forename")
    last = _text(contact, "Surname")
    for value, tag, label in ((last, "Surname", "surname"), (first, "Forename", "forename")):
        if not value:
            place.problem(contact, f"{what}, {tag}", f"Contact {index} has no {label}.")

    # What the file leaves out is "not stated", so an import never changes it on an
    # existing link (the engine's rule): CTF has no "lives with" or "priority" fields,
    # only Order and AddressAsPupil, and suppliers omit Responsibility.
    not_stated = set()
    order_text = _text(contact, "Order")
    priority = index
    if not order_text:
        not_stated.add("priority")
    elif order_text.isdigit() and int(order_text) > 0:
        priority = int(order_text)
    else:
        place.problem(contact.find("Order"), f"{what}, Order",
                      f"“{order_text}” is not a contact order (a whole number from 1).")

    relationship = _text(contact, "Relationship").upper()
    if not relationship:
        relationship = "OTH"
        not_stated.add("relationship")
    elif relationship not in _RELATIONSHIPS:
        place.problem(contact.find("Relationship"), f"{what}, Relationship",
                      f"“{relationship}” is not a CBDS relationship code Bridgebook knows "
                      f"({', '.join(Relationship.values)}).")
        relationship = "OTH"
    responsibility = _flag(contact.find("Responsibility"), place, f"{what}, Responsibility",
                           "parental responsibility")
    if responsibility is None:
        not_stated.add("parental_responsibility")

    email = _text(contact, "Email")
    if email and not is_valid_email(email):
        place.problem(contact.find("Email"), f"{what}, Email",
                      f"“{email}” is not an email address.")
        email = ""

    # The mobile: one marked M first, else any other number that is a mobile, a home
    # number last. A number marked M that is not a mobile is a problem; others are not.
    mobiles = []
    home_phone = ""
    for phone_type, number, phone in _phones(contact):
        if phone_type == _HOME and not home_phone:
            home_phone = number[:20]
        try:
            as_mobile = normalise_mobile(number)
        except ValidationError:
            if phone_type == _MOBILE:
                place.problem(phone, f"{what}, Phone",
                              f"“{number}” is marked as a mobile but is not a UK mobile "
                              "number.")
            continue
        preference = {_MOBILE: 0, _HOME: 2}.get(phone_type, 1)
        mobiles.append((preference, len(mobiles), as_mobile))
    mobile = min(mobiles)[2] if mobiles else ""

    # AddressAsPupil: lives with the pupil, in the pupil's household. Their own Address:
    # their own household, unless it is the pupil's address written again.
    as_pupil = contact.find("AddressAsPupil")
    own_address = contact.find("Address")
    as_pupil_flag = None
    if as_pupil is not None:
        as_pupil_flag = _flag(as_pupil, place, f"{what}, AddressAsPupil",
                              "address as pupil", empty_means=True)
    lives_with = False
    household = None
    if as_pupil_flag:
        lives_with = True
        household = pupil.household
    elif own_address is not None:
        household = _household(own_address)
        if household.is_empty():
            household = None
        elif (pupil.household is not None and not pupil.household.is_empty()
              and household.key() == pupil.household.key()):
            lives_with = True
            household = pupil.household
        elif home_phone and not household.home_phone:
            household.home_phone = home_phone
    if as_pupil_flag is None and own_address is None:
        not_stated.add("lives_with_pupil")

    # A supplier's SuppInfo block under the contact may flag a court order.
    court_order = False
    for element in contact.iter():
        if element.tag.lower() == "courtorder":
            if _flag(element, place, f"{what}, CourtOrder", "court order"):
                court_order = True

    record = ContactRecord(source=source, key="", title=_text(contact, "Title"),
                           first_name=first, last_name=last, email=email, mobile=mobile,
                           household=household)
    record = _one_contact(record, place, index, state)
    return LinkRecord(source=source, pupil_key=pupil.key, contact_key=record.key,
                      relationship=relationship,
                      parental_responsibility=bool(responsibility),
                      lives_with_pupil=lives_with, priority=priority,
                      court_order=court_order, not_stated=frozenset(not_stated))


def _one_contact(record: ContactRecord, place: _Place, index: int,
                 state: _FileState) -> ContactRecord:
    """The file's one record for this person: a parent listed under each of several
    siblings is the same contact when name and an email, mobile or address agree."""
    name = f"{_fold(record.first_name)} {_fold(record.last_name)}".strip()
    identities = []
    if record.email:
        identities.append(("email", name, record.email.lower()))
    if record.mobile:
        identities.append(("mobile", name, record.mobile))
    if record.household is not None and not record.household.is_empty():
        identities.append(("address", name, "/".join(record.household.key())))
    for identity in identities:
        known = state.contact_by_identity.get(identity)
        if known is not None:
            for attribute in ("title", "email", "mobile", "household"):
                if not getattr(known, attribute) and getattr(record, attribute):
                    setattr(known, attribute, getattr(record, attribute))
            for other in identities:
                state.contact_by_identity.setdefault(other, known)
            return known
    if identities:
        kind, _name, value = identities[0]
        record.key = f"ctf:{name}|{kind}:{value}"
    else:
        record.key = f"ctf:{name}|{place.label}, contact {index}"
    for identity in identities:
        state.contact_by_identity[identity] = record
    state.parsed.contacts.append(record)
    return record


def _pupil_court_orders(supp: Element, links_by_order: dict[int, LinkRecord],
                        place: _Place):
    """A supplier block under the Pupil may flag a court order against one of its contacts,
    naming the contact by its Order (``Order`` or ``ContactOrder``)."""
    parents = {child: parent for parent in supp.iter() for child in parent}
    for element in supp.iter():
        if element.tag.lower() != "courtorder":
            continue
        if not _flag(element, place, "SuppInfo, CourtOrder", "court order"):
            continue
        order = ""
        ancestor = parents.get(element)
        while ancestor is not None and not order:
            for child in ancestor:
                if child.tag.lower() in ("order", "contactorder") and (child.text or "").strip():
                    order = child.text.strip()
                    break
            ancestor = parents.get(ancestor)
        link = links_by_order.get(int(order)) if order.isdigit() else None
        if link is None:
            place.problem(element, "SuppInfo, CourtOrder",
                          "A court order in this pupil's supplier information does not name "
                          "one of the pupil's contacts by its Order"
                          + (f" (it gives “{order}”)." if order else "."))
            continue
        link.court_order = True


# -- Small readers --------------------------------------------------------------------------


def _text(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    value = element.findtext(path)
    return value.strip() if value else ""


def _children(element: Element, lower_tag: str) -> list[Element]:
    return [child for child in element if child.tag.lower() == lower_tag]


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _flag(element: Element | None, place: _Place, what: str, label: str, *,
          empty_means: bool | None = None) -> bool | None:
    if element is None:
        return None
    value = (element.text or "").strip().lower()
    if not value:
        return empty_means
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    place.problem(element, what, f"“{element.text.strip()}” is not a yes/no value for "
                                 f"{label} (true/false, 1/0 or Y/N).")
    return None


def _date(element: Element | None, place: _Place, what: str, label: str, *,
          missing_at: Element | None = None) -> datetime.date | None:
    """A CTF date (YYYY-MM-DD); ``missing_at`` makes it required, reported at that place."""
    value = (element.text or "").strip() if element is not None else ""
    if not value:
        if missing_at is not None:
            place.problem(element if element is not None else missing_at, what,
                          f"This pupil has no {label}.")
        return None
    try:
        return datetime.date.fromisoformat(value.split("T", 1)[0])
    except ValueError:
        place.problem(element, what, f"“{value}” is not a real date for the {label} "
                                     "(expected YYYY-MM-DD).")
        return None


def _phones(owner: Element) -> list[tuple[str, str, Element]]:
    phones = []
    for phone in owner.findall("Phones/Phone"):
        number = _text(phone, "PhoneNo")
        if number:
            phones.append((_text(phone, "TelephoneType").upper(), number, phone))
    return phones


def _home_phone(pupil: Element) -> str:
    for phone_type, number, _phone in _phones(pupil):
        if phone_type == _HOME:
            return number[:20]
    return ""


def _household(address: Element) -> HouseholdRecord:
    bs7666 = address.find("BS7666Address")
    lines = address.find("AddressLines")
    household = HouseholdRecord()
    if bs7666 is not None:
        saon = _text(bs7666, "SAON")
        paon = _text(bs7666, "PAON")
        street = _text(bs7666, "Street")
        if paon and street and paon[0].isdigit():
            first_line = [saon, f"{paon} {street}"]
        else:
            first_line = [saon, paon, street]
        household.address_line_1 = ", ".join(part for part in first_line if part)
        household.address_line_2 = _text(bs7666, "Locality")
        household.town = _text(bs7666, "Town") or _text(bs7666, "PostTown")
    elif lines is not None:
        given = [(line.text or "").strip() for line in lines
                 if line.tag.startswith("AddressLine") and (line.text or "").strip()]
        if given:
            household.address_line_1 = given[0]
        if len(given) >= 3:
            household.town = given[-1]
            given = given[:-1]
        household.address_line_2 = ", ".join(given[1:])
    postcode = _text(address, "PostCode") or _text(bs7666, "PostCode")
    household.postcode = _postcode(postcode)
    household.address_line_1 = household.address_line_1[:200]
    household.address_line_2 = household.address_line_2[:200]
    household.town = household.town[:100]
    return household


def _postcode(value: str) -> str:
    compact = "".join(value.split()).upper()
    if 5 <= len(compact) <= 7:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact[:10]
