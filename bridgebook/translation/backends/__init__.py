"""Translation backends, configured like Django's mail backends (see base.py)."""

from bridgebook.translation.backends.base import (  # noqa: F401
    BaseTranslationBackend,
    TranslationError,
    get_backend,
)
