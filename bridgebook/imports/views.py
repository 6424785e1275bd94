"""The import screen: upload, map columns (CSV), preview every change, then import.

Nothing is written until the office presses "Import"; the import then plans again against
the records as they are at that moment and applies everything or nothing.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.core.paging import paginate
from bridgebook.imports import actions, csv_reader, exports, uploads
from bridgebook.imports.access import access_imports, access_run
from bridgebook.imports.ctf import read_ctf
from bridgebook.imports.engine import plan_import
from bridgebook.imports.forms import MappingForm, ReadAsForm, UploadForm
from bridgebook.imports.models import ColumnMapping, ImportRun
from bridgebook.imports.records import FileRefused, ParsedFile


def _school(request, urn: str):
    school = access_imports(request.user, urn)
    request.bridgebook_school = school
    return school


def _pending(request, school, token: str) -> uploads.PendingUpload:
    pending = uploads.load(request, token)
    if pending is None or pending.school_id != school.pk:
        raise Http404
    return pending


@login_required
def import_home(request, urn: str):
    school = _school(request, urn)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        pending = uploads.store(request, school=school, kind=kind,
                                upload=form.cleaned_data["file"])
        if kind == "ctf":
            return redirect("imports:preview", school.urn, pending.token)
        return redirect("imports:columns", school.urn, pending.token)
    runs = ImportRun.objects.filter(school=school).select_related("uploaded_by")
    return render(request, "imports/home.html",
                  {"school": school, "form": form, **paginate(request, runs, 20)})


@login_required
def columns(request, urn: str, token: str):
    school = _school(request, urn)
    pending = _pending(request, school, token)
    if pending.kind == "ctf":
        raise Http404
    try:
        headers = csv_reader.headers_of(pending.read())
    except FileRefused as refusal:
        uploads.discard(request, pending)
        return _refused(request, school, pending, [refusal.problem.as_dict()])
    if "read_as" in request.POST:
        # The office takes up the suggestion to read the file as another kind.
        read_as = ReadAsForm(request.POST)
        if read_as.is_valid():
            pending.kind, pending.mapped = read_as.cleaned_data["read_as"], False
            uploads.save(request, pending)
        return redirect("imports:columns", school.urn, pending.token)
    remembered = ColumnMapping.objects.filter(school=school, file_kind=pending.kind).first()
    guessed = csv_reader.guess_mapping(headers, pending.kind)
    initial = {**guessed, **{name: header for name, header in
                             (remembered.mapping if remembered else {}).items()
                             if header in headers}}
    form = MappingForm(request.POST or None, kind=pending.kind, headers=headers,
                       initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        pending.mapping, pending.mapped = form.mapping(), True
        uploads.save(request, pending)
        actions.do_save_column_mapping(school=school, file_kind=pending.kind,
                                       mapping=pending.mapping, acting_user=request.user)
        return redirect("imports:preview", school.urn, pending.token)
    return render(request, "imports/columns.html", {
        "school": school, "pending": pending, "form": form, "headers": headers,
        "remembered": remembered is not None,
        "suggested_kind": _suggested_kind(headers, pending),
    })


def _suggested_kind(headers: list[str], pending: uploads.PendingUpload) -> str | None:
    """Another kind when the columns clearly say so (contact columns, and the pupil's date of
    birth too for a combined file); never "pupils", which is only what is left."""
    guessed = csv_reader.guess_kind(headers)
    if guessed in (pending.kind, csv_reader.PUPILS):
        return None
    return guessed


def _parse(pending: uploads.PendingUpload) -> ParsedFile:
    if pending.kind == "ctf":
        with pending.open() as handle:
            return read_ctf(handle)
    return csv_reader.READERS[pending.kind](pending.read(), pending.mapping)


@login_required
def preview(request, urn: str, token: str):
    school = _school(request, urn)
    pending = _pending(request, school, token)
    if pending.kind != "ctf" and not pending.mapped:
        return redirect("imports:columns", school.urn, pending.token)
    try:
        parsed = _parse(pending)
    except FileRefused as refusal:
        uploads.discard(request, pending)
        return _refused(request, school, pending, [refusal.problem.as_dict()])
    plan = plan_import(school, parsed)
    problems = [problem.as_dict() for problem in plan.all_problems]
    return render(request, "imports/preview.html", {
        "school": school, "pending": pending, "problems": problems, "counts": plan.counts,
        "changes": plan.changes() if not problems else {},
    })


@login_required
@require_POST
def commit(request, urn: str, token: str):
    school = _school(request, urn)
    pending = _pending(request, school, token)
    try:
        parsed = _parse(pending)
    except FileRefused as refusal:
        run = actions.record_refusal(school=school, kind=_run_kind(pending),
                                     problems=[refusal.problem], acting_user=request.user,
                                     filename=pending.filename)
    else:
        run = actions.do_import(school=school, parsed=parsed, acting_user=request.user,
                                filename=pending.filename)
    uploads.discard(request, pending)
    if run.status == ImportRun.Status.COMMITTED:
        messages.success(request, _("The file was imported."))
    return redirect("imports:run", school.urn, run.pk)


def _run_kind(pending: uploads.PendingUpload) -> str:
    return ImportRun.Kind.CTF if pending.kind == "ctf" else ImportRun.Kind.CSV


def _refused(request, school, pending, problems: list[dict]):
    return render(request, "imports/preview.html", {
        "school": school, "pending": pending, "problems": problems, "refused": True,
        "counts": {}, "changes": {},
    })


@login_required
def run_detail(request, urn: str, run_id: int):
    run = access_run(request.user, urn, run_id)
    request.bridgebook_school = run.school
    return render(request, "imports/run.html", {"school": run.school, "run": run})


@login_required
def export(request, urn: str, what: str):
    """The school's pupils or contacts as CSV, for office use, as the access layer allows."""
    school = _school(request, urn)
    if what not in exports.EXPORTS:
        raise Http404
    header, rows = exports.EXPORTS[what](request.user, school)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{school.urn}-{what}-{stamp}.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    audit.record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=school, school=school,
                 summary=f"Exported {count} {what} as CSV")
    return response
