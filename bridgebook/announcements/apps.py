from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "bridgebook.announcements"
    label = "announcements"
    verbose_name = "Announcements"

    def ready(self) -> None:
        from bridgebook.announcements import receivers
        from bridgebook.translation.signals import review_approved

        # An approved translation replaces the machine one, or releases a held language.
        review_approved.connect(receivers.on_review_approved,
                                dispatch_uid="announcements.review_approved")
