"""Import pupils and contacts from MIS CSV exports.

    manage.py import_csv PUPILS.csv --school URN [--contacts CONTACTS.csv]
    manage.py import_csv CONTACTS.csv --kind contacts --school URN
    manage.py import_csv PUPILS_AND_CONTACTS.csv --kind combined --school URN
    options: [--dry-run] [--format text|json] [--user EMAIL] [--partial]

FILE is a pupils export unless ``--kind contacts`` says it is a contacts export, or
``--kind combined`` an export of pupils and their contacts together, a row per contact with
the pupil's columns repeated (as SIMS' and Arbor's contact reports give them).
``--contacts`` adds a contacts export to a pupils export; both are imported together, all
or nothing, so contacts can be linked to pupils who are new in the same import. The
school's saved column mapping (from the import screen) is used when it has one; otherwise
columns are recognised by the usual MIS header names.

A pupils (or combined) file is taken to list the whole school: pupils it leaves out are
reported as no longer present (never deleted). ``--partial`` says it lists only some pupils.

Exit status: 0 imported (or a clean dry run), 1 the file was refused and nothing was
imported, 2 a wrong school, user or path.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from bridgebook.imports import csv_reader
from bridgebook.imports.actions import do_import, record_refusal
from bridgebook.imports.management.commands._report import (
    USAGE_ERROR,
    add_common_arguments,
    read_bytes,
    report,
    school_and_user,
)
from bridgebook.imports.models import ColumnMapping
from bridgebook.imports.records import FileRefused


class Command(BaseCommand):
    help = "Import pupils (and their contacts) from MIS CSV exports."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (a pupils export unless --kind "
                                         "says otherwise).")
        parser.add_argument("--kind", choices=list(csv_reader.READERS), default="pupils",
                            help="What FILE holds: pupils, contacts, or combined (pupils and "
                                 "their contacts, a row per contact). Default: pupils.")
        parser.add_argument("--contacts", metavar="FILE",
                            help="A contacts export to import together with a pupils FILE.")
        parser.add_argument("--partial", action="store_true",
                            help="The pupils file lists only some pupils: do not report "
                                 "the others as no longer present.")
        add_common_arguments(parser)

    def handle(self, *args, **options):
        if options["contacts"] and options["kind"] != "pupils":
            raise CommandError(f"--contacts goes with a pupils file; give a {options['kind']} "
                               f"file alone with --kind {options['kind']}.",
                               returncode=USAGE_ERROR)
        school, user = school_and_user(options)
        files = {options["kind"]: options["file"]}
        if options["contacts"]:
            files["contacts"] = options["contacts"]
        names = {kind: os.path.basename(path) for kind, path in files.items()}
        filename = " + ".join(names.values())
        mappings = {saved.file_kind: saved.mapping
                    for saved in ColumnMapping.objects.filter(school=school)}
        parsed = []
        for kind, path in files.items():
            data = read_bytes(path)
            try:
                parsed.append(csv_reader.READERS[kind](data, mappings.get(kind)))
            except FileRefused as refused:
                problem = refused.problem
                if len(files) > 1:
                    problem.where = f"{names[kind]}, {problem.where}"
                run = record_refusal(school=school, kind="csv", problems=[problem],
                                     acting_user=user, filename=filename,
                                     dry_run=options["dry_run"])
                return report(self, run, options)
            if len(files) > 1:
                for problem in parsed[-1].problems:
                    problem.where = f"{names[kind]}, {problem.where}"
        combined = csv_reader.combine(*parsed) if len(parsed) == 2 else parsed[0]
        run = do_import(school=school, parsed=combined, acting_user=user, filename=filename,
                        dry_run=options["dry_run"],
                        whole_school=False if options["partial"] else None)
        return report(self, run, options)
