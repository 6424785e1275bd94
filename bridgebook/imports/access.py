"""Who may bring pupils and families in from the MIS, and export them: the office and the
principal (and trust administrators); other staff get 403, everyone else 404.

An import reads and shows the whole school's pupils and families, so a member of staff
whom a court order keeps from a pupil of the school does not import there (403), whatever
their role: the order wins over the role."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bridgebook.core.access import IMPORT_ROLES, Viewer, access_school, viewer_for
from bridgebook.core.models import School
from bridgebook.imports.models import ImportRun


def _kept_from_a_pupil_of(viewer: Viewer, school: School) -> bool:
    """Whether a court order keeps the viewer from a pupil of this school."""
    return school.pk in viewer.restricted_school_ids


def can_import(user, school: School) -> bool:
    viewer = viewer_for(user)
    return viewer.has_role(school, IMPORT_ROLES) and not _kept_from_a_pupil_of(viewer, school)


def access_imports(user, urn: str) -> School:
    school = access_school(user, urn, need=IMPORT_ROLES)
    if _kept_from_a_pupil_of(viewer_for(user), school):
        raise PermissionDenied
    return school


def access_run(user, urn: str, run_id) -> ImportRun:
    """An import run of a school whose imports the user may see."""
    school = access_imports(user, urn)
    run = (ImportRun.objects.filter(pk=run_id, school=school)
           .select_related("school", "uploaded_by").first())
    if run is None:
        raise Http404
    return run
