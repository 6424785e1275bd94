"""Announcements (compose, preview, send, report), the letter batch, the family inbox and
attachments.

Each view: sign-in → access layer (404 when the thing may not be seen, 403 when it may be
seen but not changed) → form → one action or selector → render or redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.access import (
    access_announcement,
    access_attachment,
    access_compose,
    access_letters,
    access_message,
    inbox_contact_ids,
)
from bridgebook.announcements.forms import AnnouncementForm, SendForm, upcoming_events
from bridgebook.announcements.models import (
    ANNOUNCEMENT,
    Announcement,
    HeldLanguage,
    LanguageCheck,
)
from bridgebook.core.access import query_id, viewer_for
from bridgebook.core.navigation import show_school
from bridgebook.core.paging import paginate
from bridgebook.messaging import quiet_hours
from bridgebook.messaging.access import can_mark_urgent
from bridgebook.messaging.delivery import mark_read
from bridgebook.people.codes import language_name_here

LIST_SIZE = 50


# Staff: writing and sending --------------------------------------------------------------

@login_required
def announcement_list(request, urn: str):
    school = access_compose(request.user, urn)
    show_school(request, school)
    context = paginate(request, Announcement.objects.filter(school=school)
                       .select_related("author"), per_page=LIST_SIZE)
    announcements = list(context["page"])
    counts = selectors.message_counts(announcements)
    waiting = selectors.waiting_counts(announcements)
    for announcement in announcements:
        announcement.recipient_count = counts.get(announcement.pk, 0)
        announcement.waiting_count = waiting.get(announcement.pk, 0)
    return render(request, "announcements/list.html", {
        **context, "school": school, "announcements": announcements})


def _about_event(request, school) -> dict:
    """``?event=<id>`` (the event page's "Write to these families"): the form starts with
    that event's families and its title. An id that is not one of the school's events
    listed on the form is ignored."""
    wanted = query_id(request.GET.get("event", ""))
    event = upcoming_events(school).filter(pk=wanted).first() if wanted is not None else None
    if event is None:
        return {}
    return {"audience": Announcement.Audience.EVENT, "event": event, "subject": event.title}


@login_required
def announcement_new(request, urn: str):
    school = access_compose(request.user, urn)
    show_school(request, school)
    form = AnnouncementForm(request.POST or None, request.FILES or None, school=school,
                            initial=_about_event(request, school),
                            hidden_pupils=viewer_for(request.user).restricted_pupil_ids)
    if request.method == "POST" and form.is_valid():
        announcement = actions.do_save_draft(
            school=school, acting_user=request.user, data=form.data_for_action(),
            upload=form.cleaned_data.get("attachment"))
        return redirect("announcements:detail", urn, announcement.pk)
    return render(request, "announcements/form.html", {"school": school, "form": form})


@login_required
def announcement_edit(request, urn: str, pk: int):
    announcement = access_announcement(request.user, urn, pk)
    school = announcement.school
    show_school(request, school)
    if not announcement.is_draft:
        messages.info(request, _("This announcement has been sent, so it cannot be changed."))
        return redirect("announcements:report", urn, announcement.pk)
    form = AnnouncementForm(request.POST or None, request.FILES or None, school=school,
                            instance=announcement,
                            hidden_pupils=viewer_for(request.user).restricted_pupil_ids)
    if request.method == "POST" and form.is_valid():
        actions.do_save_draft(school=school, acting_user=request.user,
                              data=form.data_for_action(), announcement=announcement,
                              upload=form.cleaned_data.get("attachment"))
        return redirect("announcements:detail", urn, announcement.pk)
    return render(request, "announcements/form.html", {
        "school": school, "form": form, "announcement": announcement})


@login_required
def announcement_detail(request, urn: str, pk: int):
    """A draft: what it says, who will get it and how, and the Send button. A sent one
    goes to its report."""
    announcement = access_announcement(request.user, urn, pk)
    show_school(request, announcement.school)
    if not announcement.is_draft:
        return redirect("announcements:report", urn, announcement.pk)
    found = selectors.recipients_for(announcement)
    school = announcement.school
    now = timezone.now()
    release = quiet_hours.release_time(sender=request.user, school=school, when=now)
    outside_hours = None
    if release > now:
        outside_hours = {"now": selectors.when_text(now, school)["time"],
                         **selectors.when_text(release, school)}
    senior = can_mark_urgent(request.user, school)
    # Waiting for the translation checks is never urgent: no "urgent" box to tick.
    may_be_urgent = outside_hours and senior and not announcement.wait_for_check
    return render(request, "announcements/detail.html", {
        "school": school, "announcement": announcement,
        "attachments": selectors.attachments_of(announcement),
        "preview": selectors.preview(announcement, found),
        "outside_hours": outside_hours,
        "send_form": SendForm() if may_be_urgent else None,
    })


@login_required
@require_POST
def announcement_send(request, urn: str, pk: int):
    announcement = access_announcement(request.user, urn, pk)
    form = SendForm(request.POST)
    urgent = form.is_valid() and form.cleaned_data["urgent"]
    was_draft = announcement.is_draft
    try:
        sent = actions.do_send(announcement=announcement, acting_user=request.user,
                               urgent=urgent)
    except (quiet_hours.UrgentNotAllowed, actions.WaitingIsNotUrgent) as refused:
        messages.error(request, str(refused))
        return redirect("announcements:detail", urn, announcement.pk)
    if not (was_draft and not announcement.is_draft):
        messages.info(request, _("This announcement had already been sent."))
        return redirect("announcements:report", urn, announcement.pk)
    school = announcement.school
    messages.success(request, ngettext("Sent to %(count)s contact.",
                                       "Sent to %(count)s contacts.", sent) % {"count": sent})
    if announcement.send_after is not None:
        messages.info(request, _(
            "It is in the app now. It is outside your working hours, so the emails and texts "
            "will be sent at %(time)s on %(day)s.") % selectors.when_text(
            announcement.send_after, school))
    if announcement.wait_for_check:
        held = list(HeldLanguage.objects.filter(announcement=announcement))
        if held:
            waiting = sum(item.contacts for item in held)
            messages.info(request, ngettext(
                "%(count)s contact who reads %(languages)s will get it when a person has "
                "checked the translation, because you chose to wait for the check.",
                "%(count)s contacts who read %(languages)s will get it when a person has "
                "checked the translation, because you chose to wait for the check.",
                waiting) % {"count": waiting, "languages": _names(held)})
    elif announcement.important:
        checking = list(LanguageCheck.objects.filter(announcement=announcement))
        if checking:
            messages.info(request, _(
                "Everyone has it now. A person will check the translations into "
                "%(languages)s; the checked text then replaces what those families were "
                "sent, and they are told if it changed.") % {"languages": _names(checking)})
    return redirect("announcements:report", urn, announcement.pk)


def _names(languages) -> str:
    return get_text_list([language_name_here(item.language) for item in languages], _("and"))


@login_required
@require_POST
def announcement_release(request, urn: str, pk: int, language: str):
    """The sender sends a language that waits for its translation check now: with the
    checked translation if it has been approved, else without the check."""
    announcement = access_announcement(request.user, urn, pk)
    held = HeldLanguage.objects.filter(announcement=announcement, language=language).first()
    if held is None:
        raise Http404
    was_waiting = held.is_waiting
    sent = actions.do_release_language(announcement=announcement, language=language,
                                       acting_user=request.user, unchecked=True)
    held.refresh_from_db()
    name = language_name_here(language)
    if not was_waiting or held.released_by_id != request.user.pk:
        messages.info(request, _("The %(language)s messages had already been sent.")
                      % {"language": name})
    elif sent:
        messages.success(request, ngettext(
            "Sent to %(count)s contact who reads %(language)s.",
            "Sent to %(count)s contacts who read %(language)s.", sent)
            % {"count": sent, "language": name})
    else:
        messages.info(request, _("Nobody who reads %(language)s is entitled to it any more.")
                      % {"language": name})
    return redirect("announcements:report", urn, announcement.pk)


@login_required
def announcement_report(request, urn: str, pk: int):
    announcement = access_announcement(request.user, urn, pk)
    show_school(request, announcement.school)
    if announcement.is_draft:
        return redirect("announcements:detail", urn, announcement.pk)
    report = selectors.delivery_report(
        announcement, page=request.GET.get("page"),
        hidden_pupils=viewer_for(request.user).restricted_pupil_ids)
    return render(request, "announcements/report.html", {
        "school": announcement.school, "announcement": announcement, "report": report,
        "page": report.page, "query": _query_without_page(request)})


# Staff: the letter batch -----------------------------------------------------------------

@login_required
def letters(request, urn: str):
    school = access_letters(request.user, urn)
    show_school(request, school)
    # A court order keeps the families of some pupils from some readers, over their role.
    hidden = viewer_for(request.user).restricted_pupil_ids
    queued = list(selectors.queued_letters(school, hidden_pupils=hidden)[:500])
    households = {d.message.contact.household_id or f"c{d.message.contact_id}"
                  for d in queued}
    batches = selectors.letter_batches(school, hidden_pupils=hidden)[:10]
    return render(request, "announcements/letters.html", {
        "school": school, "queued": queued, "households": len(households),
        "batches": batches})


@login_required
@require_POST
def letters_print(request, urn: str):
    school = access_letters(request.user, urn)
    batch = actions.do_print_letters(
        school=school, acting_user=request.user,
        hidden_pupils=viewer_for(request.user).restricted_pupil_ids)
    if batch is None:
        messages.info(request, _("There are no letters waiting to be printed."))
        return redirect("announcements:letters", urn)
    messages.success(request, _("%(letters)s letters for %(households)s households are ready "
                                "to print.") % {"letters": batch.letters,
                                                "households": batch.households})
    return redirect("announcements:letters", urn)


@login_required
def letters_pdf(request, urn: str, pk: int):
    school = access_letters(request.user, urn)
    batch = selectors.letter_batch(school, pk,
                                   hidden_pupils=viewer_for(request.user).restricted_pupil_ids)
    if batch is None or not batch.pdf:
        raise Http404
    response = FileResponse(batch.pdf.open("rb"), content_type="application/pdf",
                            as_attachment=True, filename=f"letters-{batch.pk}.pdf")
    patch_cache_control(response, private=True, no_store=True)
    return response


# Families: the inbox ---------------------------------------------------------------------

@login_required
def inbox(request):
    contact_ids = inbox_contact_ids(request.user)
    page = selectors.inbox_page(contact_ids, request.GET.get("page"))
    return render(request, "announcements/inbox.html", {
        "page": page, "query": _query_without_page(request),
        "inbox_messages": page.object_list})


def _query_without_page(request) -> str:
    """The query string the page links keep (as ``core.paging.paginate`` gives it)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def message_detail(request, pk: int):
    message = access_message(request.user, pk)
    was_unread = message.read_at is None
    mark_read(message)
    selectors.attach_announcements([message])
    return render(request, "announcements/message.html", {
        "message": message, "was_unread": was_unread,
        "is_announcement": message.kind == ANNOUNCEMENT})


# Attachments -----------------------------------------------------------------------------

@login_required
def attachment(request, pk: int):
    item = access_attachment(request.user, pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=item.content_type == "application/pdf",
                            filename=item.name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=3600)
    patch_vary_headers(response, ["Cookie"])
    return response
