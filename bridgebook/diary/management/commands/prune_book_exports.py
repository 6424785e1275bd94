from django.core.management.base import BaseCommand

from bridgebook.diary import actions


class Command(BaseCommand):
    help = "Delete PDFs of the home-school book asked for more than a day ago."

    def handle(self, *args, **options):
        removed = actions.do_prune_book_exports()
        self.stdout.write(f"Removed {removed} old book PDF(s).")
