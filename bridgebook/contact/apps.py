from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "bridgebook.contact"
    label = "contact"
    verbose_name = "Termly contact and home visits"
