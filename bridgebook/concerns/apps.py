from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "bridgebook.concerns"
    label = "concerns"
    verbose_name = "Concerns raised by families"
