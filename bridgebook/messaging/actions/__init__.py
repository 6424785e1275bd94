"""Every write of the messaging app, one module per concern: the school's messaging
settings, conversations, staff working hours, and a family's notification choice."""

from bridgebook.messaging.actions.conversations import (
    do_mark_thread_read,
    do_reply,
    do_start_conversation,
    do_start_conversations,
)
from bridgebook.messaging.actions.notifications import (
    do_set_book_preference,
    do_set_book_preferences,
)
from bridgebook.messaging.actions.settings import do_set_school_messaging_settings
from bridgebook.messaging.actions.working_hours import do_set_working_hours

__all__ = [
    "do_mark_thread_read", "do_reply", "do_set_book_preference", "do_set_book_preferences",
    "do_set_school_messaging_settings", "do_set_working_hours", "do_start_conversation",
    "do_start_conversations",
]
