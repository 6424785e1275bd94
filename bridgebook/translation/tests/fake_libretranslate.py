"""A small local HTTP server that answers like LibreTranslate's POST /translate and
POST /detect.

It "translates" by prefixing the target language ("ur: text"), keeps glossary placeholders
as they are, counts requests, and can be told to fail: ``server.mode`` is "ok", "400",
"500", "slow" (waits longer than the client's timeout) or "garbage". It "detects" by the
script a text is written in (Urdu's own letters, other Arabic script, Bengali, Polish
letters, else English), sure of it unless the text is shorter than four letters.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLibreTranslate(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = "ok"
        self.api_key = ""
        self.slow_seconds = 1.0
        self.requests: list[dict] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FakeLibreTranslate

    def log_message(self, *args):
        pass

    def _answer(self, status: int, data) -> None:
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        try:
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the slow mode's point)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append(body)
        mode = self.server.mode
        if self.path == "/detect" and mode == "ok":
            return self._answer(200, _detect(body.get("q", "")))
        if self.path != "/translate":
            return self._answer(404, {"error": "Not found"})
        if self.server.api_key and body.get("api_key") != self.server.api_key:
            return self._answer(403, {"error": "Invalid API key"})
        if mode == "400":
            return self._answer(400, {"error": f"{body.get('target')} is not supported"})
        if mode == "500":
            return self._answer(500, {"error": "Cannot translate text: model crashed"})
        if mode == "slow":
            time.sleep(self.server.slow_seconds)
        if mode == "garbage":
            return self._answer(200, {"nothing": "here"})
        q = body.get("q")
        target = body.get("target")
        if isinstance(q, list):
            return self._answer(200, {"translatedText": [f"{target}: {t}" for t in q]})
        return self._answer(200, {"translatedText": f"{target}: {q}"})


def _detect(text: str) -> list[dict]:
    letters = [char for char in text if char.isalpha()]
    if any(char in "ٹڈڑںےۓہھ" for char in letters):
        code = "ur"
    elif any("\u0600" <= char <= "\u06ff" for char in letters):
        code = "ar"
    elif any("\u0980" <= char <= "\u09ff" for char in letters):
        code = "bn"
    elif any(char in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ" for char in letters):
        code = "pl"
    else:
        code = "en"
    confidence = 95.0 if len(letters) >= 4 else 20.0
    return [{"confidence": confidence, "language": code}]
