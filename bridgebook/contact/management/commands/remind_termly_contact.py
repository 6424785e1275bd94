"""Run once a day (cron, systemd timer), for example at 07:45: in the weeks before a term
ends (three unless the school chose otherwise), each class teacher gets one email listing
their class's families not reached yet this term. Once a term per teacher and class,
however often it runs (``contact.reminders``)."""

from django.core.management.base import BaseCommand

from bridgebook.contact.reminders import send_term_reminders


class Command(BaseCommand):
    help = "Remind class teachers of the families not reached this term, as the term ends."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_term_reminders()} termly contact reminders.")
