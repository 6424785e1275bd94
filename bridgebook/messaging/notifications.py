"""What each family member chooses to be told, and how often.

Each family member chooses (``NotificationPreference.book``): instant, a daily digest (the
default) or off. The apps that send notifications (the home-school book's are in
bridgebook/diary/notifications.py) read the choice here; restricted contacts are never told
anything (``recipients.resolve``).
"""

from __future__ import annotations

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
