"""Who may read and write the contact log and home visits.

Reading follows the pupil (``core.access.visible_pupils``): the staff who see a pupil read
its contact log and visits; a family member never reads the staff's log, and a restricted
contact sees nothing, over any role.

- Logging contact and planning home visits (``WRITE_ROLES``) is for everyone who works with
  families but the office: class staff, the SENCO, therapists, the nurse, family support,
  the EAL teacher, the principal and the policy coordinator (and the trust administrator).
  The office reads the log but records no contact and plans no visits: they are not the
  ones who visit or hold the conversations the termly duty is about.
- Checking in and out is for the visiting staff themselves; acknowledging an alert for the
  colleague alerted, the senior leader it escalated to, and the school's principals. The
  people named on a visit (the visiting staff, the colleague to alert, whoever it
  escalated to) open that visit's pages even when the pupil is not in their classes; a
  court order still wins (404).
- Changing or cancelling a visit not yet checked in, and writing it up, is for whoever may
  plan visits.
- A follow-up is marked done by its owner (even one who does not work with the pupil's
  class, never one a court order keeps from the pupil) or by whoever may write.
- Coverage of a class is read by whoever sees the class; the school's page lists the
  classes the reader sees (every class for the principal and policy coordinator).
- The school's home-visit settings are the principal's (and the trust administrator's).
- The advice shared after a visit is read by the visited household's contacts entitled to
  the pupil (not a parent in another household) and by staff who see the pupil.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from bridgebook.contact.models import FollowUp, HomeVisit
from bridgebook.core.access import (
    access_pupil,
    access_school,
    viewer_for,
    visible_classes,
    visible_pupils,
)
from bridgebook.core.models import Role
from bridgebook.people.models import PupilContact

WRITE_ROLES = frozenset(Role) - {Role.OFFICE}
OVERSIGHT_ROLES = frozenset({Role.PRINCIPAL, Role.POLICY_COORDINATOR})
SETTINGS_ROLES = frozenset({Role.PRINCIPAL})
ACKNOWLEDGE_ROLES = frozenset({Role.PRINCIPAL})


def can_write(user, school) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(school, WRITE_ROLES)


def access_log(user, pupil_id, *, write: bool = False):
    """The pupil whose contact log this is: staff who see the pupil (404 for everyone
    else, families included), 403 for who may not write (``write``)."""
    if not viewer_for(user).is_staff_member:
        raise Http404
    pupil = access_pupil(user, pupil_id)
    if write and not can_write(user, pupil.school):
        raise PermissionDenied
    return pupil


def access_coverage_class(user, class_id):
    """A class the member of staff sees (404 otherwise)."""
    if not viewer_for(user).is_staff_member:
        raise Http404
    school_class = visible_classes(user).select_related("school").filter(pk=class_id).first()
    if school_class is None:
        raise Http404
    return school_class


def access_settings(user, urn: str):
    return access_school(user, urn, need=SETTINGS_ROLES)


def access_follow_up(user, follow_up_id) -> FollowUp:
    """A follow-up of a pupil the user sees; done by its owner or whoever may write."""
    if not viewer_for(user).is_staff_member:
        raise Http404
    viewer = viewer_for(user)
    mine = Q(owner=user, record__school_id__in=viewer.school_ids())
    mine |= Q(owner=user, record__school__trust_id__in=viewer.trust_ids)
    follow_up = (FollowUp.objects.select_related("record", "record__pupil",
                                                 "record__pupil__school")
                 .filter(Q(record__pupil__in=visible_pupils(user)) | mine, pk=follow_up_id)
                 .exclude(record__pupil_id__in=viewer.restricted_pupil_ids).first())
    if follow_up is None:
        raise Http404
    if follow_up.owner_id != user.pk and not can_write(user, follow_up.record.pupil.school):
        raise PermissionDenied
    return follow_up


def _visit(user, visit_id) -> HomeVisit:
    """A visit to a pupil the member of staff sees, or one they are named on at a school
    they work in; never one to a pupil a court order keeps from them."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        raise Http404
    named = Q(lead=user) | Q(second=user) | Q(buddy=user) | Q(escalated_to=user)
    here = Q(school_id__in=viewer.school_ids()) | Q(school__trust_id__in=viewer.trust_ids)
    visit = (HomeVisit.objects.select_related("pupil", "pupil__school", "pupil__school_class",
                                              "school", "household", "lead", "second",
                                              "buddy", "escalated_to", "acknowledged_by")
             .filter(Q(pupil__in=visible_pupils(user)) | (named & here), pk=visit_id)
             .exclude(pupil_id__in=viewer.restricted_pupil_ids).first())
    if visit is None:
        raise Http404
    return visit


def sees_pupil(user, pupil_id) -> bool:
    return visible_pupils(user).filter(pk=pupil_id).exists()


def access_visit(user, visit_id, *, write: bool = False) -> HomeVisit:
    """A visit to a pupil the member of staff sees, or one they are named on (404
    otherwise); 403 for who may not plan visits, change them or write them up (``write``):
    of those named, only the visiting staff write, when they may plan visits."""
    visit = _visit(user, visit_id)
    if write:
        if not can_write(user, visit.school):
            raise PermissionDenied
        if user.pk not in visit.staff_ids and not sees_pupil(user, visit.pupil_id):
            raise PermissionDenied
    return visit


def access_visit_as_visitor(user, visit_id) -> HomeVisit:
    """A visit the user makes (lead or second): they check in and out."""
    visit = _visit(user, visit_id)
    if user.pk not in visit.staff_ids:
        raise PermissionDenied
    return visit


def can_acknowledge(user, visit: HomeVisit, senior_leader_id: int | None = None) -> bool:
    if user.pk in {visit.buddy_id, visit.escalated_to_id, senior_leader_id} - {None}:
        return True
    return viewer_for(user).has_role(visit.school, ACKNOWLEDGE_ROLES)


def access_visit_alert(user, visit_id) -> HomeVisit:
    """A visit whose alert the user may acknowledge (the buddy, the senior leader, the
    principal); 403 for other staff who see the pupil."""
    from bridgebook.contact.selectors import settings_for

    visit = _visit(user, visit_id)
    if not can_acknowledge(user, visit, settings_for(visit.school).senior_leader_id):
        raise PermissionDenied
    return visit


def access_advice(user, visit_id) -> HomeVisit:
    """The advice written after a visit, for the visited household's contacts entitled to
    the pupil and for staff who see the pupil; 404 for everyone else (a parent in another
    household, a restricted contact) and before it is written up."""
    viewer = viewer_for(user)
    visit = (HomeVisit.objects.select_related("pupil", "pupil__school", "school", "lead")
             .filter(pk=visit_id, pupil__in=visible_pupils(user), written_up_at__isnull=False)
             .first())
    if visit is None:
        raise Http404
    if viewer.is_staff_member:
        return visit
    household_contacts = PupilContact.objects.entitled().filter(
        pupil=visit.pupil, contact_id__in=viewer.contact_ids,
        contact__household_id=visit.household_id)
    if visit.household_id is None or not household_contacts.exists():
        raise Http404
    return visit
