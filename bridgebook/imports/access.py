"""Who may bring pupils and families in from the MIS, and export them: the office and the
principal (and trust administrators); other staff get 403, everyone else 404."""

from django.http import Http404

from bridgebook.core.access import IMPORT_ROLES, access_school, viewer_for
from bridgebook.core.models import School
from bridgebook.imports.models import ImportRun


def can_import(user, school: School) -> bool:
    return viewer_for(user).has_role(school, IMPORT_ROLES)


def access_imports(user, urn: str) -> School:
    return access_school(user, urn, need=IMPORT_ROLES)


def access_run(user, urn: str, run_id) -> ImportRun:
    """An import run of a school whose imports the user may see."""
    school = access_imports(user, urn)
    run = (ImportRun.objects.filter(pk=run_id, school=school)
           .select_related("school", "uploaded_by").first())
    if run is None:
        raise Http404
    return run
