"""What sign-in adds to the shared pages and jobs (bridgebook/core/registry.py)."""

from django.utils.translation import gettext_lazy as _

from bridgebook.core.registry import AuditType, NotificationKind, Urls, site

site.add(
    Urls("accounts", "bridgebook.accounts.urls", prefix="accounts/"),
    # A sign-in link or code: never in the inbox, never followed up by a text.
    NotificationKind("sign_in", _("Sign-in"), readable=False),
    AuditType("signintoken", _("Sign-in link or code")),
)
