from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "bridgebook.messaging"
    label = "messaging"
    verbose_name = "Messages and delivery"
