"""What core adds to the shared pages: the school's page and the audit log."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.access import can_read_audit
from bridgebook.core.registry import AuditType, MenuEntry, Section, site

site.add(
    MenuEntry(key="core.school", label=_("School"), section=Section.SCHOOL, order=10,
              url=lambda viewer, school: reverse("core:school", args=[school.urn])),
    MenuEntry(key="core.audit", label=_("Audit log"), section=Section.OVERSIGHT, order=10,
              url=lambda viewer, school: reverse("core:audit", args=[school.urn]),
              show=lambda viewer, school: can_read_audit(viewer.user, school)),
    AuditType("school", _("School")),
    AuditType("academicyear", _("Academic year")),
    AuditType("term", _("Term")),
    AuditType("user", _("Account")),
)
