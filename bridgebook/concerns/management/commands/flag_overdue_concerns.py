"""Run once a day (cron, systemd timer), for example at 07:40 on school days.

First, each concern whose staff could not be emailed when it was raised (the mail server
was down) is sent to them now (``concerns.actions.tell_staff_missed``). Then each concern
not acknowledged by the end of the school day it was due is flagged to the school's senior
leaders and principal, by email (``concerns.actions.flag_overdue``). Each email goes once per
concern however often it runs: each concern is claimed with a conditional UPDATE first, and
one whose email failed is tried again on the next run."""

import logging

from django.core.management.base import BaseCommand, CommandError

from bridgebook.concerns.actions import flag_overdue, tell_staff_missed

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Email staff the concerns they could not be told of; tell the school's leaders of "
            "concerns not acknowledged in time.")

    def handle(self, *args, **options):
        failed = False
        # Each part on its own: one failing does not stop the other.
        for part in (self._tell_staff, self._flag):
            try:
                part()
            except Exception:
                logger.exception("flag_overdue_concerns: %s failed", part.__name__)
                failed = True
        if failed:
            raise CommandError("Part of the concerns job failed (logged).")

    def _tell_staff(self):
        self.stdout.write(f"Concerns staff were not told of, sent now: {tell_staff_missed()}")

    def _flag(self):
        self.stdout.write(f"Concerns not acknowledged in time, leaders told: {flag_overdue()}")
