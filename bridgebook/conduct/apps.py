from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "bridgebook.conduct"
    label = "conduct"
    verbose_name = "Conduct towards staff"
