from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "bridgebook.translation"
    verbose_name = _("Language access")

    def ready(self) -> None:
        from bridgebook.translation import checks  # noqa: F401  (registers the system check)
