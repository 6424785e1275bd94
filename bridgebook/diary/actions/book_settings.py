"""A pupil's book settings: which parts their book shows, and whether toileting and
personal care are shared with the family."""

from __future__ import annotations

from django.db import transaction

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.diary.models import BookSettings


@transaction.atomic(durable=True)
def do_save_book_settings(*, pupil, parts: list[str], share_personal_care: bool,
                          acting_user) -> BookSettings:
    settings, _created = BookSettings.objects.get_or_create(pupil=pupil)
    changes = audit.changed_fields(settings, {"parts": list(parts),
                                              "share_personal_care": share_personal_care},
                                   ["parts", "share_personal_care"])
    if changes:
        settings.parts = list(parts)
        settings.share_personal_care = share_personal_care
        settings.save(update_fields=["parts", "share_personal_care"])
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=settings,
                     school=pupil.school, pupil=pupil,
                     summary=f"Changed the book settings of {pupil.legal_name}",
                     changes=changes)
    return settings
