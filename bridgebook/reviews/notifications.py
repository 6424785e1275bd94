"""Telling everyone invited about a review.

A family hears in the app and by their own channels, each parent their own message in
their own language (``messaging.create_messages``): the invitation, a change of meeting,
the papers and the report. Only contacts invited and entitled now (a restricted contact
never is: ``messaging.recipients.resolve``) are written to, and each message is read only
while they stay entitled (``Draft.pupils``). Each ``ReviewNotice`` is told once: its id is
the messages' ``source_id``.

Professionals outside the school (the local authority's SEN officer, health, social care)
and school staff invited get an email with the papers attached, sent by a background task
that stamps each sending before it goes, so nobody gets the same email twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.recipients import resolve
from bridgebook.people.codes import language_name_here
from bridgebook.reviews.models import REVIEW_NOTICE, Invitee, Review, ReviewNotice

What = ReviewNotice.What


def when(review: Review) -> str:
    """The meeting's day and time, in the active language."""
    moment = timezone.localtime(review.meets_at, review.pupil.school.tz)
    return _("%(day)s at %(time)s") % {"day": date_format(moment, "l j F Y"),
                                       "time": date_format(moment, "H:i")}


def where(review: Review) -> str:
    if review.place and review.video_link:
        return _("%(place)s, or by video") % {"place": review.place}
    if review.video_link:
        return _("by video")
    return review.place


def interpreter_line(review: Review) -> str:
    if not review.interpreter_language:
        return ""
    return _("An interpreter for %(language)s will be there.") % {
        "language": language_name_here(review.interpreter_language)}


def family_message(review: Review, what: str, url: str) -> tuple[str, str]:
    """(subject, body) of what a parent is told, in the active language."""
    name = review.pupil.first_name
    if what == What.INVITATION:
        subject = _("Invitation to %(name)s’s annual review") % {"name": name}
        lines = [_("You are invited to %(name)s’s annual review, on %(when)s.")
                 % {"name": name, "when": when(review)}, where(review),
                 interpreter_line(review),
                 _("If the time does not suit you, tell us which times would. You can also "
                   "tell us what you and %(name)s think before the meeting.") % {"name": name}]
    elif what == What.CHANGED:
        subject = _("%(name)s’s annual review has changed") % {"name": name}
        lines = [_("The meeting is now on %(when)s.") % {"when": when(review)},
                 where(review), interpreter_line(review),
                 _("Tell us if the new time does not suit you.")]
    elif what == What.CANCELLED:
        subject = _("%(name)s’s annual review is cancelled") % {"name": name}
        lines = [_("The meeting on %(when)s will not happen. The school will arrange a new "
                   "time with you.") % {"when": when(review)}]
    elif what == What.PACK:
        subject = _("The papers for %(name)s’s annual review") % {"name": name}
        lines = [_("The papers for the meeting on %(when)s are ready to read. Read them "
                   "before the meeting, and ask us if anything is not clear.")
                 % {"when": when(review)}]
    else:
        subject = _("The report of %(name)s’s annual review") % {"name": name}
        lines = [_("The report of the meeting is ready. The local authority will now "
                   "decide whether to keep, change or end the plan.")]
    lines.append(_("See it here: %(url)s") % {"url": url})
    return subject, "\n".join(line for line in lines if line)


def tell_family(notice: ReviewNotice) -> list[int]:
    """Write each invited parent's message about ``notice``; returns their ids (none the
    second time)."""
    review = Review.objects.select_related("pupil", "pupil__school").get(pk=notice.review_id)
    pupil = review.pupil
    invited = set(Invitee.objects.filter(review=review, kind=Invitee.Kind.FAMILY)
                  .values_list("contact_id", flat=True))
    url = settings.BRIDGEBOOK_BASE_URL + reverse("reviews:review", args=[review.pk])
    drafts = []
    for recipient in resolve([pupil]):
        contact = recipient.contact
        if contact.pk not in invited:
            continue
        with translation.override(contact.language or "en"):
            subject, body = family_message(review, notice.what, url)
        drafts.append(Draft(contact=contact, subject=subject, body=body, pupils=[pupil]))
    if not drafts:
        return []
    return create_messages(school=pupil.school, kind=REVIEW_NOTICE, drafts=drafts,
                           source_id=notice.pk)


# Email to professionals ------------------------------------------------------------------

STAMPS = {What.INVITATION: "invited_at", What.PACK: "pack_sent_at",
          What.REPORT: "report_sent_at", What.CANCELLED: "cancelled_sent_at"}


def catch_up(review: Review) -> None:
    """Tell everyone invited what they have not been told yet (someone invited late hears
    of the meeting as it is now, then of the papers and the report if they have gone):
    each notice reaches a parent once, each email a professional once."""
    for notice in review.notices.exclude(what=What.CHANGED).order_by("pk"):
        tell_family(notice)
    for what in due_emails(review):
        email_professionals(review, what)


def due_emails(review: Review) -> list[str]:
    """What everyone outside the family invited to ``review`` should have had by now."""
    if review.stage == Review.Stage.CANCELLED:
        return [What.CANCELLED] if review.invitations_sent_at else []
    whats = [What.INVITATION] if review.invitations_sent_at else []
    if review.pack_circulated_at:
        whats.append(What.PACK)
    if review.report_sent_at:
        whats.append(What.REPORT)
    return whats


def resend_unsent() -> int:
    """Queue again each email to a professional that has not gone (its sending failed):
    run by the daily ``send_review_reminders``. Returns how many reviews were looked at."""
    reviews = Review.objects.filter(invitations_sent_at__isnull=False).exclude(
        stage=Review.Stage.FINISHED)
    for review in reviews:
        for what in due_emails(review):
            email_professionals(review, what)
    return reviews.count()


def email_professionals(review: Review, what: str) -> None:
    """Queue the email about ``what`` to each invitee outside the family with an address
    who has not had it, after the current transaction commits."""
    from bridgebook.reviews import tasks

    stamp = STAMPS[what]
    ids = list(Invitee.objects.filter(review=review, **{f"{stamp}__isnull": True})
               .exclude(kind__in=[Invitee.Kind.FAMILY, Invitee.Kind.PUPIL]).exclude(email="")
               .values_list("pk", flat=True))
    for invitee_id in ids:
        transaction.on_commit(lambda pk=invitee_id: tasks.email_invitee.enqueue(
            invitee_id=pk, what=what))


def chase_local_authority(review: Review) -> bool:
    from bridgebook.reviews import tasks

    record = getattr(review.pupil, "ehcp_record", None)
    authority = record.local_authority if record else None
    if authority is None or not authority.contact_email:
        return False
    transaction.on_commit(lambda: tasks.chase_decision.enqueue(review_id=review.pk))
    return True
