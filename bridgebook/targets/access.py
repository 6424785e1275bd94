"""Who may read and write a pupil's targets, strategies, progress and evidence.

Reading follows the pupil (``core.access.visible_pupils``): the staff who see the pupil and
the family members entitled to them; a restricted contact sees nothing, over any role.

- Setting the plan (outcomes, targets, strategies, a new year's plan) is for the people who
  plan a pupil's learning: the SENCO, the principal, the therapists, and class teachers of
  the pupil's class (``PLANNER_ROLES``); the trust administrator as everywhere.
- Recording progress, Engagement Model notes and evidence is for everyone who works with the
  pupil: any member of staff who sees them but the office.
- Families add evidence from home. What a family member writes is read by staff and by the
  writer's own household, and by the other household only when shared, as in the book.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from bridgebook.core.access import access_pupil, viewer_for, visible_pupils
from bridgebook.core.models import Role
from bridgebook.diary.access import PHOTO_CONSENT, own_household
from bridgebook.diary.models import Entry, Photo
from bridgebook.targets.models import Evidence, Outcome, Strategy, Target

PLANNER_ROLES = frozenset({Role.SENCO, Role.PRINCIPAL, Role.SALT, Role.OT, Role.PHYSIO,
                           Role.CLASS_TEACHER})
CONTRIBUTOR_ROLES = frozenset(Role) - {Role.OFFICE}
# Who chooses the school's progress scale.
SCALE_ROLES = frozenset({Role.SENCO, Role.PRINCIPAL})


def can_plan(user, pupil) -> bool:
    """Whether the user sets ``pupil``'s outcomes, targets and strategies (they see the
    pupil: a class teacher sees only their classes' pupils)."""
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(pupil.school, PLANNER_ROLES)


def can_contribute(user, pupil) -> bool:
    """Whether the user records progress and evidence for ``pupil`` as staff."""
    viewer = viewer_for(user)
    return viewer.is_staff_member and viewer.has_role(pupil.school, CONTRIBUTOR_ROLES)


def can_add_home_evidence(user) -> bool:
    return viewer_for(user).is_family


def access_targets(user, pupil_id, *, plan: bool = False, contribute: bool = False):
    """The pupil whose targets these are: 404 for who may not see the pupil, 403 for who
    may see them but not plan (``plan``) or record (``contribute``)."""
    pupil = access_pupil(user, pupil_id)
    if plan and not can_plan(user, pupil):
        raise PermissionDenied
    if contribute and not can_contribute(user, pupil):
        raise PermissionDenied
    return pupil


def _pupil_of(user, queryset, pk, *, plan: bool, contribute: bool):
    found = (queryset.filter(pupil__in=visible_pupils(user))
             .select_related("pupil", "pupil__school").filter(pk=pk).first())
    if found is None:
        raise Http404
    if plan and not can_plan(user, found.pupil):
        raise PermissionDenied
    if contribute and not can_contribute(user, found.pupil):
        raise PermissionDenied
    return found


def access_target(user, target_id, *, plan: bool = False, contribute: bool = False) -> Target:
    return _pupil_of(user, Target.objects.select_related("outcome__plan", "owner"), target_id,
                     plan=plan, contribute=contribute)


def access_strategy(user, strategy_id, *, plan: bool = False) -> Strategy:
    return _pupil_of(user, Strategy.objects.filter(removed_at__isnull=True), strategy_id,
                     plan=plan, contribute=False)


def access_outcome(user, outcome_id, *, plan: bool = False) -> Outcome:
    outcome = (Outcome.objects.select_related("plan", "plan__pupil", "plan__pupil__school")
               .filter(plan__pupil__in=visible_pupils(user), pk=outcome_id).first())
    if outcome is None:
        raise Http404
    if plan and not can_plan(user, outcome.plan.pupil):
        raise PermissionDenied
    return outcome


def readable_evidence(user) -> Q:
    """The evidence a user may read, of the pupils they see: everything for staff; for a
    family member, school's and their own household's (or shared), and only while the book
    entry it points to is one they may read (published, not removed, not another
    household's own)."""
    viewer = viewer_for(user)
    condition = Q(pupil__in=visible_pupils(user))
    if viewer.is_staff_member:
        return condition
    mine = own_household(user_id=user.pk, households=viewer.households.values())
    condition &= Q(from_family=False) | mine
    hidden = ~Q(status=Entry.Status.PUBLISHED) | Q(deleted_at__isnull=False) | (
        Q(origin=Entry.Origin.HOME) & ~mine)
    hidden_entry = Entry.objects.filter(pk=OuterRef("entry_id")).filter(hidden)
    # A photo is hidden as the book hides it: with its entry or unpublished event, or
    # without the pupil's consent to photos in the book.
    hidden_photo = Photo.objects.filter(pk=OuterRef("photo_id")).filter(
        Q(entry__in=Entry.objects.filter(hidden))
        | Q(event__published_at__isnull=True, event__isnull=False)
        | Q(event__deleted_at__isnull=False))
    return (condition & ~Exists(hidden_entry) & ~Exists(hidden_photo)
            & (Q(photo__isnull=True) | Q(pupil__photo_consent__in=PHOTO_CONSENT)))


def access_evidence(user, evidence_id, *, write: bool = False) -> Evidence:
    """Evidence the user may read; changing it (its targets, or taking it away) is for
    staff who record evidence, and for the family member who wrote it."""
    evidence = (Evidence.objects.filter(readable_evidence(user))
                .select_related("pupil", "pupil__school").filter(pk=evidence_id).first())
    if evidence is None:
        raise Http404
    if write and not (evidence.author_id == user.pk
                      or (not evidence.from_family and can_contribute(user, evidence.pupil))):
        raise PermissionDenied
    return evidence
