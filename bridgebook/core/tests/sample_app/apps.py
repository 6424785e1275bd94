from django.apps import AppConfig


class SampleConfig(AppConfig):
    name = "bridgebook.core.tests.sample_app"
    label = "sample_app"
    verbose_name = "Noticeboard (a sample app for tests)"
