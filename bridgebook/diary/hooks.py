"""The one place the book announces new entries to the rest of Bridgebook.

``entry_published`` is sent once per entry, after the transaction that published it has
committed (so a receiver never sees a rolled-back entry). Messaging connects to it to send
instant notifications and daily digests; nothing else should reach into the book for that.
"""

from django.db import transaction
from django.dispatch import Signal

# Sent with entry_id (int), pupil_id (int) and origin ("school", "home" or "pupil").
entry_published = Signal()
# Sent with event_id (int) when a class or whole-school event is published.
event_published = Signal()


def announce_entry(entry) -> None:
    """Call inside the publishing transaction; receivers run once it has committed."""
    entry_id, pupil_id, origin = entry.pk, entry.pupil_id, entry.origin
    transaction.on_commit(lambda: entry_published.send(
        sender=entry.__class__, entry_id=entry_id, pupil_id=pupil_id, origin=origin))


def announce_event(event) -> None:
    event_id = event.pk
    transaction.on_commit(lambda: event_published.send(sender=event.__class__,
                                                       event_id=event_id))
