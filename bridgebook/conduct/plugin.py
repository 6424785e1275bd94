"""What the conduct log adds to the shared pages (bridgebook/core/registry.py): "Conduct
towards staff" in the School part of the staff menu, for the school's senior leaders and
principal only; the school's retention setting (the principal's); the demo's incident; and
its records in the audit log, for those who read the log (``AuditType.readable``: a trust
administrator reads the school's audit log, never its conduct records). Nothing else: no
tab on a child's page, no card or link on any landing page, no message to anyone, so
nothing about an incident shows anywhere but its own pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.conduct.access import changes_settings, reads_log
from bridgebook.conduct.demo import seed_demo_conduct
from bridgebook.core.registry import (
    AuditType,
    DemoSeeder,
    MenuEntry,
    Section,
    SettingsPage,
    Urls,
    site,
)

# The demo's incident breaches Mapledown's published agreement, so the agreement is
# seeded first.
_AFTER = ("people", "agreements")

site.add(
    Urls("conduct", "bridgebook.conduct.urls"),
    MenuEntry(key="conduct.log", label=_("Conduct towards staff"), section=Section.SCHOOL,
              order=90, url=lambda viewer, school: reverse("conduct:log", args=[school.urn]),
              show=lambda viewer, school: reads_log(viewer, school)),
    SettingsPage(key="conduct.settings", label=_("Conduct towards staff"), order=90,
                 description=_("how long incidents of conduct towards staff are kept"),
                 url=lambda school: reverse("conduct:settings", args=[school.urn]),
                 show=lambda viewer, school: changes_settings(viewer, school)),
    DemoSeeder("conduct", seed_demo_conduct, after=_AFTER),
    # Who does not read the log does not read its records in the audit log either (the
    # trust administrator, who reads the school's audit log).
    AuditType("conductincident", _("Conduct incident"), readable=reads_log),
    AuditType("conductsettings", _("Conduct log settings"), readable=reads_log),
)
