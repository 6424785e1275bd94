from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "bridgebook.questionnaires"
    label = "questionnaires"
    verbose_name = "Baseline questionnaires"
