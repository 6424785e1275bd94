from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from bridgebook.core import selectors
from bridgebook.core.access import AUDIT_ROLES, access_school, viewer_for
from bridgebook.core.filters import AuditFilterForm


def home(request):
    """The landing page for each role: a teacher's class, a parent's children, a school."""
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    viewer = viewer_for(request.user)
    if viewer.is_staff_member:
        context = selectors.staff_landing(request.user, viewer)
        return render(request, "core/home_staff.html", context)
    if viewer.is_family:
        children = selectors.family_children(request.user)
        return render(request, "core/home_family.html", {"children": children})
    return render(request, "core/home_nobody.html")


def about(request):
    return render(request, "core/about.html")


@require_GET
def language(request, code: str):
    """Switch the interface language (the GOV.UK language navigation uses links)."""
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if translation.check_for_language(code):
        from django.conf import settings

        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600,
                            samesite="Lax", secure=request.is_secure())
    return response


@login_required
def audit_log(request, urn: str):
    school = access_school(request.user, urn, need=AUDIT_ROLES)
    request.bridgebook_school = school
    form = AuditFilterForm(request.GET or None, school=school)
    events = selectors.audit_events(school, form.filters() if form.is_valid() else {})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html",
                  {"school": school, "form": form, "page": page, "query": _query_without_page(request)})


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
