"""What MIS imports add to the shared pages (bridgebook/core/registry.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.registry import AuditType, MenuEntry, Section, Urls, site
from bridgebook.imports.access import can_import

site.add(
    Urls("imports", "bridgebook.imports.urls"),
    MenuEntry(key="imports.home", label=_("Import"), section=Section.SCHOOL, order=30,
              url=lambda viewer, school: reverse("imports:home", args=[school.urn]),
              show=lambda viewer, school: can_import(viewer.user, school)),
    AuditType("importrun", _("Import from the MIS")),
    AuditType("columnmapping", _("Columns of an MIS export")),
)
