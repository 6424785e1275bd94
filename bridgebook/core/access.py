"""The one access layer: who may see and change what.

Every view asks here before it touches a school, class, pupil or contact. Not allowed to
see a thing means 404, so its existence never leaks; allowed to see but not to change
means 403.

- A family member sees only the pupils they are linked to and entitled to see: parental
  responsibility or marked to receive information, and not restricted.
- A class teacher or teaching assistant sees the pupils of the classes they work in.
- Residential care staff see the pupils of the residential groups they work in (at a
  school that boards), and no class.
- Other staff roles (SENCO, therapists, nurse, family support, EAL, office, principal,
  senior leader, policy coordinator) work across the school and see every pupil in it.
- A trust administrator sees every school of the trust.
- Everyone else sees nothing.

A court order wins over every role: someone recorded as a restricted contact of a pupil
(their account is the contact's, or has the contact's email address) sees nothing of that
pupil, whatever staff role they also hold (``Viewer.restricted_pupil_ids``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Upper
from django.http import Http404

from bridgebook.core.models import Role, School, StaffRole, TrustAdministrator, User
from bridgebook.core.sql import table
from bridgebook.people.models import (
    ClassStaff,
    Contact,
    Pupil,
    PupilContact,
    ResidentialGroup,
    ResidentialStaff,
    SchoolClass,
)

CLASS_ROLES = frozenset({Role.CLASS_TEACHER, Role.TEACHING_ASSISTANT})
# Residential care staff work in residential groups (houses), as class staff in classes.
GROUP_ROLES = frozenset({Role.RESIDENTIAL})
WHOLE_SCHOOL_ROLES = frozenset(Role) - CLASS_ROLES - GROUP_ROLES
PEOPLE_MANAGER_ROLES = frozenset({Role.OFFICE, Role.PRINCIPAL, Role.SENCO})
STAFF_MANAGER_ROLES = frozenset({Role.OFFICE, Role.PRINCIPAL})
# Bringing pupils in from the MIS and exporting them is office work.
IMPORT_ROLES = frozenset({Role.OFFICE, Role.PRINCIPAL})
AUDIT_ROLES = frozenset({Role.PRINCIPAL})


@dataclass
class Viewer:
    """What one signed-in person is, worked out once per request."""

    user: User | None
    roles: dict[int, set[str]] = field(default_factory=dict)
    trust_ids: set[int] = field(default_factory=set)
    # A family member's contacts, school id → contact id: a contact belongs to one school,
    # and someone with children at several schools of the trust has one in each.
    contacts: dict[int, int] = field(default_factory=dict)
    # The same contacts' languages and households, school id → language / household id.
    languages: dict[int, str] = field(default_factory=dict)
    households: dict[int, int | None] = field(default_factory=dict)
    # Pupils a court order keeps from this person, over any role they hold, and the
    # schools of those pupils.
    restricted_pupil_ids: set[int] = field(default_factory=set)
    restricted_school_ids: set[int] = field(default_factory=set)

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    @property
    def is_staff_member(self) -> bool:
        return bool(self.roles) or bool(self.trust_ids)

    @property
    def is_family(self) -> bool:
        return bool(self.contacts) and not self.is_staff_member

    @property
    def contact_ids(self) -> list[int]:
        """Every contact of the user, for what spans schools: the inbox, unread counts."""
        return sorted(self.contacts.values())

    def contact_for_school(self, school_id: int | None) -> int | None:
        """The user's contact at a school (the one who reads, acknowledges and is named
        there), or None."""
        return self.contacts.get(school_id)

    def roles_at(self, school: School) -> set[str]:
        return self.roles.get(school.pk, set())

    def administers(self, school: School) -> bool:
        return school.trust_id in self.trust_ids

    def has_role(self, school: School, allowed: frozenset) -> bool:
        if self.administers(school):
            return True
        return bool(self.roles_at(school) & allowed)

    def whole_school_ids(self) -> set[int]:
        return {sid for sid, roles in self.roles.items() if roles & WHOLE_SCHOOL_ROLES}

    def class_school_ids(self) -> set[int]:
        return {sid for sid, roles in self.roles.items() if roles & CLASS_ROLES}

    def group_school_ids(self) -> set[int]:
        return {sid for sid, roles in self.roles.items() if roles & GROUP_ROLES}

    def school_ids(self) -> set[int]:
        return set(self.roles)


# Everything a Viewer holds, as (kind, id, contact id, household id, text) rows: each staff
# role ("role": school id, role), each pupil a court order keeps from the user
# ("restricted": pupil id and the pupil's school; the contact is theirs, or has their
# email address), each trust
# they administer ("trust": trust id) and each of their contacts ("contact": school id,
# contact id, household id, language). Every signed-in request reads it, so it is written
# out once here rather than built by the ORM each time (building the same union took
# longer than running it).
_VIEWER_SQL = f"""
SELECT 'role', school_id, CAST(NULL AS bigint), CAST(NULL AS bigint), role
  FROM {table(StaffRole)} WHERE user_id = %(user)s
UNION ALL
SELECT 'restricted', link.pupil_id, pupil.school_id, NULL, NULL
  FROM {table(PupilContact)} link JOIN {table(Contact)} contact
    ON contact.id = link.contact_id
  JOIN {table(Pupil)} pupil ON pupil.id = link.pupil_id
 WHERE link.is_restricted
   AND (contact.user_id = %(user)s OR (%(email)s <> '' AND UPPER(contact.email) = UPPER(%(email)s)))
UNION ALL
SELECT 'trust', trust_id, NULL, NULL, NULL
  FROM {table(TrustAdministrator)} WHERE user_id = %(user)s
UNION ALL
SELECT 'contact', school_id, id, household_id, language
  FROM {table(Contact)} WHERE user_id = %(user)s
"""


def viewer_for(user) -> Viewer:
    """The Viewer for a user, computed with one query (however many roles and contacts the
    user has) and kept on the user."""
    if user is None or not user.is_authenticated:
        return Viewer(user=None)
    cached = getattr(user, "_bridgebook_viewer", None)
    if cached is not None:
        return cached
    viewer = Viewer(user=user)
    contacts = []
    with connection.cursor() as cursor:
        cursor.execute(_VIEWER_SQL, {"user": user.pk, "email": user.email or ""})
        rows = cursor.fetchall()
    for kind, key, contact_id, household_id, text in rows:
        if kind == "role":
            viewer.roles.setdefault(key, set()).add(text)
        elif kind == "restricted":
            viewer.restricted_pupil_ids.add(key)
            viewer.restricted_school_ids.add(contact_id)
        elif kind == "trust":
            viewer.trust_ids.add(key)
        else:
            contacts.append((contact_id, key, text, household_id))
    # A member of staff reads as staff, never as a family member, whatever contacts share
    # their account; a family member's first contact (by id) names their language.
    if not viewer.is_staff_member:
        for contact_id, school_id, language, household_id in sorted(contacts):
            viewer.contacts[school_id] = contact_id
            viewer.languages[school_id] = language
            viewer.households[school_id] = household_id
    user._bridgebook_viewer = viewer
    return viewer


def forget_viewer(user) -> None:
    """Drop the cached Viewer after roles change within one request."""
    if hasattr(user, "_bridgebook_viewer"):
        del user._bridgebook_viewer


# Schools ---------------------------------------------------------------------------------

def visible_schools(user) -> QuerySet[School]:
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        return School.objects.none()
    return School.objects.filter(
        Q(pk__in=viewer.school_ids()) | Q(trust_id__in=viewer.trust_ids)
    ).select_related("trust")


def access_school(user, urn: str, *, need: frozenset | None = None) -> School:
    """A school the user works in; ``need`` names the roles allowed (else 403)."""
    school = visible_schools(user).filter(urn=urn).first()
    if school is None:
        raise Http404
    if need is not None and not viewer_for(user).has_role(school, need):
        raise PermissionDenied
    return school


# Pupils ----------------------------------------------------------------------------------

def _staff_pupil_filter(viewer: Viewer) -> Q:
    condition = Q(school_id__in=viewer.whole_school_ids())
    condition |= Q(school__trust_id__in=viewer.trust_ids)
    condition |= Q(
        school_id__in=viewer.class_school_ids(),
        school_class__memberships__user=viewer.user,
    )
    # Only for residential staff, so nobody else's pupil queries take the extra join.
    if group_school_ids := viewer.group_school_ids():
        condition |= Q(
            school_id__in=group_school_ids,
            residential_group__memberships__user=viewer.user,
        )
    return condition


def contact_id_list(contacts) -> list[int]:
    """Contact ids from one contact or id, or several (one person's contacts)."""
    if not isinstance(contacts, (list, tuple, set, frozenset)):
        contacts = [contacts]
    return [getattr(contact, "pk", contact) for contact in contacts]


def family_pupil_filter(contacts) -> Q:
    """Pupils any of these contacts is entitled to: linked, not restricted, PR or named to
    receive. Every condition holds on the same link, so a restricted link is never made up
    for by another contact's link."""
    entitled = Q(contact_links__parental_responsibility=True)
    entitled |= Q(contact_links__receives_information=True)
    return Q(contact_links__contact_id__in=contact_id_list(contacts),
             contact_links__is_restricted=False) & entitled


def visible_pupils(user) -> QuerySet:

    viewer = viewer_for(user)
    if viewer.is_staff_member:
        condition = _staff_pupil_filter(viewer)
    elif viewer.contacts:
        condition = family_pupil_filter(viewer.contact_ids)
    else:
        return Pupil.objects.none()
    # The filter can cross to-many relations; a subquery keeps each pupil once.
    pupils = Pupil.objects.filter(pk__in=Pupil.objects.filter(condition).values("pk"))
    if viewer.restricted_pupil_ids:
        pupils = pupils.exclude(pk__in=viewer.restricted_pupil_ids)
    return pupils


def _family_needs(pupils: QuerySet) -> QuerySet:
    """Annotates what the head of a child's page says of the family's language needs: the
    language of a contact who needs an interpreter (``interpreter_language``, or None) and
    whether one needs help with reading and writing (``literacy_support``), from the
    contacts who hear about the child. Subqueries: no query of their own."""

    links = PupilContact.objects.filter(pupil_id=OuterRef("pk"), is_restricted=False)
    return pupils.annotate(
        interpreter_language=Subquery(
            links.filter(contact__interpreter_needed=True).order_by("priority", "pk")
            .values("contact__language")[:1]),
        literacy_support=Exists(links.filter(contact__literacy_support=True)))


def access_pupil(user, pupil_id, *, write: bool = False):
    pupil = _family_needs(visible_pupils(user).select_related(
        "school", "school_class", "residential_group")).filter(
        pk=pupil_id
    ).first()
    if pupil is None:
        raise Http404
    if write and not viewer_for(user).has_role(pupil.school, PEOPLE_MANAGER_ROLES):
        raise PermissionDenied
    return pupil


def access_pupil_for_family(user, pupil_id) -> tuple[Pupil, int]:
    """(pupil, contact id) for a family member acting about a child they see, through their
    own contact at the child's school: 404 for who may not see the child, 403 for staff
    who may."""
    pupil = access_pupil(user, pupil_id)
    viewer = viewer_for(user)
    contact_id = viewer.contact_for_school(pupil.school_id)
    if not viewer.is_family or contact_id is None:
        raise PermissionDenied
    return pupil, contact_id


# Contacts --------------------------------------------------------------------------------

def visible_contacts(user) -> QuerySet:
    """Staff see the contacts of pupils they can see (and, school-wide, every contact)."""

    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        if not viewer.contacts:
            return Contact.objects.none()
        return Contact.objects.filter(pk__in=viewer.contact_ids)
    condition = Q(school_id__in=viewer.whole_school_ids())
    condition |= Q(school__trust_id__in=viewer.trust_ids)
    condition |= Q(pupil_links__pupil__in=visible_pupils(user))
    contacts = Contact.objects.filter(pk__in=Contact.objects.filter(condition).values("pk"))
    if viewer.restricted_pupil_ids:
        # The family of a pupil kept from this person is kept from them too.
        contacts = contacts.exclude(pupil_links__pupil_id__in=viewer.restricted_pupil_ids)
    return contacts


def access_contact(user, contact_id, *, write: bool = False):
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        raise Http404
    contact = visible_contacts(user).select_related("school", "household").filter(
        pk=contact_id
    ).first()
    if contact is None:
        raise Http404
    if write and not viewer.has_role(contact.school, PEOPLE_MANAGER_ROLES):
        raise PermissionDenied
    return contact


def can_manage_people(user, school: School) -> bool:
    return viewer_for(user).has_role(school, PEOPLE_MANAGER_ROLES)


def can_manage_staff(user, school: School) -> bool:
    return viewer_for(user).has_role(school, STAFF_MANAGER_ROLES)


def can_read_audit(user, school: School) -> bool:
    return viewer_for(user).has_role(school, AUDIT_ROLES)


# Classes ---------------------------------------------------------------------------------

def visible_classes(user) -> QuerySet:

    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        return SchoolClass.objects.none()
    condition = Q(school_id__in=viewer.whole_school_ids())
    condition |= Q(school__trust_id__in=viewer.trust_ids)
    condition |= Q(school_id__in=viewer.class_school_ids(), memberships__user=viewer.user)
    return SchoolClass.objects.filter(pk__in=SchoolClass.objects.filter(condition).values("pk"))


def access_class(user, class_id, *, write: bool = False):
    school_class = visible_classes(user).select_related("school").filter(pk=class_id).first()
    if school_class is None:
        raise Http404
    if write and not can_manage_staff(user, school_class.school):
        raise PermissionDenied
    return school_class


# Residential groups ----------------------------------------------------------------------

def visible_residential_groups(user) -> QuerySet:
    """Whole-school staff see every group of their school, residential staff their own."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        return ResidentialGroup.objects.none()
    condition = Q(school_id__in=viewer.whole_school_ids())
    condition |= Q(school__trust_id__in=viewer.trust_ids)
    condition |= Q(school_id__in=viewer.group_school_ids(), memberships__user=viewer.user)
    return ResidentialGroup.objects.filter(
        pk__in=ResidentialGroup.objects.filter(condition).values("pk"))


def access_residential_group(user, group_id, *, write: bool = False):
    group = visible_residential_groups(user).select_related("school").filter(
        pk=group_id).first()
    if group is None:
        raise Http404
    if write and not can_manage_staff(user, group.school):
        raise PermissionDenied
    return group


# Who works with a class or a group --------------------------------------------------------

def class_staff_ids(class_id) -> QuerySet:
    """The ids of the users who work in the class as its class staff: a member of the class
    (``ClassStaff``) who holds a class role (``CLASS_ROLES``) at its school, the two things
    ``visible_pupils`` asks before showing them the class's pupils. A member without the
    role (someone whose class role was taken away, a whole-school colleague added to the
    class) is not. A query set of ids: as a subquery it costs no query of its own."""
    holds_role = StaffRole.objects.filter(user_id=OuterRef("user_id"),
                                          school_id=OuterRef("school_class__school_id"),
                                          role__in=CLASS_ROLES)
    return (ClassStaff.objects.filter(Exists(holds_role), school_class_id=class_id)
            .values_list("user_id", flat=True))


def group_staff_ids(group_id) -> QuerySet:
    """The ids of the users who work in the residential group as its care staff: a member
    of the group (``ResidentialStaff``) who holds the residential role (``GROUP_ROLES``) at
    its school, as ``visible_pupils`` asks. A query set of ids (a subquery)."""
    holds_role = StaffRole.objects.filter(user_id=OuterRef("user_id"),
                                          school_id=OuterRef("group__school_id"),
                                          role__in=GROUP_ROLES)
    return (ResidentialStaff.objects.filter(Exists(holds_role), group_id=group_id)
            .values_list("user_id", flat=True))


def users_kept_from(pupil) -> QuerySet:
    """The ids of the users a court order keeps from ``pupil``: a restricted contact of the
    child whose account is theirs, or who has their email address (the rule
    ``Viewer.restricted_pupil_ids`` applies to the one reading). A query set of ids: used
    as a subquery (``.exclude(pk__in=...)``) it costs no query of its own."""
    restricted = PupilContact.objects.filter(pupil=pupil, is_restricted=True)
    by_email = (restricted.exclude(contact__email="")
                .annotate(address=Upper("contact__email"))
                .filter(address=Upper(OuterRef("email"))))
    return (User.objects
            .filter(Q(pk__in=restricted.filter(contact__user__isnull=False)
                      .values("contact__user_id")) | Q(Exists(by_email)))
            .values_list("pk", flat=True))


def query_id(value) -> int | None:
    """An id a request names (in its query string or a form): ASCII digits only, at most
    nine ("²" and "٣" are digits to ``str.isdigit`` but not to ``int``, and a longer
    number names no row), or None."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value):
        return int(value)
    return None
