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
- Parents' evenings: the principal, the policy coordinator and the office run them
  (``can_run``, ``access_evening(run=True)``); a family member with parental
  responsibility books at their school's (``access_family_evening``) and opens their own
  household's meetings and those they were asked to (``access_meeting``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from bridgebook.appointments.models import (
    Appointment,
    Availability,
    EveningBreak,
    EveningSession,
    EveningStaff,
    ParentsEvening,
)
from bridgebook.core.access import (
    PEOPLE_MANAGER_ROLES,
    STAFF_MANAGER_ROLES,
    WHOLE_SCHOOL_ROLES,
    access_pupil,
    access_pupil_for_family,
    access_school,
    viewer_for,
    visible_pupils,
    visible_schools,
)
from bridgebook.core.models import Role
from bridgebook.people.models import Contact, PupilContact

SETTINGS_ROLES = STAFF_MANAGER_ROLES
CHANGE_ROLES = PEOPLE_MANAGER_ROLES
# Who families may choose to meet about a child: the child's class staff (their class) and
# everyone who works across the school but the office.
MEETING_ROLES = WHOLE_SCHOOL_ROLES - {Role.OFFICE}
# Who sets up a school's parents' evenings and reads who has booked (with the trust
# administrator, as everywhere).
EVENING_ROLES = frozenset({Role.PRINCIPAL, Role.POLICY_COORDINATOR, Role.OFFICE})


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
    """Move or cancel: the family who see it, its member of staff, the people managers. A
    parents' evening meeting: only its booker and their household (``may_cancel``), never
    someone from another household who was only asked to come."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        return not appointment.evening_id or may_cancel(user, appointment)
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
    return access_pupil_for_family(user, pupil_id)


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


# Parents' evenings ---------------------------------------------------------------------------

def can_run(user, school) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(school, EVENING_ROLES)


def load_evening(queryset):
    """Evenings with their sessions, breaks and staff (each with the user): three queries
    more, however many."""
    return queryset.select_related("school").prefetch_related(
        Prefetch("sessions", queryset=EveningSession.objects.order_by("starts_at")),
        Prefetch("breaks", queryset=EveningBreak.objects.order_by("starts_at")),
        Prefetch("staff", queryset=EveningStaff.objects.select_related("staff")
                 .order_by("staff__full_name", "pk")))


def access_evening(user, pk, *, run: bool = False) -> ParentsEvening:
    """An evening of a school the member of staff works at (404 for anyone else); 403 for
    who may not run it (``run``)."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        raise Http404
    evening = load_evening(ParentsEvening.objects.filter(
        pk=pk, school__in=visible_schools(user))).first()
    if evening is None:
        raise Http404
    if run and not can_run(user, evening.school):
        raise PermissionDenied
    return evening


def family_contact(user, school_id: int) -> Contact | None:
    """The family member's contact at a school, when they book for a child there."""
    viewer = viewer_for(user)
    if not viewer.is_family:
        return None
    contact_id = viewer.contact_for_school(school_id)
    if contact_id is None:
        return None
    if not PupilContact.objects.filter(
            contact_id=contact_id, parental_responsibility=True, is_restricted=False,
            pupil__school_id=school_id).exclude(
            pupil_id__in=viewer.restricted_pupil_ids).exists():
        return None
    return Contact.objects.select_related("household", "school").get(pk=contact_id)


def access_family_evening(user, pk) -> tuple[ParentsEvening, Contact]:
    """An evening a family member books at (their school, a child they have parental
    responsibility for): 403 for the school's staff, 404 for anyone else."""
    evening = load_evening(ParentsEvening.objects.filter(pk=pk)).first()
    if evening is None:
        raise Http404
    contact = family_contact(user, evening.school_id)
    if contact is not None:
        return evening, contact
    if evening.school in visible_schools(user):
        raise PermissionDenied
    raise Http404


def own_meetings(contact: Contact) -> Q:
    """Meetings a family member's household booked (or they did, without a household),
    and those they were asked to come to (``with_contacts``: someone the booker's household
    chose to come, ``family_plan``, or whom staff booked to come): never another
    household's otherwise, so separated parents each see only their own."""
    asked = Q(pk__in=Appointment.with_contacts.through.objects.filter(
        contact_id=contact.pk).values("appointment_id"))
    if contact.household_id is not None:
        return Q(household_id=contact.household_id) | asked
    return Q(contact_id=contact.pk) | asked


def access_meeting(user, pk, *, notes: bool = False) -> Appointment:
    """A parents' evening meeting: for staff, one about a pupil they see (403 for writing
    notes unless it is theirs or they run the evening); for a family member, one about a
    child they see (``visible_pupils``) that their own household booked or they were asked
    to come to (``own_meetings``). 404 for anyone else."""
    meeting = (Appointment.objects.filter(pk=pk, evening__isnull=False)
               .select_related("evening", "school", "pupil", "staff", "contact").first())
    if meeting is None:
        raise Http404
    viewer = viewer_for(user)
    if viewer.is_staff_member:
        if not visible_pupils(user).filter(pk=meeting.pupil_id).exists():
            raise Http404
        if notes and not (meeting.staff_id == user.pk or can_run(user, meeting.school)):
            raise PermissionDenied
        return meeting
    contact = family_contact(user, meeting.school_id)
    if notes or contact is None or meeting.pupil_id in viewer.restricted_pupil_ids:
        raise Http404
    # The child must be theirs to see (a household member with parental responsibility
    # for a brother only never opens the sister's meeting), and the meeting their own.
    if not visible_pupils(user).filter(pk=meeting.pupil_id).exists():
        raise Http404
    if not Appointment.objects.filter(own_meetings(contact), pk=meeting.pk).exists():
        raise Http404
    return meeting


def booker_side(meeting: Appointment, contact_id: int | None,
                household_id: int | None) -> bool:
    """Whether a family member (their contact and household at the meeting's school)
    booked the meeting or lives in the household of whoever did: someone only asked to
    come (``with_contacts``) from another household is not."""
    if contact_id is not None and meeting.contact_id == contact_id:
        return True
    return household_id is not None and meeting.household_id == household_id


def may_cancel(user, meeting: Appointment) -> bool:
    """Staff cancel a meeting that is theirs or of an evening they run; a family member,
    one they booked or their household booked (``booker_side``), never one another
    household booked and only asked them to come to. No query."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        return booker_side(meeting, viewer.contact_for_school(meeting.school_id),
                           viewer.households.get(meeting.school_id))
    return meeting.staff_id == user.pk or can_run(user, meeting.school)
