"""What the people app adds: its pages in the menu, the About tab of a child's page, the
demo trust's schools and families, and its records in the audit log."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.access import can_manage_staff
from bridgebook.core.registry import AuditType, DemoSeeder, MenuEntry, PupilTab, Section, Urls, site
from bridgebook.people.demo import seed_people


def _seed_people(**options) -> dict[str, int]:

    return seed_people(**options)


site.add(
    Urls("people", "bridgebook.people.urls"),
    MenuEntry(key="people.pupils", label=_("Pupils"), section=Section.PUPILS, order=10,
              url=lambda viewer, school: reverse("people:pupils", args=[school.urn]),
              paths=("/pupils/", "/entries/", "/incidents/", "/book-events/", "/book-pdfs/")),
    MenuEntry(key="people.contacts", label=_("Families"), section=Section.PUPILS, order=20,
              url=lambda viewer, school: reverse("people:contacts", args=[school.urn]),
              paths=("/contacts/", "/pupil-contacts/")),
    MenuEntry(key="people.classes", label=_("Classes"), section=Section.PUPILS, order=30,
              url=lambda viewer, school: reverse("people:classes", args=[school.urn]),
              paths=("/classes/", "/residential-groups/")),
    MenuEntry(key="people.staff", label=_("Staff"), section=Section.SCHOOL, order=20,
              url=lambda viewer, school: reverse("people:staff", args=[school.urn]),
              show=lambda viewer, school: can_manage_staff(viewer.user, school)),
    PupilTab(key="people.about", label=_("About"), url_name="people:pupil", order=10),
    DemoSeeder("people", _seed_people),
    AuditType("pupil", _("Pupil")),
    AuditType("contact", _("Family contact")),
    AuditType("pupilcontact", _("Link between a pupil and a contact")),
    AuditType("schoolclass", _("Class")),
    AuditType("residentialgroup", _("Residential group")),
)
