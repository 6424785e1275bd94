"""Lone working on home visits: alerting a colleague when the visiting staff have not
checked out, and a senior leader when nobody acknowledges.

``find_overdue_visits`` runs every few minutes (``manage.py check_home_visits``). A visit
checked in and not out whose expected end plus the school's alert minutes has passed alerts
its buddy; if the alert is still not acknowledged after the escalation minutes, it alerts
the senior leader (the school's chosen one, else its principal). Each step is claimed with
a conditional UPDATE (``alerted_at IS NULL``, ``escalated_at IS NULL``): whichever run wins
the claim sends, so two runs at once, or a run repeated, send nothing twice.

Each channel of a step (email, text) is claimed the same way just before it goes
(``alert_emailed_at``, ``alert_texted_at``, ``escalation_emailed_at``,
``escalation_texted_at``) and the claim is cleared again if sending raised: every run sends
what was claimed for a visit still overdue and not acknowledged but not stamped yet, so a
channel that failed is tried again on the next run, and none goes twice. One visit failing
never stops the others (logged with its traceback).

A court order wins here too: nobody kept from the pupil (their account is a restricted
contact's, or has its email address) is alerted or escalated to. The senior leader chosen
in the settings, if kept from the pupil, is passed over for the first principal who is not;
with nobody left the error is logged. A buddy kept from the pupil since the visit was
planned is not alerted, and the visit escalates at once.

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
from bridgebook.contact.selectors import may_be_named, principals
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, User
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
    """Alert for every visit overdue now, and send again each channel of an alert that has
    not gone yet; returns the alerts and escalations claimed now (nothing the second
    time)."""
    now = now or timezone.now()
    out = list(HomeVisit.objects.filter(checked_in_at__isnull=False,
                                        checked_out_at__isnull=True,
                                        cancelled_at__isnull=True,
                                        acknowledged_at__isnull=True,
                                        ends_at__lte=now)
               .select_related("school", "pupil", "buddy").order_by("ends_at", "pk"))
    rules = _rules({visit.school_id for visit in out})
    sent = []
    for visit in out:
        try:
            sent += _check(visit, rules[visit.school_id], now)
        except Exception:
            logger.exception("Checking home visit %s for lone-working alerts failed",
                             visit.pk)
    return sent


def _check(visit: HomeVisit, school_rules: ContactSettings, now) -> list[Sent]:
    sent = []
    buddy_allowed = may_be_named(visit.buddy, visit.school, visit.pupil)
    if visit.alerted_at is None:
        if now >= visit.ends_at + school_rules.alert_after:
            sent += _claim_alert(visit, now, buddy_allowed)
            if not buddy_allowed:
                sent += _claim_escalation(visit, school_rules, now)
    elif visit.escalated_at is None:
        if not buddy_allowed or now >= visit.alerted_at + school_rules.escalate_after:
            sent += _claim_escalation(visit, school_rules, now)
    _send_pending(visit, buddy_allowed)
    return sent


def _send_pending(visit: HomeVisit, buddy_allowed: bool) -> None:
    """Send again what an earlier run claimed and has not gone (a channel that failed).
    ``visit`` is as read before this run's claims, so what was claimed now is not here."""
    pending = []
    if (visit.alerted_at and buddy_allowed
            and not (visit.alert_emailed_at and visit.alert_texted_at)):
        pending.append((ALERT, visit.buddy_id))
    if (visit.escalated_at and visit.escalated_to_id
            and not (visit.escalation_emailed_at and visit.escalation_texted_at)):
        pending.append((ESCALATION, visit.escalated_to_id))
    for stage, user_id in pending:
        send_alert(visit.pk, stage, user_id)


def _claim_alert(visit: HomeVisit, now, buddy_allowed: bool = True) -> list[Sent]:
    with transaction.atomic():
        claimed = HomeVisit.objects.filter(pk=visit.pk, alerted_at__isnull=True,
                                           checked_out_at__isnull=True).update(alerted_at=now)
        if claimed != 1:
            return []
        audit.record(actor=None, action=AuditEvent.Action.UPDATE, obj=visit,
                     school=visit.school,
                     summary="Alerted the colleague: no check-out from a home visit")
        if not buddy_allowed:
            logger.error("Home visit %s is overdue and its colleague to alert (user %s) is "
                         "kept from the pupil by a court order: escalating instead",
                         visit.pk, visit.buddy_id)
            return []
        transaction.on_commit(lambda: send_alert(visit.pk, ALERT, visit.buddy_id),
                              robust=True)
    return [Sent(visit.pk, ALERT, visit.buddy_id)]


def senior_leader_for(visit: HomeVisit, rules: ContactSettings) -> User | None:
    """Whom an unacknowledged alert escalates to: the school's chosen senior leader, else
    (or when a court order keeps them from the pupil) the first principal who may know of
    the pupil; None when there is nobody."""
    # Nobody on the visit, nor the colleague who has not answered, hears of it instead.
    involved = visit.staff_ids | {visit.buddy_id}
    if rules.senior_leader_id and rules.senior_leader_id not in involved:
        chosen = User.objects.filter(pk=rules.senior_leader_id).first()
        if chosen is not None and may_be_named(chosen, visit.school, visit.pupil):
            return chosen
    heads = [head for head in principals(visit.school, visit.pupil) if head.pk not in involved]
    return heads[0] if heads else None


def _claim_escalation(visit: HomeVisit, rules: ContactSettings, now) -> list[Sent]:
    senior = senior_leader_for(visit, rules)
    if senior is None:
        logger.error("Home visit %s is overdue and %s has no senior leader or principal "
                     "(not kept from the pupil) to escalate to", visit.pk, visit.school)
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
        transaction.on_commit(lambda: send_alert(visit.pk, ESCALATION, senior.pk),
                              robust=True)
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


def _once(visit_id: int, stamp: str, send) -> bool:
    """Send through one channel at most once: claim its stamp with a conditional UPDATE,
    send, and clear the claim if sending raised (the next run tries again)."""
    now = timezone.now()
    if not HomeVisit.objects.filter(pk=visit_id, **{f"{stamp}__isnull": True}).update(
            **{stamp: now}):
        return False                  # sent already, or another run is sending it
    try:
        send()
    except Exception:
        HomeVisit.objects.filter(pk=visit_id, **{stamp: now}).update(**{stamp: None})
        logger.exception("Sending the lone-working %s for visit %s failed; the next run "
                         "tries again", stamp.removesuffix("_at").replace("_", " "),
                         visit_id)
        return False
    return True


def send_alert(visit_id: int, stage: str, user_id: int) -> None:
    """Email and text one person about one visit, each channel once. A failing channel is
    logged, does not stop the other, and is tried again on the next run (the alert is in
    the app whatever happens). Nothing goes once the visit is checked out or acknowledged,
    nor to someone a court order keeps from the pupil."""
    visit = HomeVisit.objects.select_related("school", "pupil", "lead", "second",
                                             "buddy").get(pk=visit_id)
    if visit.checked_out_at or visit.acknowledged_at or visit.cancelled_at:
        return
    user = User.objects.get(pk=user_id)
    if not may_be_named(user, visit.school, visit.pupil):
        logger.error("Not alerting user %s about home visit %s: a court order keeps them "
                     "from the pupil", user_id, visit_id)
        return
    subject, body = alert_text(visit, stage)
    prefix = "alert" if stage == ALERT else "escalation"
    if user.email:
        _once(visit_id, f"{prefix}_emailed_at",
              lambda: send_mail(subject, body, None, [user.email]))
    phone = StaffPhone.objects.filter(user_id=user_id).first()
    if phone is not None and phone.mobile:
        _once(visit_id, f"{prefix}_texted_at",
              lambda: backend_for(visit.school.urn, "sms").send(
                  to=phone.mobile, body=clean_for_sms(body),
                  reference=f"visit-{visit.pk}-{stage}"))
