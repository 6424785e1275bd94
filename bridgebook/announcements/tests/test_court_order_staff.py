"""A member of the office who is also a contact a court order keeps from Amira (Rita,
``restricted_staff``) writes and reports announcements as the office does, but sees
nothing of Amira or her family there: not in the pupil picker, not in the delivery report's
rows or figures, not in the letters waiting to be printed, the batches she prints or the
printed batches she may download (issue 9: the order wins over the staff role)."""

from django.urls import reverse
from django.utils import timezone

from bridgebook.announcements import actions, selectors
from bridgebook.announcements.models import Announcement, LetterBatch
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import signed_in
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import Delivery


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


# The letter batch ------------------------------------------------------------------------

def _letters_for_layla_and_fiona(world) -> None:
    """A school announcement whose letters go to Layla (Amira's mother, 1 Maple Road) and
    Fiona (Ben's foster carer, 4 Birch Way)."""
    for contact in (world.parent_contact, world.foster_contact):
        contact.preferred_channels = ["letter"]
        contact.save(update_fields=["preferred_channels"])
    announcement = AnnouncementFactory(school=world.school, author=world.office)
    actions.do_send(announcement=announcement, acting_user=world.office)


def _queued_to(world, **kwargs) -> set[str]:
    return {d.message.contact.first_name
            for d in selectors.queued_letters(world.school, **kwargs)
            if d.message.contact_id in (world.parent_contact.pk, world.foster_contact.pk)}


def test_the_letter_queue_leaves_out_the_family_of_a_pupil_kept_from_the_reader(
        world, every_persona):
    _letters_for_layla_and_fiona(world)
    url = reverse("announcements:letters", args=[world.school.urn])

    office = signed_in(world.office).get(url).content.decode()
    rita = signed_in(world.restricted_staff).get(url).content.decode()

    assert "Layla Hassan" in office and "1 Maple Road" in office
    assert "Fiona Reed" in rita
    assert "Layla" not in rita and "Maple Road" not in rita and "Hassan" not in rita
    assert _queued_to(world) == {"Layla", "Fiona"}
    assert _queued_to(world, hidden_pupils={world.pupil.pk}) == {"Fiona"}


def test_a_batch_she_prints_leaves_out_that_family_and_the_office_prints_it_later(
        world, every_persona):
    _letters_for_layla_and_fiona(world)
    letters_url = reverse("announcements:letters_print", args=[world.school.urn])

    signed_in(world.restricted_staff).post(letters_url)

    hers = LetterBatch.objects.get()
    printed = Delivery.objects.filter(provider_id=f"letter-batch-{hers.pk}")
    assert world.foster_contact.pk in {d.message.contact_id for d in printed}
    assert not printed.filter(message__contact=world.parent_contact).exists()
    layla = Delivery.objects.get(channel="letter", message__contact=world.parent_contact)
    assert layla.status == Delivery.Status.QUEUED
    # The office prints Layla's letter in a batch of its own.
    signed_in(world.office).post(letters_url)
    layla.refresh_from_db()
    assert layla.status == Delivery.Status.SENT
    assert layla.provider_id != f"letter-batch-{hers.pk}"


def test_she_can_neither_list_nor_download_a_batch_naming_that_family(world, every_persona):
    _letters_for_layla_and_fiona(world)
    batch = actions.do_print_letters(school=world.school, acting_user=world.office)
    pdf_url = reverse("announcements:letters_pdf", args=[world.school.urn, batch.pk])
    page_url = reverse("announcements:letters", args=[world.school.urn])

    assert pdf_url in signed_in(world.office).get(page_url).content.decode()
    assert signed_in(world.office).get(pdf_url).status_code == 200
    assert pdf_url not in signed_in(world.restricted_staff).get(page_url).content.decode()
    assert signed_in(world.restricted_staff).get(pdf_url).status_code == 404
    assert list(selectors.letter_batches(world.school, hidden_pupils={world.pupil_b.pk})) \
        == []
    assert list(selectors.letter_batches(world.school,
                                         hidden_pupils={world.other_school_pupil.pk})) \
        == [batch]
