"""Working out what an import would change, without changing anything.

``plan_import`` compares a ``ParsedFile`` (from the CSV or CTF reader) with the school's
records and returns an ``ImportPlan``: pupils, contacts, links, classes and households to
create or update (with each field's before and after), the pupils a whole-school file no
longer lists, and any problems. ``actions.apply_plan`` writes it, all or nothing.

It loads the school's pupils, classes, households, contacts and links once each (five
queries whatever the file's size) and matches in memory:

- pupils by UPN, else by MIS id;
- contacts by MIS id; a contact without one (the CTF has none) by the existing links of
  the pupils it is listed under and the same name, else by email or mobile within the
  school with the same first name, so a contact shared by siblings is never duplicated;
- links by pupil and contact.

An import fills in and corrects; it never erases. A value the file leaves blank keeps what
Bridgebook holds, nobody is deleted, and a restriction staff set is never lifted.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from bridgebook.core.models import School
from bridgebook.imports.records import (
    ContactRecord,
    HouseholdRecord,
    LinkRecord,
    ParsedFile,
    Problem,
    PupilRecord,
)
from bridgebook.people.models import Contact, Household, Pupil, PupilContact, SchoolClass

COURT_ORDER_NOTE = "Court order flagged in the MIS import"

PUPIL_TEXT_FIELDS = ["upn", "mis_id", "legal_first_name", "legal_last_name",
                     "preferred_first_name", "preferred_last_name", "home_language"]
PUPIL_OPTIONAL_FIELDS = ["date_of_birth", "admission_date", "has_ehcp", "areas_of_need"]
CONTACT_TEXT_FIELDS = ["title", "first_name", "last_name", "email", "mobile", "language"]
LINK_FIELDS = ["relationship", "parental_responsibility", "lives_with_pupil", "priority"]
ADDRESS_FIELDS = ["address_line_1", "address_line_2", "town", "postcode", "home_phone"]


@dataclass
class Change:
    """A record to create (``diff`` lists every value set) or to update (only the changes).

    ``values`` are the new values to assign; ``diff`` is {field: [before, after]} in plain
    JSON for the preview and the import's record.
    """

    obj: object
    source: str
    values: dict
    diff: dict


@dataclass
class ImportPlan:
    school: School
    parsed: ParsedFile
    whole_school: bool
    problems: list[Problem] = field(default_factory=list)
    classes: list[SchoolClass] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    pupils_created: list[Change] = field(default_factory=list)
    pupils_updated: list[Change] = field(default_factory=list)
    contacts_created: list[Change] = field(default_factory=list)
    contacts_updated: list[Change] = field(default_factory=list)
    links_created: list[Change] = field(default_factory=list)
    links_updated: list[Change] = field(default_factory=list)
    missing_pupils: list[Pupil] = field(default_factory=list)

    @property
    def all_problems(self) -> list[Problem]:
        """The reader's problems, then the plan's about places the reader had no word on."""
        read = {problem.where.split(",")[0] for problem in self.parsed.problems}
        more = [problem for problem in self.problems if problem.where not in read]
        return [*self.parsed.problems, *more]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "pupils_created": len(self.pupils_created),
            "pupils_updated": len(self.pupils_updated),
            "contacts_created": len(self.contacts_created),
            "contacts_updated": len(self.contacts_updated),
            "links_created": len(self.links_created),
            "links_updated": len(self.links_updated),
            "classes_created": len(self.classes),
            "households_created": len(self.households),
            "pupils_missing": len(self.missing_pupils),
        }

    def changes(self) -> dict:
        """What the import changes, as JSON for the preview screen and ``ImportRun``."""
        def entries(created: list[Change], updated: list[Change], describe) -> list[dict]:
            return ([{"action": "created", "source": c.source, **describe(c.obj)}
                     for c in created]
                    + [{"action": "updated", "source": c.source, **describe(c.obj),
                        "changes": c.diff} for c in updated])

        return {
            "pupils": entries(self.pupils_created, self.pupils_updated, _describe_pupil),
            "contacts": entries(self.contacts_created, self.contacts_updated,
                                _describe_contact),
            "links": entries(self.links_created, self.links_updated, _describe_link),
            "classes": [school_class.name for school_class in self.classes],
            "missing_pupils": [{"id": pupil.pk, **_describe_pupil(pupil)}
                               for pupil in self.missing_pupils],
        }


def _describe_pupil(pupil: Pupil) -> dict:
    return {"name": pupil.legal_name, "upn": pupil.upn, "mis_id": pupil.mis_id}


def _describe_contact(contact: Contact) -> dict:
    return {"name": contact.full_name, "mis_id": contact.mis_id}


def _describe_link(link: PupilContact) -> dict:
    return {"pupil": link.pupil.legal_name, "contact": link.contact.full_name,
            "relationship": link.relationship}


def _plain(value):
    if value is None or isinstance(value, (bool, int, str, list)):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _diff(obj, values: dict) -> dict:
    """{field: [before, after]} for the values that differ from ``obj``'s."""
    diff = {}
    for name, after in values.items():
        before = getattr(obj, name)
        if isinstance(after, (SchoolClass, Household)):
            if before is not None and before.pk is not None and before.pk == after.pk:
                continue
        elif before == after or (name == "email" and before.lower() == after.lower()):
            continue
        diff[name] = [_plain(before), _plain(after)]
    return diff


def _squash(value: str) -> str:
    return " ".join(value.lower().split())


class _Planner:
    """Holds the school's records, loaded once, while the plan is worked out."""

    def __init__(self, school: School, parsed: ParsedFile, whole_school: bool):
        self.plan = ImportPlan(school=school, parsed=parsed, whole_school=whole_school)
        self.school = school
        # Query 1: the school's pupils.
        self.pupils = list(Pupil.objects.filter(school=school).select_related("school_class"))
        self.pupil_by_upn = {p.upn: p for p in self.pupils if p.upn}
        self.pupil_by_mis = {p.mis_id: p for p in self.pupils if p.mis_id}
        # Query 2: its classes.
        self.class_by_name = {_squash(c.name): c
                              for c in SchoolClass.objects.filter(school=school)}
        # Query 3: its households.
        households = {h.pk: h for h in Household.objects.filter(school=school).order_by("pk")}
        self.household_by_key: dict[tuple[str, str], Household] = {}
        for household in households.values():
            key = _household_key(household)
            if any(key):
                self.household_by_key.setdefault(key, household)
        # Query 4: its contacts.
        self.contacts = list(Contact.objects.filter(school=school).order_by("pk"))
        for contact in self.contacts:
            if contact.household_id in households:  # share instances: no query per contact
                contact.household = households[contact.household_id]
        self.contact_by_mis = {c.mis_id: c for c in self.contacts if c.mis_id}
        self.contacts_by_email: dict[str, list[Contact]] = {}
        self.contacts_by_mobile: dict[str, list[Contact]] = {}
        for contact in self.contacts:
            if contact.email:
                self.contacts_by_email.setdefault(contact.email.lower(), []).append(contact)
            if contact.mobile:
                self.contacts_by_mobile.setdefault(contact.mobile, []).append(contact)
        contact_by_pk = {c.pk: c for c in self.contacts}
        pupil_by_pk = {p.pk: p for p in self.pupils}
        # Query 5: the links between them.
        self.link_by_pair: dict[tuple[int, int], PupilContact] = {}
        self.contacts_of_pupil: dict[int, list[Contact]] = {}
        for link in PupilContact.objects.filter(pupil__school=school, contact__school=school):
            link.pupil = pupil_by_pk[link.pupil_id]
            link.contact = contact_by_pk[link.contact_id]
            self.link_by_pair[(link.pupil_id, link.contact_id)] = link
            self.contacts_of_pupil.setdefault(link.pupil_id, []).append(link.contact)

        self.new_classes: dict[str, SchoolClass] = {}
        self.new_households: dict[tuple[str, str], Household] = {}
        # What each key in the file stands for: an existing or a new (unsaved) object.
        self.pupil_for_key: dict[str, Pupil] = {}
        self.pupil_record_for_key: dict[str, PupilRecord] = {}
        self.contact_for_key: dict[str, Contact] = {}
        self.claimed_contacts: set[int] = set()

    def problem(self, where: str, message: str) -> None:
        self.plan.problems.append(Problem(where, message))

    def _fits(self, model, values: dict, source: str) -> bool:
        """Whether every text value fits its column (PostgreSQL refuses longer ones)."""
        fits = True
        for name, value in values.items():
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if isinstance(value, str) and limit and len(value) > limit:
                label = model._meta.get_field(name).verbose_name
                self.problem(source, f"The {label} is longer than {limit} characters.")
                fits = False
        return fits

    # Classes and households ------------------------------------------------------------

    def school_class(self, name: str) -> SchoolClass | None:
        if not name:
            return None
        key = _squash(name)
        found = self.class_by_name.get(key) or self.new_classes.get(key)
        if found is None:
            found = SchoolClass(school=self.school, name=" ".join(name.split())[:60])
            self.new_classes[key] = found
            self.plan.classes.append(found)
        return found

    def household(self, record: HouseholdRecord | None) -> Household | None:
        if record is None or record.is_empty():
            return None
        key = record.key()
        found = self.household_by_key.get(key) or self.new_households.get(key)
        if found is None:
            found = Household(school=self.school,
                              **{name: getattr(record, name)[:_max(name)]
                                 for name in ADDRESS_FIELDS})
            self.new_households[key] = found
            self.plan.households.append(found)
        return found

    # Pupils ----------------------------------------------------------------------------

    def plan_pupils(self) -> None:
        matched: dict[int, str] = {}
        for record in self.plan.parsed.pupils:
            by_upn = self.pupil_by_upn.get(record.upn) if record.upn else None
            by_mis = self.pupil_by_mis.get(record.mis_id) if record.mis_id else None
            if by_upn is not None and by_mis is not None and by_upn.pk != by_mis.pk:
                self.problem(record.source,
                             f"UPN {record.upn} belongs to {by_upn.legal_name} but pupil id "
                             f"{record.mis_id} belongs to {by_mis.legal_name} in Bridgebook.")
                continue
            pupil = by_upn or by_mis
            if pupil is not None and pupil.pk in matched:
                self.problem(record.source, f"This is the same pupil ({pupil.legal_name}) "
                                            f"as {matched[pupil.pk]}.")
                continue
            values = self._pupil_values(record)
            if not self._fits(Pupil, values, record.source):
                continue
            if pupil is None:
                pupil = self._new_pupil(record, values)
                if pupil is None:
                    continue
            else:
                matched[pupil.pk] = record.source
                diff = _diff(pupil, values)
                if diff:
                    self.plan.pupils_updated.append(
                        Change(pupil, record.source, {k: values[k] for k in diff}, diff))
            for key in (record.key, f"mis:{record.mis_id}" if record.mis_id else "",
                        record.upn):
                if key and key not in self.pupil_for_key:
                    self.pupil_for_key[key] = pupil
                    self.pupil_record_for_key[key] = record
        if self.plan.whole_school:
            today = timezone.localdate()
            self.plan.missing_pupils = [
                pupil for pupil in self.pupils
                if pupil.pk not in matched
                and (pupil.leaving_date is None or pupil.leaving_date > today)
            ]

    def _pupil_values(self, record: PupilRecord) -> dict:
        values = {name: getattr(record, name) for name in PUPIL_TEXT_FIELDS
                  if getattr(record, name)}
        values.update({name: getattr(record, name) for name in PUPIL_OPTIONAL_FIELDS
                       if getattr(record, name) is not None})
        school_class = self.school_class(record.class_name)
        if school_class is not None:
            values["school_class"] = school_class
        return values

    def _new_pupil(self, record: PupilRecord, values: dict) -> Pupil | None:
        missing = [label for name, label in (("legal_first_name", "forename"),
                                             ("legal_last_name", "surname"),
                                             ("date_of_birth", "date of birth"))
                   if name not in values]
        if missing:
            self.problem(record.source, "A new pupil needs a " + " and ".join(missing) + ".")
            return None
        seen = self.pupil_for_key.get(record.key)
        if seen is not None:
            self.problem(record.source, f"The pupil {record.key} appears twice in the file.")
            return None
        pupil = Pupil(school=self.school, **values)
        self.plan.pupils_created.append(
            Change(pupil, record.source, values, _diff(Pupil(), values)))
        return pupil

    def find_pupil(self, key: str) -> Pupil | None:
        if key in self.pupil_for_key:
            return self.pupil_for_key[key]
        if key.startswith("mis:"):
            return self.pupil_by_mis.get(key[4:])
        return self.pupil_by_upn.get(key)

    # Contacts --------------------------------------------------------------------------

    def plan_contacts(self) -> None:
        links_of: dict[str, list[LinkRecord]] = {}
        for link in self.plan.parsed.links:
            links_of.setdefault(link.contact_key, []).append(link)
        for record in self.plan.parsed.contacts:
            if record.key in self.contact_for_key:
                self.problem(record.source, f"The contact {record.key} appears twice.")
                continue
            contact = self._match_contact(record, links_of.get(record.key, []))
            household = self.household(record.household)
            if household is None:
                household = self._household_of_pupil_lived_with(links_of.get(record.key, []))
            values = {name: getattr(record, name) for name in CONTACT_TEXT_FIELDS
                      if getattr(record, name)}
            if record.mis_id:
                values["mis_id"] = record.mis_id
            if household is not None:
                values["household"] = household
            if not self._fits(Contact, values, record.source):
                continue
            if contact is None:
                if not (record.first_name and record.last_name):
                    self.problem(record.source, "A new contact needs a forename and surname.")
                    continue
                contact = Contact(school=self.school, **values)
                self.plan.contacts_created.append(
                    Change(contact, record.source, values, _diff(Contact(), values)))
            else:
                if contact.household_id and household is not None and \
                        _household_key(contact.household) == _household_key(household):
                    values.pop("household")
                diff = _diff(contact, values)
                if diff:
                    self.plan.contacts_updated.append(
                        Change(contact, record.source, {k: values[k] for k in diff}, diff))
            self.contact_for_key[record.key] = contact

    def _match_contact(self, record: ContactRecord, links: list[LinkRecord]) -> Contact | None:
        if record.mis_id and record.mis_id in self.contact_by_mis:
            return self._claim(self.contact_by_mis[record.mis_id])
        # No MIS id (or one Bridgebook has not seen): someone Bridgebook already holds
        # without an MIS id, found through the pupils' existing links, then email or mobile.
        first, last = _squash(record.first_name), _squash(record.last_name)

        def fits(contact: Contact, *, surname: bool) -> bool:
            # Two different MIS ids are two different people.
            return ((not contact.mis_id or not record.mis_id)
                    and contact.pk not in self.claimed_contacts
                    and _squash(contact.first_name) == first
                    and (not surname or _squash(contact.last_name) == last))

        for link in links:
            pupil = self.find_pupil(link.pupil_key)
            if pupil is None or pupil.pk is None:
                continue
            for contact in self.contacts_of_pupil.get(pupil.pk, []):
                if fits(contact, surname=True):
                    return self._claim(contact)
        candidates = [*self.contacts_by_email.get(record.email.lower(), []),
                      *self.contacts_by_mobile.get(record.mobile, [])]
        for contact in candidates:
            if fits(contact, surname=False):
                return self._claim(contact)
        return None

    def _claim(self, contact: Contact) -> Contact:
        self.claimed_contacts.add(contact.pk)
        return contact

    def _household_of_pupil_lived_with(self, links: list[LinkRecord]) -> Household | None:
        for link in links:
            record = self.pupil_record_for_key.get(link.pupil_key)
            if link.lives_with_pupil and record is not None and record.household is not None:
                return self.household(record.household)
        return None

    # Links -----------------------------------------------------------------------------

    def plan_links(self) -> None:
        planned: set[tuple] = set()
        for record in self.plan.parsed.links:
            pupil = self.find_pupil(record.pupil_key)
            if pupil is None:
                label = (f"pupil id {record.pupil_key[4:]}" if record.pupil_key.startswith("mis:")
                         else f"UPN {record.pupil_key}")
                self.problem(record.source, f"There is no pupil with {label} in this file or "
                                            "in Bridgebook.")
                continue
            contact = self.contact_for_key.get(record.contact_key)
            if contact is None:
                if not any(c.key == record.contact_key for c in self.plan.parsed.contacts):
                    self.problem(record.source, f"The contact {record.contact_key} is not in "
                                                "the file.")
                continue
            pair = (_token(pupil), _token(contact))
            if pair in planned:
                continue
            planned.add(pair)
            existing = None
            if pupil.pk is not None and contact.pk is not None:
                existing = self.link_by_pair.get((pupil.pk, contact.pk))
            if existing is None:
                self._new_link(record, pupil, contact)
            else:
                self._update_link(record, existing)

    def _new_link(self, record: LinkRecord, pupil: Pupil, contact: Contact) -> None:
        values = {name: getattr(record, name) for name in LINK_FIELDS}
        values["receives_information"] = record.parental_responsibility
        if record.court_order:
            values.update(is_restricted=True, restriction_note=COURT_ORDER_NOTE)
        link = PupilContact(pupil=pupil, contact=contact, **values)
        self.plan.links_created.append(
            Change(link, record.source, values, _diff(PupilContact(), values)))

    def _update_link(self, record: LinkRecord, link: PupilContact) -> None:
        values = {name: getattr(record, name) for name in LINK_FIELDS
                  if name not in record.not_stated}
        if record.court_order and not link.is_restricted:
            values["is_restricted"] = True
            values["restriction_note"] = link.restriction_note or COURT_ORDER_NOTE
        diff = _diff(link, values)
        if diff:
            self.plan.links_updated.append(
                Change(link, record.source, {k: values[k] for k in diff}, diff))


def _token(obj) -> tuple:
    """Identifies a saved or an unsaved record without hashing model instances."""
    return ("pk", obj.pk) if obj.pk is not None else ("new", id(obj))


def _household_key(household: Household) -> tuple[str, str]:
    return HouseholdRecord(address_line_1=household.address_line_1,
                           postcode=household.postcode).key()


def _max(name: str) -> int:
    return Household._meta.get_field(name).max_length


def plan_import(school: School, parsed: ParsedFile, *,
                whole_school: bool | None = None) -> ImportPlan:
    """What importing ``parsed`` into ``school`` would change. Writes nothing.

    ``whole_school``: the file lists every pupil, so pupils it leaves out are reported as no
    longer present (never deleted). By default a CSV with pupils is whole-school and a CTF
    (usually one joining pupil) is not.
    """
    if whole_school is None:
        whole_school = parsed.kind == "csv" and bool(parsed.pupils)
    planner = _Planner(school, parsed, whole_school)
    planner.plan_pupils()
    planner.plan_contacts()
    planner.plan_links()
    return planner.plan
