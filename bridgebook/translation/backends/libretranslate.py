"""LibreTranslate over HTTP (https://libretranslate.com/docs): POST /translate with q,
source, target, format and api_key; q may be a list, answered by a list. POST /detect with
q and api_key answers [{"confidence": 90.0, "language": "ur"}, ...].

OPTIONS: URL (the server's base address, required), API_KEY (if the server asks for one),
TIMEOUT (seconds, default 5: a reader is waiting for the page).
"""

import json
import socket
import urllib.error
import urllib.request

from bridgebook.translation.backends.base import BaseTranslationBackend, TranslationError

DEFAULT_TIMEOUT = 5.0


class LibreTranslateBackend(BaseTranslationBackend):
    name = "libretranslate"
    sends_text_elsewhere = True
    batches = True
    detects = True
    required_options = ("URL",)

    def __init__(self, **options):
        super().__init__(**options)
        self.url = options.get("URL", "").rstrip("/")
        self.api_key = options.get("API_KEY", "")
        self.timeout = float(options.get("TIMEOUT") or DEFAULT_TIMEOUT)

    def translate_batch(self, texts, *, source, target):
        if not texts:
            return []
        data = self._post("/translate", {"q": list(texts), "source": source,
                                         "target": target, "format": "text"})
        try:
            translated = data["translatedText"]
        except (KeyError, TypeError) as error:
            raise TranslationError("LibreTranslate gave an answer that is not a translation.",
                                   ) from error
        if isinstance(translated, str):
            translated = [translated]
        if len(translated) != len(texts) or not all(isinstance(t, str) for t in translated):
            raise TranslationError("LibreTranslate answered with the wrong number of texts.")
        return translated

    def detect(self, text):
        data = self._post("/detect", {"q": text})
        try:
            return [(str(item["language"]), float(item["confidence"])) for item in data]
        except (KeyError, TypeError, ValueError) as error:
            raise TranslationError("LibreTranslate gave an answer that is not a language.",
                                   ) from error

    def _post(self, path: str, body: dict):
        """POST ``body`` as JSON to the server's ``path``; the answer, decoded."""
        if self.api_key:
            body["api_key"] = self.api_key
        request = urllib.request.Request(
            f"{self.url}{path}", data=json.dumps(body).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                raw = answer.read()
        except urllib.error.HTTPError as error:
            raise self._http_error(error) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise TranslationError(self._timed_out()) from error
            raise TranslationError(f"Could not reach LibreTranslate: {error.reason}") from error
        except TimeoutError as error:
            raise TranslationError(self._timed_out()) from error
        except OSError as error:
            raise TranslationError(f"Connection to LibreTranslate failed: {error!r}") from error
        try:
            return json.loads(raw.decode("utf-8"))
        except ValueError as error:
            raise TranslationError("LibreTranslate gave an answer that is not JSON.") from error

    def _timed_out(self) -> str:
        return f"LibreTranslate did not answer within {self.timeout:g} s."

    @staticmethod
    def _http_error(error: urllib.error.HTTPError) -> TranslationError:
        try:
            detail = json.loads(error.read().decode("utf-8")).get("error", "")
        except (ValueError, AttributeError, OSError):
            detail = ""
        message = f"LibreTranslate refused the request ({error.code})"
        message = f"{message}: {detail}" if detail else f"{message}."
        # 400: a language it does not offer or a bad request; 403: the key is refused.
        # 429 (slow down) and 5xx may work later.
        return TranslationError(message, permanent=error.code in (400, 401, 403, 404))
