from django.apps import AppConfig
from django.core import checks


class MessagingConfig(AppConfig):
    name = "bridgebook.messaging"
    label = "messaging"
    verbose_name = "Messages and delivery"

    def ready(self):
        from bridgebook.diary import hooks
        from bridgebook.messaging import notifications
        from bridgebook.messaging.backends.config import check_messaging_settings

        checks.register(check_messaging_settings)
        # New book entries and events tell instant subscribers (digests come from the
        # send_book_digests command).
        hooks.entry_published.connect(notifications.on_entry_published,
                                      dispatch_uid="messaging.book_entry_published")
        hooks.event_published.connect(notifications.on_event_published,
                                      dispatch_uid="messaging.book_event_published")
