"""The book's PDF, made in the background: asked for, made once, fetched by the person who
asked for it, deleted after a day.

A year of a book with photos takes longer to render than a web worker may wait, so every
PDF goes the same way, short ranges too (one path, and a short one is ready by the first
look at its page): asking writes a ``BookExport`` row and enqueues
``tasks.render_book_export``; the page of the export says it is being made and updates
itself until it is ready, then offers the download, which is audited.

Exactly once: a second ask for the same pupil, dates, replies and language while one is
waiting or being made gets that one (a partial unique constraint settles two asks at the
same moment), and the task claims its row with a conditional UPDATE, queued → running, so
running it twice renders once. An export not finished within ``GIVE_UP_AFTER`` (no worker
running, or one that stopped) shows as failed, and asking again gives up on it first.
"""

from __future__ import annotations

import datetime
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from bridgebook.core import audit
from bridgebook.core.access import visible_pupils
from bridgebook.core.models import AuditEvent
from bridgebook.diary import pdf
from bridgebook.diary.models import BookExport, export_path

logger = logging.getLogger(__name__)

Status = BookExport.Status
KEEP_FOR = datetime.timedelta(days=1)
GIVE_UP_AFTER = datetime.timedelta(minutes=30)
FOLDER = "book-exports"

WAITING, READY, FAILED = "waiting", "ready", "failed"


# Asking ----------------------------------------------------------------------------------

def do_request_book_export(*, user, pupil, date_from: datetime.date, date_to: datetime.date,
                           include_replies: bool, language: str) -> BookExport:
    """The export of this book for this person, asked for once: an export for the same
    pupil, dates, replies and language still waiting or being made is reused (a double
    click, or asking again while waiting); otherwise a new one is queued."""
    from bridgebook.diary import tasks

    same = BookExport.objects.filter(requested_by=user, pupil=pupil, date_from=date_from,
                                     date_to=date_to, include_replies=include_replies,
                                     language=language)
    with transaction.atomic():
        _give_up_stalled(same)
        existing = same.filter(status__in=BookExport.ACTIVE).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                export = BookExport.objects.create(
                    requested_by=user, pupil=pupil, date_from=date_from, date_to=date_to,
                    include_replies=include_replies, language=language)
        except IntegrityError:
            # The other click of a double click got there first; it has queued the task.
            return same.get(status__in=BookExport.ACTIVE)
        transaction.on_commit(lambda: tasks.render_book_export.enqueue(export_id=export.pk))
    return export


def _stalled(now: datetime.datetime) -> Q:
    cutoff = now - GIVE_UP_AFTER
    return (Q(status=Status.QUEUED, created_at__lt=cutoff)
            | Q(status=Status.RUNNING, started_at__lt=cutoff))


def _give_up_stalled(exports) -> int:
    now = timezone.now()
    return exports.filter(_stalled(now)).update(
        status=Status.FAILED, finished_at=now,
        error=f"Not finished within {GIVE_UP_AFTER.total_seconds() / 60:.0f} minutes: no "
              f"task worker took it, or the one that did stopped.")


def state_of(export: BookExport, *, now: datetime.datetime | None = None) -> str:
    """What the person waiting is told: "waiting", "ready" or "failed" (an export waiting
    or being made for longer than GIVE_UP_AFTER has failed, whatever its row says)."""
    now = now or timezone.now()
    if export.status == Status.READY:
        return READY
    if export.status == Status.FAILED:
        return FAILED
    since = export.started_at if export.status == Status.RUNNING else export.created_at
    if since is not None and since < now - GIVE_UP_AFTER:
        return FAILED
    return WAITING


# Making it (in a task) -------------------------------------------------------------------

def render_export(export_id: int) -> str:
    """Make one export's PDF once; returns its new status ("" when there was nothing to do).

    The row is claimed first, queued → running in one conditional UPDATE, so a task run
    twice, or by two workers at once, renders once. The PDF is what the person who asked
    may see now, in the language they asked in. A failure is recorded on the row (the
    person is shown it with a way to try again) and raised, so the worker records it too."""
    claimed = BookExport.objects.filter(pk=export_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return ""
    export = BookExport.objects.select_related("requested_by").get(pk=export_id)
    user = export.requested_by
    pupil = (visible_pupils(user).select_related("school", "school_class")
             .filter(pk=export.pupil_id).first())
    if pupil is None:
        _finish(export_id, status=Status.FAILED,
                error="The person who asked may no longer see this pupil's book.")
        return Status.FAILED
    try:
        with translation.override(export.language):
            document = pdf.render_book_pdf(
                user=user, pupil=pupil, date_from=export.date_from, date_to=export.date_to,
                include_replies=export.include_replies)
        name = default_storage.save(export_path(export, ""), ContentFile(document))
    except Exception as error:
        logger.exception("The PDF of book export %s could not be made", export_id)
        _finish(export_id, status=Status.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    if not _finish(export_id, status=Status.READY, file=name, size=len(document)):
        # Given up on or pruned while it was being made: nobody will fetch this file.
        default_storage.delete(name)
        return ""
    return Status.READY


def _finish(export_id: int, *, status: str, **fields) -> int:
    return BookExport.objects.filter(pk=export_id, status=Status.RUNNING).update(
        status=status, finished_at=timezone.now(), **fields)


# Fetching it -----------------------------------------------------------------------------

def do_open_export(*, export: BookExport, user):
    """The ready file, opened for the person who asked for it, with an EXPORT row in the
    audit log for each download (FileNotFoundError if it has been pruned)."""
    handle = export.file.open("rb")
    pupil = export.pupil
    audit.record(actor=user, action=AuditEvent.Action.EXPORT, obj=pupil, school=pupil.school,
                 pupil=pupil,
                 summary=f"Exported the home-school book of {pupil.legal_name} as a PDF, "
                         f"{export.date_from:%d/%m/%Y} to {export.date_to:%d/%m/%Y}")
    return handle


# Pruning ---------------------------------------------------------------------------------

def prune(now: datetime.datetime | None = None) -> int:
    """Delete exports asked for more than a day ago, with their files, and any file in the
    folder older than a day that no export names (its pupil or person was deleted, or a
    render finished after it was given up on). Returns how many exports went; safe to run
    twice at once."""
    now = now or timezone.now()
    old = BookExport.objects.filter(created_at__lt=now - KEEP_FOR)
    names = [name for name in old.values_list("file", flat=True) if name]
    removed = old.delete()[1].get(BookExport._meta.label, 0)
    for name in names:
        default_storage.delete(name)
    if default_storage.exists(FOLDER):
        _dirs, files = default_storage.listdir(FOLDER)
        for filename in files:
            path = f"{FOLDER}/{filename}"
            if now - default_storage.get_modified_time(path) > KEEP_FOR:
                default_storage.delete(path)
    return removed
