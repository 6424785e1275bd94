"""What ``import_csv`` and ``import_ctf`` share: options, finding the school, the output.

(The leading underscore keeps Django from offering this module as a command.)
"""

import json

from django.core.management.base import BaseCommand, CommandError

from bridgebook.core.models import School, User
from bridgebook.imports.models import ImportRun

USAGE_ERROR = 2  # a wrong school or a missing file; 1 means the file itself was refused


def add_common_arguments(parser) -> None:
    parser.add_argument("--school", required=True, metavar="URN",
                        help="The URN of the school to import into.")
    parser.add_argument("--dry-run", action="store_true",
                        help="Check the file and show what would change, writing nothing.")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="json prints one JSON object: status, counts, errors, dry_run.")
    parser.add_argument("--user", metavar="EMAIL",
                        help="The member of staff the import is recorded against.")


def school_and_user(options) -> tuple[School, User | None]:
    school = School.objects.filter(urn=options["school"]).first()
    if school is None:
        raise CommandError(f"There is no school with URN {options['school']}.",
                           returncode=USAGE_ERROR)
    user = None
    if options["user"]:
        user = User.objects.filter(email__iexact=options["user"]).first()
        if user is None:
            raise CommandError(f"There is nobody with the email {options['user']}.",
                               returncode=USAGE_ERROR)
    return school, user


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.",
                           returncode=USAGE_ERROR) from None


def report(command: BaseCommand, run: ImportRun, options) -> None:
    """Print the outcome; a refused file ends the command with exit status 1."""
    if options["format"] == "json":
        command.stdout.write(json.dumps({
            "status": run.status,
            "counts": run.counts,
            "errors": run.problems,
            "dry_run": run.dry_run,
        }))
    else:
        command.stdout.write(_text(run))
    if run.status == ImportRun.Status.REFUSED:
        raise CommandError("The file was refused; nothing was imported.", returncode=1)


def _text(run: ImportRun) -> str:
    name = run.filename or "the file"
    if run.status == ImportRun.Status.REFUSED:
        lines = [f"Refused {name}: nothing was imported. "
                 f"{len(run.problems)} problem(s) to put right:"]
        lines += [f"  {problem['where']}: {problem['message']}" for problem in run.problems]
        return "\n".join(lines)
    counts = run.counts
    if run.dry_run:
        lines = [f"Dry run: nothing was written. Importing {name} into {run.school} would "
                 "make these changes:"]
    else:
        lines = [f"Imported {name} into {run.school}:"]
    lines += [
        f"  Pupils: {counts['pupils_created']} added, {counts['pupils_updated']} changed",
        f"  Contacts: {counts['contacts_created']} added, {counts['contacts_updated']} changed",
        f"  Family links: {counts['links_created']} added, "
        f"{counts.get('links_updated', 0)} changed",
        f"  Classes added: {counts.get('classes_created', 0)}, "
        f"households added: {counts.get('households_created', 0)}",
    ]
    missing = run.changes.get("missing_pupils", [])
    if missing:
        lines.append(f"  No longer in the file ({len(missing)}, nobody was removed):")
        lines += [f"    {pupil['name']} (UPN {pupil['upn'] or '-'}, "
                  f"pupil id {pupil['mis_id'] or '-'})" for pupil in missing]
    return "\n".join(lines)
