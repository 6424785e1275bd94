"""Every announcement page against every persona, and what each page shows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bridgebook.announcements import actions
from bridgebook.announcements.models import Announcement, Attachment
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.tests.queries import family_landing
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import Message

COMPOSERS = {"principal", "office", "senco", "trust_admin"}
LETTER_ROLES = {"principal", "office", "trust_admin"}
SCHOOL_STAFF = {"class_teacher", "other_teacher", "principal", "office", "senco", "therapist",
                "trust_admin"}
FAMILY = {"parent", "separated_parent", "restricted_parent"}


def expected(allowed: set, visible: set, ok: int = 200) -> dict[str, int]:
    return {name: ok if name in allowed else 403 if name in visible else 404
            for name in PERSONAS if name != "anonymous"}


def _draft(w):
    return AnnouncementFactory(school=w.school, author=w.office)


def _sent(w):
    announcement = _draft(w)
    actions.do_send(announcement=announcement, acting_user=w.office)
    return announcement


PAGES = [
    ("list", lambda w: [w.school.urn], expected(COMPOSERS, SCHOOL_STAFF)),
    ("new", lambda w: [w.school.urn], expected(COMPOSERS, SCHOOL_STAFF)),
    ("detail", lambda w: [w.school.urn, _draft(w).pk], expected(COMPOSERS, SCHOOL_STAFF)),
    ("edit", lambda w: [w.school.urn, _draft(w).pk], expected(COMPOSERS, SCHOOL_STAFF)),
    ("report", lambda w: [w.school.urn, _sent(w).pk], expected(COMPOSERS, SCHOOL_STAFF)),
    ("letters", lambda w: [w.school.urn], expected(LETTER_ROLES, SCHOOL_STAFF)),
    ("inbox", lambda w: [], expected(FAMILY, set())),
]


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("page,args,statuses", PAGES, ids=[p[0] for p in PAGES])
def test_page_access(world, name, page, args, statuses):
    response = signed_in(persona(world, name)).get(reverse(f"announcements:{page}",
                                                           args=args(world)))
    if name == "anonymous":
        assert response.status_code == 302
        assert "/accounts/" in response["Location"]
    else:
        assert response.status_code == statuses[name]


POSTS = [
    ("send", lambda w: [w.school.urn, _draft(w).pk], expected(COMPOSERS, SCHOOL_STAFF, 302)),
    ("letters_print", lambda w: [w.school.urn], expected(LETTER_ROLES, SCHOOL_STAFF, 302)),
]


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("page,args,statuses", POSTS, ids=[p[0] for p in POSTS])
def test_post_access(world, name, page, args, statuses):
    response = signed_in(persona(world, name)).post(reverse(f"announcements:{page}",
                                                            args=args(world)))
    if name == "anonymous":
        assert response.status_code == 302 and "/accounts/" in response["Location"]
    else:
        assert response.status_code == statuses[name]


def test_compose_shows_errors_in_the_summary(world):
    client = signed_in(world.office)
    response = client.post(reverse("announcements:new", args=[world.school.urn]),
                           {"audience": "classes", "language": "en"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert 'href="#id_subject"' in content and "Enter a subject" in content
    assert 'href="#id_classes_0"' in content and "Choose at least one class" in content
    assert not Announcement.objects.exists()


def test_compose_preview_send_report(world):
    client = signed_in(world.office)
    response = client.post(reverse("announcements:new", args=[world.school.urn]), {
        "subject": "Trip", "body": "We go to the farm\u00a0on Monday.", "audience": "classes",
        "classes": [world.class_a.pk], "language": "en", "important": "on",
        "attachment": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 test", "application/pdf"),
    })
    announcement = Announcement.objects.get()
    assert response["Location"] == reverse("announcements:detail",
                                           args=[world.school.urn, announcement.pk])
    assert announcement.important and announcement.attachments.count() == 1
    page = client.get(response["Location"]).content.decode()
    # Layla and Omar (separate households); never Rex, who is restricted.
    assert "2 contacts in 2 households" in page
    assert "Arabic" in page and "English" in page
    # Important: everyone at once; Layla's Arabic is checked afterwards.
    assert ("This announcement is important, so everyone gets it at once. The 1 contact "
            "who reads Arabic gets a machine translation") in page
    send = client.post(reverse("announcements:send", args=[world.school.urn, announcement.pk]))
    assert send.status_code == 302
    again = client.post(reverse("announcements:send", args=[world.school.urn, announcement.pk]))
    assert again.status_code == 302
    assert sorted(Message.objects.filter(kind="announcement")
                  .values_list("contact__first_name", flat=True)) == ["Layla", "Omar"]
    report = client.get(reverse("announcements:report",
                                args=[world.school.urn, announcement.pk])).content.decode()
    assert "Layla Hassan" in report and "Omar Hassan" in report
    assert "A person has not checked the translation yet" in report
    assert "Rex Stone" not in report


def test_sms_segments_and_ucs2_characters_are_shown(world):
    world.parent_contact.preferred_channels = ["sms"]
    world.parent_contact.save(update_fields=["preferred_channels"])
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       subject="Trip", body="Bring\u00a0a coat 😀 " + "x" * 60)
    page = signed_in(world.office).get(
        reverse("announcements:detail", args=[world.school.urn, announcement.pk])).content.decode()
    assert 'id="sms-estimate"' in page
    assert "UCS-2" in page
    assert "No-break space" in page          # replaced before sending
    assert "Grinning face" in page           # left, and forces UCS-2
    assert "<td class=\"govuk-table__cell govuk-table__cell--numeric\">2</td>" in page


def test_sent_announcement_cannot_be_changed(world):
    announcement = _sent(world)
    response = signed_in(world.office).get(
        reverse("announcements:edit", args=[world.school.urn, announcement.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("/report/")


def test_attachment_type_and_size_are_checked(world):
    client = signed_in(world.office)
    response = client.post(reverse("announcements:new", args=[world.school.urn]), {
        "subject": "Trip", "body": "Hello", "audience": "school", "language": "en",
        "attachment": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")})
    assert "The file must be a PDF, JPEG or PNG" in response.content.decode()
    assert not Attachment.objects.exists()


# Attachments -----------------------------------------------------------------------------

ATTACHMENT_STATUS = {**{name: 200 for name in SCHOOL_STAFF},
                     "parent": 200, "separated_parent": 200}


@pytest.mark.parametrize("name", PERSONAS)
def test_attachment_access(world, name):
    announcement = AnnouncementFactory(school=world.school, author=world.office,
                                       audience=Announcement.Audience.CLASSES)
    announcement.classes.set([world.class_a])
    upload = SimpleUploadedFile("plan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png")
    upload.bb_content_type = "image/png"
    item = actions.add_attachment(announcement=announcement, upload=upload,
                                  acting_user=world.office)
    actions.do_send(announcement=announcement, acting_user=world.office)
    response = signed_in(persona(world, name)).get(
        reverse("announcements:attachment", args=[item.pk]))
    if name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == ATTACHMENT_STATUS.get(name, 404)
    if response.status_code == 200:
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"


# The inbox -------------------------------------------------------------------------------

def test_inbox_lists_newest_first_and_opening_marks_read(world):
    first = AnnouncementFactory(school=world.school, author=world.office, subject="First")
    actions.do_send(announcement=first, acting_user=world.office)
    # Important and written in Layla's language, so she gets it at once.
    second = AnnouncementFactory(school=world.school, author=world.office, subject="Second",
                                 important=True, language="ar")
    actions.do_send(announcement=second, acting_user=world.office)
    client = signed_in(world.parent)
    page = client.get(reverse("announcements:inbox")).content.decode()
    assert page.index("Second") < page.index("First")
    assert page.count(">New</strong>") == 2
    assert "Important" in page
    message = Message.objects.get(contact=world.parent_contact, source_id=second.pk)
    detail = client.get(reverse("announcements:message", args=[message.pk]))
    assert detail.status_code == 200
    # Written in Arabic, so Layla's copy names Amira in Arabic: the text as written follows.
    assert "Amira" in detail.content.decode()
    assert "Sports day is on Friday." in detail.content.decode()
    message.refresh_from_db()
    assert message.read_at is not None
    assert message.deliveries.get(channel="app").status == "read"
    page = client.get(reverse("announcements:inbox")).content.decode()
    assert page.count(">New</strong>") == 1


def test_nobody_opens_another_contacts_message(world):
    announcement = _sent(world)
    message = Message.objects.get(contact=world.parent_contact, source_id=announcement.pk)
    for user in (world.separated_parent, world.restricted_parent, world.office, world.outsider):
        response = signed_in(user).get(reverse("announcements:message", args=[message.pk]))
        assert response.status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_inbox_query_count(world, django_assert_num_queries):
    for n in range(3):
        actions.do_send(announcement=AnnouncementFactory(
            school=world.school, author=world.office, subject=f"Note {n}"),
            acting_user=world.office)
    client = signed_in(world.parent)
    client.get(reverse("announcements:inbox"))
    # session, user, the viewer (roles, court orders, trusts, contacts), messages with school
    # (and, in the same query, how many there are for the pages), the announcements'
    # importance and files
    with django_assert_num_queries(5):
        client.get(reverse("announcements:inbox"))


def test_older_messages_are_on_later_pages(world, django_assert_num_queries):
    actions.do_send(announcement=AnnouncementFactory(
        school=world.school, author=world.office, subject="Oldest note"),
        acting_user=world.office)
    for n in range(30):
        create_messages(school=world.school, kind="other", drafts=[
            Draft(contact=world.parent_contact, subject=f"Note {n}", body="x")])
    client = signed_in(world.parent)
    url = reverse("announcements:inbox")
    first = client.get(url).content.decode()
    assert first.count('<li class="govuk-summary-card') == 25
    assert "Note 29" in first and "Oldest note" not in first and "Page 1 of 2" in first
    with django_assert_num_queries(5):     # as on the first page (test_inbox_query_count)
        second = client.get(url + "?page=2").content.decode()
    assert second.count('<li class="govuk-summary-card') == 6 and "Oldest note" in second


def test_family_landing_shows_unread_count_in_one_query(world, django_assert_num_queries):
    actions.do_send(announcement=_draft(world), acting_user=world.office)
    client = signed_in(world.parent)
    # session, user, the Viewer, children, then each app's count over them, one query each
    # (unread book entries, unread conversation messages, unread messages: this app's...)
    with django_assert_num_queries(family_landing()):
        content = client.get(reverse("core:home")).content.decode()
    assert "1 unread message" in content
    assert 'href="/messages/"' in content


def test_older_announcements_are_on_later_pages(world, django_assert_num_queries):
    AnnouncementFactory(school=world.school, author=world.office, subject="The first one")
    for n in range(50):
        AnnouncementFactory(school=world.school, author=world.office, subject=f"Notice {n}")
    client = signed_in(world.office)
    url = reverse("announcements:list", args=[world.school.urn])
    first = client.get(url).content.decode()
    assert "The first one" not in first and "Page 1 of 2" in first
    with django_assert_num_queries(len(_queries(client, url))):
        second = client.get(url + "?page=2").content.decode()
    assert "The first one" in second


def _queries(client, url) -> list:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return queries.captured_queries
