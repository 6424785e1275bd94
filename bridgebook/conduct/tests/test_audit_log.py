"""The conduct log's records in the school's audit log: read by who reads the log (the
principal), never by the trust administrator, who reads the audit log but not the conduct
log (issue 15)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from bridgebook.conduct import actions
from bridgebook.conduct.models import ConductIncident
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent


def _conduct_rows(world, senior_leader):
    incident = actions.do_record_incident(
        acting_user=senior_leader, school=world.school,
        occurred_on=timezone.localdate() - datetime.timedelta(days=1),
        how=ConductIncident.How.PHONE, what_happened="Shouted at the office staff",
        person_name="Lee Dawson")
    actions.do_record_views(acting_user=senior_leader, incidents=[incident])
    kinds = set(AuditEvent.objects.filter(school=world.school)
                .values_list("object_type", flat=True))
    assert "conductincident" in kinds


def test_the_trust_administrator_reads_no_conduct_record_in_the_audit_log(world,
                                                                           senior_leader):
    _conduct_rows(world, senior_leader)
    url = reverse("core:audit", args=[world.school.urn])
    admin = signed_in(world.trust_admin)
    page = admin.get(url).content.decode()
    assert "conduct incident" not in page.lower()
    assert 'value="conductincident"' not in page              # nor offered as a kind
    assert "conduct incident" not in admin.get(url, {"kind": "conductincident"}) \
        .content.decode().lower()
    # The principal reads the log, and its records in the audit log.
    page = signed_in(world.principal).get(url).content.decode()
    assert "Recorded a conduct incident" in page and "Viewed a conduct incident" in page
    assert 'value="conductincident"' in page
