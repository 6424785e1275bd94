"""Who may read and run a pupil's annual review.

Reading follows the pupil (``core.access.visible_pupils``): the staff who see the pupil and
the family members entitled to them; a restricted contact sees nothing, over any role, and
is never invited.

- Running the review (the pupil's plan dates and local authority, booking, the pack, the
  meeting, the report, the local authority's decision) is for the SENCO and the principal
  (``REVIEW_ROLES``), and the trust administrator as everywhere.
- Advice for the pack is added by anyone who works with the pupil but the office
  (``ADVICE_ROLES``: class staff, therapists, the nurse...).
- The compliance page is for those who run reviews and the policy coordinator.
- A family member reads their child's review; the papers once they are circulated, the
  report once it is sent. Their views are read by staff and their own household.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from bridgebook.core.access import access_pupil, viewer_for, visible_pupils
from bridgebook.core.models import Role
from bridgebook.diary.access import own_household
from bridgebook.people.models import PupilContact
from bridgebook.reviews.models import LocalAuthority, Paper, Review

REVIEW_ROLES = frozenset({Role.SENCO, Role.PRINCIPAL})
ADVICE_ROLES = frozenset(Role) - {Role.OFFICE}
COMPLIANCE_ROLES = REVIEW_ROLES | {Role.POLICY_COORDINATOR}


def can_run(user, pupil) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(pupil.school, REVIEW_ROLES)


def can_add_advice(user, pupil) -> bool:
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(pupil.school, ADVICE_ROLES)


def kept_from(pupil, *, user=None, email: str = "") -> bool:
    """Whether a court order keeps ``pupil`` from this person: a restricted contact of the
    pupil who is the user, or has their email address (as ``core.access`` decides, over
    any staff role), or has ``email``. Such a person is never invited or sent anything."""
    condition = Q()
    for address in {address.lower() for address in (email, getattr(user, "email", ""))
                    if address}:
        condition |= Q(contact__email__iexact=address)
    if user is not None:
        condition |= Q(contact__user=user)
    if not condition:
        return False
    return PupilContact.objects.filter(condition, pupil=pupil, is_restricted=True).exists()


def access_authority(user, authority_id) -> LocalAuthority:
    """A local authority of a school where the user runs reviews (404 elsewhere, 403 for
    the school's other staff)."""
    authority = LocalAuthority.objects.select_related("school").filter(pk=authority_id).first()
    viewer = viewer_for(user)
    if authority is None or not (authority.school_id in viewer.school_ids()
                                 or viewer.administers(authority.school)):
        raise Http404
    if not viewer.has_role(authority.school, REVIEW_ROLES):
        raise PermissionDenied
    return authority


def access_reviews(user, pupil_id, *, run: bool = False):
    """The pupil whose reviews these are: 404 for who may not see the pupil, 403 for who
    may see them but not run their reviews (``run``)."""
    pupil = access_pupil(user, pupil_id)
    if run and not can_run(user, pupil):
        raise PermissionDenied
    return pupil


def access_review(user, review_id, *, run: bool = False, advise: bool = False,
                  family: bool = False) -> Review:
    """A review of a pupil the user sees (404 otherwise); 403 for who may not run it
    (``run``), add advice to it (``advise``), or give a family's views (``family``)."""
    review = (Review.objects.filter(pupil__in=visible_pupils(user), pk=review_id)
              .select_related("pupil", "pupil__school", "pupil__school_class").first())
    if review is None:
        raise Http404
    if run and not can_run(user, review.pupil):
        raise PermissionDenied
    if advise and not can_add_advice(user, review.pupil):
        raise PermissionDenied
    if family and not viewer_for(user).is_family:
        raise PermissionDenied
    return review


def readable_papers(user, review: Review) -> Q:
    """The papers of ``review`` the user may open: every one for staff; for its family the
    pack once it is circulated and the report once it is sent."""
    if viewer_for(user).is_staff_member:
        return Q(review=review)
    kinds = []
    if review.pack_circulated_at:
        kinds += [Paper.Kind.ADVICE, Paper.Kind.SUMMARY]
    if review.report_sent_at:
        kinds.append(Paper.Kind.REPORT)
    return Q(review=review, kind__in=kinds)


def access_paper(user, paper_id) -> Paper:
    """A paper the user may open now: checked when it is read, so a parent restricted after
    the pack went out opens nothing."""
    paper = (Paper.objects.filter(review__pupil__in=visible_pupils(user), pk=paper_id)
             .select_related("review", "review__pupil", "review__pupil__school").first())
    if paper is None or not Paper.objects.filter(readable_papers(user, paper.review),
                                                 pk=paper.pk).exists():
        raise Http404
    return paper


def readable_contributions(user) -> Q:
    """Views a user may read: every one for staff; for a family member, staff's record of
    the pupil's views and their own household's."""
    viewer = viewer_for(user)
    condition = Q(review__pupil__in=visible_pupils(user))
    if viewer.is_staff_member:
        return condition
    return condition & (Q(from_family=False) | own_household(
        user_id=user.pk, households=viewer.households.values()))
