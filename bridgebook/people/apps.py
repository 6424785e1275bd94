from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "bridgebook.people"
    label = "people"
    verbose_name = "Pupils, families and classes"
