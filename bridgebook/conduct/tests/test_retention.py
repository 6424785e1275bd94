"""The daily ``prune_conduct_incidents``: each school's incidents go once their retention
period has run out (from closing; an open one from its last write or its latest review or
action date), each deletion audited with nothing of what it held; a second run deletes
nothing."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from bridgebook.conduct import actions
from bridgebook.conduct.models import ConductAction, ConductIncident, ConductReview
from bridgebook.conduct.tests.factories import incident_for
from bridgebook.core.models import AuditEvent
from bridgebook.reviews.schedule import add_months


def prune() -> str:
    output = StringIO()
    call_command("prune_conduct_incidents", stdout=output)
    return output.getvalue()


def test_incidents_past_the_period_go_with_their_actions_and_reviews(world):
    today = timezone.localdate()
    expired = incident_for(world.school, contact=world.restricted_contact,
                           keep_from=add_months(today, -36) - datetime.timedelta(days=1),
                           review_in_days=-400)
    expired.actions.create(kind="meeting", taken_on=today - datetime.timedelta(days=1200))
    last_day = incident_for(world.school, keep_from=add_months(today, -36))
    recent = incident_for(world.school, keep_from=today)
    assert "Deleted 1 conduct incident(s)" in prune()
    assert set(ConductIncident.objects.all()) == {last_day, recent}
    assert not ConductAction.objects.filter(incident_id=expired.pk).exists()
    assert not ConductReview.objects.filter(incident_id=expired.pk).exists()
    [row] = AuditEvent.objects.filter(action=AuditEvent.Action.DELETE)
    assert (row.object_type, row.object_id, row.actor, row.school) == (
        "conductincident", str(expired.pk), None, world.school)
    assert row.summary == ("Deleted a conduct incident: the school's retention period of 36 "
                           "months had run out")
    assert row.changes == {} and row.pupil is None
    # Idempotent: a second run finds nothing more.
    assert "Deleted 0 conduct incident(s)" in prune()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).count() == 1


def test_each_school_keeps_incidents_for_its_own_period(world):
    actions.do_save_settings(acting_user=world.principal, school=world.school,
                             retention_months=12)
    today = timezone.localdate()
    thirteen_months = add_months(today, -13)
    mapledown = incident_for(world.school, keep_from=thirteen_months)
    oakleigh = incident_for(world.other_school, keep_from=thirteen_months)
    prune()
    assert not ConductIncident.objects.filter(pk=mapledown.pk).exists()
    assert ConductIncident.objects.filter(pk=oakleigh.pk).exists()   # 36 months there


def test_an_open_incident_is_counted_from_its_latest_review_or_action(world, senior_leader):
    """Recorded long ago but with a review still to come: kept until the period has run
    from the review; closing it counts from the day it closed."""
    long_ago = timezone.localdate() - datetime.timedelta(days=2000)
    incident = actions.do_record_incident(
        acting_user=senior_leader, school=world.school, occurred_on=long_ago,
        how="in_person", what_happened="Pushed past reception", person_name="Lee Dawson",
        review_on=timezone.localdate() + datetime.timedelta(days=30))
    incident.refresh_from_db()
    assert incident.keep_from == timezone.localdate() + datetime.timedelta(days=30)
    ConductIncident.objects.filter(pk=incident.pk).update(keep_from=long_ago)
    actions.do_add_action(acting_user=senior_leader, incident=incident, kind="meeting",
                          taken_on=timezone.localdate())
    incident.refresh_from_db()
    assert incident.keep_from == timezone.localdate() + datetime.timedelta(days=30)
    prune()
    assert ConductIncident.objects.filter(pk=incident.pk).exists()
    actions.do_close_incident(acting_user=senior_leader, incident=incident, outcome="Done")
    incident.refresh_from_db()
    assert incident.keep_from == timezone.localdate()


def test_the_run_on_a_given_day(world):
    incident = incident_for(world.school, keep_from=datetime.date(2023, 1, 10))
    assert actions.do_delete_expired(today=datetime.date(2026, 1, 10)) == 0
    assert actions.do_delete_expired(today=datetime.date(2026, 1, 11)) == 1
    assert not ConductIncident.objects.filter(pk=incident.pk).exists()
