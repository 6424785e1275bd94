"""Class and whole-school events in the book: writing one, and publishing a draft.

Publishing announces the event through ``hooks.announce_event`` exactly once: the draft →
published switch is a conditional ``UPDATE ... WHERE published_at IS NULL``.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.diary import hooks
from bridgebook.diary.models import BookEvent


def _where(event: BookEvent) -> str:
    return event.school_class.name if event.school_class_id else "the whole school"


@transaction.atomic(durable=True)
def do_create_event(*, school, school_class, date: datetime.date, title: str,
                    description: str, author, publish: bool) -> BookEvent:
    """A class event (``school_class``) or whole-school event (None), in every book it
    concerns."""
    now = timezone.now()
    event = BookEvent.objects.create(school=school, school_class=school_class, date=date,
                                     title=title, description=description, author=author,
                                     created_at=now, published_at=now if publish else None)
    audit.record(actor=author, action=AuditEvent.Action.CREATE, obj=event, school=school,
                 summary=f"Wrote a book event for {_where(event)}: {title}")
    if publish:
        hooks.announce_event(event)
    return event


@transaction.atomic(durable=True)
def do_publish_event(*, event: BookEvent, acting_user) -> bool:
    """Publish a draft event (announcing it once, and auditing it); False when it was
    already published, or has been removed."""
    now = timezone.now()
    switched = BookEvent.objects.filter(pk=event.pk, published_at__isnull=True,
                                        deleted_at__isnull=True).update(published_at=now)
    if switched:
        event.published_at = now
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=event,
                     school=event.school,
                     summary=f"Published a book event for {_where(event)}: {event.title}")
        hooks.announce_event(event)
    return bool(switched)
