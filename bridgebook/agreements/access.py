"""Who may read and write the home-school agreement and the admissions pack.

The agreement is the school's:

- Every member of staff at the school reads it, its versions, its review record and who
  might like help to read or sign it (of the pupils they see: a class teacher their
  classes' families; whole-school staff every family).
- Writing it, publishing a version, recording the views that shaped it and asking for its
  translations to be checked (``WRITE_ROLES``) is for the school's leaders: the principal, a
  senior leader, the policy coordinator (the home-school partnership lead) and the SENCO,
  and the trust administrator. Teachers and therapists read it; they did not write the
  policy, and a published version is a promise made for the whole school.
- The school's settings for it (whether the NAS required statements are checked, how often
  it is reviewed) are the principal's (and the trust administrator's).
- The admissions pack is assembled and sent by the office and the leaders
  (``PACK_ROLES``): admissions are the office's work.

A child's Agreement tab follows the child (``core.access.access_pupil``):

- Staff who see the child see each parent's and carer's signature, record a signature made
  on paper, mark that the child signs and sit with them while they do.
- A family member entitled to the child reads the agreement; one with parental
  responsibility signs it, for themselves (a parent in another household signs for
  themselves too, and never sees the other's signature). A contact a court order restricts
  gets 404, as for everything about the child, checked when the page is read.
- A family member opens the admissions pack documents sent to them for a child they may
  still see: a court order recorded after the pack was sent cuts it off.

Not signing never changes what anyone may see or do: nothing here asks for a signature.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bridgebook.agreements.models import (
    AgreementVersion,
    PackDelivery,
    PackItem,
    Statement,
)
from bridgebook.core.access import access_pupil, access_school, viewer_for
from bridgebook.core.models import Role
from bridgebook.people.models import PupilContact

WRITE_ROLES = frozenset({Role.PRINCIPAL, Role.SENIOR_LEADER, Role.POLICY_COORDINATOR,
                         Role.SENCO})
SETTINGS_ROLES = frozenset({Role.PRINCIPAL})
PACK_ROLES = WRITE_ROLES | {Role.OFFICE}


def can_write(user, school) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(school, WRITE_ROLES)


def can_change_settings(user, school) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(school, SETTINGS_ROLES)


def can_manage_pack(user, school) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(school, PACK_ROLES)


def _staff_only(user) -> None:
    if not viewer_for(user).is_staff_member:
        raise Http404


# The school's agreement ----------------------------------------------------------------

def access_agreement_school(user, urn: str, *, need: frozenset | None = None):
    """A school the member of staff works at (404 for families and everyone else); 403
    without one of the roles ``need`` names."""
    _staff_only(user)
    return access_school(user, urn, need=need)


def access_version(user, urn: str, version_id) -> AgreementVersion:
    """A version of the school's agreement, for its staff."""
    school = access_agreement_school(user, urn)
    version = (AgreementVersion.objects
               .select_related("agreement", "agreement__school", "published_by",
                               "created_by")
               .filter(pk=version_id, agreement__school=school).first())
    if version is None:
        raise Http404
    return version


def access_draft_statement(user, urn: str, statement_id) -> Statement:
    """A statement of the school's draft, for who may write the agreement (403 for other
    staff). A published version's statements are never changed: they are not found here
    (404)."""
    school = access_agreement_school(user, urn)
    statement = (Statement.objects.select_related("version", "version__agreement",
                                                  "version__agreement__school")
                 .filter(pk=statement_id, version__agreement__school=school,
                         version__status=AgreementVersion.Status.DRAFT).first())
    if statement is None:
        raise Http404
    if not can_write(user, school):
        raise PermissionDenied
    return statement


def access_pack_item(user, urn: str, item_id) -> PackItem:
    """A document of the school's pack, for its staff (to check what families get)."""
    school = access_agreement_school(user, urn)
    item = PackItem.objects.select_related("school").filter(pk=item_id, school=school).first()
    if item is None:
        raise Http404
    return item


# A child's agreement ---------------------------------------------------------------------

def access_pupil_staff(user, pupil_id, *, pack: bool = False):
    """The child, for staff who see them (404 for families and everyone else); with
    ``pack``, 403 for staff who may not send the admissions pack."""
    _staff_only(user)
    pupil = access_pupil(user, pupil_id)
    if pack and not can_manage_pack(user, pupil.school):
        raise PermissionDenied
    return pupil


def signer_link(user, pupil) -> PupilContact | None:
    """The family member's link to the child when it lets them sign: their own contact at
    the child's school, with parental responsibility, not restricted. One query."""
    viewer = viewer_for(user)
    contact_id = viewer.contact_for_school(pupil.school_id)
    if not viewer.is_family or contact_id is None:
        return None
    return (PupilContact.objects.select_related("contact")
            .filter(pupil=pupil, contact_id=contact_id, parental_responsibility=True,
                    is_restricted=False).first())


def access_family_signer(user, pupil_id):
    """(pupil, link) for a family member who may sign for the child; 403 for who sees the
    child but does not sign (staff, a carer without parental responsibility), 404 for
    everyone else."""
    pupil = access_pupil(user, pupil_id)
    link = signer_link(user, pupil)
    if link is None:
        raise PermissionDenied
    return pupil, link


def access_pack_file(user, pupil_id, item_id) -> tuple:
    """(pupil, item) for a document of the admissions pack: staff who see the child open
    any of the school's documents; a family member only one sent to them for the child,
    checked now (a court order recorded since the pack was sent cuts it off: the child is
    no longer theirs to see)."""
    pupil = access_pupil(user, pupil_id)
    item = (PackItem.objects.filter(pk=item_id, school_id=pupil.school_id,
                                    kind=PackItem.Kind.DOCUMENT).exclude(file="").first())
    if item is None:
        raise Http404
    viewer = viewer_for(user)
    if viewer.is_staff_member:
        return pupil, item
    contact_id = viewer.contact_for_school(pupil.school_id)
    sent = PackDelivery.objects.filter(pupil=pupil, contact_id=contact_id, items=item)
    if contact_id is None or not sent.exists():
        raise Http404
    return pupil, item
