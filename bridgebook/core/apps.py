from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bridgebook.core"
    label = "core"
    verbose_name = "Schools, staff and audit"
