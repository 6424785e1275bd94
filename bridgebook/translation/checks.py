from django.conf import settings
from django.core.checks import Error, register


@register()
def translation_backend_check(app_configs=None, **kwargs):
    """translation.E001: a switched-on backend lacking a setting stops start-up."""
    from bridgebook.translation.backends.base import backend_class

    config = getattr(settings, "BRIDGEBOOK_TRANSLATION", {}) or {}
    try:
        cls = backend_class(config.get("BACKEND") or "none")
    except ImportError as error:
        return [Error(f"BRIDGEBOOK_TRANSLATION BACKEND cannot be imported: {error}",
                      id="translation.E001")]
    return [Error(f"BRIDGEBOOK_TRANSLATION ({cls.name}): {problem}", id="translation.E001")
            for problem in cls.check_options(config.get("OPTIONS", {}))]
