"""What appointments add to the shared pages (bridgebook/core/registry.py): My appointments
in the staff menu and Meetings in the family's, the Meetings tab of a child's page, a row
on each child's card on a family's landing page, the school's settings for appointments,
the messages families get about their meetings, the demo's published times, and their
records in the audit log. Parents' evenings add theirs in plugin_evenings.py."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.appointments.access import can_change_settings, family_appointments
from bridgebook.appointments.demo import seed_demo_appointments
from bridgebook.appointments.models import APPOINTMENT_NOTICE, Appointment
from bridgebook.core.registry import (
    Audience,
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


def _meetings_to_come(viewer, pupil_ids) -> dict[int, int]:
    """Each child's meetings to come that the family member sees: one query."""
    if not viewer.contacts:
        return {}
    rows = (Appointment.objects.filter(pupil_id__in=pupil_ids, ends_at__gt=timezone.now(),
                                       status=Appointment.Status.BOOKED)
            .filter(family_appointments(viewer))
            .values("pupil_id").annotate(count=Count("pk")).values_list("pupil_id", "count"))
    return dict(rows)


def _meets_families(viewer, school) -> bool:
    return viewer.is_staff_member and bool(viewer.roles_at(school))


site.add(
    Urls("appointments", "bridgebook.appointments.urls"),
    MenuEntry(key="appointments.mine", label=_("My appointments"),
              section=Section.COMMUNICATION, order=30,
              url=lambda viewer, school: reverse("appointments:mine", args=[school.urn]),
              show=_meets_families, paths=("/appointments/",)),
    MenuEntry(key="appointments.family", label=_("Meetings"), audience=Audience.FAMILY,
              order=30, url=lambda viewer, school: reverse("appointments:upcoming")),
    PupilTab(key="appointments.pupil", label=_("Meetings"), url_name="appointments:pupil",
             order=35),
    FamilyCard(key="appointments.meetings", attribute="meetings_to_come",
               count=_meetings_to_come, order=35,
               template="appointments/landing/family_row.html"),
    SettingsPage(key="appointments.settings", label=_("Appointments"), order=50,
                 description=_("where families meet staff in school, extra time when an "
                               "interpreter is there, and the link for video meetings"),
                 url=lambda school: reverse("appointments:settings", args=[school.urn]),
                 show=lambda viewer, school: can_change_settings(viewer.user, school)),
    NotificationKind(APPOINTMENT_NOTICE, _("Meetings")),
    DemoSeeder("appointments", seed_demo_appointments, after=("people",)),
    AuditType("appointment", _("Meeting with a family")),
    AuditType("availability", _("Time to meet families")),
    AuditType("appointmentsettings", _("Appointment settings")),
)

from bridgebook.appointments import plugin_evenings  # noqa: E402, F401
