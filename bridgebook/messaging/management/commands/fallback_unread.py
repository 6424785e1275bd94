"""Run every few minutes: a message still unread in the app after the school's set time
(its Messaging settings page, else the deployment's FALLBACK_SMS_AFTER_MINUTES) goes by
text message. Idempotent."""

from django.core.management.base import BaseCommand

from bridgebook.messaging import delivery


class Command(BaseCommand):
    help = "Queue a text message for app messages left unread past the school's set time."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=None,
                            help="Unread this many minutes, for every school that has not "
                                 "turned these texts off (default: each school's own "
                                 "setting, else FALLBACK_SMS_AFTER_MINUTES; schools with "
                                 "neither are skipped).")

    def handle(self, *args, minutes, **options):
        created = delivery.fall_back_unread(minutes=minutes)
        self.stdout.write(f"Queued {created} text messages for unread messages.")
