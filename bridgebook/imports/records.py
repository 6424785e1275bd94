"""What an import file says, before anything touches the database.

Both readers — CSV exports (``csv_reader``) and the DfE Common Transfer File (``ctf``) —
turn a file into a ``ParsedFile`` of these plain records. The engine (``engine``) then
compares them with the school's records and applies every change in one transaction, or
none. Each record remembers where it came from (a CSV line or an XML element) so every
problem can be reported at its place.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class HouseholdRecord:
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    home_phone: str = ""

    def is_empty(self) -> bool:
        return not (self.address_line_1 or self.postcode)

    def key(self) -> tuple[str, str]:
        """Two records with the same first line and postcode are the same household."""
        return (self.address_line_1.strip().lower(),
                self.postcode.replace(" ", "").upper())


@dataclass
class PupilRecord:
    source: str                      # "line 12" or "Pupil 3 (UPN A123...)"
    upn: str = ""
    mis_id: str = ""
    legal_first_name: str = ""
    legal_last_name: str = ""
    preferred_first_name: str = ""
    preferred_last_name: str = ""
    date_of_birth: datetime.date | None = None
    class_name: str = ""
    home_language: str = ""          # ISO code used in Bridgebook ("pl"), "" when not given
    has_ehcp: bool | None = None     # None: the file does not say
    areas_of_need: list[str] | None = None
    admission_date: datetime.date | None = None
    household: HouseholdRecord | None = None

    @property
    def key(self) -> str:
        """How the file identifies this pupil: UPN first, else the MIS id."""
        return self.upn or f"mis:{self.mis_id}"


@dataclass
class ContactRecord:
    source: str
    key: str                         # identity within the file (MIS id, or derived for CTF)
    mis_id: str = ""
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    mobile: str = ""                 # E.164 once read
    language: str = ""
    household: HouseholdRecord | None = None


@dataclass
class LinkRecord:
    source: str
    pupil_key: str
    contact_key: str
    relationship: str = "OTH"        # CBDS code
    parental_responsibility: bool = False
    lives_with_pupil: bool = False
    priority: int = 1
    court_order: bool = False
    # Fields the file leaves blank or has no column for ("parental_responsibility",
    # "lives_with_pupil", "priority", "relationship"): an import never changes those on a
    # link that already exists, so a missing column cannot take responsibility away.
    not_stated: frozenset[str] = frozenset()


@dataclass
class Problem:
    where: str                       # "line 12, column DOB" or "Pupil 3/Contacts/Contact 2"
    message: str

    def as_dict(self) -> dict:
        return {"where": self.where, "message": self.message}


@dataclass
class ParsedFile:
    kind: str                        # "csv" or "ctf"
    pupils: list[PupilRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source_school: dict = field(default_factory=dict)   # CTF header: LEA, Estab, URN, name


class FileRefused(Exception):
    """The file cannot be read at all (not XML, not a CTF, undecodable...)."""

    def __init__(self, message: str, where: str = "file"):
        super().__init__(message)
        self.problem = Problem(where=where, message=message)
