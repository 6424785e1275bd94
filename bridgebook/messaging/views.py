from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from bridgebook.messaging.models import OutboxMessage


def outbox(request):
    """What the local backends would have sent. Only where BRIDGEBOOK_OUTBOX_PAGE is on."""
    if not settings.BRIDGEBOOK_OUTBOX_PAGE:
        raise Http404
    messages = OutboxMessage.objects.all()[:50]
    return render(request, "messaging/outbox.html", {"outbox_messages": messages})
