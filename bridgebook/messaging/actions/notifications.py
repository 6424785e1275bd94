"""A family member's choice of how often they hear about the book (messaging/notifications.py
reads it)."""

from django.db import transaction
from django.utils import timezone

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.models import NotificationPreference


@transaction.atomic
def do_set_book_preference(*, contact_id: int, book: str,
                           acting_user=None) -> NotificationPreference:
    """A contact's choice of how often they hear about the book; a change is audited (it
    changes what reaches the family), with whoever made it."""
    preference, created = NotificationPreference.objects.select_related("contact").get_or_create(
        contact_id=contact_id, defaults={"book": book})
    before = None if created else preference.book
    if not created and preference.book != book:
        preference.book, preference.updated_at = book, timezone.now()
        preference.save(update_fields=["book", "updated_at"])
    if before != book:
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=preference,
                     school=preference.contact.school,
                     summary=f"Book notifications: {book}",
                     changes={"book": [before, book]})
    return preference


@transaction.atomic(durable=True)
def do_set_book_preferences(*, contact_ids, book: str, acting_user) -> None:
    """One person's choice for all their contacts (one per school where they have a child):
    they asked once, so it holds at every school."""
    for contact_id in contact_ids:
        do_set_book_preference(contact_id=contact_id, book=book, acting_user=acting_user)
