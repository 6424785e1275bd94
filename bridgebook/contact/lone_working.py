"""Lone working on home visits: alerting a colleague when the visiting staff have not
checked out, and a senior leader when nobody acknowledges.

``find_overdue_visits`` runs every few minutes (``manage.py check_home_visits``). A visit
checked in and not out whose expected end plus the school's alert minutes has passed alerts
its buddy; if the alert is still not acknowledged after the escalation minutes, it alerts
the senior leader (the school's chosen one, else its principal). Each step is claimed with
a conditional UPDATE (``alerted_at IS NULL``, ``escalated_at IS NULL``): whichever run wins
the claim sends, so two runs at once, or a run repeated, send nothing twice.

An alert is in the app (the landing page's banner and the Overdue visits page), by email,
and by text where the colleague has given a mobile number (``StaffPhone``), through the
school's SMS backend as messaging sends texts. It names the address and the expected end
time, and not the pupil (a text can be read over a shoulder).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bridgebook.contact.models import ContactSettings, HomeVisit, StaffPhone
from bridgebook.contact.selectors import principals
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, User
from bridgebook.messaging.backends.base import DeliveryError
from bridgebook.messaging.backends.config import backend_for
from bridgebook.messaging.sms import clean_for_sms

logger = logging.getLogger(__name__)

ALERT = "alert"
ESCALATION = "escalation"


@dataclass(frozen=True)
class Sent:
    visit_id: int
    stage: str
    user_id: int


def _rules(school_ids) -> dict[int, ContactSettings]:
    found = {rules.school_id: rules for rules in
             ContactSettings.objects.filter(school_id__in=school_ids)}
    return {school_id: found.get(school_id) or ContactSettings(school_id=school_id)
            for school_id in school_ids}


def find_overdue_visits(now=None) -> list[Sent]:
    """Alert for every visit overdue now; returns what was sent (nothing the second
    time)."""
    now = now or timezone.now()
    out = list(HomeVisit.objects.filter(checked_in_at__isnull=False,
                                        checked_out_at__isnull=True,
                                        cancelled_at__isnull=True,
                                        acknowledged_at__isnull=True,
                                        ends_at__lte=now)
               .select_related("school").order_by("ends_at", "pk"))
    rules = _rules({visit.school_id for visit in out})
    sent = []
    for visit in out:
        school_rules = rules[visit.school_id]
        if visit.alerted_at is None:
            if now >= visit.ends_at + school_rules.alert_after:
                sent += _claim_alert(visit, now)
        elif visit.escalated_at is None:
            if now >= visit.alerted_at + school_rules.escalate_after:
                sent += _claim_escalation(visit, school_rules, now)
    return sent


def _claim_alert(visit: HomeVisit, now) -> list[Sent]:
    with transaction.atomic():
        claimed = HomeVisit.objects.filter(pk=visit.pk, alerted_at__isnull=True,
                                           checked_out_at__isnull=True).update(alerted_at=now)
        if claimed != 1:
            return []
        audit.record(actor=None, action=AuditEvent.Action.UPDATE, obj=visit,
                     school=visit.school,
                     summary="Alerted the colleague: no check-out from a home visit")
        transaction.on_commit(lambda: send_alert(visit.pk, ALERT, visit.buddy_id))
    return [Sent(visit.pk, ALERT, visit.buddy_id)]


def senior_leader_for(visit: HomeVisit, rules: ContactSettings) -> User | None:
    if rules.senior_leader_id:
        return User.objects.get(pk=rules.senior_leader_id)
    heads = principals(visit.school)
    return heads[0] if heads else None


def _claim_escalation(visit: HomeVisit, rules: ContactSettings, now) -> list[Sent]:
    senior = senior_leader_for(visit, rules)
    if senior is None:
        logger.error("Home visit %s is overdue and %s has no senior leader or principal to "
                     "escalate to", visit.pk, visit.school)
        return []
    with transaction.atomic():
        claimed = HomeVisit.objects.filter(pk=visit.pk, escalated_at__isnull=True,
                                           acknowledged_at__isnull=True,
                                           checked_out_at__isnull=True).update(
            escalated_at=now, escalated_to=senior)
        if claimed != 1:
            return []
        audit.record(actor=None, action=AuditEvent.Action.UPDATE, obj=visit,
                     school=visit.school,
                     summary=f"Escalated an unacknowledged lone-working alert to "
                             f"{senior.full_name}")
        transaction.on_commit(lambda: send_alert(visit.pk, ESCALATION, senior.pk))
    return [Sent(visit.pk, ESCALATION, senior.pk)]


def alert_text(visit: HomeVisit, stage: str) -> tuple[str, str]:
    """(subject, body) of an alert, in English (staff read Bridgebook in English)."""
    ends = timezone.localtime(visit.ends_at, visit.school.tz)
    who = visit.lead.full_name + (f" and {visit.second.full_name}" if visit.second else "")
    when = f"{date_format(ends, 'H:i')} on {date_format(ends, 'l j F')}"
    link = settings.BRIDGEBOOK_BASE_URL + reverse("contact:overdue")
    if stage == ALERT:
        subject = f"Lone working: {visit.lead.full_name} has not checked out"
        first = (f"{who} expected to leave a home visit at {visit.address} by {when} and "
                 "has not checked out.")
    else:
        subject = f"ESCALATED lone working: {visit.lead.full_name} has not checked out"
        first = (f"{who} expected to leave a home visit at {visit.address} by {when}, has "
                 f"not checked out, and {visit.buddy.full_name}'s alert is not "
                 "acknowledged.")
    body = " ".join([first, "Try to reach them now; if you cannot, follow the school's "
                            "lone working procedure.", f"Acknowledge: {link}"])
    return subject, body


def send_alert(visit_id: int, stage: str, user_id: int) -> None:
    """Email and text one person about one visit. A failing channel is logged and does not
    stop the other (the alert is in the app whatever happens)."""
    visit = HomeVisit.objects.select_related("school", "lead", "second", "buddy").get(
        pk=visit_id)
    user = User.objects.get(pk=user_id)
    subject, body = alert_text(visit, stage)
    if user.email:
        try:
            send_mail(subject, body, None, [user.email])
        except OSError:
            logger.exception("Emailing the lone-working alert for visit %s failed", visit_id)
    phone = StaffPhone.objects.filter(user_id=user_id).first()
    if phone is not None and phone.mobile:
        try:
            backend_for(visit.school.urn, "sms").send(
                to=phone.mobile, body=clean_for_sms(body),
                reference=f"visit-{visit.pk}-{stage}")
        except DeliveryError as error:
            logger.error("Texting the lone-working alert for visit %s failed: %s", visit_id,
                         error)
