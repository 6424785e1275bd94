"""Run once a day (cron, systemd timer), for example at 17:30: each family member who chose
the daily digest gets one message naming each child with new entries in the home-school
book. Idempotent: a second run the same day sends nothing again."""

from django.core.management.base import BaseCommand

from bridgebook.diary import notifications


class Command(BaseCommand):
    help = "Send the home-school book daily digest to families who chose it."

    def handle(self, *args, **options):
        created = notifications.send_book_digests()
        self.stdout.write(f"Sent {created} book digests.")
