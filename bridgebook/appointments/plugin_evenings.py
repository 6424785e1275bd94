"""What parents' evenings add to the shared pages (bridgebook/core/registry.py), imported by
the app's plugin.py: "Parents' evenings" in every member of staff's menu (their schedule,
and setting evenings up for those who run them), a row on each child's card on a family's
landing page while an evening is open for booking, the demo's spring parents' evening, and
the evenings' records in the audit log."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.appointments.demo.evenings import seed_demo_evenings
from bridgebook.appointments.models import ParentsEvening
from bridgebook.core.registry import (
    AuditType,
    DemoSeeder,
    FamilyCard,
    MenuEntry,
    Section,
    site,
)
from bridgebook.people.models import Pupil, PupilContact


def _evening_open(viewer, pupil_ids) -> dict[int, int]:
    """1 for each child whose school has a parents' evening open for booking and whom the
    family member books for (parental responsibility, not restricted; as
    ``evenings.bookable_children``): one query."""
    if not viewer.contact_ids:
        return {}
    now = timezone.now()
    open_schools = ParentsEvening.objects.filter(booking_opens_at__lte=now,
                                                 booking_closes_at__gt=now).values("school_id")
    books_for = PupilContact.objects.filter(
        contact_id__in=viewer.contact_ids, parental_responsibility=True,
        is_restricted=False).values("pupil_id")
    pupils = Pupil.objects.filter(pk__in=pupil_ids, school_id__in=open_schools).filter(
        pk__in=books_for)
    if viewer.restricted_pupil_ids:
        pupils = pupils.exclude(pk__in=viewer.restricted_pupil_ids)
    return dict.fromkeys(pupils.values_list("pk", flat=True), 1)


site.add(
    MenuEntry(key="appointments.evenings", label=_("Parents’ evenings"),
              section=Section.COMMUNICATION,
              url=lambda viewer, school: reverse("appointments:evening_list",
                                                 args=[school.urn]),
              show=lambda viewer, school: viewer.is_staff_member, order=45,
              paths=("/parents-evenings/",)),
    FamilyCard(key="appointments.evening_open", attribute="evening_open",
               count=_evening_open, order=35,
               template="appointments/evenings/landing/family_row.html"),
    DemoSeeder("evenings", seed_demo_evenings, after=("people", "appointments")),
    AuditType("parentsevening", _("Parents’ evening")),
)
