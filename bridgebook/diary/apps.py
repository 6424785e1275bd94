from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "bridgebook.diary"
    label = "diary"
    verbose_name = "Home-school book"
