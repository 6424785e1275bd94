"""What timetables add to the shared pages (bridgebook/core/registry.py): the Timetable tab
of a child's page, the link to each class's week on a member of staff's pages, the message
families get when it is sent, the demo's Willow week and the records in the audit log."""

from django.utils.translation import gettext_lazy as _

from bridgebook.core.registry import (
    AuditType,
    DemoSeeder,
    LandingLink,
    NotificationKind,
    PupilTab,
    Urls,
    site,
)
from bridgebook.timetables.demo import seed_demo_timetables
from bridgebook.timetables.models import TIMETABLE


def _seed_timetables(**_options) -> dict[str, int]:
    return seed_demo_timetables()


site.add(
    Urls("timetables", "bridgebook.timetables.urls"),
    PupilTab(key="timetables.pupil", label=_("Timetable"), url_name="timetables:pupil",
             order=25),
    LandingLink(key="timetables.class_week", slot="class", order=20,
                template="timetables/landing/class_week_link.html"),
    NotificationKind(TIMETABLE, _("Timetable")),
    DemoSeeder("timetables", _seed_timetables, after=("people",)),
    AuditType("timetable", _("Class timetable")),
    AuditType("timetablesession", _("Session in a class timetable")),
    AuditType("variation", _("A pupil’s own timetable change")),
)
