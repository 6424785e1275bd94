"""Argos Translate in this process, where its language packages are installed
(``argospm install translate-en_ur``, done by whoever runs the server; this backend never
downloads anything).

argostranslate is imported on first use, so an installation that does not use it does not
need it. A missing package or language pair is a permanent TranslationError that says so.
"""

import importlib

from bridgebook.translation.backends.base import BaseTranslationBackend, TranslationError


class ArgosBackend(BaseTranslationBackend):
    name = "argos"
    module_name = "argostranslate.translate"

    def _module(self):
        try:
            return importlib.import_module(self.module_name)
        except ImportError as error:
            raise TranslationError(
                "Argos Translate is not installed on this server (pip install argostranslate, "
                "then install its language packages).", permanent=True) from error

    def _translation(self, module, source: str, target: str):
        languages = {language.code: language for language in module.get_installed_languages()}
        if source not in languages or target not in languages:
            missing = ", ".join(code for code in (source, target) if code not in languages)
            raise TranslationError(
                f"Argos Translate has no language package for {missing} on this server.",
                permanent=True)
        translation = languages[source].get_translation(languages[target])
        if translation is None:
            raise TranslationError(
                f"Argos Translate cannot translate {source} to {target}: install the "
                f"{source}→{target} package.", permanent=True)
        return translation

    def translate_batch(self, texts, *, source, target):
        module = self._module()
        translation = self._translation(module, source, target)
        try:
            return [translation.translate(text) for text in texts]
        except Exception as error:  # the model failed on this text; recorded, not hidden
            raise TranslationError(f"Argos Translate failed: {error!r}") from error
