"""Incidents made straight in the tables, for tests that only need something to read;
tests of behaviour make them through the actions."""

from __future__ import annotations

import datetime

from django.utils import timezone

from bridgebook.conduct.models import ConductIncident, ConductReview
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff


def senior_leader_at(school, **fields):
    """A deputy head: the senior leader role at ``school``."""
    fields.setdefault("full_name", "Sian Senior")
    fields.setdefault("email", f"sian.{school.urn}@school.example")
    return staff(school, Role.SENIOR_LEADER, **fields)


def incident_for(school, *, recorded_by=None, contact=None, person_name: str = "",
                 days_ago: int = 3, review_in_days: int | None = None,
                 staff_affected=(), **fields) -> ConductIncident:
    occurred = timezone.localdate() - datetime.timedelta(days=days_ago)
    incident = ConductIncident.objects.create(
        school=school, contact=contact,
        person_name=person_name or (contact.full_name if contact else "Lee Dawson"),
        occurred_on=occurred, how=fields.pop("how", ConductIncident.How.MESSAGE),
        what_happened=fields.pop("what_happened", "Threatened to wait in the car park"),
        recorded_by=recorded_by, keep_from=fields.pop("keep_from", timezone.localdate()),
        **fields)
    incident.staff_affected.set(staff_affected)
    if review_in_days is not None:
        ConductReview.objects.create(
            incident=incident,
            due_on=timezone.localdate() + datetime.timedelta(days=review_in_days))
    return incident
