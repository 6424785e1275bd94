"""The pages: recording an incident through the form, changing it, adding an action and a
review, recording the review, closing it; each page that shows an incident writes a VIEW
row naming who looked, and the list page costs the same for 3 incidents or 10."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgebook.conduct.models import ConductIncident
from bridgebook.conduct.tests.factories import incident_for
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.queries import STAFF_FRAME


def views_of(incident, actor=None):
    rows = AuditEvent.objects.filter(object_type="conductincident",
                                     object_id=str(incident.pk),
                                     action=AuditEvent.Action.VIEW)
    return rows.filter(actor=actor) if actor is not None else rows


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_a_senior_leader_records_an_incident_through_the_form(world, senior_leader):
    client = signed_in(senior_leader)
    url = reverse("conduct:new", args=[world.school.urn])
    page = client.get(url).content.decode()
    assert "Rex Stone (Amira Hassan)" in page            # the school's contacts
    assert "Abusive conduct is not tolerated" in page    # the NAS statements, no agreement
    # Neither a contact nor a name: an error, linked to the field.
    response = client.post(url, {"how": "phone", "what_happened": "Shouted",
                                 **date_fields("occurred_on", timezone.localdate())})
    assert response.status_code == 200
    assert "Choose the contact, or give the name of the adult" in response.content.decode()
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(url, {
        "contact": world.restricted_contact.pk, "pupil": world.pupil.pk, "how": "phone",
        "what_happened": "Shouted at Cara at the gate", "occurred_time": "15:10",
        "staff_affected": [world.class_teacher.pk], "breach": "no_abuse",
        **date_fields("occurred_on", day),
        **date_fields("review_on", day + datetime.timedelta(days=30))})
    incident = ConductIncident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("conduct:incident",
                                           args=[world.school.urn, incident.pk])
    assert (incident.person_name, incident.pupil, incident.occurred_on) == (
        "Rex Stone", world.pupil, day)
    assert incident.statement_text.startswith("Harassment")
    page = client.get(response["Location"]).content.decode()
    for text in ("Rex Stone", "Amira Hassan", "Shouted at Cara at the gate", "Cara Teacher",
                 "Harassment, intimidation", "15:10"):
        assert text in page, text


def test_both_a_contact_and_a_name_is_refused(world, senior_leader):
    response = signed_in(senior_leader).post(
        reverse("conduct:new", args=[world.school.urn]),
        {"contact": world.parent_contact.pk, "person_name": "Someone", "how": "email",
         "what_happened": "x", **date_fields("occurred_on", timezone.localdate())})
    assert "Give a name only for someone who is not a contact" in response.content.decode()
    assert not ConductIncident.objects.exists()


def test_change_act_review_and_close_through_the_pages(world, senior_leader):
    incident = incident_for(world.school, recorded_by=senior_leader, person_name="Lee Dawson",
                            review_in_days=-1, how="email")
    client = signed_in(senior_leader)
    urn = world.school.urn
    detail = reverse("conduct:incident", args=[urn, incident.pk])
    page = client.get(detail).content.decode()
    assert "Overdue" in page                          # the review date has passed
    response = client.post(reverse("conduct:change", args=[urn, incident.pk]), {
        "person_name": "Lee Dawson", "person_description": "Tall, red van",
        "how": "social_media", "how_detail": "Facebook", "what_happened": "Posted a threat",
        "breach": "", **date_fields("occurred_on", incident.occurred_on)})
    assert response.status_code == 302
    response = client.post(reverse("conduct:add_action", args=[urn, incident.pk]), {
        "kind": "police", "note": "Crime reference 123",
        **date_fields("taken_on", timezone.localdate())})
    assert response.status_code == 302
    response = client.post(reverse("conduct:add_review", args=[urn, incident.pk]),
                           date_fields("due_on", timezone.localdate()
                                       + datetime.timedelta(days=10)))
    assert response.status_code == 302
    review = incident.reviews.order_by("due_on").first()
    response = client.post(reverse("conduct:hold_review", args=[urn, incident.pk, review.pk]),
                           {"note": "Police spoke to him",
                            **date_fields("held_on", timezone.localdate())})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    for text in ("Tall, red van", "Facebook", "Posted a threat", "Police informed",
                 "Crime reference 123", "Police spoke to him"):
        assert text in page, text
    response = client.post(reverse("conduct:close", args=[urn, incident.pk]),
                           {"outcome": "No further contact"})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "No further contact" in page and "Close the incident" not in page
    # A closed incident's forms send the reader back to it.
    response = client.get(reverse("conduct:change", args=[urn, incident.pk]))
    assert response.status_code == 302 and response["Location"] == detail


def test_every_page_showing_an_incident_records_who_looked(world, senior_leader):
    shown = [incident_for(world.school, person_name=f"Adult {i}") for i in range(3)]
    closed = incident_for(world.school, person_name="Closed One", status="closed")
    client = signed_in(senior_leader)
    urn = world.school.urn
    client.get(reverse("conduct:log", args=[urn]))
    for incident in shown:
        assert views_of(incident, senior_leader).count() == 1
    assert not views_of(closed).exists()                # not listed: not viewed
    client.get(reverse("conduct:log", args=[urn]) + "?status=closed")
    assert views_of(closed, senior_leader).count() == 1
    first = shown[0]
    for name in ("incident", "change", "add_action", "add_review", "close"):
        client.get(reverse(f"conduct:{name}", args=[urn, first.pk]))
    assert views_of(first, senior_leader).count() == 6
    row = views_of(first).first()
    assert (row.summary, row.school, row.pupil) == ("Viewed a conduct incident",
                                                   world.school, None)
    # Someone turned away saw nothing, and nothing is recorded for them.
    signed_in(world.class_teacher).get(reverse("conduct:incident", args=[urn, first.pk]))
    assert not views_of(first, world.class_teacher).exists()


def test_the_audit_page_names_no_one_an_incident_is_about(world, senior_leader):
    incident = incident_for(world.school, contact=world.restricted_contact, pupil=world.pupil,
                            what_happened="Threatened Cara by the gate")
    signed_in(senior_leader).get(reverse("conduct:incident",
                                         args=[world.school.urn, incident.pk]))
    page = signed_in(world.principal).get(reverse("core:audit", args=[world.school.urn])
                                          ).content.decode()
    assert "Viewed a conduct incident" in page
    assert "Rex" not in page and "Threatened" not in page
    # The trust administrator, who does not read the log, reads none of its rows.
    page = signed_in(world.trust_admin).get(reverse("core:audit", args=[world.school.urn])
                                            ).content.decode()
    assert "conduct incident" not in page
    # Nor does the audit page's pupil search find the incident through Amira.
    page = signed_in(world.principal).get(
        reverse("core:audit", args=[world.school.urn]) + "?record=Amira").content.decode()
    assert "conduct incident" not in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_page_costs_the_same_for_3_incidents_or_10(world, senior_leader):
    # STAFF_FRAME, then: the school, the open and closed counts, the page's count and its
    # incidents (with contact, pupil and next review), and one insert of the audit rows.
    def add(n):
        for i in range(n):
            incident_for(world.school, contact=world.parent_contact, pupil=world.pupil,
                         person_name=f"Adult {i}", review_in_days=i + 1)

    client = signed_in(senior_leader)
    url = reverse("conduct:log", args=[world.school.urn])
    add(3)
    few = _count(client, url)
    add(7)
    assert _count(client, url) == few == STAFF_FRAME + 5


def test_the_detail_page_costs_the_same_for_few_or_many_actions(world, senior_leader):
    # STAFF_FRAME, then: the school, the incident (with its contact, pupil, statement and
    # who recorded and closed it), the staff affected, the actions, the reviews, how many
    # incidents are about the same adult, and one insert of the audit row.
    incident = incident_for(world.school, staff_affected=[world.class_teacher])
    client = signed_in(senior_leader)
    url = reverse("conduct:incident", args=[world.school.urn, incident.pk])
    few = _count(client, url)
    for _i in range(5):
        incident.actions.create(kind="meeting", taken_on=timezone.localdate(),
                                recorded_by=senior_leader)
        incident.reviews.create(due_on=timezone.localdate())
    incident.staff_affected.add(world.other_teacher, world.office)
    assert _count(client, url) == few == STAFF_FRAME + 7


def test_the_retention_settings_page(world):
    client = signed_in(world.principal)
    url = reverse("conduct:settings", args=[world.school.urn])
    assert 'value="36"' in client.get(url).content.decode()
    assert "Enter a number of months from 1 to 600" in client.post(
        url, {"retention_months": "0"}).content.decode()
    assert client.post(url, {"retention_months": "24"}).status_code == 302
    assert 'value="24"' in client.get(url).content.decode()
    # On the school's page, for the principal.
    assert url in client.get(reverse("core:school", args=[world.school.urn])).content.decode()


def test_a_statement_of_an_earlier_agreement_stays_as_recorded(world, senior_leader):
    """The agreement was published again since: the form offers the new statements and
    keeps the one recorded unless another is chosen."""
    from bridgebook.conduct.tests.test_actions import published

    old = published(world.school, number=1, text="Old words on abuse")
    incident = incident_for(world.school, person_name="Lee Dawson", statement=old,
                            statement_key="no_abuse", statement_text=old.text)
    new = published(world.school, number=2, text="New words on abuse")
    client = signed_in(senior_leader)
    url = reverse("conduct:change", args=[world.school.urn, incident.pk])
    page = client.get(url).content.decode()
    assert '<option value="keep" selected>As recorded: Old words on abuse</option>' in page
    assert f'<option value="s{new.pk}">' in page
    form = {"person_name": "Lee Dawson", "how": "message", "what_happened": "Changed",
            **date_fields("occurred_on", incident.occurred_on)}
    assert client.post(url, {**form, "breach": "keep"}).status_code == 302
    incident.refresh_from_db()
    assert (incident.statement, incident.statement_text) == (old, "Old words on abuse")
    assert client.post(url, {**form, "breach": f"s{new.pk}"}).status_code == 302
    incident.refresh_from_db()
    assert (incident.statement, incident.statement_text) == (new, "New words on abuse")
