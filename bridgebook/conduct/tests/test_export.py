"""The subject-access export: a real PDF of every incident about one adult (and nobody
else), in English, each incident in it audited as exported."""

import re
import zlib

from django.urls import reverse
from django.utils import translation

from bridgebook.conduct import export
from bridgebook.conduct.tests.factories import incident_for
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent


def pdf_metadata(content: bytes) -> bytes:
    """The PDF's text objects, compressed streams opened (its metadata among them)."""
    found = content
    for match in re.finditer(rb"stream\r?\n", content):
        end = content.find(b"endstream", match.end())
        try:
            found += zlib.decompress(content[match.end():end])
        except zlib.error:
            continue
    return found


def exported(incident):
    return AuditEvent.objects.filter(object_type="conductincident", object_id=str(incident.pk),
                                     action=AuditEvent.Action.EXPORT)


def test_the_pdf_holds_every_incident_about_the_contact_and_no_one_elses(
        world, senior_leader, monkeypatch):
    first = incident_for(world.school, contact=world.restricted_contact, days_ago=40,
                         what_happened="Shouted at the gate", staff_affected=[world.office])
    first.actions.create(kind="warning_letter", taken_on=first.occurred_on,
                         note="Letter from the head")
    second = incident_for(world.school, contact=world.restricted_contact, days_ago=2,
                          what_happened="Posted about Cara on Facebook", status="closed",
                          outcome="Post taken down")
    by_name = incident_for(world.school, person_name="Rex Stone",
                           what_happened="Someone of the same name")
    other = incident_for(world.school, contact=world.parent_contact,
                         what_happened="Another adult's incident")
    fed = []
    real = export.subject_access_html
    monkeypatch.setattr(export, "subject_access_html",
                        lambda *args, **kwargs: fed.append(real(*args, **kwargs)) or fed[-1])

    response = signed_in(senior_leader).post(
        reverse("conduct:subject_access", args=[world.school.urn, second.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="conduct-rex-stone-')
    assert response["Cache-Control"] == "private, no-store"
    content = response.content
    assert content.startswith(b"%PDF-")
    assert b"/Title (Conduct incidents recorded about Rex Stone)" in pdf_metadata(content)
    assert b"/Author (Mapledown School)" in pdf_metadata(content)
    [html] = fed
    for text in ("Shouted at the gate", "Posted about Cara on Facebook", "Letter from the head",
                 "Post taken down", "Olive Office", "Check and redact before release",
                 "2 incidents"):
        assert text in html, text
    assert html.index("Shouted at the gate") < html.index("Posted about Cara")  # oldest first
    assert "Someone of the same name" not in html and "Another adult" not in html
    for incident in (first, second):
        [row] = exported(incident)
        assert row.actor == senior_leader and row.pupil is None
        assert "Rex" not in row.summary
    assert not exported(by_name).exists() and not exported(other).exists()


def test_someone_recorded_by_name_is_matched_by_name_in_any_case(world, senior_leader):
    mine = [incident_for(world.school, person_name="Lee Dawson"),
            incident_for(world.school, person_name="LEE DAWSON")]
    incident_for(world.school, person_name="Lee Dawes")
    response = signed_in(senior_leader).post(
        reverse("conduct:subject_access", args=[world.school.urn, mine[0].pk]))
    assert response.status_code == 200
    assert {int(row.object_id) for row in AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT)} == {incident.pk for incident in mine}


def test_the_pdf_is_in_english_whatever_the_reader_chose(world, senior_leader):
    incident = incident_for(world.school, person_name="Lee Dawson")
    with translation.override("pl"):
        html = export.subject_access_html([incident], school=world.school,
                                          person_name="Lee Dawson", made_by=senior_leader)
    assert 'lang="en-GB"' in html and "What happened" in html
    assert "By message (text, app or letter)" in html


def test_the_page_says_the_school_checks_it_before_release(world, senior_leader):
    incident = incident_for(world.school, contact=world.parent_contact)
    incident_for(world.school, contact=world.parent_contact)
    page = signed_in(senior_leader).get(
        reverse("conduct:incident", args=[world.school.urn, incident.pk])).content.decode()
    assert "the 2 incidents recorded about them" in page
    assert "The PDF is for the school to check before release" in page
