"""What MIS imports add to the shared pages (bridgebook/core/registry.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.access import IMPORT_ROLES
from bridgebook.core.registry import AuditType, MenuEntry, Section, Urls, site

site.add(
    Urls("imports", "bridgebook.imports.urls"),
    MenuEntry(key="imports.home", label=_("Import"), section=Section.SCHOOL, order=30,
              url=lambda viewer, school: reverse("imports:home", args=[school.urn]),
              show=lambda viewer, school: viewer.has_role(school, IMPORT_ROLES)),
    AuditType("importrun", _("Import from the MIS"), "imports"),
)
