"""A child's Agreement tab and what hangs off it.

For a family member (on their phone, in their language): the agreement in force, as plain
text or as easy read with symbols (first for a family member who needs help with reading),
read aloud, printable; each statement the translation a person checked where there is one,
else machine translated and marked, with the English one tap away (every statement in one
translation call). One with parental responsibility signs it, for themselves (and for their
other children at the school at the same time); after a new version they see what changed
since they signed. Signing is never asked for anywhere else, and nothing depends on it.

For staff who see the child: each parent's and carer's signature (or the help to offer),
every signature recorded, a signature made on paper, whether the child signs (and signing
with them), and the admissions pack each family member has had.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bridgebook.agreements import actions, selectors
from bridgebook.agreements.access import (
    access_family_signer,
    access_pack_file,
    access_pupil_staff,
    can_manage_pack,
    signer_link,
)
from bridgebook.agreements.forms import (
    AGREE_SYMBOLS,
    PaperSignatureForm,
    PupilSignForm,
    PupilSigningForm,
    SignForm,
)
from bridgebook.agreements.models import Format, PackItem, PupilSigning
from bridgebook.agreements.views import file_response, pdf_response
from bridgebook.core.access import access_pupil, viewer_for
from bridgebook.core.navigation import show_school
from bridgebook.diary.symbols import symbol_url, word_for
from bridgebook.people.codes import LANGUAGE_CHOICES
from bridgebook.people.models import Contact
from bridgebook.translation import display

TEXT, EASY = "text", "easy"


@require_GET
@login_required
def pupil_agreement(request, pk: int):
    pupil = access_pupil(request.user, pk)
    show_school(request, pupil.school)
    if viewer_for(request.user).is_staff_member:
        return _staff_page(request, pupil)
    return _family_page(request, pupil)


# The family's page -----------------------------------------------------------------------

def _reading_view(request, contact_id, link) -> str:
    """Plain text or easy read: as chosen, else easy read first for a family member whose
    record says they need help with reading and writing."""
    chosen = request.GET.get("view")
    if chosen in (TEXT, EASY):
        return chosen
    if link is not None:
        needs_help = link.contact.literacy_support
    else:
        needs_help = (Contact.objects.filter(pk=contact_id, literacy_support=True).exists()
                      if contact_id is not None else False)
    return EASY if needs_help else TEXT


def _family_page(request, pupil, *, form=None, status=200, reading=None):
    viewer = viewer_for(request.user)
    version = selectors.current_version(pupil.school)
    contact_id = viewer.contact_for_school(pupil.school_id)
    link = signer_link(request.user, pupil)
    reading = reading or _reading_view(request, contact_id, link)
    context = {"pupil": pupil, "school": pupil.school, "version": version,
               "reading": reading, "delivery": selectors.family_delivery(pupil, contact_id)}
    if version is None:
        return render(request, "agreements/family/pupil.html", context, status=status)
    language = display.target_language(request, pupil.school)
    items = selectors.statements(version)
    selectors.attach_checked(items, pupil.school, language)
    selectors.with_pictures(items)
    state = selectors.family_state(link, version)
    since, tags = [], None
    if state.earlier is not None and state.signature is None:
        since = selectors.published_between(version, state.earlier.version.number)
        tags = selectors.diff_since(state.earlier.version, version, items)
        for statement in items:
            statement.change = tags.kind_of(statement.pk)
    # Every text the page shows that a person has not checked, translated together (with
    # the glossary's explanations): one call however many statements.
    texts = [version.changes] + [change.changes for change in since]
    texts += [change.statement.text for change in (tags.removed if tags else [])]
    for statement in items:
        if reading == EASY and statement.easy_read:
            texts.append("" if statement.checked_easy else statement.easy_read)
        else:
            texts.append("" if statement.checked_text else statement.text)
    display.translate_sources(request, [("en", text) for text in texts if text],
                              school=pupil.school)
    if form is None and link is not None and state.signature is None:
        form = SignForm(others=state.others, initial={
            "format": Format.EASY_READ if reading == EASY else Format.TEXT,
            "others": [str(other.pk) for other in state.others]})
    context.update({
        "sections": selectors.by_section(items), "link": link, "state": state,
        "since": since, "removed": tags.removed if tags else [], "form": form,
        "language": language, "direction": display.direction(language)})
    return render(request, "agreements/family/pupil.html", context, status=status)


@require_POST
@login_required
def sign(request, pk: int):
    pupil, link = access_family_signer(request.user, pk)
    version = selectors.current_version(pupil.school)
    if version is None:
        raise Http404
    state = selectors.family_state(link, version)
    back = reverse("agreements:pupil", args=[pupil.pk])
    if state.signature is not None:
        messages.info(request, _("You have signed this version already."))
        return redirect(back)
    form = SignForm(request.POST, others=state.others)
    # Shown again as they were reading it (the format they signed from).
    reading = EASY if request.POST.get("format") == Format.EASY_READ else TEXT
    if not form.is_valid():
        return _family_page(request, pupil, form=form, status=400, reading=reading)
    chosen = {int(pk) for pk in form.cleaned_data["others"]}
    pupils = [pupil, *(other for other in state.others if other.pk in chosen)]
    try:
        made = actions.do_sign(version=version, contact=link.contact, pupils=pupils,
                               acting_user=request.user, name=form.cleaned_data["name"],
                               language=display.target_language(request, pupil.school),
                               format_=form.cleaned_data["format"])
    except actions.AgreementError as error:
        form.add_error(None, str(error))
        return _family_page(request, pupil, form=form, status=400, reading=reading)
    names = [signature.pupil.first_name for signature in made]
    messages.success(request, _("Thank you. You signed the home-school agreement for "
                                "%(names)s.") % {"names": ", ".join(names)})
    view = EASY if form.cleaned_data["format"] == Format.EASY_READ else TEXT
    return redirect(f"{back}?view={view}")


@require_GET
@login_required
def agreement_pdf(request, pk: int):
    """The agreement in force, printable: a family member's in their language; staff choose
    the language (``?language=``, the family's to hand them a copy)."""
    pupil = access_pupil(request.user, pk)
    version = selectors.current_version(pupil.school)
    if version is None:
        raise Http404
    if viewer_for(request.user).is_staff_member:
        language = request.GET.get("language") or "en"
        if language not in dict(LANGUAGE_CHOICES):
            language = "en"
    else:
        language = display.target_language(request, pupil.school)
    return pdf_response(version, language=language, easy=request.GET.get("view") == EASY,
                        pupil=pupil)


# Staff --------------------------------------------------------------------------------------

def _staff_page(request, pupil):
    version = selectors.current_version(pupil.school)
    found = selectors.pupil_signatures(pupil, version)
    signing = found["signing"]
    return render(request, "agreements/pupil.html", {
        "pupil": pupil, "school": pupil.school, "version": version, **found,
        "unsigned": [row for row in found["rows"] if row.contact and not row.signed],
        "pupil_row": next((row for row in found["rows"] if row.contact is None), None),
        "deliveries": selectors.deliveries_for([pupil.pk])[pupil.pk],
        "can_send_pack": can_manage_pack(request.user, pupil.school),
        "signing_form": PupilSigningForm(initial={"signs": (
            "no" if signing is None else "symbol" if signing.by_symbol else "name")}),
    })


@require_http_methods(["GET", "POST"])
@login_required
def paper(request, pk: int):
    """Staff record a signature a parent or carer made on paper."""
    pupil = access_pupil_staff(request.user, pk)
    show_school(request, pupil.school)
    version = selectors.current_version(pupil.school)
    back = reverse("agreements:pupil", args=[pupil.pk])
    if version is None:
        messages.info(request, _("The school has not published its agreement yet."))
        return redirect(back)
    rows = selectors.signer_rows(version, [pupil])
    contacts = [row.contact for row in rows if row.contact is not None and not row.signed]
    if not contacts:
        messages.info(request, _("Every parent and carer of %(name)s has signed this "
                                 "version.") % {"name": pupil.first_name})
        return redirect(back)
    form = PaperSignatureForm(request.POST or None, contacts=contacts,
                              initial={"contact": contacts[0].pk,
                                       "language": contacts[0].language,
                                       "format": Format.PDF})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_paper_signature(
                version=version, pupil=pupil, contact=data["contact"],
                acting_user=request.user, signed_on=data["signed_on"],
                language=data["language"], format_=data["format"])
        except actions.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Signature recorded."))
            return redirect(back)
    return render(request, "agreements/form.html", {
        "form": form, "heading": _("Record a signature on paper"), "back": back,
        "pupil": pupil, "school": pupil.school, "button": _("Record the signature"),
        "intro": _("For a parent or carer who signed a printed copy of version %(number)s.")
        % {"number": version.number}})


@require_POST
@login_required
def pupil_signing(request, pk: int):
    """Mark whether the child signs themselves (and how)."""
    pupil = access_pupil_staff(request.user, pk)
    form = PupilSigningForm(request.POST)
    if form.is_valid():
        choice = form.cleaned_data["signs"]
        actions.do_mark_pupil_signs(pupil=pupil, acting_user=request.user,
                                    signs=choice != "no", by_symbol=choice == "symbol")
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose whether the child signs."))
    return redirect("agreements:pupil", pk=pupil.pk)


@require_http_methods(["GET", "POST"])
@login_required
def pupil_sign(request, pk: int):
    """A member of staff sits with the child: the easy read with symbols, read aloud, and
    the child's choice of symbol (or their name)."""
    pupil = access_pupil_staff(request.user, pk)
    show_school(request, pupil.school)
    back = reverse("agreements:pupil", args=[pupil.pk])
    version = selectors.current_version(pupil.school)
    signing = PupilSigning.objects.filter(pupil=pupil).first()
    if version is None or signing is None:
        messages.info(request, _("Mark on this page that %(name)s signs first.")
                      % {"name": pupil.first_name})
        return redirect(back)
    form = PupilSignForm(request.POST or None, by_symbol=signing.by_symbol)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_pupil_sign(version=version, pupil=pupil, acting_user=request.user,
                                  method=form.method, mark=form.mark,
                                  language=form.cleaned_data["language"])
        except actions.AgreementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s signed the agreement. Well done!")
                             % {"name": pupil.first_name})
            return redirect(back)
    items = selectors.statements(version)
    selectors.with_pictures(items)
    return render(request, "agreements/pupil_sign.html", {
        "pupil": pupil, "school": pupil.school, "version": version, "form": form,
        "sections": selectors.by_section(items), "back": back, "signing": signing,
        "choices": [{"hexcode": code, "url": symbol_url(code), "word": word_for(code)}
                    for code in AGREE_SYMBOLS]})


@require_POST
@login_required
def send_pack(request, pk: int):
    pupil = access_pupil_staff(request.user, pk, pack=True)
    try:
        made = actions.do_send_pack(pupil=pupil, acting_user=request.user)
    except actions.AgreementError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, _("The admissions pack was sent to %(names)s, each their "
                                    "own copy.")
                         % {"names": ", ".join(d.contact.full_name for d in made)})
    if request.POST.get("from") == "new_families":
        return redirect("agreements:new_families", urn=pupil.school.urn)
    return redirect("agreements:pupil", pk=pupil.pk)


# The admissions pack, for the family ----------------------------------------------------

@require_GET
@login_required
def family_pack(request, pk: int):
    """What the family member was sent for the child (staff: what each was sent). The
    first time a family member opens it is noted."""
    pupil = access_pupil(request.user, pk)
    show_school(request, pupil.school)
    viewer = viewer_for(request.user)
    if viewer.is_staff_member:
        return render(request, "agreements/family/pack.html", {
            "pupil": pupil, "school": pupil.school, "staff_view": True,
            "deliveries": selectors.deliveries_for([pupil.pk])[pupil.pk]})
    delivery = selectors.family_delivery(pupil, viewer.contact_for_school(pupil.school_id))
    items = list(delivery.items.all()) if delivery else []
    if delivery is not None and delivery.opened_at is None:
        delivery.pupil = pupil
        actions.do_open_pack(delivery=delivery, acting_user=request.user)
    display.translate_sources(request, [("en", text) for item in items
                                        for text in (item.title, item.description) if text],
                              school=pupil.school)
    return render(request, "agreements/family/pack.html", {
        "pupil": pupil, "school": pupil.school, "delivery": delivery, "items": items,
        "agreement_kind": PackItem.Kind.AGREEMENT})


@require_GET
@login_required
def pack_file(request, pk: int, item: int):
    _pupil, pack_item = access_pack_file(request.user, pk, item)
    return file_response(pack_item)
