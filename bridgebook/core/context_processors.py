from django.conf import settings

from bridgebook.core.access import viewer_for


def bridgebook(request):
    return {
        "viewer": viewer_for(request.user) if hasattr(request, "user") else None,
        "outbox_page": settings.BRIDGEBOOK_OUTBOX_PAGE,
        "demo_mode": settings.BRIDGEBOOK_DEMO,
    }
