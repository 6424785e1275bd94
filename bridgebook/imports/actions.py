"""Writing an import: everything in one transaction, or nothing.

``apply_plan`` writes an ``ImportPlan`` from ``engine.plan_import`` with bulk inserts and
updates, records an ``ImportRun`` and one summary audit row. A file with any problem is
refused: nothing is written but the ``ImportRun`` that says why. ``do_import`` plans and
applies in one go; ``record_refusal`` notes a file that could not be read at all.
"""

from django.db import IntegrityError, transaction

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, School
from bridgebook.imports.engine import Change, ImportPlan, plan_import
from bridgebook.imports.models import ColumnMapping, ImportRun
from bridgebook.imports.records import ParsedFile, Problem
from bridgebook.people.actions import ENTITLEMENT_FIELDS
from bridgebook.people.models import Contact, Household, Pupil, PupilContact, SchoolClass
from bridgebook.people.signals import entitlement_changed

BATCH = 500
ZERO_COUNTS = {"pupils_created": 0, "pupils_updated": 0, "contacts_created": 0,
               "contacts_updated": 0, "links_created": 0}


def _run(*, school: School, kind: str, status: str, acting_user, filename: str,
         dry_run: bool, counts: dict, problems: list[Problem],
         changes: dict | None = None) -> ImportRun:
    return ImportRun.objects.create(
        school=school, kind=kind, status=status, dry_run=dry_run, filename=filename[:255],
        uploaded_by=acting_user if acting_user is not None and acting_user.is_authenticated
        else None,
        counts=counts, problems=[problem.as_dict() for problem in problems],
        changes=changes or {},
    )


def record_refusal(*, school: School, kind: str, problems: list[Problem], acting_user,
                   filename: str = "", dry_run: bool = False) -> ImportRun:
    """An ``ImportRun`` for a file refused before it could be planned (unreadable...)."""
    return _run(school=school, kind=kind, status=ImportRun.Status.REFUSED,
                acting_user=acting_user, filename=filename, dry_run=dry_run,
                counts=dict(ZERO_COUNTS), problems=problems)


def _assign(changes: list[Change]) -> list[str]:
    """Set each change's values on its object; the fields touched, for ``bulk_update``."""
    fields: set[str] = set()
    for change in changes:
        for name, value in change.values.items():
            setattr(change.obj, name, value)
            fields.add(name)
    return sorted(fields)


def _write(plan: ImportPlan) -> None:
    # Order matters: classes and households before the pupils and contacts that point at
    # them, pupils and contacts before their links. Unsaved objects assigned to foreign
    # keys take their new ids as each bulk_create returns.
    SchoolClass.objects.bulk_create(plan.classes, batch_size=BATCH)
    Household.objects.bulk_create(plan.households, batch_size=BATCH)
    for model, created, updated in (
        (Pupil, plan.pupils_created, plan.pupils_updated),
        (Contact, plan.contacts_created, plan.contacts_updated),
        (PupilContact, plan.links_created, plan.links_updated),
    ):
        model.objects.bulk_create([change.obj for change in created], batch_size=BATCH)
        fields = _assign(updated)
        if fields:
            model.objects.bulk_update([change.obj for change in updated], fields,
                                      batch_size=BATCH)
    # A court order (or responsibility ended) arriving from the MIS takes effect at once:
    # what was waiting to go to those contacts is withdrawn in this same transaction.
    changed = {change.obj.contact_id for change in plan.links_updated
               if change.values.keys() & ENTITLEMENT_FIELDS}
    if changed:
        entitlement_changed.send(sender=PupilContact, contact_ids=sorted(changed))


def _summary(counts: dict, filename: str) -> str:
    parts = [f"{counts['pupils_created']} pupils added", f"{counts['pupils_updated']} changed",
             f"{counts['contacts_created']} contacts added",
             f"{counts['contacts_updated']} changed",
             f"{counts['links_created']} family links added"]
    return f"Imported {filename or 'a file'}: " + ", ".join(parts)


def apply_plan(plan: ImportPlan, *, acting_user, filename: str = "",
               dry_run: bool = False) -> ImportRun:
    """Write the plan, all or nothing; returns the ``ImportRun`` that records it.

    Refused (nothing written) when the file or the plan has any problem. A dry run writes no
    records and returns a "previewed" run with the counts and changes it would make.
    """
    school, kind = plan.school, plan.parsed.kind
    problems = plan.all_problems
    if problems:
        return record_refusal(school=school, kind=kind, problems=problems,
                              acting_user=acting_user, filename=filename, dry_run=dry_run)
    counts, changes = plan.counts, plan.changes()
    if dry_run:
        return _run(school=school, kind=kind, status=ImportRun.Status.PREVIEWED,
                    acting_user=acting_user, filename=filename, dry_run=True,
                    counts=counts, problems=[], changes=changes)
    try:
        with transaction.atomic():
            _write(plan)
            run = _run(school=school, kind=kind, status=ImportRun.Status.COMMITTED,
                       acting_user=acting_user, filename=filename, dry_run=False,
                       counts=counts, problems=[], changes=changes)
            audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=run,
                         school=school, summary=_summary(counts, filename), changes=counts)
    except IntegrityError as error:
        # Someone changed the same records between planning and writing (or two imports
        # ran at once); everything above was rolled back.
        problem = Problem("file", "The records changed while the file was being imported, "
                                  f"so nothing was imported. Try again. ({error})")
        return record_refusal(school=school, kind=kind, problems=[problem],
                              acting_user=acting_user, filename=filename)
    return run


def do_import(*, school: School, parsed: ParsedFile, acting_user, filename: str = "",
              dry_run: bool = False, whole_school: bool | None = None) -> ImportRun:
    """Plan and apply in one transaction, so nothing can change in between."""
    with transaction.atomic():
        plan = plan_import(school, parsed, whole_school=whole_school)
        return apply_plan(plan, acting_user=acting_user, filename=filename, dry_run=dry_run)


@transaction.atomic
def do_save_column_mapping(*, school: School, file_kind: str, mapping: dict,
                           acting_user) -> ColumnMapping:
    """Remember how this school's export names its columns, for the next import (which
    column is a child's name or date of birth decides what it writes: audited)."""
    saved, _created = ColumnMapping.objects.update_or_create(
        school=school, file_kind=file_kind, defaults={"mapping": mapping})
    audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=saved, school=school,
                 summary=f"Saved the columns of {file_kind} files", changes={"mapping": mapping})
    return saved
