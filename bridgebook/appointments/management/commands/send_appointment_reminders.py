"""Run every hour (cron, systemd timer): each family with a meeting tomorrow is reminded
once, by their own channels and in their language; what could not be sent when it happened
(a member of staff's email, a family's messages) is sent now; meetings that ended a day ago
count as contact with the family. A second run sends nothing again."""

import logging

from django.core.management.base import BaseCommand, CommandError

from bridgebook.appointments import booking
from bridgebook.appointments.reminders import resend_missed, send_reminders

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Remind families of tomorrow's meetings, once each; send what was missed; count "
            "the meetings held as contact.")

    def handle(self, *args, **options):
        failed = False
        # Each part on its own: one failing does not stop the others.
        for part in (self._remind, self._resend, self._count):
            try:
                part()
            except Exception:
                logger.exception("send_appointment_reminders: %s failed", part.__name__)
                failed = True
        if failed:
            raise CommandError("Part of the appointment reminders job failed (logged).")

    def _remind(self):
        self.stdout.write(f"Sent {send_reminders()} appointment reminders.")

    def _resend(self):
        resent = resend_missed()
        if resent.staff_emails or resent.family_notices:
            self.stdout.write(f"Sent again: {resent.staff_emails} staff emails, "
                              f"{resent.family_notices} family notices.")

    def _count(self):
        booking.count_held_meetings()
