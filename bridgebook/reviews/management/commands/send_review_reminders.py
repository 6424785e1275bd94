"""Run once a day (cron, systemd timer), for example at 07:30: each SENCO and principal gets
one email per school listing the annual reviews that are late or coming up, and any email
to a professional whose sending failed is queued again. A second run the same day sends
nothing again."""

from django.core.management.base import BaseCommand

from bridgebook.reviews.notifications import resend_unsent
from bridgebook.reviews.reminders import send_reminders


class Command(BaseCommand):
    help = "Email those who run annual reviews what is late or coming up today."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_reminders()} review reminders.")
        resend_unsent()
