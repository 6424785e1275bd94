"""A member of the office who is also a contact a court order keeps from Amira (Rita,
``restricted_staff``) writes and reports announcements as the office does, but sees
nothing of Amira or her family there: not in the pupil picker, not in the delivery report's
rows or figures (issue 9: the order wins over the staff role)."""

from django.urls import reverse
from django.utils import timezone

from bridgebook.announcements import selectors
from bridgebook.announcements.models import Announcement
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import signed_in
from bridgebook.messaging.delivery import Draft, create_messages


def _sent_to_layla_and_fiona(world) -> Announcement:
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       status=Announcement.Status.SENT,
                                       sent_at=timezone.now(), sent_by=world.office)
    create_messages(school=world.school, kind="announcement", source_id=announcement.pk,
                    drafts=[Draft(contact=world.parent_contact, subject="Sports day",
                                  body="On Friday", pupils=[world.pupil]),
                            Draft(contact=world.foster_contact, subject="Sports day",
                                  body="On Friday", pupils=[world.pupil_b])])
    return announcement


def test_the_report_leaves_out_the_family_of_a_pupil_kept_from_the_reader(world,
                                                                          every_persona):
    announcement = _sent_to_layla_and_fiona(world)
    url = reverse("announcements:report", args=[world.school.urn, announcement.pk])

    office = signed_in(world.office).get(url).content.decode()
    rita = signed_in(world.restricted_staff).get(url)

    assert "Layla" in office and "Fiona" in office
    page = rita.content.decode()
    assert rita.status_code == 200
    assert "Fiona" in page and "Layla" not in page and "Hassan" not in page
    report = selectors.delivery_report(announcement,
                                       hidden_pupils={world.pupil.pk})
    assert [row.contact for row in report.rows] == [world.foster_contact]
    # The figures count Fiona only: Layla is not counted where she is not named.
    counted = report.reached + report.pending + report.not_reached + report.waiting
    assert counted == 1
    assert sum(item.contacts for item in report.reach) == 1
    everyone = selectors.delivery_report(announcement)
    assert len(everyone.rows) == 2
    assert everyone.reached + everyone.pending + everyone.not_reached + everyone.waiting == 2


def test_the_pupil_picker_leaves_out_a_pupil_kept_from_the_writer(world, every_persona):
    url = reverse("announcements:new", args=[world.school.urn])

    page = signed_in(world.restricted_staff).get(url).content.decode()

    assert "Ben" in page and "Amira" not in page
    assert "Amira" in signed_in(world.office).get(url).content.decode()
    # Nor can she choose Amira by posting her id.
    response = signed_in(world.restricted_staff).post(url, {
        "subject": "Trip", "body": "Hello", "audience": "pupils", "language": "en",
        "pupils": [world.pupil.pk]})
    assert response.status_code == 200 and not Announcement.objects.exists()


def test_a_draft_naming_that_pupil_keeps_her_when_the_writer_saves_it(world, every_persona):
    draft = AnnouncementFactory(school=world.school, author=world.office,
                                audience=Announcement.Audience.PUPILS)
    draft.pupils.set([world.pupil, world.pupil_b])
    url = reverse("announcements:edit", args=[world.school.urn, draft.pk])
    client = signed_in(world.restricted_staff)

    assert "Amira" not in client.get(url).content.decode()
    response = client.post(url, {"subject": "Trip", "body": "Hello", "audience": "pupils",
                                 "language": "en", "pupils": [world.pupil_b.pk]})

    assert response.status_code == 302
    assert set(draft.pupils.all()) == {world.pupil, world.pupil_b}
