"""The book's PDF: asking for it, making it (in a task), fetching it, and pruning it.

Exactly once: a second ask for the same pupil, dates, replies and language while one is
waiting or being made gets that one (a partial unique constraint settles two asks at the
same moment), and the task claims its row with a conditional UPDATE, queued → running, so
running it twice renders once. An export not finished within ``GIVE_UP_AFTER`` (no worker
running, or one that stopped) shows as failed, and asking again gives up on it first.

What is audited is each download (an EXPORT row): asking for a PDF, and the task making it,
are not, as the book page's own link to it is not; the export row says who asked, when
it was made and why it failed.
"""

from __future__ import annotations

import datetime
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from bridgebook.core import audit
from bridgebook.core.access import visible_pupils
from bridgebook.core.models import AuditEvent
from bridgebook.diary import pdf, tasks
from bridgebook.diary.exports import FOLDER, GIVE_UP_AFTER, KEEP_FOR, Status, stalled
from bridgebook.diary.models import BookExport, export_path

logger = logging.getLogger(__name__)


# Asking ----------------------------------------------------------------------------------

def do_request_book_export(*, user, pupil, date_from: datetime.date, date_to: datetime.date,
                           include_replies: bool, language: str) -> BookExport:
    """The export of this book for this person, asked for once: an export for the same
    pupil, dates, replies and language still waiting or being made is reused (a double
    click, or asking again while waiting); otherwise a new one is queued, and its task is
    enqueued once the transaction has committed."""

    same = BookExport.objects.filter(requested_by=user, pupil=pupil, date_from=date_from,
                                     date_to=date_to, include_replies=include_replies,
                                     language=language)
    with transaction.atomic(durable=True):
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


def _give_up_stalled(exports) -> int:
    now = timezone.now()
    return exports.filter(stalled(now)).update(
        status=Status.FAILED, finished_at=now,
        error=f"Not finished within {GIVE_UP_AFTER.total_seconds() / 60:.0f} minutes: no "
              f"task worker took it, or the one that did stopped.")


# Making it (in a task) -------------------------------------------------------------------

def do_render_book_export(*, export_id: int) -> str:
    """Make one export's PDF once; returns its new status ("" when there was nothing to do).

    Not one transaction, on purpose: the claim (queued → running, one conditional UPDATE)
    commits at once, so a task run twice, or by two workers at once, renders once and the
    rendering, which takes seconds, holds no transaction open. The PDF is what the person
    who asked may see now, in the language they asked in. A failure is recorded on the row
    (the person is shown it with a way to try again) and raised, so the worker records it
    too."""
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

@transaction.atomic(durable=True)
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

def do_prune_book_exports(*, now: datetime.datetime | None = None) -> int:
    """Delete exports asked for more than a day ago, with their files, and any file in the
    folder older than a day that no export names (its pupil or person was deleted, or a
    render finished after it was given up on). Returns how many exports went; safe to run
    twice at once. Housekeeping, not audited: nobody's book changes."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
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
