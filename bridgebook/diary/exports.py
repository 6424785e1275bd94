"""The book's PDF, made in the background: asked for, made once, fetched by the person who
asked for it, deleted after a day.

A year of a book with photos takes longer to render than a web worker may wait, so every
PDF goes the same way, short ranges too (one path, and a short one is ready by the first
look at its page): asking writes a ``BookExport`` row and enqueues
``tasks.render_book_export``; the page of the export says it is being made and updates
itself until it is ready, then offers the download, which is audited.

The writes are actions (``actions.exports``: asking, making, fetching, pruning); here is
what they share and what the person waiting is told.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from bridgebook.diary.models import BookExport

Status = BookExport.Status
KEEP_FOR = datetime.timedelta(days=1)
GIVE_UP_AFTER = datetime.timedelta(minutes=30)
FOLDER = "book-exports"

WAITING, READY, FAILED = "waiting", "ready", "failed"


def stalled(now: datetime.datetime) -> Q:
    """Exports waiting, or being made, for longer than ``GIVE_UP_AFTER``."""
    cutoff = now - GIVE_UP_AFTER
    return (Q(status=Status.QUEUED, created_at__lt=cutoff)
            | Q(status=Status.RUNNING, started_at__lt=cutoff))


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

