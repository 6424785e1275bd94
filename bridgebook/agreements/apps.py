from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "bridgebook.agreements"
    label = "agreements"
    verbose_name = "Home-school agreement and admissions pack"
