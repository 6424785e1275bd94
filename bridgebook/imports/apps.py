from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "bridgebook.imports"
    label = "imports"
    verbose_name = "MIS imports"
