from django.apps import AppConfig
from django.core import checks


class MessagingConfig(AppConfig):
    name = "bridgebook.messaging"
    label = "messaging"
    verbose_name = "Messages and delivery"

    def ready(self):
        from bridgebook.messaging.backends.config import check_messaging_settings

        checks.register(check_messaging_settings)
