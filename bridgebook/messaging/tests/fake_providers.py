"""Small local HTTP servers that answer like GOV.UK Notify and Twilio, faults included.

They check authentication as the real services do (Notify: a JWT signed with the key's
secret, issued within 30 seconds; Twilio: HTTP basic auth with the account SID and auth
token), keep what they accepted, count every request, and can be told to misbehave:

- ``fail_next``: statuses to answer with for the next requests, one each (e.g. [500, 429]);
- ``fail_rate``: answer 500 to this share of sends (seeded, so runs repeat);
- ``delay``: seconds to wait before answering (slow, or past the client's timeout);
- ``accept_then_delay``: keep the message, then wait before answering (the client times out
  although the provider has it: the case only a look-up can settle);
- ``reject_numbers`` / ``reject_addresses``: answer 400 as for an invalid number.

A server answers on 127.0.0.1 at a free port; ``url`` is its base URL.
"""

import base64
import json
import random
import threading
import time
import uuid
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
from django.utils import timezone

NOTIFY_SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
NOTIFY_SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
NOTIFY_API_KEY = f"bridgebook_test-{NOTIFY_SERVICE_ID}-{NOTIFY_SECRET}"
NOTIFY_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"

TWILIO_ACCOUNT_SID = "AC" + "0" * 30 + "1"
TWILIO_AUTH_TOKEN = "twilio-test-auth-token-0001"
TWILIO_FROM = "+447700900999"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class FakeProvider:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []
        self.accepted: list[dict] = []
        self.fail_next: list[int] = []
        self.fail_rate = 0.0
        self.random = random.Random(20260101)
        self.delay = 0.0
        self.accept_then_delay = 0.0
        self.reject_numbers: set[str] = set()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                provider._handle(self, "GET")

            def do_POST(self):
                provider._handle(self, "POST")

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def sends(self) -> list[tuple[str, str]]:
        return [request for request in self.requests if request[0] == "POST"]

    # Plumbing -------------------------------------------------------------------------

    def _handle(self, handler, method):
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        with self.lock:
            self.requests.append((method, handler.path))
            forced = self.fail_next.pop(0) if self.fail_next else None
            unlucky = method == "POST" and self.random.random() < self.fail_rate
        if self.delay:
            time.sleep(self.delay)
        if forced is not None or unlucky:
            status = forced or 500
            return self._reply(handler, status, self.error_body(status))
        status, body = self.answer(method, handler, raw)
        if status in (200, 201) and method == "POST" and self.accept_then_delay:
            time.sleep(self.accept_then_delay)
        self._reply(handler, status, body)

    @staticmethod
    def _reply(handler, status, body):
        data = json.dumps(body).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting

    def keep(self, record: dict):
        with self.lock:
            self.accepted.append(record)

    def error_body(self, status: int) -> dict:
        raise NotImplementedError

    def answer(self, method, handler, raw) -> tuple[int, dict]:
        raise NotImplementedError


class FakeNotify(FakeProvider):
    """POST /v2/notifications/sms|email, GET /v2/notifications?reference=..."""

    def error_body(self, status):
        names = {400: "BadRequestError", 403: "AuthError", 429: "RateLimitError",
                 500: "Exception"}
        return {"status_code": status, "errors": [
            {"error": names.get(status, "Exception"), "message": "Internal server error"
             if status >= 500 else "Refused by the fake"}]}

    def _authorised(self, handler) -> bool:
        header = handler.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return False
        token = header.removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, NOTIFY_SECRET, algorithms=["HS256"],
                                options={"require": ["iss", "iat"], "verify_iat": False})
        except jwt.PyJWTError:
            return False
        fresh = abs(time.time() - claims["iat"]) <= 30
        return claims["iss"] == NOTIFY_SERVICE_ID and fresh

    def answer(self, method, handler, raw):
        if not self._authorised(handler):
            return 403, {"status_code": 403, "errors": [
                {"error": "AuthError", "message": "Invalid token: signature, api token "
                                                  "not found"}]}
        path = urlsplit(handler.path)
        if method == "GET" and path.path == "/v2/notifications":
            query = parse_qs(path.query)
            reference = query.get("reference", [""])[0]
            kind = query.get("template_type", [""])[0]
            found = [n for n in self.accepted
                     if n["reference"] == reference and (not kind or n["type"] == kind)]
            return 200, {"notifications": found, "links": {"current": handler.path}}
        if method == "POST" and path.path in ("/v2/notifications/sms",
                                              "/v2/notifications/email"):
            kind = path.path.rsplit("/", 1)[1]
            payload = json.loads(raw)
            to = payload.get("phone_number") if kind == "sms" else payload.get("email_address")
            if payload.get("template_id") != NOTIFY_TEMPLATE_ID:
                return 400, {"status_code": 400, "errors": [
                    {"error": "BadRequestError", "message": "Template not found"}]}
            if not to or to in self.reject_numbers:
                field = "phone_number" if kind == "sms" else "email_address"
                return 400, {"status_code": 400, "errors": [
                    {"error": "ValidationError", "message": f"{field} Not a UK mobile number"
                     if kind == "sms" else f"{field} Not a valid email address"}]}
            notification = {"id": str(uuid.uuid4()), "reference": payload.get("reference"),
                            "type": kind, "to": to,
                            "personalisation": payload.get("personalisation", {}),
                            "status": "created"}
            self.keep(notification)
            return 201, {"id": notification["id"], "reference": notification["reference"],
                         "content": {"body": payload.get("personalisation", {}).get("body")},
                         "uri": f"{self.url}/v2/notifications/{notification['id']}",
                         "template": {"id": NOTIFY_TEMPLATE_ID, "version": 1}}
        return 404, {"status_code": 404, "errors": [{"error": "NotFound", "message": "Nope"}]}


class FakeTwilio(FakeProvider):
    """POST and GET /2010-04-01/Accounts/{sid}/Messages.json"""

    def error_body(self, status):
        return {"code": 20500 if status >= 500 else 20429, "status": status,
                "message": "Internal Server Error" if status >= 500 else "Too Many Requests"}

    def _authorised(self, handler) -> bool:
        expected = base64.b64encode(f"{TWILIO_ACCOUNT_SID}:{TWILIO_AUTH_TOKEN}".encode())
        return handler.headers.get("Authorization", "") == f"Basic {expected.decode()}"

    def answer(self, method, handler, raw):
        path = urlsplit(handler.path)
        if path.path != f"/2010-04-01/Accounts/{TWILIO_ACCOUNT_SID}/Messages.json":
            return 404, {"code": 20404, "status": 404, "message": "Not found"}
        if not self._authorised(handler):
            return 401, {"code": 20003, "status": 401, "message": "Authenticate"}
        if method == "GET":
            to = parse_qs(path.query).get("To", [""])[0]
            found = [m for m in reversed(self.accepted) if not to or m["to"] == to]
            return 200, {"messages": found, "page": 0}
        form = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
        to = form.get("To", "")
        if not to.startswith("+") or to in self.reject_numbers:
            return 400, {"code": 21211, "status": 400, "more_info":
                         "https://www.twilio.com/docs/errors/21211",
                         "message": f"The 'To' number {to} is not a valid phone number."}
        if not (form.get("From") or form.get("MessagingServiceSid")):
            return 400, {"code": 21603, "status": 400, "message": "'From' is required"}
        message = {"sid": "SM" + uuid.uuid4().hex, "to": to, "from": form.get("From"),
                   "body": form.get("Body", ""), "status": "queued",
                   "status_callback": form.get("StatusCallback", ""),
                   "direction": "outbound-api",
                   "date_created": format_datetime(timezone.now(), usegmt=True)}
        self.keep(message)
        return 201, message
