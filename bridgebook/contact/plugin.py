"""What termly contact and home visits add to the shared pages (bridgebook/core/registry.py):
"Termly contact" (coverage per class) and "Home visits" (the visiting staff's page) in the
staff menu, the Contact tab of a child's page (staff only: a family reads the advice shared
with them instead), a link to each class's termly contact under the class, a lone-working
alert and today's visits on the staff landing page, the school's home-visit settings, the
advice messages families get, the demo's contact and visits, and their audit records."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.contact.access import SETTINGS_ROLES
from bridgebook.contact.demo import seed_demo_contact
from bridgebook.contact.models import VISIT_ADVICE
from bridgebook.core.registry import (
    AuditType,
    DemoSeeder,
    LandingLink,
    MenuEntry,
    NotificationKind,
    PupilTab,
    Section,
    SettingsPage,
    Urls,
    site,
)

site.add(
    Urls("contact", "bridgebook.contact.urls"),
    MenuEntry(key="contact.coverage", label=_("Termly contact"), section=Section.PUPILS,
              url=lambda viewer, school: reverse("contact:school", args=[school.urn]),
              show=lambda viewer, school: viewer.is_staff_member, order=45,
              paths=("/classes/", "/contact/")),
    MenuEntry(key="contact.visits", label=_("Home visits"), section=Section.PUPILS,
              url=lambda viewer, school: reverse("contact:today"),
              show=lambda viewer, school: viewer.is_staff_member, order=46,
              without_school=True, paths=("/visits/",)),
    PupilTab(key="contact.log", label=_("Contact"), url_name="contact:pupil",
             show=lambda viewer, pupil: viewer.is_staff_member, order=60),
    LandingLink(key="contact.alerts", slot="top", order=5,
                template="contact/landing/alerts.html"),
    LandingLink(key="contact.class", slot="class", order=40,
                template="contact/landing/class_link.html"),
    SettingsPage(key="contact.settings", label=_("Home visits and termly contact"), order=50,
                 description=_("visits in pairs, lone-working alerts and the termly reminder"),
                 url=lambda school: reverse("contact:settings", args=[school.urn]),
                 show=lambda viewer, school: viewer.has_role(school, SETTINGS_ROLES)),
    NotificationKind(VISIT_ADVICE, _("Advice after a home visit")),
    DemoSeeder("contact", seed_demo_contact, after=("people",)),
    AuditType("contactrecord", _("Contact with a family")),
    AuditType("followup", _("Follow-up of a contact")),
    AuditType("homevisit", _("Home visit")),
    AuditType("contactsettings", _("Home visit settings")),
    AuditType("staffphone", _("Mobile number for alerts")),
)
