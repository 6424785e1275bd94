"""Every change to the home-school book, one module per part of it.

Each function is keyword-only and runs in one transaction, so nothing is half-saved, and
writes an audit row where it changes what the book says about a child (reading and the
PDF's making are recorded on their own rows, not audited; see each module). Side effects
(announcements, tasks) start only once the transaction has committed.

A function that is a request's whole write runs in a durable transaction
(``atomic(durable=True)``), so calling it inside another transaction is an error rather
than a silent change of when it commits. Those that are also steps of a bigger write
(creating, changing and publishing an entry, which the class page and "my day" use) join
the caller's transaction.

Import from here (``from bridgebook.diary import actions``; ``actions.do_x``): the
modules are how the code is kept, not part of the interface.
"""

from bridgebook.diary.actions.activities import do_add_activity, do_change_activity
from bridgebook.diary.actions.book_settings import do_save_book_settings
from bridgebook.diary.actions.class_day import DayResult, do_save_class_day
from bridgebook.diary.actions.entries import (
    EntryChanged,
    EntryRemoved,
    do_acknowledge_incident,
    do_add_my_day,
    do_create_entry,
    do_mark_book_read,
    do_mark_read,
    do_publish_entry,
    do_remove_entry,
    do_reply,
    do_update_entry,
)
from bridgebook.diary.actions.events import do_create_event, do_publish_event
from bridgebook.diary.actions.exports import (
    do_open_export,
    do_prune_book_exports,
    do_render_book_export,
    do_request_book_export,
)
from bridgebook.diary.actions.photos import do_add_photos

__all__ = [
    "DayResult",
    "EntryChanged",
    "EntryRemoved",
    "do_acknowledge_incident",
    "do_add_activity",
    "do_add_my_day",
    "do_add_photos",
    "do_change_activity",
    "do_create_entry",
    "do_create_event",
    "do_mark_book_read",
    "do_mark_read",
    "do_open_export",
    "do_prune_book_exports",
    "do_publish_entry",
    "do_publish_event",
    "do_remove_entry",
    "do_render_book_export",
    "do_reply",
    "do_request_book_export",
    "do_save_book_settings",
    "do_save_class_day",
    "do_update_entry",
]
