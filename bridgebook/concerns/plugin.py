"""What concerns add to the shared pages (bridgebook/core/registry.py): "Concerns" in the
staff menu (the school's open concerns; its leaders read response times and outcomes
there too), the Concerns tab of a child's page (for staff who read concerns: the class or
residential staff, the SENCO and the leaders; a family member reads their own, and raises
one there), a row on each child's card on a family's
landing page, the school's concern settings, the messages families get about their concern,
the demo's concern in Polish, and their records in the audit log."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.concerns.access import can_change_settings, reads_concerns
from bridgebook.concerns.demo import seed_demo_concerns
from bridgebook.concerns.models import CONCERN_NOTICE
from bridgebook.concerns.selectors import family_open_counts
from bridgebook.core.registry import (
    AuditType,
    DemoSeeder,
    FamilyCard,
    MenuEntry,
    NotificationKind,
    PupilTab,
    Section,
    SettingsPage,
    Urls,
    site,
)

site.add(
    Urls("concerns", "bridgebook.concerns.urls"),
    MenuEntry(key="concerns.school", label=_("Concerns"), section=Section.COMMUNICATION,
              order=15, url=lambda viewer, school: reverse("concerns:school",
                                                           args=[school.urn]),
              show=lambda viewer, school: reads_concerns(viewer, school),
              paths=("/concerns/",)),
    PupilTab(key="concerns.pupil", label=_("Concerns"), url_name="concerns:pupil", order=70,
             show=lambda viewer, pupil: (not viewer.is_staff_member
                                         or reads_concerns(viewer, pupil.school))),
    FamilyCard(key="concerns.open", attribute="open_concerns", count=family_open_counts,
               order=70, template="concerns/landing/family_row.html"),
    SettingsPage(key="concerns.settings", label=_("Concerns"), order=55,
                 description=_("how many school days to acknowledge a concern, who it is "
                               "passed to, and the link to the complaints procedure"),
                 url=lambda school: reverse("concerns:settings", args=[school.urn]),
                 show=lambda viewer, school: can_change_settings(viewer.user, school)),
    NotificationKind(CONCERN_NOTICE, _("Concerns")),
    DemoSeeder("concerns", seed_demo_concerns, after=("people",)),
    AuditType("concern", _("Concern raised by a family")),
    AuditType("concernentry", _("Step on a concern")),
    AuditType("concernsettings", _("Concern settings")),
)
