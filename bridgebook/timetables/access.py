"""Who may read and change timetables, on top of core.access.

- A class's week: staff who see the class read it (``visible_classes``); its class teachers
  and the staff who manage people at the school (office, principal, SENCO) change it and
  send it to families; other staff who see the class get 403; anyone else 404.
- A pupil's own changes follow the pupil's class: the same staff change them; other staff
  who see the pupil get 403, families 403 (they may see the child, not change the week),
  anyone else 404.
- A child's timetable (their class's week with their own changes): everyone who may see
  the child (``visible_pupils``): their staff and the family members entitled to them; a
  restricted contact, staff of another class or school and outsiders get 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bridgebook.core.access import (
    access_class,
    access_pupil,
    can_manage_people,
    viewer_for,
)
from bridgebook.people.models import ClassStaff
from bridgebook.timetables.models import TimetableSession, Variation


def can_edit_week(user, school_class) -> bool:
    """Whether ``user`` may change the class's week and send it to families: the staff who
    manage people at the school, or a class teacher of the class."""
    if can_manage_people(user, school_class.school):
        return True
    return ClassStaff.objects.filter(school_class=school_class, user_id=user.pk,
                                     is_class_teacher=True).exists()


def access_week(user, class_id, *, write: bool = False):
    """The class whose week this is: 404 for who may not see the class, 403 for who may
    see it but not change it (with ``write``)."""
    school_class = access_class(user, class_id)
    if write and not can_edit_week(user, school_class):
        raise PermissionDenied
    return school_class


def access_session(user, session_id) -> TimetableSession:
    """A session of a week the user may change (404 unseen, 403 not theirs to change)."""
    session = (TimetableSession.objects.filter(pk=session_id)
               .select_related("timetable__school_class__school", "timetable__school")
               .first())
    if session is None:
        raise Http404
    access_week(user, session.timetable.school_class_id, write=True)
    return session


def access_pupil_changes(user, pupil_id):
    """The pupil whose own changes these are: 404 for who may not see the pupil, and for a
    pupil in no class (there is no week to change); 403 for who may see them but not change
    their class's week (families among them)."""
    pupil = access_pupil(user, pupil_id)
    if not viewer_for(user).is_staff_member:
        raise PermissionDenied
    if pupil.school_class is None:
        raise Http404
    if not can_edit_week(user, pupil.school_class):
        raise PermissionDenied
    return pupil


def access_variation(user, variation_id) -> Variation:
    variation = (Variation.objects.filter(pk=variation_id)
                 .select_related("pupil", "timetable__school", "replaces").first())
    if variation is None:
        raise Http404
    pupil = access_pupil_changes(user, variation.pupil_id)
    if pupil.school_class_id != variation.timetable.school_class_id:
        raise Http404   # a change left behind in the class the pupil has moved out of
    variation.pupil = pupil
    return variation


def access_pupil_timetable(user, pupil_id):
    """The child whose timetable this is: anyone who may see them."""
    return access_pupil(user, pupil_id)
