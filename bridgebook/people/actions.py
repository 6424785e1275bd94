"""Changes to pupils, contacts, classes and staff. Every change writes an audit row.

Each function is keyword-only, runs in one transaction (so nothing is half-saved) and takes
already-cleaned data from a form.
"""

from django.db import transaction

from bridgebook.core import audit
from bridgebook.core.access import CLASS_ROLES, GROUP_ROLES, forget_viewer
from bridgebook.core.models import AuditEvent, School, StaffRole, User
from bridgebook.people.models import (
    ClassStaff,
    Contact,
    Household,
    Pupil,
    PupilContact,
    ResidentialGroup,
    ResidentialStaff,
    SchoolClass,
)
from bridgebook.people.signals import entitlement_changed

PUPIL_FIELDS = ["legal_first_name", "legal_last_name", "preferred_first_name",
                "preferred_last_name", "date_of_birth", "upn", "school_class",
                "admission_date", "leaving_date", "has_ehcp", "areas_of_need", "communication",
                "communication_notes", "photo_consent", "home_language", "residential_group"]
CONTACT_FIELDS = ["title", "first_name", "last_name", "email", "mobile", "language",
                  "interpreter_needed", "literacy_support", "preferred_channels"]
LINK_FIELDS = ["relationship", "parental_responsibility", "lives_with_pupil", "priority",
               "receives_information", "is_restricted", "restriction_note"]
# Whether a contact may see and be sent anything about the pupil (PupilContact.is_entitled).
ENTITLEMENT_FIELDS = {"parental_responsibility", "receives_information", "is_restricted"}
ADDRESS_FIELDS = ["address_line_1", "address_line_2", "town", "postcode", "home_phone"]


def _pick(data: dict, fields: list[str]) -> dict:
    return {name: data[name] for name in fields if name in data}


def _created_changes(data: dict, fields: list[str]) -> dict:
    return audit.changed_fields(_Blank(), data, fields)


class _Blank:
    """Stands for "nothing before" so a new record's audit row lists every value set."""

    def __getattr__(self, name):
        return None


# Pupils ----------------------------------------------------------------------------------

@transaction.atomic(durable=True)
def do_create_pupil(*, school: School, data: dict, acting_user) -> Pupil:
    values = _pick(data, PUPIL_FIELDS)
    pupil = Pupil.objects.create(school=school, **values)
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=pupil,
                 summary=f"Added pupil {pupil.legal_name}",
                 changes=_created_changes(values, PUPIL_FIELDS))
    return pupil


@transaction.atomic(durable=True)
def do_update_pupil(*, pupil: Pupil, data: dict, acting_user) -> dict:
    """Save the changed fields; returns the changes ({} when nothing changed)."""
    changes = audit.changed_fields(pupil, data, PUPIL_FIELDS)
    if not changes:
        return changes
    for name in changes:
        setattr(pupil, name, data[name])
    pupil.save(update_fields=list(changes))
    audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=pupil,
                 summary=f"Changed pupil {pupil.legal_name}", changes=changes)
    return changes


def do_record_pupil_view(*, pupil: Pupil, acting_user) -> None:
    audit.record(actor=acting_user, action=AuditEvent.Action.VIEW, obj=pupil,
                 summary=f"Viewed pupil {pupil.legal_name}")


# Contacts --------------------------------------------------------------------------------

def _household_for(*, school: School, household: Household | None,
                   new_address: dict | None) -> Household | None:
    if new_address is None:
        return household
    return Household.objects.create(school=school, **_pick(new_address, ADDRESS_FIELDS))


@transaction.atomic
def do_create_contact(*, school: School, data: dict, acting_user,
                      household: Household | None = None,
                      new_address: dict | None = None) -> Contact:
    """A contact, and their new household when ``new_address`` is given."""
    values = _pick(data, CONTACT_FIELDS)
    home = _household_for(school=school, household=household, new_address=new_address)
    contact = Contact.objects.create(school=school, household=home, **values)
    changes = _created_changes(values, CONTACT_FIELDS)
    if home is not None:
        changes["household"] = [None, str(home)]
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=contact,
                 summary=f"Added contact {contact.full_name}", changes=changes)
    return contact


@transaction.atomic(durable=True)
def do_update_contact(*, contact: Contact, data: dict, acting_user,
                      household: Household | None = None,
                      new_address: dict | None = None) -> dict:
    values = dict(_pick(data, CONTACT_FIELDS))
    values["household"] = _household_for(school=contact.school, household=household,
                                         new_address=new_address)
    changes = audit.changed_fields(contact, values, [*CONTACT_FIELDS, "household"])
    if not changes:
        return changes
    for name in changes:
        setattr(contact, name, values[name])
    contact.save(update_fields=list(changes))
    audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=contact,
                 summary=f"Changed contact {contact.full_name}", changes=changes)
    return changes


def do_record_contact_view(*, contact: Contact, acting_user) -> None:
    audit.record(actor=acting_user, action=AuditEvent.Action.VIEW, obj=contact,
                 summary=f"Viewed contact {contact.full_name}")


# Links between pupils and contacts -------------------------------------------------------

@transaction.atomic(durable=True)
def do_add_pupil_contact(*, pupil: Pupil, link_data: dict, acting_user,
                         contact: Contact | None = None, contact_data: dict | None = None,
                         household: Household | None = None,
                         new_address: dict | None = None) -> PupilContact:
    """Link a pupil to an existing contact, or create the contact and link in one go."""
    if contact is None:
        contact = do_create_contact(school=pupil.school, data=contact_data or {},
                                    acting_user=acting_user, household=household,
                                    new_address=new_address)
    values = _pick(link_data, LINK_FIELDS)
    if not values.get("is_restricted"):
        values["restriction_note"] = ""
    link = PupilContact.objects.create(pupil=pupil, contact=contact, **values)
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=link,
                 school=pupil.school, pupil=pupil,
                 summary=f"Linked {contact.full_name} to pupil {pupil.legal_name} "
                         f"({link.get_relationship_display()})",
                 changes=_created_changes(values, LINK_FIELDS))
    return link


@transaction.atomic(durable=True)
def do_update_pupil_contact(*, link: PupilContact, link_data: dict, acting_user) -> dict:
    values = _pick(link_data, LINK_FIELDS)
    if not values.get("is_restricted", link.is_restricted):
        values["restriction_note"] = ""
    changes = audit.changed_fields(link, values, LINK_FIELDS)
    if not changes:
        return changes
    for name in changes:
        setattr(link, name, values[name])
    link.save(update_fields=list(changes))
    audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=link,
                 school=link.pupil.school, pupil=link.pupil,
                 summary=f"Changed how {link.contact.full_name} relates to pupil "
                         f"{link.pupil.legal_name}",
                 changes=changes)
    if changes.keys() & ENTITLEMENT_FIELDS:
        entitlement_changed.send(sender=PupilContact, contact_ids=[link.contact_id])
    return changes


# Classes ---------------------------------------------------------------------------------

def _set_class_staff(school_class: SchoolClass, chosen: dict[int, bool]) -> dict:
    """Make the class's staff exactly ``chosen`` ({user id: is class teacher})."""
    current = {m.user_id: m for m in school_class.memberships.all()}
    removed = [user_id for user_id in current if user_id not in chosen]
    if removed:
        ClassStaff.objects.filter(school_class=school_class, user_id__in=removed).delete()
    added = [ClassStaff(school_class=school_class, user_id=user_id, is_class_teacher=teacher)
             for user_id, teacher in chosen.items() if user_id not in current]
    ClassStaff.objects.bulk_create(added)
    flipped = []
    for user_id, teacher in chosen.items():
        membership = current.get(user_id)
        if membership is not None and membership.is_class_teacher != teacher:
            membership.is_class_teacher = teacher
            membership.save(update_fields=["is_class_teacher"])
            flipped.append(user_id)
    changes = {}
    if removed or added or flipped:
        changes["staff"] = [
            {str(user_id): m.is_class_teacher for user_id, m in sorted(current.items())},
            {str(user_id): teacher for user_id, teacher in sorted(chosen.items())},
        ]
    return changes


@transaction.atomic(durable=True)
def do_create_class(*, school: School, data: dict, staff: dict[int, bool],
                    acting_user) -> SchoolClass:
    school_class = SchoolClass.objects.create(school=school, name=data["name"],
                                              year_group=data.get("year_group", ""))
    changes = _created_changes(data, ["name", "year_group"])
    changes.update(_set_class_staff(school_class, staff))
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=school_class,
                 summary=f"Added class {school_class.name}", changes=changes)
    return school_class


@transaction.atomic(durable=True)
def do_update_class(*, school_class: SchoolClass, data: dict, staff: dict[int, bool],
                    acting_user) -> dict:
    changes = audit.changed_fields(school_class, data, ["name", "year_group"])
    if changes:
        for name in changes:
            setattr(school_class, name, data[name])
        school_class.save(update_fields=list(changes))
    changes.update(_set_class_staff(school_class, staff))
    if changes:
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=school_class,
                     summary=f"Changed class {school_class.name}", changes=changes)
    return changes


# Residential groups ----------------------------------------------------------------------

def _set_group_staff(group: ResidentialGroup, chosen: set[int]) -> dict:
    """Make the group's staff exactly ``chosen`` (user ids)."""
    current = set(group.memberships.values_list("user_id", flat=True))
    removed = current - chosen
    if removed:
        ResidentialStaff.objects.filter(group=group, user_id__in=removed).delete()
    ResidentialStaff.objects.bulk_create([ResidentialStaff(group=group, user_id=user_id)
                                          for user_id in sorted(chosen - current)])
    if current == chosen:
        return {}
    return {"staff": [sorted(current), sorted(chosen)]}


@transaction.atomic(durable=True)
def do_create_residential_group(*, school: School, data: dict, staff: set[int],
                                acting_user) -> ResidentialGroup:
    group = ResidentialGroup.objects.create(school=school, name=data["name"])
    changes = _created_changes(data, ["name"])
    changes.update(_set_group_staff(group, staff))
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=group,
                 summary=f"Added residential group {group.name}", changes=changes)
    return group


@transaction.atomic(durable=True)
def do_update_residential_group(*, group: ResidentialGroup, data: dict, staff: set[int],
                                acting_user) -> dict:
    changes = audit.changed_fields(group, data, ["name"])
    if changes:
        group.name = data["name"]
        group.save(update_fields=["name"])
    changes.update(_set_group_staff(group, staff))
    if changes:
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=group,
                     summary=f"Changed residential group {group.name}", changes=changes)
    return changes


# Staff -----------------------------------------------------------------------------------

def _leave_classes_and_groups(*, user: User, school: School, before: set[str],
                              after: set[str]) -> dict:
    """Take someone out of this school's classes when they no longer hold a class role
    there, and out of its residential groups when they no longer hold the residential role
    (out of both when they hold no role at all): a place kept without its role would still
    name them as the class's or group's staff. The classes and groups they left, by name,
    for the audit row."""
    changes = {}
    leaves_classes = not after or bool(before & CLASS_ROLES and not after & CLASS_ROLES)
    leaves_groups = not after or bool(before & GROUP_ROLES and not after & GROUP_ROLES)
    if leaves_classes:
        places = ClassStaff.objects.filter(user=user, school_class__school=school)
        names = sorted(places.values_list("school_class__name", flat=True))
        if names:
            places.delete()
            changes["classes"] = [names, []]
    if leaves_groups:
        places = ResidentialStaff.objects.filter(user=user, group__school=school)
        names = sorted(places.values_list("group__name", flat=True))
        if names:
            places.delete()
            changes["residential_groups"] = [names, []]
    return changes


def _set_roles(*, user: User, school: School, roles: list[str], job_title: str) -> dict:
    current = {role.role: role for role in StaffRole.objects.filter(user=user, school=school)}
    removed = sorted(set(current) - set(roles))
    if removed:
        StaffRole.objects.filter(user=user, school=school, role__in=removed).delete()
    StaffRole.objects.bulk_create([
        StaffRole(user=user, school=school, role=role, job_title=job_title)
        for role in roles if role not in current
    ])
    retitled = [role for role in current.values()
                if role.role in roles and role.job_title != job_title]
    for role in retitled:
        role.job_title = job_title
        role.save(update_fields=["job_title"])
    changes = _leave_classes_and_groups(user=user, school=school, before=set(current),
                                        after=set(roles))
    forget_viewer(user)
    if sorted(current) != sorted(roles):
        changes["roles"] = [sorted(current), sorted(roles)]
    old_titles = {role.job_title for role in current.values()}
    if current and old_titles != {job_title} or not current and job_title:
        changes["job_title"] = [", ".join(sorted(old_titles)), job_title]
    return changes


@transaction.atomic(durable=True)
def do_add_staff_member(*, school: School, email: str, full_name: str, roles: list[str],
                        job_title: str, acting_user) -> User:
    """Give someone roles at a school, creating their account (with no password) if new.

    The office sets a first password with ``manage.py changepassword``; then they sign in
    and set up their second factor.
    """
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, full_name=full_name)
    changes = _set_roles(user=user, school=school, roles=roles, job_title=job_title)
    if created:
        changes = {"email": [None, user.email], "full_name": [None, full_name], **changes}
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=user, school=school,
                 summary=f"Added {full_name} to the staff of {school.name}", changes=changes)
    return user


@transaction.atomic(durable=True)
def do_update_staff_member(*, school: School, user: User, full_name: str, roles: list[str],
                           job_title: str, acting_user) -> dict:
    changes = audit.changed_fields(user, {"full_name": full_name}, ["full_name"])
    if changes:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    changes.update(_set_roles(user=user, school=school, roles=roles, job_title=job_title))
    if changes:
        verb = "Removed" if not roles else "Changed"
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=user,
                     school=school, summary=f"{verb} {full_name} on the staff of {school.name}",
                     changes=changes)
    return changes
