"""A contact restricted by a court order learns nothing about that pupil, by any path, at
any time: nothing is sent to them, and what reached them before the order was recorded is
no longer theirs to read. The order wins over any staff role the same person holds.

Every path that can send something to a person is walked with the restricted contact of the
``world`` personas (Rex Stone, restricted for Amira), and the order is recorded through the
page staff use after a parent (Omar, Amira's father) had signed in, received messages and
made a PDF of the book.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bridgebook.accounts import actions as account_actions
from bridgebook.announcements import actions as announcement_actions
from bridgebook.announcements.models import Announcement, Attachment
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent, Role, StaffRole
from bridgebook.diary import actions as diary_actions
from bridgebook.diary import notifications
from bridgebook.diary.models import BookExport, Entry
from bridgebook.messaging import actions as messaging_actions
from bridgebook.messaging import delivery
from bridgebook.messaging.models import Delivery, Message, NotificationPreference, OutboxMessage
from bridgebook.people.tests.factories import ClassStaffFactory, ContactFactory, PupilContactFactory

LONDON = dt.UTC  # the school day below is in winter: London is on UTC
SCHOOL_DAY = dt.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
EVENING = dt.datetime(2026, 12, 1, 19, 30, tzinfo=LONDON)
NEXT_MORNING = dt.datetime(2026, 12, 2, 8, 5, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _outboxes(settings):
    """Texts to the local outbox, where they can be counted (email goes to Django's test
    outbox in tests)."""
    settings.BRIDGEBOOK_SMS = {"BACKEND": "bridgebook.messaging.backends.outbox.SmsBackend"}


def reached(contact) -> list[str]:
    """Everything that went out to the contact's email address or mobile number."""
    emails = [m.subject for m in mail.outbox if contact.email in m.to]
    texts = list(OutboxMessage.objects.filter(to=contact.mobile).values_list("body", flat=True))
    return emails + texts


def publish_entry(world, capture, *, note: str, pupil=None) -> Entry:
    with capture(execute=True):
        return diary_actions.do_create_entry(
            pupil=pupil or world.pupil, author=world.class_teacher,
            origin=Entry.Origin.SCHOOL, date=dt.date(2026, 12, 1), data={"note": note},
            publish=True)


def send_announcement(world, capture, **fields) -> Announcement:
    announcement = AnnouncementFactory(school=world.school, author=world.office, **fields)
    with capture(execute=True):
        announcement_actions.do_send(announcement=announcement, acting_user=world.office)
    return announcement


# Nothing is ever sent to a restricted contact ----------------------------------------------

def test_the_office_is_not_offered_and_cannot_send_an_invitation(
        world, django_capture_on_commit_callbacks):
    rex = world.restricted_contact
    client = signed_in(world.office)
    page = client.get(reverse("people:contact", args=[rex.pk])).content.decode()
    assert "Invite to Bridgebook" not in page
    assert "Bridgebook cannot invite this contact" in page
    # Pressing it anyway (an old page, a crafted request): refused, said plainly, audited.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invite_contact", args=[rex.pk]), follow=True)
    assert "cannot be invited: a court order restricts them" in response.content.decode()
    assert reached(rex) == []
    refusal = AuditEvent.objects.get(action=AuditEvent.Action.REFUSE)
    assert (refusal.actor, refusal.object_id) == (world.office, str(rex.pk))
    assert "court order" in refusal.summary
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.INVITE).exists()


def test_the_invitation_action_refuses_whoever_calls_it(world,
                                                        django_capture_on_commit_callbacks):
    """A command, the shell or any later page goes through the same action."""
    with django_capture_on_commit_callbacks(execute=True), \
            pytest.raises(account_actions.InvitationRefused):
        account_actions.do_invite_contact(contact=world.restricted_contact, acting_user=None)
    assert reached(world.restricted_contact) == []
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSE,
                                     object_id=str(world.restricted_contact.pk)).count() == 1
    # A grandparent with no responsibility, not named to hear from school: not invited either.
    grandparent = ContactFactory(school=world.school, email="gran@family.example")
    PupilContactFactory(pupil=world.pupil, contact=grandparent, relationship="OTH",
                        parental_responsibility=False)
    with pytest.raises(account_actions.InvitationRefused) as refused:
        account_actions.do_invite_contact(contact=grandparent, acting_user=world.office)
    assert not refused.value.restricted
    assert reached(grandparent) == []


def test_every_path_that_sends_sends_nothing_to_the_restricted_contact(
        world, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    rex = world.restricted_contact
    NotificationPreference.objects.create(contact=rex, book=NotificationPreference.Book.INSTANT)
    with time_machine.travel(SCHOOL_DAY, tick=False):
        # Sign-in by email and by text.
        for address in (rex.email, "07700 900003"):
            with capture(execute=True):
                Client().post(reverse("accounts:family_sign_in"), {"address": address})
        # Announcements, plain and important, to the school and to the class.
        send_announcement(world, capture)
        send_announcement(world, capture, important=True)
        classes = AnnouncementFactory(school=world.school, author=world.office,
                                      audience=Announcement.Audience.CLASSES)
        classes.classes.set([world.class_a])
        with capture(execute=True):
            announcement_actions.do_send(announcement=classes, acting_user=world.office)
        # A conversation started by staff, and a reply in it.
        with capture(execute=True):
            started = messaging_actions.do_start_conversation(
                pupil=world.pupil, author=world.class_teacher, subject="Swimming",
                body="Amira swam a width today.")
            messaging_actions.do_reply(conversation=started.conversation,
                                   author=world.class_teacher, body="And again.")
        # Instant book notifications: an entry and a class event.
        publish_entry(world, capture, note="Amira used her inhaler after PE.")
        with capture(execute=True):
            diary_actions.do_create_event(
                school=world.school, school_class=world.class_a, date=dt.date(2026, 12, 1),
                title="Trip to the farm", description="", author=world.class_teacher,
                publish=True)
    # The daily digest, for a restricted contact who chose it.
    NotificationPreference.objects.filter(contact=rex).update(
        book=NotificationPreference.Book.DIGEST)
    with time_machine.travel(SCHOOL_DAY.replace(hour=17, minute=30), tick=False), \
            capture(execute=True):
        notifications.send_book_digests()
    # Texts for what is unread in the app, and the letters waiting to be printed.
    with time_machine.travel(SCHOOL_DAY + dt.timedelta(days=1), tick=False), \
            capture(execute=True):
        delivery.fall_back_unread(minutes=1)
        call_command("send_due_deliveries", stdout=None)
    with capture(execute=True):
        announcement_actions.do_print_letters(school=world.school, acting_user=world.office)

    assert not Message.objects.filter(contact=rex).exists()
    assert not Delivery.objects.filter(message__contact=rex).exists()
    assert reached(rex) == []
    assert not rex.sign_in_tokens.exists()
    # Each refusal to send him a sign-in message is in the school's audit log.
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSE, object_id=str(rex.pk),
                                     summary__contains="sign-in").count() == 2
    # ...while the paths did send, to Layla and Omar.
    assert reached(world.parent_contact) and reached(world.separated_contact)


# A court order recorded after the parent already had access -----------------------------

def _sign_in_by_code(address: str, capture) -> Client:
    client = Client()
    with capture(execute=True):
        client.post(reverse("accounts:family_sign_in"), {"address": address})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    client.post(reverse("accounts:family_code"), {"code": code})
    return client


def test_a_court_order_recorded_later_takes_back_everything_that_reached_the_parent(
        world, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    omar_contact = world.separated_contact
    NotificationPreference.objects.create(contact=omar_contact,
                                          book=NotificationPreference.Book.INSTANT)
    with time_machine.travel(SCHOOL_DAY, tick=False):
        omar = _sign_in_by_code(omar_contact.email, capture)
        # The class trip letter, with its attachment.
        letter = AnnouncementFactory(school=world.school, author=world.office,
                                     subject="Class trip letter")
        upload = SimpleUploadedFile("trip.pdf", b"%PDF-1.4 trip", "application/pdf")
        upload.bb_content_type = "application/pdf"
        announcement_actions.add_attachment(announcement=letter, upload=upload,
                                            acting_user=world.office)
        with capture(execute=True):
            announcement_actions.do_send(announcement=letter, acting_user=world.office)
        attachment = Attachment.objects.get()
        # A book notification quoting an entry about Amira's inhaler.
        entry = publish_entry(world, capture, note="Amira needed her inhaler at lunch.")
        # A conversation with staff.
        with capture(execute=True):
            started = messaging_actions.do_start_conversation(
                pupil=world.pupil, author=world.class_teacher, subject="Swimming kit",
                body="Please send Amira's swimming kit on Thursday.",
                contact_ids=[omar_contact.pk])
        # A PDF of the book (made at once: tasks run immediately in tests).
        with capture(execute=True):
            omar.post(reverse("diary:book_pdf", args=[world.pupil.pk]),
                      {"from": "2026-11-01", "to": "2026-12-01"})
    export = BookExport.objects.get(requested_by=world.separated_parent)
    assert export.status == BookExport.Status.READY

    # In the evening the teacher writes again: the email and text wait until morning.
    with time_machine.travel(EVENING, tick=False), capture(execute=True):
        messaging_actions.do_reply(conversation=started.conversation, author=world.class_teacher,
                               body="Thank you for the kit.")
    held = Delivery.objects.filter(message__contact=omar_contact,
                                   message__kind="conversation",
                                   channel=Delivery.Channel.EMAIL,
                                   status=Delivery.Status.QUEUED)
    assert held.count() == 1

    mine = list(Message.objects.filter(contact=omar_contact))
    book_message = next(m for m in mine if m.kind == "book")
    assert "inhaler" in book_message.body
    urls = {
        "inbox message": reverse("announcements:message", args=[book_message.pk]),
        "attachment": reverse("announcements:attachment", args=[attachment.pk]),
        "conversation": reverse("messaging:conversation", args=[started.conversation_id]),
        "book": reverse("diary:book", args=[world.pupil.pk]),
        "entry": reverse("diary:entry", args=[entry.pk]),
        "export": reverse("diary:book_export_download", args=[export.pk]),
        "pupil": reverse("people:pupil", args=[world.pupil.pk]),
    }
    checking = time_machine.travel(EVENING + dt.timedelta(minutes=10), tick=False)
    checking.start()
    for name, url in urls.items():
        assert omar.get(url).status_code == 200, name
    inbox = omar.get(reverse("announcements:inbox")).content.decode()
    assert "Class trip letter" in inbox

    # The office records the court order on the page staff use.
    link = omar_contact.pupil_links.get(pupil=world.pupil)
    with capture(execute=True):
        response = signed_in(world.office).post(
            reverse("people:pupil_contact_edit", args=[link.pk]),
            {"relationship": link.relationship, "parental_responsibility": "on",
             "priority": link.priority, "is_restricted": "on",
             "restriction_note": "Court order: no information to be shared."})
    assert response.status_code == 302

    for name, url in urls.items():
        assert omar.get(url).status_code == 404, name
    for message in mine:
        url = reverse("announcements:message", args=[message.pk])
        assert omar.get(url).status_code == 404
    inbox = omar.get(reverse("announcements:inbox")).content.decode()
    assert "Class trip letter" not in inbox and "inhaler" not in inbox
    home = omar.get(reverse("core:home")).content.decode()
    assert world.pupil.display_name not in home
    checking.stop()
    # What waited for the morning is withdrawn, and the morning's run sends nothing to him.
    assert held.count() == 0
    assert Delivery.objects.get(message__contact=omar_contact, channel="email",
                                message__source_id=Message.objects.filter(
                                    contact=omar_contact).latest("pk").source_id,
                                message__kind="conversation",
                                ).status == Delivery.Status.WITHDRAWN
    before = len(reached(omar_contact))
    with time_machine.travel(NEXT_MORNING, tick=False), capture(execute=True):
        call_command("send_due_deliveries", stdout=None)
        delivery.fall_back_unread(minutes=1)
    assert len(reached(omar_contact)) == before
    # Nor can he ask to sign in again, or use a code sent before the order.
    with capture(execute=True):
        Client().post(reverse("accounts:family_sign_in"), {"address": omar_contact.email})
    assert len(reached(omar_contact)) == before


def test_a_sign_in_code_sent_before_the_order_no_longer_signs_in(
        world, django_capture_on_commit_callbacks):
    contact = world.separated_contact
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:family_sign_in"), {"address": contact.email})
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    link = contact.pupil_links.get()
    link.is_restricted = True
    link.save(update_fields=["is_restricted"])
    client.post(reverse("accounts:family_code"), {"code": code})
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REFUSE,
                                     object_id=str(contact.pk)).exists()


def test_a_text_claimed_after_the_order_is_withdrawn_not_sent(world):
    """The send checks again, whatever path recorded the order (here, none that withdrew)."""
    message = delivery.create_message(
        school=world.school, contact=world.separated_contact, kind="other",
        body="About Amira", channels=[Delivery.Channel.SMS], pupils=[world.pupil])
    row = message.deliveries.get(channel=Delivery.Channel.SMS)
    world.separated_contact.pupil_links.update(is_restricted=True)
    assert delivery.send_delivery(row.pk) == Delivery.Status.WITHDRAWN
    row.refresh_from_db()
    assert row.status == Delivery.Status.WITHDRAWN and row.provider_id == ""
    assert not OutboxMessage.objects.exists()


# The order wins over a staff role ---------------------------------------------------------

@pytest.fixture
def restricted_teacher(world):
    """Rex Stone, restricted for Amira, is also a teaching assistant in her class."""
    StaffRole.objects.create(user=world.restricted_parent, school=world.school,
                             role=Role.TEACHING_ASSISTANT)
    ClassStaffFactory(school_class=world.class_a, user=world.restricted_parent)
    return world.restricted_parent


def test_a_member_of_staff_who_is_a_restricted_contact_sees_nothing_of_that_pupil(
        world, restricted_teacher):
    client = signed_in(restricted_teacher)
    for url in (reverse("people:pupil", args=[world.pupil.pk]),
                reverse("diary:book", args=[world.pupil.pk]),
                reverse("messaging:pupil_conversations", args=[world.pupil.pk]),
                reverse("people:contact", args=[world.parent_contact.pk])):
        assert client.get(url).status_code == 404, url
    for url in (reverse("core:home"), reverse("people:class", args=[world.class_a.pk]),
                reverse("diary:class_day", args=[world.class_a.pk])):
        page = client.get(url)
        assert page.status_code == 200
        assert world.pupil.display_name not in page.content.decode(), url


def test_a_whole_school_role_does_not_outweigh_the_order(world):
    """Matched by email address too: the school's SENCO is the contact the order names."""
    order = ContactFactory(school=world.school, first_name="Sam", last_name="Senco",
                           email="SAM@mapledown.example")
    PupilContactFactory(pupil=world.pupil_b, contact=order, relationship="PAF",
                        is_restricted=True)
    client = signed_in(world.senco)
    assert client.get(reverse("people:pupil", args=[world.pupil_b.pk])).status_code == 404
    assert client.get(reverse("people:pupil", args=[world.pupil.pk])).status_code == 200
    pupils = client.get(reverse("people:pupils", args=[world.school.urn])).content.decode()
    assert "Jones" not in pupils and "Hassan" in pupils


def test_the_principal_is_told_the_restriction_is_in_force(world, restricted_teacher):
    page = signed_in(world.principal).get(reverse("core:home")).content.decode()
    assert ("A court order is in force: Rex Stone, a member of staff, is a restricted "
            "contact of Amira Hassan") in page
    # Other staff are not told.
    assert "court order is in force" not in signed_in(world.class_teacher).get(
        reverse("core:home")).content.decode()


def test_the_principal_is_told_of_a_member_of_staff_the_order_names_by_email(world):
    order = ContactFactory(school=world.school, first_name="Sam", last_name="Senco",
                           email=world.senco.email.upper())
    PupilContactFactory(pupil=world.pupil_b, contact=order, relationship="PAF",
                        is_restricted=True)
    page = signed_in(world.principal).get(reverse("core:home")).content.decode()
    pupil = f"{world.pupil_b.legal_first_name} {world.pupil_b.legal_last_name}"
    assert (f"A court order is in force: {world.senco.full_name}, a member of staff, is a "
            f"restricted contact of {pupil}") in page
