"""Tomorrow's meetings: the family is reminded the day before, by their own channels.

``manage.py send_appointment_reminders`` runs every hour: each booked meeting that starts
tomorrow (the school's local date) gets ``booking.remind``, which writes its reminder
notice once for each version of the meeting (a moved meeting is reminded of again), so a
second run, or the next hour's, sends nothing more. Meetings that ended are counted as
contact with the family (``booking.count_held_meetings``) by the same job.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from bridgebook.appointments import booking
from bridgebook.appointments.models import Appointment


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
    """Remind each family of tomorrow's meetings; returns how many reminders were new."""
    return sum(booking.remind(appointment) is not None for appointment in due_tomorrow(now))
