from bridgebook.translation.backends.base import BaseTranslationBackend


class LocalBackend(BaseTranslationBackend):
    """For development and demos: marks the text visibly ("[pl] …") instead of translating,
    so the whole flow (labels, originals, glossary, review) shows without a server."""

    name = "local"

    def translate_batch(self, texts, *, source, target):
        return [f"[{target}] {text}" for text in texts]
