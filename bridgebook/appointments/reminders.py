"""Tomorrow's meetings: the family is reminded the day before, by their own channels.

``manage.py send_appointment_reminders`` runs every hour: each booked meeting that starts
tomorrow (the school's local date) gets ``booking.remind``, which writes its reminder
notice once for each version of the meeting (a moved meeting is reminded of again), so a
second run, or the next hour's, sends nothing more. Meetings that ended a day ago are
counted as contact with the family (``booking.count_held_meetings``) by the same job, and
what could not be sent when it happened is sent now (``resend_missed``).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from bridgebook.appointments import booking
from bridgebook.appointments.models import APPOINTMENT_NOTICE, Appointment, AppointmentNotice
from bridgebook.messaging.models import Message

logger = logging.getLogger(__name__)
What = AppointmentNotice.What
Status = Appointment.Status

# A notice younger than this is still being told by its own task; older than LOOK_BACK it
# is no news any more.
SETTLE = datetime.timedelta(minutes=10)
LOOK_BACK = datetime.timedelta(days=2)


def due_tomorrow(now: datetime.datetime | None = None) -> list[Appointment]:
    """Booked meetings that start tomorrow where their school is: one query."""
    now = now or timezone.now()
    # Tomorrow anywhere is within the next three days, whatever the school's time zone.
    candidates = (Appointment.objects.filter(status=Appointment.Status.BOOKED,
                                             starts_at__gt=now,
                                             starts_at__lt=now + datetime.timedelta(days=3))
                  .select_related("school").order_by("starts_at", "pk"))
    due = []
    for appointment in candidates:
        tz = appointment.school.tz
        tomorrow = now.astimezone(tz).date() + datetime.timedelta(days=1)
        if timezone.localtime(appointment.starts_at, tz).date() == tomorrow:
            due.append(appointment)
    return due


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind each family of tomorrow's meetings; returns how many reminders were new. One
    meeting failing does not stop the others."""
    count = 0
    for appointment in due_tomorrow(now):
        try:
            count += booking.remind(appointment) is not None
        except Exception:
            logger.exception("Reminding of appointment %s failed", appointment.pk)
    return count


@dataclass(frozen=True)
class Resent:
    staff_emails: int           # queued again (each sends once, whoever gets there first)
    family_notices: int         # notices whose family messages were written now


def missed(now: datetime.datetime | None = None):
    """(notices whose staff email was not sent, notices whose family messages were not
    written): of the last two days, a few minutes old, and still the meeting's news (its
    version now: a booking since moved is told as the move, not again as a booking)."""
    now = now or timezone.now()
    recent = AppointmentNotice.objects.filter(
        created_at__lte=now - SETTLE, created_at__gt=now - LOOK_BACK,
        sequence=F("appointment__sequence"))
    staff = (recent.filter(staff_emailed_at__isnull=True)
             .exclude(what=What.REMINDER).order_by("pk"))
    still_news = (Q(what=What.CANCELLED, appointment__status=Status.CANCELLED)
                  | (~Q(what=What.CANCELLED) & Q(appointment__status=Status.BOOKED,
                                                 appointment__starts_at__gt=now)))
    family = (recent.filter(still_news)
              .exclude(Exists(Message.objects.filter(kind=APPOINTMENT_NOTICE,
                                                     source_id=OuterRef("pk"))))
              .order_by("pk"))
    return staff, family


def resend_missed(now: datetime.datetime | None = None) -> Resent:
    """Send what was missed when it happened (the mail server was down, writing the
    family's messages failed): each member of staff's email once (``email_staff`` claims
    the notice first), each family's messages once (``create_messages`` skips who already
    has one). One failure does not stop the rest."""
    from bridgebook.appointments import notifications

    staff, family = missed(now)
    emailed = told = 0
    for notice_id in list(staff.values_list("pk", flat=True)):
        try:
            notifications.email_staff.enqueue(notice_id=notice_id)
        except Exception:
            logger.exception("Re-sending the staff email for appointment notice %s failed",
                             notice_id)
            continue
        emailed += 1
    for notice_id in list(family.values_list("pk", flat=True)):
        try:
            told += bool(notifications.tell_family(notifications._notice(notice_id)))
        except Exception:
            logger.exception("Telling the family about appointment notice %s failed",
                             notice_id)
    return Resent(staff_emails=emailed, family_notices=told)
