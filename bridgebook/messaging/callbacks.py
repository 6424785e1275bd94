"""Provider status callbacks: they update a Delivery, and only a verified provider may.

Each school has its own callback URL, because each school has its own provider account:
- Twilio signs every callback: X-Twilio-Signature is base64(HMAC-SHA1(auth token, the full
  URL Twilio called + each POST parameter's name and value, sorted by name)). The URL is
  BRIDGEBOOK_BASE_URL + the path and query, since behind a proxy the request's own host may
  not be the one Twilio called. The delivery's reference is in the query string we gave as
  StatusCallback, so a callback that overtakes the worker still finds its row.
- GOV.UK Notify sends the bearer token set in the service's callback settings; it is the
  CALLBACK_TOKEN option of the school's Notify backend. The JSON names our ``reference``.

Anything unsigned, mis-signed, or for a school without that provider configured gets 403.
A verified report about a delivery we do not know gets 204 too, so the provider stops.
"""

import base64
import hashlib
import hmac
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bridgebook.core.models import School
from bridgebook.messaging import delivery
from bridgebook.messaging.backends import notify, twilio
from bridgebook.messaging.backends.config import channel_config


def _options_of(urn: str, backend_class) -> list[dict]:
    """OPTIONS of this school's backends that are ``backend_class`` (or a subclass)."""
    found = []
    for channel in ("sms", "email"):
        config = channel_config(urn, channel) or {}
        try:
            cls = import_string(config.get("BACKEND", ""))
        except ImportError:
            continue
        if isinstance(cls, type) and issubclass(cls, backend_class):
            found.append(config.get("OPTIONS", {}))
    return found


def twilio_signature(auth_token: str, url: str, params) -> str:
    """Twilio's request signature for ``url`` and the POST ``params`` (a QueryDict)."""
    payload = url + "".join(f"{key}{value}" for key in sorted(params)
                            for value in params.getlist(key))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@csrf_exempt
@require_POST
def twilio_callback(request, urn):
    signature = request.headers.get("X-Twilio-Signature", "")
    url = f"{settings.BRIDGEBOOK_BASE_URL}{request.get_full_path()}"
    tokens = [options.get("AUTH_TOKEN", "")
              for options in _options_of(urn, twilio.TwilioSmsBackend)]
    if not signature or not any(
            token and hmac.compare_digest(twilio_signature(token, url, request.POST), signature)
            for token in tokens):
        return HttpResponseForbidden("Signature missing or wrong.")
    school = School.objects.filter(urn=urn).first()
    status = twilio.status_for(request.POST.get("MessageStatus", ""),
                               request.POST.get("ErrorCode", ""))
    if school is not None and status is not None:
        error = ""
        if request.POST.get("ErrorCode"):
            error = f"Twilio error {request.POST['ErrorCode']} ({request.POST['MessageStatus']})"
        delivery.record_provider_status(
            school=school, provider=twilio.TwilioSmsBackend.provider, status=status,
            reference=request.GET.get("ref", ""), provider_id=request.POST.get("MessageSid", ""),
            error=error)
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def notify_callback(request, urn):
    header = request.headers.get("Authorization", "")
    given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    tokens = [options.get("CALLBACK_TOKEN", "")
              for options in _options_of(urn, notify.NotifyBase)]
    if not given or not any(token and hmac.compare_digest(token, given) for token in tokens):
        return HttpResponseForbidden("Bearer token missing or wrong.")
    try:
        report = json.loads(request.body)
    except ValueError:
        return HttpResponse("Not JSON.", status=400)
    if not isinstance(report, dict):
        return HttpResponse("Not a JSON object.", status=400)
    school = School.objects.filter(urn=urn).first()
    status = notify.STATUS_MAP.get(str(report.get("status", "")))
    if school is not None and status is not None:
        delivery.record_provider_status(
            school=school, provider=notify.NotifyBase.provider, status=status,
            reference=str(report.get("reference") or ""), provider_id=str(report.get("id") or ""),
            error=f"GOV.UK Notify: {report.get('status')}" if "failure" in status else "")
    return HttpResponse(status=204)
