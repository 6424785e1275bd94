"""Run every minute or so (cron, systemd timer): enqueue due retries and rows whose worker
died, and fail rows whose workers died on every attempt. Safe to run twice at once."""

from django.core.management.base import BaseCommand

from bridgebook.messaging import delivery


class Command(BaseCommand):
    help = "Enqueue deliveries that are due (retries, lost tasks, rows left by a dead worker)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=5000,
                            help="Most deliveries to enqueue in one run (default 5000).")

    def handle(self, *args, limit, **options):
        given_up = delivery.give_up_stuck()
        enqueued = delivery.enqueue_due(limit=limit)
        self.stdout.write(f"Enqueued {enqueued} deliveries; gave up on {given_up}.")
