from django.apps import AppConfig
from django.core import checks


class MessagingConfig(AppConfig):
    name = "bridgebook.messaging"
    label = "messaging"
    verbose_name = "Messages and delivery"

    def ready(self):
        from bridgebook.diary import hooks
        from bridgebook.messaging import notifications, receivers
        from bridgebook.messaging.backends.config import check_messaging_settings
        from bridgebook.people.signals import entitlement_changed

        checks.register(check_messaging_settings)
        # New book entries and events tell instant subscribers (digests come from the
        # send_book_digests command).
        hooks.entry_published.connect(notifications.on_entry_published,
                                      dispatch_uid="messaging.book_entry_published")
        hooks.event_published.connect(notifications.on_event_published,
                                      dispatch_uid="messaging.book_event_published")
        # A court order (or responsibility ended) withdraws what has not gone yet.
        entitlement_changed.connect(receivers.on_entitlement_changed,
                                    dispatch_uid="messaging.entitlement_changed")
