"""Import pupils arriving from another school in a DfE Common Transfer File.

    manage.py import_ctf FILE.xml --school URN [--dry-run] [--format text|json] [--user EMAIL]

The file is parsed safely and streamed (see ``bridgebook.imports.ctf``). Only the pupils in
the file are touched: a CTF for one joining pupil does not report the school's other pupils
as missing. Exit status: 0 imported (or a clean dry run), 1 the file was refused and nothing
was imported, 2 a wrong school, user or path.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from bridgebook.imports.actions import do_import, record_refusal
from bridgebook.imports.ctf import read_ctf
from bridgebook.imports.management.commands._report import (
    USAGE_ERROR,
    add_common_arguments,
    report,
    school_and_user,
)
from bridgebook.imports.records import FileRefused


class Command(BaseCommand):
    help = "Import pupils and their contacts from a DfE Common Transfer File (XML)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CTF XML file.")
        add_common_arguments(parser)

    def handle(self, *args, **options):
        school, user = school_and_user(options)
        path = options["file"]
        filename = os.path.basename(path)
        try:
            with open(path, "rb") as handle:
                parsed = read_ctf(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.",
                               returncode=USAGE_ERROR) from None
        except FileRefused as refused:
            run = record_refusal(school=school, kind="ctf", problems=[refused.problem],
                                 acting_user=user, filename=filename,
                                 dry_run=options["dry_run"])
            return report(self, run, options)
        run = do_import(school=school, parsed=parsed, acting_user=user, filename=filename,
                        dry_run=options["dry_run"], whole_school=False)
        return report(self, run, options)
