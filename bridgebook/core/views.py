from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bridgebook.core import actions, selectors
from bridgebook.core.access import (
    AUDIT_ROLES,
    STAFF_MANAGER_ROLES,
    access_school,
    can_manage_staff,
    viewer_for,
)
from bridgebook.core.filters import AuditFilterForm
from bridgebook.core.models import LessonPeriod, School
from bridgebook.core.paging import paginate
from bridgebook.core.registry import site
from bridgebook.core.school_forms import AcademicYearForm, LessonForm, SchoolForm, TermForm


def home(request):
    """The landing page for each role: a teacher's class, a parent's children, a school."""
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    viewer = viewer_for(request.user)
    if viewer.is_staff_member:
        context = selectors.staff_landing(request.user, viewer)
        if context["schools"]:
            # The menu is about the first of them (it need not look it up again).
            request.bridgebook_school = context["schools"][0]
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
    viewer = viewer_for(request.user)
    form = AuditFilterForm(request.GET or None, school=school, viewer=viewer)
    events = selectors.audit_events(school, form.filters() if form.is_valid() else {},
                                    hidden_types=site.hidden_audit_types(viewer, school),
                                    hidden_pupils=viewer.restricted_pupil_ids)
    return render(request, "core/audit_log.html",
                  {"school": school, "form": form, **paginate(request, events)})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# The school's details, calendar and school day ------------------------------------------

@login_required
def school_detail(request, urn: str):
    school = access_school(request.user, urn)
    request.bridgebook_school = school
    context = selectors.school_calendar(school)
    context.update(school=school, can_edit=can_manage_staff(request.user, school))
    return render(request, "core/school_detail.html", context)


@login_required
def school_edit(request, urn: str):
    school = access_school(request.user, urn, need=STAFF_MANAGER_ROLES)
    request.bridgebook_school = school
    form = SchoolForm(request.POST or None, instance=School.objects.get(pk=school.pk))
    if request.method == "POST" and form.is_valid():
        actions.do_update_school(school=school, acting_user=request.user,
                                 data=form.cleaned_data)
        messages.success(request, _("The school's details are saved."))
        return redirect("core:school", school.urn)
    return render(request, "core/school_form.html",
                  {"school": school, "form": form, "heading": _("Change the school's details")})


def _school_form(request, urn: str, *, form_class, action, heading, done):
    """A form about the school for office and principal: validate, one action, back."""
    school = access_school(request.user, urn, need=STAFF_MANAGER_ROLES)
    request.bridgebook_school = school
    form = form_class(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        action(acting_user=request.user, school=school, **form.cleaned_data)
        messages.success(request, done)
        return redirect("core:school", school.urn)
    return render(request, "core/school_form.html",
                  {"school": school, "form": form, "heading": heading})


@login_required
def academic_year_add(request, urn: str):
    return _school_form(request, urn, form_class=AcademicYearForm,
                        action=actions.do_add_academic_year,
                        heading=_("Add an academic year"), done=_("Academic year added."))


@login_required
def term_add(request, urn: str):
    return _school_form(request, urn, form_class=TermForm, action=actions.do_add_term,
                        heading=_("Add a term"), done=_("Term added."))


@login_required
def lesson_add(request, urn: str):
    return _school_form(request, urn, form_class=LessonForm, action=actions.do_add_lessons,
                        heading=_("Add a lesson time"), done=_("Lesson time added."))


@login_required
@require_POST
def lesson_remove(request, urn: str, lesson_id: int):
    school = access_school(request.user, urn, need=STAFF_MANAGER_ROLES)
    lesson = get_object_or_404(LessonPeriod, school=school, pk=lesson_id)
    actions.do_remove_lesson(lesson=lesson, acting_user=request.user)
    messages.success(request, _("Lesson time removed."))
    return redirect("core:school", school.urn)
