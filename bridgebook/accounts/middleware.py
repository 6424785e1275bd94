from django.conf import settings
from django.shortcuts import redirect, resolve_url
from django.utils import translation
from django_htmx.http import HttpResponseClientRedirect

from bridgebook.core.access import viewer_for

OPEN_PREFIXES = ("/accounts/", "/static/", "/language/", "/healthz", "/messages/outbox/",
                 "/about/", "/symbols/")


class StaffSecondFactorMiddleware:
    """Staff who have given their password but not yet their TOTP code see nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_second_factor(request):
            return redirect("accounts:two_factor")
        return self.get_response(request)

    def _needs_second_factor(self, request) -> bool:
        if not settings.BRIDGEBOOK_STAFF_2FA:
            return False
        # Open paths first: they must not even load the session (symbols and static files
        # are fetched many at a time and need no one signed in).
        if request.path.startswith(OPEN_PREFIXES):
            return False
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        return viewer_for(user).is_staff_member or user.is_staff


class HtmxSignInRedirectMiddleware:
    """An htmx request sent off to sign in (the session ended while a page was polling, or
    a form stayed open overnight) takes the whole page there, with ``HX-Redirect``: htmx
    would otherwise follow the redirect itself and swap the sign-in page, or nothing, into
    a corner of the page. Other redirects are left to htmx."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code in (301, 302, 303, 307,
                                                                        308):
            location = response.get("Location", "")
            if location.startswith(_sign_in_paths()):
                return HttpResponseClientRedirect(location)
        return response


def _sign_in_paths() -> tuple[str, ...]:
    return (resolve_url(settings.LOGIN_URL), resolve_url("accounts:two_factor"),
            resolve_url("accounts:family_sign_in"))


class FamilyLanguageMiddleware:
    """A family member reads Bridgebook in the language the school has for them, where the
    interface has a translation of it, from the moment they sign in, until they choose
    another with the language chooser (which sets the language cookie: their choice wins,
    as it does for everyone). Runs after AuthenticationMiddleware, and after
    LocaleMiddleware, whose choice from the browser's Accept-Language it replaces: a phone
    set to English says little about what its owner reads best."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                and not request.path.startswith(QUIET_PREFIXES)):
            language = family_interface_language(request.user)
            if language is not None:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


# Requests that show no page in a language (files, health checks, symbols).
QUIET_PREFIXES = ("/static/", "/healthz", "/symbols/", "/media/")


def family_interface_language(user) -> str | None:
    """The interface language for a signed-in family member: their first contact's
    language where Bridgebook has an interface translation of it, else None. No query
    beyond the Viewer's."""
    if not user.is_authenticated:
        return None
    viewer = viewer_for(user)
    if not viewer.is_family or not viewer.languages:
        return None
    code = next(iter(viewer.languages.values())) or ""
    base = code.split("-")[0].lower()
    for available, _name in settings.LANGUAGES:
        if available.split("-")[0].lower() == base:
            return available
    return None
