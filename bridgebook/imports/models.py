"""Import runs (what each MIS import found and changed) and remembered column mappings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.models import School


class ImportRun(models.Model):
    """One attempt to import a file: a preview, a committed import, or a refused file.

    ``counts`` holds pupils_created, pupils_updated, contacts_created, contacts_updated,
    links_created, links_updated, classes_created, households_created and pupils_missing.
    ``problems`` is a list of {"where", "message"}. ``changes`` says exactly what changed:
    {"pupils": [...], "contacts": [...], "links": [...], "classes": [...],
    "missing_pupils": [...]}, each entry naming the record and, for an update, the field
    differences as {field: [before, after]}.
    """

    class Kind(models.TextChoices):
        CSV = "csv", _("CSV export")
        CTF = "ctf", _("Common Transfer File")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        COMMITTED = "committed", _("Imported")
        REFUSED = "refused", _("Refused")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="import_runs")
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("uploaded by"))
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    dry_run = models.BooleanField(_("dry run"), default=False)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.get_status_display()})"


class ColumnMapping(models.Model):
    """How a school's CSV export names its columns, remembered for the next import.

    ``mapping`` is {our field name: the file's header}, for example
    {"legal_first_name": "Legal Forename", "class_name": "Reg Group"}.
    """

    class FileKind(models.TextChoices):
        PUPILS = "pupils", _("Pupils")
        CONTACTS = "contacts", _("Contacts")
        COMBINED = "combined", _("Pupils and contacts")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="column_mappings")
    file_kind = models.CharField(_("file kind"), max_length=10, choices=FileKind.choices)
    mapping = models.JSONField(_("mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "file_kind"],
                                    name="column_mapping_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_file_kind_display()} columns"
