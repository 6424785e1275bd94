from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "bridgebook.core"
    label = "core"
    verbose_name = "Schools, staff and audit"

    def ready(self) -> None:
        # Each installed app's plugin.py says what it adds to the shared pages and jobs
        # (bridgebook/core/registry.py); core's own comes first, as core is listed first.
        autodiscover_modules("plugin")
