"""Run every hour (cron, systemd timer): each family with a meeting tomorrow is reminded
once, by their own channels and in their language; meetings that have ended count as
contact with the family. A second run sends nothing again."""

from django.core.management.base import BaseCommand

from bridgebook.appointments import booking
from bridgebook.appointments.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind families of tomorrow's meetings, once each."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_reminders()} appointment reminders.")
        booking.count_held_meetings()
