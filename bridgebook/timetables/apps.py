from django.apps import AppConfig


class TimetablesConfig(AppConfig):
    name = "bridgebook.timetables"
    label = "timetables"
    verbose_name = "Timetables"
