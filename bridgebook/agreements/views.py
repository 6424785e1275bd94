"""The school's side of the home-school agreement: the agreement page (the version in force,
the versions with their dates, the review record, who might like help, translation checks),
the draft and its statements, publishing, a past version, the settings, and the admissions
pack with its new families.

Each view: sign-in → access layer (404 for who may not see the school's agreement,
families included; 403 for staff who may read but not do this) → form → one action or
selector → render or redirect. A child's Agreement tab, signing and the family's pages are
in views_pupil.py.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bridgebook.agreements import actions, documents, nas, pdf, selectors
from bridgebook.agreements.access import (
    PACK_ROLES,
    SETTINGS_ROLES,
    WRITE_ROLES,
    access_agreement_school,
    access_draft_statement,
    access_pack_item,
    access_version,
    can_change_settings,
    can_manage_pack,
    can_write,
)
from bridgebook.agreements.forms import (
    PackDocumentForm,
    PublishForm,
    ReviewViewForm,
    SettingsForm,
    StartForm,
    StatementForm,
    TranslationCheckForm,
    symbol_groups,
)
from bridgebook.agreements.models import Agreement, PackItem, Section
from bridgebook.core.access import query_id
from bridgebook.core.navigation import show_school
from bridgebook.people.codes import LANGUAGE_CHOICES


def _school(request, urn, *, need=None):
    school = access_agreement_school(request.user, urn, need=need)
    show_school(request, school)
    return school


def _form_page(request, *, form, heading, back, school, button=None, intro="",
               template="agreements/form.html", extra=None, status=200):
    return render(request, template, {
        "form": form, "heading": heading, "back": back, "school": school,
        "button": button or _("Save"), "intro": intro, **(extra or {})}, status=status)


def _draft_or_404(school):
    draft = selectors.draft_of(school)
    if draft is None:
        raise Http404
    return draft


# The agreement page ----------------------------------------------------------------------

@require_GET
@login_required
def overview(request, urn: str):
    school = _school(request, urn)
    agreement = selectors.agreement_for(school)
    current = selectors.current_version(school)
    boards = selectors.signature_board(request.user, school, current) if current else []
    today = timezone.localdate()
    return render(request, "agreements/overview.html", {
        "school": school, "agreement": agreement, "current": current,
        "draft": selectors.draft_of(school), "versions": selectors.versions_of(agreement),
        "views": selectors.review_views(agreement),
        "checks": selectors.translation_checks(school, current),
        "signed": sum(board.signed for board in boards),
        "signers": sum(board.total for board in boards),
        "review_overdue": bool(current and current.review_due and current.review_due < today),
        "can_write": can_write(request.user, school),
        "can_change_settings": can_change_settings(request.user, school),
        "can_manage_pack": can_manage_pack(request.user, school),
        "start_form": StartForm(has_published=current is not None),
        "check_form": TranslationCheckForm(languages=selectors.family_languages(school)),
    })


@require_POST
@login_required
def start(request, urn: str):
    school = _school(request, urn, need=WRITE_ROLES)
    current = selectors.current_version(school)
    form = StartForm(request.POST, has_published=current is not None)
    if not form.is_valid():
        messages.error(request, _("Choose what to start the new version from."))
        return redirect("agreements:overview", urn=school.urn)
    try:
        actions.do_start_draft(school=school, acting_user=request.user,
                               start_from=form.cleaned_data["start_from"])
    except actions.AgreementError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, _("A new draft is ready to edit."))
    return redirect("agreements:draft", urn=school.urn)


# The draft -------------------------------------------------------------------------------

@require_GET
@login_required
def draft(request, urn: str):
    school = _school(request, urn)
    version = _draft_or_404(school)
    items = selectors.statements(version)
    selectors.with_pictures(items)
    previous, changes = selectors.version_diff(version, items)
    return render(request, "agreements/draft.html", {
        "school": school, "version": version, "sections": selectors.by_section(items),
        "missing": selectors.missing_required(items) if version.agreement.nas_check else [],
        "reworded": (selectors.reworded_required(items) if version.agreement.nas_check
                     else []),
        "nas_check": version.agreement.nas_check, "previous": previous, "diff": changes,
        "can_write": can_write(request.user, school), "count": len(items)})


def _statement_form_page(request, school, form, heading, back, button):
    return _form_page(request, form=form, heading=heading, back=back, school=school,
                      button=button, template="agreements/statement_form.html",
                      extra={"symbol_groups": symbol_groups(set(form["symbols"].value() or [])
                                                            )})


@require_http_methods(["GET", "POST"])
@login_required
def statement_new(request, urn: str):
    school = _school(request, urn, need=WRITE_ROLES)
    version = _draft_or_404(school)
    section = request.GET.get("section")
    initial = {"section": section if section in Section.values else Section.AIMS}
    form = StatementForm(request.POST or None, initial=initial)
    back = reverse("agreements:draft", args=[school.urn])
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_statement(version=version, acting_user=request.user,
                                     **form.cleaned_data)
        except actions.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Statement added."))
            return redirect(back)
    return _statement_form_page(request, school, form, _("Add a statement"), back,
                                _("Add the statement"))


@require_http_methods(["GET", "POST"])
@login_required
def statement_edit(request, urn: str, pk: int):
    statement = access_draft_statement(request.user, urn, pk)
    school = statement.version.agreement.school
    show_school(request, school)
    form = StatementForm(request.POST or None, initial={
        "section": statement.section, "text": statement.text,
        "easy_read": statement.easy_read, "symbols": statement.symbols,
        "nas_key": statement.nas_key})
    back = reverse("agreements:draft", args=[school.urn])
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.do_change_statement(statement=statement,
                                                  acting_user=request.user,
                                                  **form.cleaned_data)
        except actions.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Statement changed."))
            reworded = (selectors.reworded_required([changed])
                        if statement.version.agreement.nas_check else [])
            for found in reworded:
                messages.warning(request, _(
                    "This NAS required statement no longer says: %(words)s. The draft "
                    "cannot be published until it does.")
                    % {"words": ", ".join(f"“{word}”" for word in found.lacking)})
            return redirect(back)
    return _statement_form_page(request, school, form, _("Change the statement"), back,
                                _("Save the statement"))


@require_POST
@login_required
def statement_remove(request, urn: str, pk: int):
    statement = access_draft_statement(request.user, urn, pk)
    actions.do_remove_statement(statement=statement, acting_user=request.user)
    messages.success(request, _("Statement taken out of the draft."))
    return redirect("agreements:draft", urn=urn)


@require_POST
@login_required
def statement_move(request, urn: str, pk: int):
    statement = access_draft_statement(request.user, urn, pk)
    actions.do_move_statement(statement=statement, acting_user=request.user,
                              up=request.POST.get("direction") != "down")
    return redirect(reverse("agreements:draft", args=[urn]) + f"#statement-{statement.pk}")


@require_POST
@login_required
def add_required(request, urn: str):
    school = _school(request, urn, need=WRITE_ROLES)
    version = _draft_or_404(school)
    added = actions.do_add_required_statements(version=version, acting_user=request.user)
    if added:
        messages.success(request, _("The missing NAS required statements were added, as the "
                                    "policy words them: word them your own way, and add "
                                    "their easy read."))
    else:
        messages.info(request, _("Every NAS required statement is there already."))
    return redirect("agreements:draft", urn=school.urn)


@require_POST
@login_required
def discard(request, urn: str):
    school = _school(request, urn, need=WRITE_ROLES)
    version = _draft_or_404(school)
    actions.do_discard_draft(version=version, acting_user=request.user)
    messages.success(request, _("Draft discarded."))
    return redirect("agreements:overview", urn=school.urn)


@require_http_methods(["GET", "POST"])
@login_required
def publish(request, urn: str):
    """Check and publish the draft: what changed (statement by statement, and in the
    school's words for families), and what stops it being published."""
    school = _school(request, urn, need=WRITE_ROLES)
    version = _draft_or_404(school)
    items = selectors.statements(version)
    previous, changes = selectors.version_diff(version, items)
    form = PublishForm(request.POST if request.method == "POST" else None,
                       initial={"changes": version.changes}, previous=previous)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_publish(version=version, acting_user=request.user,
                               changes=form.cleaned_data["changes"])
        except actions.PublishError as error:
            form.add_error(None, str(error))
            status = 400
        else:
            messages.success(request, _("Version %(number)s is published. Each parent and "
                                        "carer is told, in their own language.")
                             % {"number": version.number})
            return redirect("agreements:overview", urn=school.urn)
    # What stops it being published besides the words below (asked for by the form).
    problems = actions.publish_problems(version, items, "-", previous)
    return _form_page(request, form=form, heading=_("Check and publish"), school=school,
                      back=reverse("agreements:draft", args=[school.urn]),
                      button=_("Publish version %(number)s") % {"number": version.number},
                      template="agreements/publish.html", status=status,
                      extra={"version": version, "previous": previous, "diff": changes,
                             "problems": problems, "count": len(items)})


# Versions --------------------------------------------------------------------------------

@require_GET
@login_required
def version(request, urn: str, pk: int):
    agreement_version = access_version(request.user, urn, pk)
    school = agreement_version.agreement.school
    show_school(request, school)
    if not agreement_version.is_published:
        return redirect("agreements:draft", urn=school.urn)
    items = selectors.statements(agreement_version)
    selectors.with_pictures(items)
    previous, changes = selectors.version_diff(agreement_version, items)
    return render(request, "agreements/version.html", {
        "school": school, "version": agreement_version,
        "sections": selectors.by_section(items), "previous": previous, "diff": changes,
        "views": [view for view in selectors.review_views(agreement_version.agreement)
                  if view.version_id == agreement_version.pk],
        "checks": selectors.translation_checks(school, agreement_version),
        "languages": selectors.family_languages(school),
        "can_write": can_write(request.user, school)})


@require_GET
@login_required
def version_pdf(request, urn: str, pk: int):
    """A version printed in a language (``?language=``, English by default), as plain text
    or easy read (``?view=easy``), for staff to hand out."""
    agreement_version = access_version(request.user, urn, pk)
    if not agreement_version.is_published:
        raise Http404
    language = request.GET.get("language") or "en"
    if language not in dict(LANGUAGE_CHOICES):
        language = "en"
    easy = request.GET.get("view") == "easy"
    return pdf_response(agreement_version, language=language, easy=easy)


def pdf_response(agreement_version, *, language: str, easy: bool, pupil=None) -> HttpResponse:
    content = pdf.agreement_pdf(agreement_version, language=language, easy=easy, pupil=pupil)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{pdf.filename_for(agreement_version, language, easy)}"')
    return response


@require_POST
@login_required
def check_translation(request, urn: str, pk: int):
    agreement_version = access_version(request.user, urn, pk)
    school = agreement_version.agreement.school
    if not can_write(request.user, school):
        raise PermissionDenied
    form = TranslationCheckForm(request.POST,
                                languages=selectors.family_languages(school))
    if form.is_valid() and agreement_version.is_published:
        asked = actions.do_ask_translation_check(version=agreement_version,
                                                 acting_user=request.user,
                                                 language=form.cleaned_data["language"])
        if asked:
            messages.success(request, _("A check was asked for %(count)s texts. They are "
                                        "in the school’s translations to check.")
                             % {"count": asked})
        else:
            messages.info(request, _("Every text of this version has been checked in that "
                                     "language already."))
    else:
        messages.error(request, _("Choose one of the families’ languages."))
    return redirect("agreements:overview", urn=school.urn)


# The review record and settings ----------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
def view_new(request, urn: str):
    school = _school(request, urn, need=WRITE_ROLES)
    agreement = selectors.agreement_for(school)
    versions = selectors.versions_of(agreement)
    draft_version = next((v for v in versions if not v.is_published), None)
    form = ReviewViewForm(request.POST or None, versions=versions,
                          initial={"version": draft_version.pk if draft_version else ""})
    back = reverse("agreements:overview", args=[school.urn])
    if request.method == "POST" and form.is_valid():
        actions.do_record_view(school=school, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Views recorded."))
        return redirect(back + "#review")
    return _form_page(request, form=form, heading=_("Record views for the review"),
                      back=back, school=school, button=_("Record the views"),
                      intro=_("What parents and carers, pupils or staff said about the "
                              "agreement while you reviewed it, and what you changed because "
                              "of it. It is kept with the version it shaped."))


@require_http_methods(["GET", "POST"])
@login_required
def agreement_settings(request, urn: str):
    school = _school(request, urn, need=SETTINGS_ROLES)
    instance = selectors.agreement_for(school) or Agreement(school=school)
    form = SettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        actions.do_save_settings(school=school, acting_user=request.user,
                                 data=form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("agreements:settings", urn=school.urn)
    return _form_page(request, form=form, heading=_("Home-school agreement settings"),
                      back=reverse("core:school", args=[school.urn]), school=school,
                      intro=_("Switch the NAS check off if the school is not an NAS "
                              "school: it then publishes without the NAS required "
                              "statements."),
                      extra={"required": nas.REQUIRED})


# Who might like help ------------------------------------------------------------------

@require_GET
@login_required
def signatures(request, urn: str):
    """Per class, each parent and carer who has not signed the version in force, with help
    to offer; never a reminder, and nothing depends on it."""
    school = _school(request, urn)
    current = selectors.current_version(school)
    classes = selectors.class_choices(request.user, school)
    class_id = query_id(request.GET.get("class", ""))
    if class_id is not None and class_id not in {c.pk for c in classes}:
        class_id = None
    boards = (selectors.signature_board(request.user, school, current, class_id=class_id)
              if current else [])
    return render(request, "agreements/signatures.html", {
        "school": school, "current": current, "boards": boards, "classes": classes,
        "class_id": class_id})


# The admissions pack ---------------------------------------------------------------------

@require_GET
@login_required
def pack(request, urn: str):
    school = _school(request, urn)
    items = selectors.pack_items(school)
    return render(request, "agreements/pack.html", {
        "school": school, "items": items,
        "has_agreement": any(item.kind == PackItem.Kind.AGREEMENT for item in items),
        "current": selectors.current_version(school),
        "can_manage_pack": can_manage_pack(request.user, school)})


@require_http_methods(["GET", "POST"])
@login_required
def pack_document_new(request, urn: str):
    school = _school(request, urn, need=PACK_ROLES)
    form = PackDocumentForm(request.POST or None, request.FILES or None)
    back = reverse("agreements:pack", args=[school.urn])
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_pack_document(school=school, acting_user=request.user,
                                         title=form.cleaned_data["title"],
                                         description=form.cleaned_data["description"],
                                         upload=form.cleaned_data["file"])
        except documents.DocumentError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Document added to the admissions pack."))
            return redirect(back)
    return _form_page(request, form=form, heading=_("Add a document to the pack"),
                      back=back, school=school, button=_("Add the document"),
                      template="agreements/upload_form.html")


@require_POST
@login_required
def pack_add_agreement(request, urn: str):
    school = _school(request, urn, need=PACK_ROLES)
    actions.do_add_agreement_to_pack(school=school, acting_user=request.user)
    messages.success(request, _("The home-school agreement is in the admissions pack."))
    return redirect("agreements:pack", urn=school.urn)


@require_POST
@login_required
def pack_item_remove(request, urn: str, pk: int):
    item = access_pack_item(request.user, urn, pk)
    if not can_manage_pack(request.user, item.school):
        raise PermissionDenied
    actions.do_remove_pack_item(item=item, acting_user=request.user)
    messages.success(request, _("%(title)s is out of the pack for families to come. Those "
                                "sent it keep it.") % {"title": item.title})
    return redirect("agreements:pack", urn=urn)


def file_response(item: PackItem) -> FileResponse:
    if not item.file:
        raise Http404
    content_type, inline = documents.served_as(item.file.name)
    extension = PurePosixPath(item.file.name).suffix.lower()
    response = FileResponse(item.file.open("rb"), content_type=content_type,
                            as_attachment=not inline,
                            filename=f"{slugify(item.title) or 'document'}{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
@login_required
def pack_item_file(request, urn: str, pk: int):
    return file_response(access_pack_item(request.user, urn, pk))


@require_GET
@login_required
def new_families(request, urn: str):
    """The pupils whose families have not had the pack (newest first), and what each
    family that has had it was sent, and when they first opened it."""
    school = _school(request, urn)
    waiting, had = selectors.new_families(request.user, school)
    return render(request, "agreements/new_families.html", {
        "school": school, "waiting": waiting, "had": had,
        "can_send": can_manage_pack(request.user, school),
        "pack_ready": bool(selectors.pack_items(school))})
