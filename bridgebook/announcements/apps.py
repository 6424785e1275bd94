from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "bridgebook.announcements"
    label = "announcements"
    verbose_name = "Announcements"
