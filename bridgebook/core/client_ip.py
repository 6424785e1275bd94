"""The address a request comes from, for throttling sign-ins.

Behind a reverse proxy every request arrives from the proxy, so ``REMOTE_ADDR`` is the
same for everyone: a limit per address would then be one limit for the whole school.
With ``BRIDGEBOOK_TRUSTED_PROXIES`` set to the number of proxies in front of Bridgebook,
each appending the address it saw to ``X-Forwarded-For`` (nginx's
``$proxy_add_x_forwarded_for``), the address is taken that many entries from the right:
the one the outermost trusted proxy saw. Anything a client wrote into the header itself is
further left and ignored. With no proxies set, or a header shorter than it should be, it
is ``REMOTE_ADDR``.

Both the staff sign-in lockout (django-axes, through ``AXES_CLIENT_IP_CALLABLE``) and the
family sign-in limit use this.
"""

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.BRIDGEBOOK_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
