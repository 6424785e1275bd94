"""Who may read, raise and answer concerns.

Reading follows the pupil, checked at read time (``core.access.visible_pupils``): a court
order recorded after a concern was raised cuts its raiser off at once, and a member of staff
who is a restricted contact of the child sees nothing through their staff role either.

- A family member (parental responsibility or named to receive information, never a
  restricted contact) raises a concern about their child, and reads and answers their own
  concerns only: the other parent, in the same home or another, does not see them (404).
- Staff who see the child read the child's concerns, notes included (``visible_concerns``).
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
from django.db.models import QuerySet
from django.http import Http404

from bridgebook.concerns.models import Addressed, Concern
from bridgebook.core.access import (
    access_pupil,
    access_school,
    class_staff_ids,
    group_staff_ids,
    viewer_for,
    visible_pupils,
)
from bridgebook.core.models import Role

LEADER_ROLES = frozenset({Role.PRINCIPAL, Role.SENIOR_LEADER})
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


def visible_concerns(user) -> QuerySet[Concern]:
    """Staff: the concerns about the children they see. A family member: the ones they
    raised themselves, about children they are entitled to now."""
    viewer = viewer_for(user)
    if viewer.is_anonymous:
        return Concern.objects.none()
    concerns = Concern.objects.filter(pupil__in=visible_pupils(user))
    if viewer.is_staff_member:
        return concerns
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
    """The child whose concerns these are (their Concerns tab): whoever sees the child."""
    return access_pupil(user, pupil_id)


def access_raise(user, pupil_id):
    """A child a family member raises a concern about, with their own contact at the
    child's school: 404 for who may not see the child, 403 for staff who may."""
    pupil = access_pupil(user, pupil_id)
    viewer = viewer_for(user)
    contact_id = viewer.contact_for_school(pupil.school_id)
    if not viewer.is_family or contact_id is None:
        raise PermissionDenied
    return pupil, contact_id


def access_concern_school(user, urn: str):
    """A school the member of staff works in (404 elsewhere)."""
    return access_school(user, urn)


def access_settings(user, urn: str):
    return access_school(user, urn, need=SETTINGS_ROLES)
