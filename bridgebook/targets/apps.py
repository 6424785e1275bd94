from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "bridgebook.targets"
    label = "targets"
    verbose_name = "Targets, strategies and evidence"
