"""Translation backends: ``{"BACKEND": "dotted.path" or short name, "OPTIONS": {...}}`` in
settings.BRIDGEBOOK_TRANSLATION, configured like Django's mail backends.

A backend translates a batch of plain texts from one language to another and returns the
texts, or raises TranslationError. ``permanent=True`` means asking again will not help
(the language pair is not offered, the key is refused); otherwise it may work later
(timeouts, a server error). Callers never let an error reach the reader: they show the
original with a note.

Capability flags are class attributes, so callers ask the class what it can do.
"""

from django.conf import settings
from django.utils.module_loading import import_string

SHORT_NAMES = {
    "none": "bridgebook.translation.backends.none.NoneBackend",
    "local": "bridgebook.translation.backends.local.LocalBackend",
    "libretranslate": "bridgebook.translation.backends.libretranslate.LibreTranslateBackend",
    "argos": "bridgebook.translation.backends.argos.ArgosBackend",
}


class TranslationError(Exception):
    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.message = message
        self.permanent = permanent


class BaseTranslationBackend:
    name = "base"                      # stored with each cached translation
    translates = True                  # False: the original is always shown
    # The text leaves this machine (a data-protection question for the school's DPO).
    sends_text_elsewhere = False
    # Several texts go in one request.
    batches = False
    # It can say which language a text is written in (``detect``).
    detects = False
    required_options: tuple[str, ...] = ()

    def __init__(self, **options):
        self.options = options

    def translate_batch(self, texts: list[str], *, source: str, target: str) -> list[str]:
        """The translations of ``texts``, in order; raises TranslationError."""
        raise NotImplementedError

    def detect(self, text: str) -> list[tuple[str, float]]:
        """[(language code, confidence from 0 to 100)], likeliest first; raises
        TranslationError. Only where ``detects``."""
        raise NotImplementedError

    @classmethod
    def check_options(cls, options: dict) -> list[str]:
        """Problems with ``options``, for the start-up system check."""
        return [f"OPTIONS must set {name}." for name in cls.required_options
                if not options.get(name)]


def backend_class(dotted: str) -> type[BaseTranslationBackend]:
    return import_string(SHORT_NAMES.get(dotted, dotted))


def get_backend(config: dict | None = None) -> BaseTranslationBackend:
    config = config if config is not None else getattr(settings, "BRIDGEBOOK_TRANSLATION", {})
    cls = backend_class(config.get("BACKEND") or "none")
    return cls(**config.get("OPTIONS", {}))
