"""Who may see, book and change appointments.

Reading follows the pupil (``core.access.visible_pupils``): a court order wins over every
role, so a restricted contact gets 404 everywhere, whoever booked what.

- Staff who see a child see the child's appointments. Anyone with a role at a school
  publishes when they can meet there and books meetings with families themselves
  (``can_meet``); the trust administrator, with no role at the school, does neither.
- The meeting's own member of staff, and the people managers (office, principal, SENCO),
  move and cancel it; only its member of staff writes its notes, or says, once it has
  started, that it did not happen (``access_appointment(notes=True)``).
- A family member sees the meetings they booked or were asked to, and their own
  household's, of a child they are entitled to now: a separated parent never sees the
  other household's. They book for themselves, and move and cancel what they see.
- The school's settings for appointments are for the office and the principal.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from bridgebook.appointments.models import Appointment, Availability
from bridgebook.core.access import (
    PEOPLE_MANAGER_ROLES,
    STAFF_MANAGER_ROLES,
    WHOLE_SCHOOL_ROLES,
    access_pupil,
    access_school,
    viewer_for,
    visible_pupils,
)
from bridgebook.core.models import Role

SETTINGS_ROLES = STAFF_MANAGER_ROLES
CHANGE_ROLES = PEOPLE_MANAGER_ROLES
# Who families may choose to meet about a child: the child's class staff (their class) and
# everyone who works across the school but the office.
MEETING_ROLES = WHOLE_SCHOOL_ROLES - {Role.OFFICE}


def can_meet(user, school) -> bool:
    """Whether the user holds a role at ``school`` (so has time of their own there)."""
    viewer = viewer_for(user)
    return viewer.is_staff_member and bool(viewer.roles_at(school))


def can_change_settings(user, school) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(school, SETTINGS_ROLES)


def access_meeting_school(user, urn: str, *, meet: bool = False, settings: bool = False):
    """A school the user works in (404 elsewhere); 403 for who has no time of their own
    there (``meet``) or may not change its settings (``settings``)."""
    school = access_school(user, urn)
    if meet and not can_meet(user, school):
        raise PermissionDenied
    if settings and not can_change_settings(user, school):
        raise PermissionDenied
    return school


def family_appointments(viewer) -> Q:
    """A family member's own meetings and their household's."""
    ids = viewer.contact_ids
    condition = Q(contact_id__in=ids)
    condition |= Q(pk__in=Appointment.with_contacts.through.objects.filter(
        contact_id__in=ids).values("appointment_id"))
    households = [pk for pk in viewer.households.values() if pk is not None]
    if households:
        condition |= Q(household_id__in=households)
    return condition


def visible_appointments(user) -> QuerySet[Appointment]:
    viewer = viewer_for(user)
    if viewer.is_anonymous:
        return Appointment.objects.none()
    appointments = Appointment.objects.filter(pupil__in=visible_pupils(user))
    if viewer.is_staff_member:
        return appointments
    if not viewer.contacts:
        return Appointment.objects.none()
    return appointments.filter(family_appointments(viewer))


def can_change(user, appointment: Appointment) -> bool:
    """Move or cancel: the family who see it, its member of staff, the people managers."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        return True
    if appointment.staff_id == user.pk:
        return True
    return viewer.has_role(appointment.school, CHANGE_ROLES)


def access_appointment(user, appointment_id, *, change: bool = False,
                       notes: bool = False) -> Appointment:
    """An appointment the user sees (404 otherwise); 403 for who may not move or cancel
    it (``change``) or write its notes (``notes``)."""
    appointment = (visible_appointments(user).filter(pk=appointment_id)
                   .select_related("school", "pupil", "pupil__school", "pupil__school_class",
                                   "staff", "contact", "availability").first())
    if appointment is None:
        raise Http404
    if change and not can_change(user, appointment):
        raise PermissionDenied
    if notes and appointment.staff_id != user.pk:
        raise PermissionDenied
    return appointment


def access_family_booking(user, pupil_id):
    """A child a family member books a meeting about, with their own contact at the
    child's school: 404 for who may not see the child, 403 for staff who may."""
    pupil = access_pupil(user, pupil_id)
    viewer = viewer_for(user)
    contact_id = viewer.contact_for_school(pupil.school_id)
    if not viewer.is_family or contact_id is None:
        raise PermissionDenied
    return pupil, contact_id


def access_staff_booking(user, pupil_id):
    """A child a member of staff books a meeting about with the family: 403 for a family
    member or anyone with no role at the child's school."""
    pupil = access_pupil(user, pupil_id)
    if not can_meet(user, pupil.school):
        raise PermissionDenied
    return pupil


def access_availability(user, availability_id) -> Availability:
    """A member of staff's own published time (404 for anyone else's)."""
    availability = (Availability.objects.select_related("school")
                    .filter(pk=availability_id, staff_id=user.pk).first()
                    if user.is_authenticated else None)
    if availability is None or not viewer_for(user).is_staff_member:
        raise Http404
    return availability
