"""Load the demo trust (Mapledown and Oakleigh schools), or grow it for benchmarks.

    manage.py seed_demo                          the demo: 2 schools, 45 pupils, every role
    manage.py seed_demo --pupils 2000 --schools 20   benchmark scale

Idempotent: only what is missing is created, and the demo sign-ins are printed each time.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bridgebook.core import demo
from bridgebook.people.demo import sign_in_summary


class Command(BaseCommand):
    help = "Load the demo trust, its staff, pupils and families (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pupils", type=int, default=0,
            help="Total pupils wanted in the trust; generated classes of eight make up the "
                 "difference (for benchmarks).")
        parser.add_argument(
            "--schools", type=int, default=2,
            help="Schools in the trust (at least 2: Mapledown and Oakleigh).")
        parser.add_argument(
            "--quiet", action="store_true", help="Do not print the demo sign-ins.")
        parser.add_argument(
            "--allow-production", action="store_true",
            help="Seed even in production mode (every demo account shares one known password).")

    def handle(self, *args, pupils, schools, quiet, allow_production, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError(
                "Refusing to load demo accounts with a published password in production mode "
                "(BRIDGEBOOK_PRODUCTION=true). Use --allow-production if you really mean it.")
        if pupils < 0:
            raise CommandError("--pupils cannot be negative.")
        if schools < 2:
            raise CommandError("--schools must be at least 2.")

        started = time.monotonic()
        result = demo.seed(pupils=pupils, schools=schools)
        took = time.monotonic() - started
        if result.created_anything:
            made = ", ".join(f"{count} {what}" for what, count in result.created.items()
                             if count)
            self.stdout.write(self.style.SUCCESS(f"Demo trust loaded in {took:.1f}s: {made}."))
        else:
            self.stdout.write("The demo trust is already loaded; nothing to add.")
        if not quiet:
            self.stdout.write("")
            self.stdout.write(sign_in_summary(settings.BRIDGEBOOK_BASE_URL))
