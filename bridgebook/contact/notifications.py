"""Sharing the advice written after a home visit with the family visited.

Each contact of the visited household entitled to the pupil hears (never a restricted
contact: ``messaging.recipients.resolve``; never a parent in another household, whose home
was not visited), each in their own language: the advice staff wrote is machine translated
and marked as such, as targets' messages are, and the link opens the advice page where the
original is one tap away (``{% translated %}``). The visit's id is the messages'
``source_id``, so the advice is shared once however often it is asked.

And telling a member of staff, by email, of a follow-up someone gave them (in English, as
staff read Bridgebook).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bridgebook.contact.models import VISIT_ADVICE, FollowUp, HomeVisit
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import Message
from bridgebook.messaging.recipients import resolve
from bridgebook.translation.services import marked_for

logger = logging.getLogger(__name__)


def share_advice(visit_id: int) -> list[int]:
    """Write each household contact's message with the visit's advice; returns their ids
    (none the second time)."""
    visit = (HomeVisit.objects.select_related("pupil", "pupil__school", "lead")
             .get(pk=visit_id))
    if not visit.advice or visit.household_id is None:
        return []
    pupil = visit.pupil
    url = settings.BRIDGEBOOK_BASE_URL + reverse("contact:advice", args=[visit.pk])
    words: dict[str, str] = {}
    drafts = []
    for recipient in resolve([pupil]):
        contact = recipient.contact
        if contact.household_id != visit.household_id:
            continue
        language = contact.language or "en"
        if language not in words:
            words[language] = marked_for([visit.advice], target=language,
                                         school=pupil.school)[0]
        with translation.override(language):
            day = date_format(timezone.localtime(visit.starts_at, pupil.school.tz), "j F Y")
            subject = _("Advice from %(name)s’s home visit") % {"name": pupil.first_name}
            body = "\n".join([
                _("%(staff)s visited you on %(day)s. Their advice:")
                % {"staff": visit.lead.full_name, "day": day},
                words[language],
                _("Read it here: %(url)s") % {"url": url},
            ])
        drafts.append(Draft(contact=contact, subject=subject, body=body, pupils=[pupil]))
    if not drafts:
        return []
    return create_messages(school=pupil.school, kind=VISIT_ADVICE, drafts=drafts,
                           source_id=visit.pk)


def tell_follow_up_owner(follow_up_id: int) -> bool:
    """Email the owner of a follow-up that someone gave them, with a link to their open
    follow-ups (the school's termly contact page). A failure is logged: the follow-up is
    on that page whatever happens. True when the email went."""
    follow_up = (FollowUp.objects.select_related("owner", "record", "record__staff",
                                                 "record__pupil", "record__school")
                 .get(pk=follow_up_id))
    owner, record = follow_up.owner, follow_up.record
    if not owner.email or not owner.is_active or follow_up.done_at:
        return False
    link = settings.BRIDGEBOOK_BASE_URL + reverse("contact:school", args=[record.school.urn])
    body = "\n".join([
        f"Dear {owner.full_name},", "",
        f"{record.staff.full_name} gave you a follow-up after contact with the family of "
        f"{record.pupil.display_name}:", "",
        follow_up.what, "",
        f"Due by {follow_up.due_on:%-d %B %Y}. Mark it done on your termly contact page:",
        link])
    try:
        send_mail(f"Follow-up for you, due {follow_up.due_on:%-d %B}", body, None,
                  [owner.email])
    except Exception:
        logger.exception("Emailing the owner of follow-up %s failed", follow_up_id)
        return False
    return True


def share_unshared_advice(*, days: int = 2) -> int:
    """Share the advice of visits written up in the last ``days`` that reached nobody yet
    (the sharing after the write-up failed: a translation service down, say); each
    family member still gets it once. Returns how many visits were shared."""
    since = timezone.now() - datetime.timedelta(days=days)
    told = Message.objects.filter(kind=VISIT_ADVICE).values("source_id")
    waiting = (HomeVisit.objects.filter(written_up_at__gte=since, cancelled_at__isnull=True)
               .exclude(advice="").exclude(pk__in=told).values_list("pk", flat=True))
    shared = 0
    for visit_id in waiting:
        try:
            if share_advice(visit_id):
                shared += 1
        except Exception:
            logger.exception("Advice after home visit %s not shared; tried again next run",
                             visit_id)
    return shared
