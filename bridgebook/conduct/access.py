"""Who may read and write the conduct log: the school's senior leaders and its principal,
nobody else, and never about themselves.

- Reading and writing (``CONDUCT_ROLES``): a member of staff with the senior leader or the
  principal role at the school. Everyone else gets 404, whatever else they may see there:
  class staff, the SENCO, therapists, the office, the school's other staff, other schools'
  staff, families and the anonymous (sent to sign in). The log says nothing of its
  existence to them.
- A trust administrator is not let in as such: they run the trust's installation, and
  conduct towards a school's staff is that school's senior team's business. One who also
  holds the senior leader or principal role at the school reads it through that role.
- Nobody reads an incident recorded about themselves: one whose adult is a contact that is
  the reader's account, or has the reader's email address (a member of staff who is also a
  parent at the school).
- A court order wins over every role, as everywhere: an incident about a pupil a court
  order keeps from the reader, or about an adult of that pupil's family, is not theirs to
  read (404).
- The school's conduct settings (how long incidents are kept) are the principal's: a
  senior leader reads the log but gets 403 there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from bridgebook.conduct.models import ConductIncident
from bridgebook.core.access import access_school, viewer_for
from bridgebook.core.models import Role, School

CONDUCT_ROLES = frozenset({Role.PRINCIPAL, Role.SENIOR_LEADER})
SETTINGS_ROLES = frozenset({Role.PRINCIPAL})


def reads_log(viewer, school: School) -> bool:
    """Whether the Viewer holds a role at the school that reads its conduct log (the
    trust administrator's blanket access does not count here)."""
    return bool(viewer.roles_at(school) & CONDUCT_ROLES)


def changes_settings(viewer, school: School) -> bool:
    return bool(viewer.roles_at(school) & SETTINGS_ROLES)


def access_log(user, urn: str) -> School:
    """The school whose conduct log the user reads (404 for everyone else)."""
    school = access_school(user, urn)
    if not reads_log(viewer_for(user), school):
        raise Http404
    return school


def access_settings(user, urn: str) -> School:
    """The school whose conduct settings the principal changes; a senior leader gets
    403, everyone else 404."""
    school = access_log(user, urn)
    if not changes_settings(viewer_for(user), school):
        raise PermissionDenied
    return school


def about_the_reader(user) -> Q:
    """Incidents whose adult is the reader: a contact that is their account or has their
    email address."""
    condition = Q(contact__user_id=user.pk)
    if user.email:
        condition |= Q(contact__email__iexact=user.email)
    return condition


def visible_incidents(user, school: School) -> QuerySet:
    """The school's incidents the user may read: none unless they read the log, never one
    about themselves, and none about a pupil (or a family member of a pupil) a court order
    keeps from them."""
    viewer = viewer_for(user)
    if not reads_log(viewer, school):
        return ConductIncident.objects.none()
    incidents = ConductIncident.objects.filter(school=school).exclude(about_the_reader(user))
    if viewer.restricted_pupil_ids:
        kept = list(viewer.restricted_pupil_ids)
        incidents = incidents.exclude(pupil_id__in=kept).exclude(
            contact__pupil_links__pupil_id__in=kept)
    return incidents


def access_incident(user, urn: str, incident_id) -> ConductIncident:
    """An incident at the school the user may read (404 otherwise), with who recorded it
    and whom and what it is about."""
    school = access_log(user, urn)
    incident = (visible_incidents(user, school)
                .select_related("school", "contact", "pupil", "recorded_by", "closed_by",
                                "statement")
                .filter(pk=incident_id).first())
    if incident is None:
        raise Http404
    return incident
