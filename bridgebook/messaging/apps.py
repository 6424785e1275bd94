from django.apps import AppConfig
from django.core import checks


class MessagingConfig(AppConfig):
    name = "bridgebook.messaging"
    label = "messaging"
    verbose_name = "Messages and delivery"

    def ready(self):
        from bridgebook.messaging import receivers
        from bridgebook.messaging.backends.config import check_messaging_settings
        from bridgebook.people.signals import entitlement_changed

        checks.register(check_messaging_settings)
        # A court order (or responsibility ended) withdraws what has not gone yet.
        entitlement_changed.connect(receivers.on_entitlement_changed,
                                    dispatch_uid="messaging.entitlement_changed")
