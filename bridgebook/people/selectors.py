"""Reads for the people pages, each with a fixed number of queries whatever the data size.

Every function takes querysets already narrowed by the access layer (``visible_pupils`` and
friends), so a selector never widens what someone may see.
"""

import re

from django.db.models import Count, Prefetch, Q, QuerySet

from bridgebook.core.access import (
    visible_classes,
    visible_contacts,
    visible_pupils,
    visible_residential_groups,
)
from bridgebook.core.models import School, StaffRole, User
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


def _phone_fragment(term: str) -> str | None:
    """The digits of a phone number as stored (E.164): 07700 900001 → +447700900001."""
    digits = re.sub(r"[\s()-]", "", term)
    if not re.fullmatch(r"\+?\d{4,}", digits):
        return None
    if digits.startswith("0"):
        return "+44" + digits[1:]
    return digits


def _contact_search(words: list[str]) -> Q:
    """Every word must match a contact's name, email or mobile."""
    condition = Q()
    for word in words:
        term = Q(first_name__icontains=word) | Q(last_name__icontains=word) \
            | Q(email__icontains=word)
        phone = _phone_fragment(word)
        if phone:
            term |= Q(mobile__contains=phone)
        condition &= term
    return condition


# Pupils ----------------------------------------------------------------------------------

def pupil_list(user, school: School, *, search: str = "", class_id: int | None = None
               ) -> QuerySet[Pupil]:
    """Pupils at a school the user may see, with their class: one query per page."""
    pupils = visible_pupils(user).filter(school=school).select_related("school_class")
    for word in search.split():
        pupils = pupils.filter(
            Q(legal_first_name__icontains=word) | Q(legal_last_name__icontains=word)
            | Q(preferred_first_name__icontains=word) | Q(preferred_last_name__icontains=word)
            | Q(upn__iexact=word)
        )
    if class_id is not None:
        pupils = pupils.filter(school_class_id=class_id)
    return pupils.order_by("legal_last_name", "legal_first_name", "pk")


def pupil_contact_links(pupil: Pupil) -> list[PupilContact]:
    """Everyone linked to a pupil with their household: one query."""
    return list(pupil.contact_links.select_related("contact__household")
                .order_by("priority", "pk"))


def siblings(user, pupil: Pupil, links: list[PupilContact]) -> list[Pupil]:
    """Other pupils the user may see who share a contact with this pupil: one query."""
    contact_ids = [link.contact_id for link in links]
    if not contact_ids:
        return []
    return list(visible_pupils(user).filter(contact_links__contact_id__in=contact_ids)
                .exclude(pk=pupil.pk).select_related("school_class").distinct()
                .order_by("legal_first_name"))


def households_near_pupil(pupil: Pupil) -> list[Household]:
    """Addresses already known for a pupil's contacts, to offer when adding another."""
    return list(Household.objects.filter(contacts__pupil_links__pupil=pupil).distinct()
                .order_by("postcode", "address_line_1"))


def contact_candidates(user, school: School, pupil: Pupil, search: str, *, chosen: str = ""
                       ) -> list[Contact]:
    """Contacts of the school the user may see matching a search, to link a sibling's
    family, with the pupils the user may see they are a contact for: two queries. (A court
    order keeps a pupil's family from a reader it names, over their role:
    ``visible_contacts``.)"""
    contacts = visible_contacts(user).filter(school=school).exclude(pupil_links__pupil=pupil)
    conditions = []
    words = search.split()
    if words:
        conditions.append(_contact_search(words))
    if chosen.isdigit():
        conditions.append(Q(pk=int(chosen)))
    if not conditions:
        return []
    condition = conditions[0] if len(conditions) == 1 else conditions[0] | conditions[1]
    return list(contacts.filter(condition).select_related("household")
                .prefetch_related(Prefetch(
                    "pupil_links", queryset=PupilContact.objects.filter(
                        pupil__in=visible_pupils(user)).select_related("pupil")))
                .order_by("last_name", "first_name", "pk")[:20])


# Contacts --------------------------------------------------------------------------------

def contact_list(user, school: School, *, search: str = "") -> QuerySet[Contact]:
    """Contacts the user may see with their household and the pupils they may see.

    Two queries per page: the contacts, and their links to visible pupils.
    """
    contacts = visible_contacts(user).filter(school=school).select_related("household")
    if search.split():
        contacts = contacts.filter(_contact_search(search.split()))
    links = PupilContact.objects.filter(pupil__in=visible_pupils(user)).select_related("pupil")
    return contacts.prefetch_related(
        Prefetch("pupil_links", queryset=links.order_by("pupil__legal_first_name"),
                 to_attr="visible_links")
    ).order_by("last_name", "first_name", "pk")


def contact_pupil_links(user, contact: Contact) -> list[PupilContact]:
    """A contact's links to the pupils the user may see, with each class: one query."""
    return list(contact.pupil_links.filter(pupil__in=visible_pupils(user))
                .select_related("pupil__school_class").order_by("pupil__legal_first_name"))


def households_near_contact(contact: Contact) -> list[Household]:
    """The contact's own address and those of the other families of their pupils."""
    return list(Household.objects.filter(
        Q(pk=contact.household_id) | Q(contacts__pupil_links__pupil__contact_links__contact=contact)
    ).distinct().order_by("postcode", "address_line_1"))


# Classes ---------------------------------------------------------------------------------

def class_list(user, school: School) -> list[SchoolClass]:
    """Classes with counts and class teachers: two queries."""
    teachers = ClassStaff.objects.filter(is_class_teacher=True).select_related("user") \
        .order_by("user__full_name")
    return list(
        visible_classes(user).filter(school=school)
        .annotate(pupil_count=Count("pupils", filter=Q(pupils__leaving_date__isnull=True),
                                    distinct=True),
                  staff_count=Count("memberships", distinct=True))
        .prefetch_related(Prefetch("memberships", queryset=teachers, to_attr="teachers"))
        .order_by("name")
    )


def class_memberships(school_class: SchoolClass) -> list[ClassStaff]:
    return list(school_class.memberships.select_related("user")
                .order_by("-is_class_teacher", "user__full_name"))


def class_pupils(user, school_class: SchoolClass) -> list[Pupil]:
    return list(visible_pupils(user).filter(school_class=school_class)
                .order_by("legal_last_name", "legal_first_name"))


def school_staff(school: School, roles=None) -> list[User]:
    """Everyone with a role at the school (one of ``roles``, when given), by name: one
    query."""
    held = StaffRole.objects.filter(school=school)
    if roles is not None:
        held = held.filter(role__in=roles)
    return list(User.objects.filter(pk__in=held.values("user_id")).order_by("full_name", "pk"))


# Residential groups ----------------------------------------------------------------------

def boards(school: School) -> bool:
    """Whether the school has residential groups (a school that boards): one query."""
    return ResidentialGroup.objects.filter(school=school).exists()


def residential_group_list(user, school: School) -> list[ResidentialGroup]:
    """The groups the user sees, with pupil counts and their staff: two queries."""
    members = ResidentialStaff.objects.select_related("user").order_by("user__full_name")
    return list(
        visible_residential_groups(user).filter(school=school)
        .annotate(pupil_count=Count("pupils", filter=Q(pupils__leaving_date__isnull=True),
                                    distinct=True))
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="members"))
        .order_by("name")
    )


def residential_memberships(group: ResidentialGroup) -> list[ResidentialStaff]:
    return list(group.memberships.select_related("user").order_by("user__full_name"))


def residential_pupils(user, group: ResidentialGroup) -> list[Pupil]:
    return list(visible_pupils(user).filter(residential_group=group)
                .order_by("legal_last_name", "legal_first_name"))


# Staff -----------------------------------------------------------------------------------

def staff_list(school: School, *, search: str = "") -> QuerySet[User]:
    """Staff of a school with their roles and classes there: three queries per page."""
    users = User.objects.filter(pk__in=StaffRole.objects.filter(school=school).values("user_id"))
    for word in search.split():
        users = users.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
    return users.prefetch_related(
        Prefetch("staff_roles", queryset=StaffRole.objects.filter(school=school)
                 .order_by("role"), to_attr="roles_here"),
        Prefetch("class_memberships", queryset=ClassStaff.objects
                 .filter(school_class__school=school).select_related("school_class")
                 .order_by("school_class__name"), to_attr="classes_here"),
    ).order_by("full_name", "pk")


def staff_member(school: School, user_id: int) -> User | None:
    """One member of staff at this school (None if they have no role here)."""
    return staff_list(school).filter(pk=user_id).first()
