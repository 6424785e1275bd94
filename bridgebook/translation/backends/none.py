from bridgebook.translation.backends.base import BaseTranslationBackend


class NoneBackend(BaseTranslationBackend):
    """No machine translation: readers see the original (and any human-reviewed text)."""

    name = "none"
    translates = False

    def translate_batch(self, texts, *, source, target):
        return list(texts)
