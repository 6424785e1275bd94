"""Run once a day (cron, systemd timer), for example at 07:30 on school days: each concern
not acknowledged by the end of the school day it was due is flagged to the school's senior
leaders and principal, by email. Once per concern however often it runs
(``concerns.actions.flag_overdue`` claims each with a conditional UPDATE first); a concern
whose email failed is tried again on the next run."""

from django.core.management.base import BaseCommand

from bridgebook.concerns.actions import flag_overdue


class Command(BaseCommand):
    help = "Tell the school's leaders of concerns not acknowledged in time."

    def handle(self, *args, **options):
        self.stdout.write(f"Concerns not acknowledged in time, leaders told: {flag_overdue()}")
