"""Run once a day (cron, systemd timer), for example at 03:30: deletes every conduct
incident whose school's retention period has run out, counted from the day it was closed
(an open one: from the last day anything was written to it, or its latest review or action
date if later). Each deletion is in the audit log, saying nothing of what the incident held.
Safe to run twice, even at once (``conduct.actions.do_delete_expired``)."""

from django.core.management.base import BaseCommand

from bridgebook.conduct.actions import do_delete_expired


class Command(BaseCommand):
    help = "Delete conduct incidents kept longer than their school's retention period."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {do_delete_expired()} conduct incident(s) past their "
                          "retention period.")
