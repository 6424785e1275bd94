"""Reads for the conduct log's pages, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from bridgebook.agreements.models import Statement
from bridgebook.agreements.selectors import current_version
from bridgebook.conduct.models import (
    DEFAULT_RETENTION_MONTHS,
    ConductIncident,
    ConductReview,
    ConductSettings,
)
from bridgebook.core.access import visible_contacts, visible_pupils
from bridgebook.core.models import School, StaffRole, User
from bridgebook.people.models import PupilContact


def settings_for(school: School) -> ConductSettings:
    """The school's conduct settings, or the defaults (unsaved) when it has none."""
    found = ConductSettings.objects.filter(school=school).first()
    return found or ConductSettings(school=school, retention_months=DEFAULT_RETENTION_MONTHS)


def incident_list(incidents: QuerySet, *, status: str) -> QuerySet:
    """The incidents of the list page (``incidents`` are those the reader may see), with
    their contact and pupil, and each one's next review not yet held (``next_review``, a
    subquery): one query for a page of them."""
    next_review = (ConductReview.objects.filter(incident=OuterRef("pk"), held_on__isnull=True)
                   .order_by("due_on").values("due_on")[:1])
    found = incidents.filter(status=status) if status else incidents
    return (found.select_related("contact", "pupil")
            .annotate(next_review=Subquery(next_review))
            .order_by("-occurred_on", "-pk"))


def status_counts(incidents: QuerySet) -> dict[str, int]:
    """How many of ``incidents`` are open and closed: one query."""
    counted = incidents.aggregate(
        open=Count("pk", filter=Q(status=ConductIncident.Status.OPEN)),
        closed=Count("pk", filter=Q(status=ConductIncident.Status.CLOSED)))
    return {key: value or 0 for key, value in counted.items()}


def incident_detail(incident: ConductIncident) -> dict:
    """What the incident's page shows besides the incident: the staff affected, its
    actions and reviews (three queries)."""
    return {
        "staff_affected": list(incident.staff_affected.order_by("full_name", "pk")),
        "actions": list(incident.actions.select_related("recorded_by")),
        "reviews": list(incident.reviews.select_related("held_by")),
    }


def same_adult(incidents: QuerySet, incident: ConductIncident) -> QuerySet:
    """The incidents among ``incidents`` about the adult ``incident`` is about: the same
    contact, or (someone recorded by name) the same name in any case. An incident recorded
    by name is never matched to a contact of the same name: they may not be the same
    person, and a subject-access export must hold nobody else's records."""
    if incident.contact_id:
        return incidents.filter(contact_id=incident.contact_id)
    return incidents.filter(contact__isnull=True,
                            person_name__iexact=incident.person_name.strip())


def subject_access(incidents: QuerySet) -> list[ConductIncident]:
    """The incidents of a subject-access export with everything they hold: staff affected,
    actions and reviews (four queries however many incidents)."""
    return list(incidents.select_related("contact", "pupil", "recorded_by", "closed_by")
                .prefetch_related(
                    Prefetch("staff_affected", queryset=User.objects.order_by("full_name")),
                    "actions", "reviews")
                .order_by("occurred_on", "pk"))


# Choices for the forms ---------------------------------------------------------------------

def statement_choices(school: School) -> QuerySet:
    """The statements of the school's current published agreement (none without one)."""
    version = current_version(school)
    if version is None:
        return Statement.objects.none()
    return Statement.objects.filter(version=version).order_by("section", "order", "pk")


def contact_choices(user, school: School) -> QuerySet:
    """The school's contacts the user sees (a court order keeps a pupil's family from
    whoever it keeps the pupil from), each with the pupils they are linked to."""
    links = PupilContact.objects.select_related("pupil").order_by("priority", "pk")
    return (visible_contacts(user).filter(school=school)
            .prefetch_related(Prefetch("pupil_links", queryset=links))
            .order_by("last_name", "first_name", "pk"))


def pupil_choices(user, school: School) -> QuerySet:
    return visible_pupils(user).filter(school=school).order_by(
        "legal_last_name", "legal_first_name", "pk")


def staff_choices(school: School) -> QuerySet:
    """The school's staff, by name."""
    return User.objects.filter(
        pk__in=StaffRole.objects.filter(school=school).values("user_id"),
        is_active=True).order_by("full_name", "pk")


def incidents_to_delete(school: School, before) -> QuerySet:
    """The school's incidents whose retention is counted from a day before ``before``."""
    return ConductIncident.objects.filter(school=school, keep_from__lt=before)


def schools_with_incidents() -> list[tuple[School, int]]:
    """Each school that keeps incidents, with its retention in months: two queries."""
    months = dict(ConductSettings.objects.values_list("school_id", "retention_months"))
    schools = School.objects.filter(
        pk__in=ConductIncident.objects.values("school_id")).order_by("pk")
    return [(school, months.get(school.pk, DEFAULT_RETENTION_MONTHS)) for school in schools]
