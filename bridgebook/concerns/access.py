"""Who may read, raise and answer concerns.

Reading follows the pupil, checked at read time (``core.access.visible_pupils``): a court
order recorded after a concern was raised cuts its raiser off at once, and a member of staff
who is a restricted contact of the child sees nothing through their staff role either.

- A family member (parental responsibility or named to receive information, never a
  restricted contact) raises a concern about their child, and reads and answers their own
  concerns only: the other parent, in the same home or another, does not see them (404).
- Reading a concern, notes included, is for those who may have to act on it or support
  the child (``visible_concerns``), among the staff who see the child: the staff it was
  raised with (the class staff of the child's class, or the staff of their residential
  group, as the family chose), whoever is dealing with it, the SENCO and the school's
  leaders (``READ_ROLES``). Other staff who see the child (the office, therapists, class
  staff for a concern raised with the residential staff) do not read it (404), and the
  child's Concerns tab is not theirs (403).
- The concern's team acts on it (acknowledges it and names who deals with it, writes notes
  and updates to the family, proposes a resolution, escalates it): the class staff of the
  child's class or the staff of their residential group, as the family chose; whoever is
  dealing with it; and the school's leaders (``LEADER_ROLES``: the principal and senior
  leaders, and the trust administrator). Other staff who see the child get 403.
- The family member who raised it answers a proposed resolution, and may pass it to a senior
  leader themselves when it is not resolved or was not acknowledged in time.
- The school's page lists the open concerns the reader sees; its response times and
  outcomes are for the leaders. The school's settings are the principal's.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from bridgebook.concerns.models import Addressed, Concern
from bridgebook.core.access import (
    CLASS_ROLES,
    GROUP_ROLES,
    access_pupil,
    access_pupil_for_family,
    access_school,
    class_staff_ids,
    group_staff_ids,
    viewer_for,
    visible_pupils,
)
from bridgebook.core.models import Role

LEADER_ROLES = frozenset({Role.PRINCIPAL, Role.SENIOR_LEADER})
# Read every concern about the children they see: the leaders, and the SENCO.
READ_ROLES = LEADER_ROLES | {Role.SENCO}
SETTINGS_ROLES = frozenset({Role.PRINCIPAL})


def is_leader(user, school) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(school, LEADER_ROLES)


def can_change_settings(user, school) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(school, SETTINGS_ROLES)


def addressed_staff_ids(concern: Concern) -> set[int]:
    """The class staff of the child's class, or the care staff of their residential group,
    as the family chose (the child's class or group now), each only while they hold the
    role that lets them see its pupils (``core.access.class_staff_ids`` and
    ``group_staff_ids``): one query."""
    pupil = concern.pupil
    if concern.addressed_to == Addressed.RESIDENTIAL:
        if pupil.residential_group_id is None:
            return set()
        rows = group_staff_ids(pupil.residential_group_id)
    else:
        if pupil.school_class_id is None:
            return set()
        rows = class_staff_ids(pupil.school_class_id)
    return set(rows)


def reads_concerns(viewer, school) -> bool:
    """Whether the member of staff may read any of the school's concerns: a leader or the
    SENCO (all of them, of the children they see), class or residential staff (those
    raised with them), without a query."""
    if not viewer.is_staff_member:
        return False
    return viewer.has_role(school, READ_ROLES | CLASS_ROLES | GROUP_ROLES)


def _staff_reads(viewer) -> Q:
    """The concerns a member of staff reads, of those about the children they see: at a
    school where they lead or are the SENCO (or a school of a trust they administer) every
    one; else those raised with them (the staff of the child's class or residential group)
    and those they deal with. Subqueries: no query of their own."""
    user = viewer.user
    schools = {sid for sid, roles in viewer.roles.items() if roles & READ_ROLES}
    condition = Q(school_id__in=schools) | Q(school__trust_id__in=viewer.trust_ids)
    condition |= Q(handler_id=user.pk)
    condition |= Q(addressed_to=Addressed.CLASS) & Exists(
        class_staff_ids(OuterRef("pupil__school_class_id")).filter(user_id=user.pk))
    condition |= Q(addressed_to=Addressed.RESIDENTIAL) & Exists(
        group_staff_ids(OuterRef("pupil__residential_group_id")).filter(user_id=user.pk))
    return condition


def visible_concerns(user) -> QuerySet[Concern]:
    """Staff: the concerns they read (``_staff_reads``) about the children they see. A
    family member: the ones they raised themselves, about children they are entitled to
    now."""
    viewer = viewer_for(user)
    if viewer.is_anonymous:
        return Concern.objects.none()
    concerns = Concern.objects.filter(pupil__in=visible_pupils(user))
    if viewer.is_staff_member:
        return concerns.filter(_staff_reads(viewer))
    if not viewer.contacts:
        return Concern.objects.none()
    return concerns.filter(contact_id__in=viewer.contact_ids)


def is_team(user, concern: Concern) -> bool:
    """Whether the member of staff acts on the concern (see the module's docstring)."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        return False
    if concern.handler_id == user.pk:
        return True
    if is_leader(user, concern.school):
        return True
    return user.pk in addressed_staff_ids(concern)


def is_raiser(user, concern: Concern) -> bool:
    viewer = viewer_for(user)
    return viewer.is_family and concern.contact_id in viewer.contact_ids


def access_concern(user, concern_id, *, act: bool = False, answer: bool = False) -> Concern:
    """A concern the user may read (404 otherwise); 403 for who may read it but not act on
    it as staff (``act``) or answer it as its raiser (``answer``)."""
    concern = (visible_concerns(user)
               .select_related("school", "pupil", "pupil__school", "pupil__school_class",
                               "pupil__residential_group", "contact", "handler",
                               "acknowledged_by")
               .filter(pk=concern_id).first())
    if concern is None:
        raise Http404
    if act and not is_team(user, concern):
        raise PermissionDenied
    if answer and not is_raiser(user, concern):
        raise PermissionDenied
    return concern


def access_concerns_of(user, pupil_id):
    """The child whose concerns these are (their Concerns tab): a family member who sees
    the child, and staff who see the child and read concerns (403 for other staff)."""
    pupil = access_pupil(user, pupil_id)
    viewer = viewer_for(user)
    if viewer.is_staff_member and not reads_concerns(viewer, pupil.school):
        raise PermissionDenied
    return pupil


def access_raise(user, pupil_id):
    """A child a family member raises a concern about, with their own contact at the
    child's school: 404 for who may not see the child, 403 for staff who may."""
    return access_pupil_for_family(user, pupil_id)


def access_concern_school(user, urn: str):
    """A school the member of staff works in (404 elsewhere), whose concerns they may
    read (403 for other staff there)."""
    school = access_school(user, urn)
    if not reads_concerns(viewer_for(user), school):
        raise PermissionDenied
    return school


def access_settings(user, urn: str):
    return access_school(user, urn, need=SETTINGS_ROLES)
