from django.core.management.base import BaseCommand

from bridgebook.imports import uploads


class Command(BaseCommand):
    help = "Delete uploaded import files that were never imported, after a day."

    def handle(self, *args, **options):
        removed = uploads.prune()
        self.stdout.write(f"Removed {removed} old upload(s).")
