"""Recording, changing and closing an incident, its actions and reviews: each audited, by
field name only, with nothing sent to anyone; the statement breached is copied as it was."""

import datetime

import pytest
from django.utils import timezone

from bridgebook.agreements.models import Agreement, AgreementVersion, Statement
from bridgebook.conduct import actions
from bridgebook.conduct.models import ConductAction, ConductIncident, ConductReview
from bridgebook.conduct.tests.factories import incident_for
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.models import Message

Action = AuditEvent.Action
THREAT = "Said he would wait for Cara in the car park"


def published(school, *, number=1, text="Abuse of staff is not tolerated here."):
    agreement, _ = Agreement.objects.get_or_create(school=school)
    version = AgreementVersion.objects.create(
        agreement=agreement, number=number, status=AgreementVersion.Status.PUBLISHED,
        published_at=timezone.now())
    return Statement.objects.create(version=version, section="family", text=text,
                                    nas_key="no_abuse")


def record(world, actor, **fields):
    defaults = {"acting_user": actor, "school": world.school,
                "occurred_on": timezone.localdate() - datetime.timedelta(days=1),
                "how": ConductIncident.How.PHONE, "what_happened": THREAT}
    return actions.do_record_incident(**{**defaults, **fields})


def test_recording_an_incident_about_a_contact(world, senior_leader):
    statement = published(world.school)
    with verify_action(actor=senior_leader, event_type=Action.CREATE) as result:
        incident = record(world, senior_leader, contact=world.restricted_contact,
                          pupil=world.pupil, staff_affected=[world.class_teacher],
                          breach=statement, occurred_time=datetime.time(15, 20),
                          review_on=timezone.localdate() + datetime.timedelta(days=28))
    assert incident.person_name == "Rex Stone"
    assert incident.recorded_by == senior_leader
    assert list(incident.staff_affected.all()) == [world.class_teacher]
    assert (incident.statement, incident.statement_key, incident.statement_text) == (
        statement, "no_abuse", "Abuse of staff is not tolerated here.")
    assert incident.reviews.get().due_on == timezone.localdate() + datetime.timedelta(days=28)
    # Kept at least the school's period after the review it waits for.
    assert incident.keep_from == timezone.localdate() + datetime.timedelta(days=28)
    summaries = [event.summary for event in result.audit_events]
    assert summaries == ["Recorded a conduct incident",
                         "Set a review date for a conduct incident"]
    for event in result.audit_events:
        assert event.pupil_id is None and event.object_type == "conductincident"
        assert "Rex" not in event.summary and "Amira" not in event.summary
    assert not result.sent_on_commit and not Message.objects.exists()


def test_the_statement_keeps_its_words_when_the_agreement_changes(world, senior_leader):
    statement = published(world.school)
    incident = record(world, senior_leader, person_name="Lee Dawson", breach=statement)
    Statement.objects.filter(pk=statement.pk).delete()
    incident.refresh_from_db()
    assert incident.statement is None
    assert incident.statement_text == "Abuse of staff is not tolerated here."


def test_only_the_current_published_agreement_is_offered(world, senior_leader):
    old = published(world.school, number=1, text="Old words")
    current = published(world.school, number=2, text="New words")
    draft = Statement.objects.create(
        version=AgreementVersion.objects.create(agreement=old.version.agreement, number=3),
        section="family", text="Draft words")
    with pytest.raises(actions.ConductError):
        record(world, senior_leader, person_name="Lee Dawson", breach=old)
    with pytest.raises(actions.ConductError):
        record(world, senior_leader, person_name="Lee Dawson", breach=draft)
    incident = record(world, senior_leader, person_name="Lee Dawson", breach=current)
    assert incident.statement_text == "New words"


def test_without_an_agreement_the_nas_statement_in_its_own_words(world, senior_leader):
    incident = record(world, senior_leader, person_name="Lee Dawson", breach="no_abuse")
    assert incident.statement is None and incident.statement_key == "no_abuse"
    assert incident.statement_text.startswith("Harassment, intimidation, threatening")
    with pytest.raises(actions.ConductError):
        record(world, senior_leader, person_name="Lee Dawson", breach="made_up")


@pytest.mark.parametrize("fields, message", [
    ({}, "Choose the contact, or give the name"),
    ({"person_name": "   "}, "Choose the contact, or give the name"),
    ({"person_name": "X", "occurred_on": timezone.localdate() + datetime.timedelta(days=2)},
     "once it has happened"),
    ({"person_name": "X", "what_happened": "  "}, "Say what happened"),
])
def test_what_cannot_be_recorded(world, senior_leader, fields, message):
    with pytest.raises(actions.ConductError, match=message):
        record(world, senior_leader, **fields)


def test_nothing_of_another_school_is_recorded(world, senior_leader):
    from bridgebook.people.tests.factories import ContactFactory

    with pytest.raises(actions.ConductError, match="contact of this school"):
        record(world, senior_leader,
               contact=ContactFactory(school=world.other_school, first_name="Kim"))
    with pytest.raises(actions.ConductError, match="pupil of this school"):
        record(world, senior_leader, person_name="X", pupil=world.other_school_pupil)
    with pytest.raises(actions.ConductError, match="staff affected"):
        record(world, senior_leader, person_name="X",
               staff_affected=[world.other_school_staff])
    assert not ConductIncident.objects.exists()


def test_changing_an_incident_audits_the_fields_not_their_values(world, senior_leader):
    incident = record(world, senior_leader, person_name="Lee Dawson", breach="no_abuse")
    data = {"contact": None, "person_name": "Lee Dawson", "person_description": "Tall",
            "pupil": world.pupil_b, "occurred_on": incident.occurred_on,
            "occurred_time": None, "how": ConductIncident.How.SOCIAL_MEDIA,
            "how_detail": "Facebook", "what_happened": THREAT + " again",
            "staff_affected": [world.other_teacher], "breach": actions.KEEP}
    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_update_incident(acting_user=world.principal, incident=incident, data=data)
    incident.refresh_from_db()
    assert (incident.how, incident.pupil, incident.person_description) == (
        "social_media", world.pupil_b, "Tall")
    assert incident.statement_key == "no_abuse"          # kept as recorded
    assert list(incident.staff_affected.all()) == [world.other_teacher]
    [event] = result.audit_events
    assert set(event.changes) == {"person_description", "pupil", "how", "how_detail",
                                  "what_happened", "staff_affected"}
    assert set(event.changes.values()) == {"changed"}
    assert "Facebook" not in str(event.changes) and "again" not in str(event.changes)
    # Nothing changed: nothing written.
    with verify_action(actor=world.principal) as again:
        actions.do_record_views(acting_user=world.principal, incidents=[incident])
        actions.do_update_incident(acting_user=world.principal, incident=incident, data=data)
    assert [event.action for event in again.audit_events] == [Action.VIEW]


def test_actions_and_reviews(world, senior_leader):
    incident = record(world, senior_leader, person_name="Lee Dawson")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with verify_action(actor=senior_leader) as result:
        item = actions.do_add_action(acting_user=senior_leader, incident=incident,
                                     kind=ConductAction.Kind.WARNING_LETTER,
                                     taken_on=yesterday, note="Sent by post")
    assert result.audit_events[0].summary == ("Added an action to a conduct incident "
                                              "(Warning letter)")
    assert item.recorded_by == senior_leader
    later = timezone.localdate() + datetime.timedelta(days=40)
    review = actions.do_add_review(acting_user=senior_leader, incident=incident, due_on=later)
    incident.refresh_from_db()
    assert incident.keep_from == later
    with pytest.raises(actions.ConductError, match="once it has taken place"):
        actions.do_hold_review(acting_user=senior_leader, review=review, held_on=later,
                               note="x")
    with verify_action(actor=world.principal):
        assert actions.do_hold_review(acting_user=world.principal, review=review,
                                      held_on=timezone.localdate(), note="No repeat")
    assert not actions.do_hold_review(acting_user=world.principal, review=review,
                                      held_on=timezone.localdate(), note="Again")
    review.refresh_from_db()
    assert (review.note, review.held_by) == ("No repeat", world.principal)


def test_closing_counts_retention_from_today_and_freezes_the_record(world, senior_leader):
    incident = incident_for(world.school, review_in_days=60,
                            keep_from=timezone.localdate() + datetime.timedelta(days=60))
    with pytest.raises(actions.ConductError, match="how the incident ended"):
        actions.do_close_incident(acting_user=senior_leader, incident=incident, outcome=" ")
    with verify_action(actor=senior_leader, event_type=Action.UPDATE):
        assert actions.do_close_incident(acting_user=senior_leader, incident=incident,
                                         outcome="Apologised in a meeting")
    assert not actions.do_close_incident(acting_user=senior_leader, incident=incident,
                                         outcome="Twice")
    incident.refresh_from_db()
    assert (incident.status, incident.outcome, incident.closed_by) == (
        "closed", "Apologised in a meeting", senior_leader)
    assert incident.keep_from == timezone.localdate()
    for change in (
        lambda: actions.do_add_action(acting_user=senior_leader, incident=incident,
                                      kind="meeting", taken_on=timezone.localdate()),
        lambda: actions.do_add_review(acting_user=senior_leader, incident=incident,
                                      due_on=timezone.localdate()),
        lambda: actions.do_hold_review(acting_user=senior_leader,
                                       review=ConductReview.objects.get(incident=incident),
                                       held_on=timezone.localdate(), note="x"),
    ):
        with pytest.raises(actions.ConductError, match="closed"):
            change()


def test_the_retention_setting(world):
    with verify_action(actor=world.principal) as result:
        rules = actions.do_save_settings(acting_user=world.principal, school=world.school,
                                         retention_months=24)
    assert rules.retention_months == 24
    assert result.audit_events[0].summary == ("Changed how long conduct incidents are "
                                              "kept: 36 to 24 months")
    with pytest.raises(actions.ConductError):
        actions.do_save_settings(acting_user=world.principal, school=world.school,
                                 retention_months=0)
