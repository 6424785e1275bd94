"""What each family member chooses to be told, and how often.

Each family member chooses (``NotificationPreference.book``): instant, a daily digest (the
default) or off. The apps that send notifications (the home-school book's are in
bridgebook/diary/notifications.py) read the choice here; restricted contacts are never told
anything (``recipients.resolve``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.models import NotificationPreference

Book = NotificationPreference.Book


# Preferences -----------------------------------------------------------------------------

def book_preference(contact_id: int) -> str:
    found = (NotificationPreference.objects.filter(contact_id=contact_id)
             .values_list("book", flat=True).first())
    return found or Book.DIGEST


def book_preferences(contact_ids) -> dict[int, str]:
    """Each contact's choice (digest where they have not chosen): one query."""
    contact_ids = list(contact_ids)
    chosen = dict(NotificationPreference.objects.filter(contact_id__in=contact_ids)
                  .values_list("contact_id", "book"))
    return {contact_id: chosen.get(contact_id, Book.DIGEST) for contact_id in contact_ids}


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
