"""What sign-in adds to the shared pages and jobs (bridgebook/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from bridgebook.core.registry import AuditType, NotificationKind, Urls, site
from bridgebook.messaging.models import Message

site.add(
    Urls("accounts", "bridgebook.accounts.urls", prefix="accounts/"),
    NotificationKind(Message.Kind.SIGN_IN, _("Sign-in")),
    AuditType("signintoken", _("Sign-in link or code"), "accounts"),
)
