"""Messaging pages: conversations about a pupil, staff working hours, a school's messaging
settings, families' book notification choices, and the development outbox.

Each view: sign-in → access layer (404 when the pupil or conversation may not be seen) →
form → one action or selector → render or redirect.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bridgebook.core.access import access_pupil, viewer_for, visible_pupils
from bridgebook.core.navigation import show_school
from bridgebook.messaging import (
    access,
    actions,
    conversations,
    notifications,
    quiet_hours,
    selectors,
)
from bridgebook.messaging.forms import (
    BookNotificationForm,
    ConversationForm,
    MessagingSettingsForm,
    ReplyForm,
    WorkingHoursForm,
)
from bridgebook.messaging.models import OutboxMessage
from bridgebook.messaging.recipients import entitled_links
from bridgebook.translation import display


def outbox(request):
    """What the local backends would have sent. Only where BRIDGEBOOK_OUTBOX_PAGE is on."""
    if not settings.BRIDGEBOOK_OUTBOX_PAGE:
        raise Http404
    messages_ = OutboxMessage.objects.all()[:50]
    return render(request, "messaging/outbox.html", {"outbox_messages": messages_})


def _data(request):
    return request.POST if request.method == "POST" else None


def _held_notice(request, message) -> None:
    """Tell staff when the email and text of a message will go."""
    if message.from_family:
        messages.success(request, _("Your message has been sent to school."))
        return
    if message.send_after > message.created_at:
        at = timezone.localtime(message.send_after, message.conversation.school.tz)
        messages.success(request, _(
            "Your message is in the app now. It is outside your working hours, so the "
            "email and text will be sent at %(time)s on %(day)s.") % {
            "time": date_format(at, "H:i"), "day": date_format(at, "l j E")})
    else:
        messages.success(request, _("Your message has been sent."))


# Conversations ---------------------------------------------------------------------------

@login_required
def pupil_conversations(request, pk: int):
    pupil = access_pupil(request.user, pk)
    show_school(request, pupil.school)
    viewer = viewer_for(request.user)
    return render(request, "messaging/conversation_list.html", {
        "pupil": pupil, "school": pupil.school, "is_family": viewer.is_family,
        "conversations": conversations.pupil_conversations(request.user, pupil),
    })


@login_required
def conversation_new(request, pk: int):
    pupil = access_pupil(request.user, pk)
    show_school(request, pupil.school)
    viewer = viewer_for(request.user)
    allow_urgent = access.can_mark_urgent(request.user, pupil.school)
    links = None if viewer.is_family else list(entitled_links([pupil]).order_by(
        "priority", "pk"))
    form = ConversationForm(_data(request), allow_urgent=allow_urgent, links=links)
    if request.method == "POST" and form.is_valid():
        started = actions.do_start_conversations(
            pupil=pupil, author=request.user, subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"], urgent=form.cleaned_data.get("urgent", False),
            contact_ids=form.cleaned_data.get("contacts"))
        _held_notice(request, started[0])
        if len(started) > 1:
            messages.info(request, _("Each household has its own conversation: %(count)s "
                                     "conversations were started.") % {"count": len(started)})
            return redirect("messaging:pupil_conversations", pupil.pk)
        return redirect("messaging:conversation", started[0].conversation_id)
    return render(request, "messaging/conversation_new.html", {
        "pupil": pupil, "school": pupil.school, "form": form, "is_family": viewer.is_family,
    })


@login_required
def conversation(request, pk: int):
    item = access.access_conversation(request.user, pk, write=request.method == "POST")
    viewer = viewer_for(request.user)
    show_school(request, item.school)
    allow_urgent = access.can_mark_urgent(request.user, item.school)
    form = ReplyForm(_data(request), allow_urgent=allow_urgent)
    if request.method == "POST" and form.is_valid():
        message = actions.do_reply(conversation=item, author=request.user,
                                         body=form.cleaned_data["body"],
                                         urgent=form.cleaned_data.get("urgent", False))
        _held_notice(request, message)
        return redirect("messaging:conversation", item.pk)
    thread = conversations.thread(item)
    # Each message in the reader's language: one translation batch per language written.
    display.translate_sources(request, [(message.language, message.body)
                                        for message in thread], school=item.school)
    actions.do_mark_thread_read(user=request.user, conversation=item)
    return render(request, "messaging/conversation.html", {
        "conversation": item, "pupil": item.pupil, "school": item.school,
        "thread": thread, "form": form, "is_family": viewer.is_family,
        "with_whom": [] if viewer.is_family else conversations.with_whom(item),
        "repliers": conversations.replier_hours(item, thread),
        "now": timezone.now(),
    })


@login_required
def inbox(request):
    """Where to start: families see their children, staff their unread conversations."""
    viewer = viewer_for(request.user)
    if viewer.is_family:
        # The children, each with how many messages from school about them are unread:
        # one query.
        pupils = visible_pupils(request.user).annotate(
            unread=selectors.unread_conversations_subquery(viewer.contact_ids)).order_by("pk")
        return render(request, "messaging/inbox.html", {"is_family": True, "pupils": pupils})
    if not access.can_read_staff_inbox(request.user):
        raise Http404
    return render(request, "messaging/inbox.html", {
        "is_family": False,
        "unread": conversations.unread_conversations_for_staff(request.user),
        "has_working_hours": access.can_set_working_hours(request.user)})


@login_required
def unread_badge(request):
    """The staff landing's unread count, fetched after the page loads (htmx) so the
    landing itself stays within its query budget."""
    if not access.can_read_staff_inbox(request.user):
        raise Http404
    return render(request, "messaging/_unread_badge.html", {
        "unread_count": conversations.unread_for_staff(request.user)})


# Working hours ---------------------------------------------------------------------------

@login_required
def working_hours(request):
    school = access.access_working_hours(request.user, request.GET.get("school"))
    schools = access.working_hours_schools(request.user)
    show_school(request, school)
    form = WorkingHoursForm(_data(request),
                            hours=quiet_hours.hours_for(request.user, school))
    if request.method == "POST" and form.is_valid():
        actions.do_set_working_hours(user=request.user, school=school,
                                         hours=form.cleaned_data["hours"],
                                         acting_user=request.user)
        messages.success(request, _("Your working hours have been saved."))
        return redirect(f"{request.path}?school={school.urn}")
    return render(request, "messaging/working_hours.html", {
        "form": form, "school": school, "schools": schools,
        "summary": quiet_hours.describe(quiet_hours.hours_for(request.user, school)),
    })


# A school's messaging settings -------------------------------------------------------------

@login_required
def school_settings(request, urn: str):
    """Texts for messages unread in the app, and the working hours of staff who have not
    set their own: the principal and office (and trust administrators) set them; the
    school's other staff get 403, everyone else 404."""
    school = access.access_school_settings(request.user, urn)
    request.bridgebook_school = school
    current = selectors.school_settings(school)
    form = MessagingSettingsForm(_data(request), hours=current.hours,
                                 fallback_hours=current.fallback_hours,
                                 household_conversations=current.household_conversations)
    if request.method == "POST" and form.is_valid():
        actions.do_set_school_messaging_settings(
            school=school, acting_user=request.user,
            fallback_sms_after_hours=form.cleaned_data["fallback_sms_after_hours"],
            hours=form.cleaned_data["hours"],
            household_conversations=form.cleaned_data["household_conversations"])
        messages.success(request, _("The messaging settings have been saved."))
        return redirect("messaging:school_settings", school.urn)
    return render(request, "messaging/school_settings.html", {
        "form": form, "school": school, "current": current,
        "summary": quiet_hours.describe(current.hours),
    })


# Book notifications ----------------------------------------------------------------------

@login_required
def notification_settings(request):
    contact_ids = access.family_contact_ids(request.user)
    # One choice for the person, kept on each of their contacts (one per school); the
    # form starts from their first contact's.
    form = BookNotificationForm(_data(request), initial={
        "book": notifications.book_preference(contact_ids[0])})
    if request.method == "POST" and form.is_valid():
        actions.do_set_book_preferences(contact_ids=contact_ids,
                                              book=form.cleaned_data["book"],
                                              acting_user=request.user)
        messages.success(request, _("Your choice has been saved."))
        return redirect("messaging:notification_settings")
    return render(request, "messaging/notification_settings.html", {"form": form})
