"""The shapes of the demo trust's plan: what is created, built in memory first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# Plan: what the demo trust holds, built in memory, then written by _apply() ---------------

@dataclass(frozen=True)
class SchoolSpec:
    urn: str
    name: str
    la_code: str
    estab: str
    domain: str


@dataclass
class ClassSpec:
    school_urn: str
    name: str
    year: int  # National Curriculum year; 0 is Reception

    @property
    def year_group(self) -> str:
        return "Reception" if self.year == 0 else f"Year {self.year}"


@dataclass
class StaffSpec:
    email: str
    full_name: str
    school_urn: str | None
    roles: list[tuple[str, str]]  # (Role, job title)
    classes: list[tuple[str, bool]] = field(default_factory=list)  # (class name, teacher)
    trust_admin: bool = False


@dataclass
class HouseholdSpec:
    school_urn: str
    line1: str
    town: str
    postcode: str
    home_phone: str = ""


@dataclass
class ContactSpec:
    school_urn: str
    mis_id: str
    household: HouseholdSpec | None
    title: str
    first: str
    last: str
    email: str
    mobile: str
    language: str
    interpreter: bool = False
    literacy: bool = False
    channels: list[str] = field(default_factory=list)
    note: str = ""  # said in the sign-in summary


@dataclass
class LinkSpec:
    contact: ContactSpec
    relationship: str
    pr: bool
    lives_with: bool
    priority: int
    receives: bool = False
    restricted: bool = False
    restriction_note: str = ""


@dataclass
class PupilSpec:
    school_urn: str
    upn: str
    mis_id: str
    class_name: str
    first: str
    last: str
    dob: datetime.date
    admitted: datetime.date
    has_ehcp: bool
    areas: list[str]
    communication: list[str]
    communication_notes: str
    photo_consent: str
    home_language: str
    links: list[LinkSpec]
    preferred_first: str = ""


@dataclass
class Plan:
    schools: list[SchoolSpec] = field(default_factory=list)
    classes: list[ClassSpec] = field(default_factory=list)
    staff: list[StaffSpec] = field(default_factory=list)
    pupils: list[PupilSpec] = field(default_factory=list)
