"""One small HTTP call for the provider backends, on the standard library.

Network trouble becomes a temporary DeliveryError. ``maybe_sent`` says whether the
provider may have acted on the request: a refused connection or a failed DNS look-up never
reached it; a timeout or a connection dropped mid-answer may have.
"""

import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from bridgebook.messaging.backends.base import DeliveryError

DEFAULT_TIMEOUT = 5.0


@dataclass
class Response:
    status: int
    data: dict
    text: str


def _never_reached(reason) -> bool:
    return isinstance(reason, (ConnectionRefusedError, socket.gaierror))


def call(method: str, url: str, *, headers: dict, json_body: dict | None = None,
         form_body: dict | None = None, timeout: float = DEFAULT_TIMEOUT) -> Response:
    """Make one request; any HTTP status comes back as a Response, network failures raise."""
    data = None
    headers = dict(headers)
    if json_body is not None:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    elif form_body is not None:
        data = urllib.parse.urlencode(form_body).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, raw = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except urllib.error.URLError as error:
        reached = not _never_reached(error.reason)
        raise DeliveryError(f"Could not reach {_host(url)}: {error.reason}",
                            maybe_sent=reached) from error
    except TimeoutError as error:
        raise DeliveryError(f"{_host(url)} did not answer within {timeout:g} s",
                            maybe_sent=True) from error
    except (ConnectionError, http.client.HTTPException) as error:
        raise DeliveryError(f"Connection to {_host(url)} failed: {error!r}",
                            maybe_sent=True) from error
    text = raw.decode("utf-8", errors="replace")
    try:
        parsed = json.loads(text) if text else {}
    except ValueError:
        parsed = {}
    return Response(status=status, data=parsed if isinstance(parsed, dict) else {}, text=text)


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc


def temporary_status(status: int) -> bool:
    """Statuses worth retrying: rate limited, or the provider's own trouble."""
    return status == 429 or status >= 500
