"""Run every few minutes (cron, systemd timer), for example every 5: alerts the colleague
named for each home visit whose staff have not checked out by the expected end plus the
school's alert minutes, and escalates to the senior leader an alert nobody acknowledged.
Each alert is sent once, however often this runs (``contact.lone_working``). It also
shares the advice of a visit written up lately whose sharing failed."""

from django.core.management.base import BaseCommand

from bridgebook.contact.lone_working import ALERT, find_overdue_visits
from bridgebook.contact.notifications import share_unshared_advice


class Command(BaseCommand):
    help = "Alert colleagues about home visits whose staff have not checked out."

    def handle(self, *args, **options):
        sent = find_overdue_visits()
        alerts = sum(1 for item in sent if item.stage == ALERT)
        self.stdout.write(f"Overdue home visits: {alerts} alerted, "
                          f"{len(sent) - alerts} escalated.")
        for item in sent:
            self.stdout.write(f"  visit {item.visit_id}: {item.stage} to user {item.user_id}")
        shared = share_unshared_advice()
        if shared:
            self.stdout.write(f"Advice shared again after a failure: {shared} visits.")
