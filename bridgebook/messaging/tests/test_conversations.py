"""Conversations between a pupil's staff and family: who may see and write, what each
side is sent, unread badges, and fixed query counts."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.conftest import PERSONAS, persona
from bridgebook.core.access import viewer_for
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.queries import FAMILY_FRAME, STAFF_FRAME
from bridgebook.messaging import actions, conversations
from bridgebook.messaging.models import Conversation, ConversationMessage, Delivery, Message
from bridgebook.messaging.tests.test_quiet_hours import MONDAY_LATE, TUESDAY_8, at
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory
from bridgebook.translation.backends.local import LocalBackend

# Who can see Amira (Class A) and so write to or about her.
SEES_AMIRA = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin",
              "parent", "separated_parent"}
FAMILY = {"parent", "separated_parent"}
# Who reads the conversation the teacher started with Layla's household: staff who see
# Amira, and Layla; Omar, who lives elsewhere, has his own.
READS_LAYLAS = SEES_AMIRA - {"separated_parent"}


@pytest.fixture
def started(world, django_capture_on_commit_callbacks):
    """The class teacher wrote to Amira's family at 10:00 on a Tuesday: Layla's household's
    conversation (Omar's, the other household's, is ``omars``)."""
    with time_machine.travel(at(1, 10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.do_start_conversation(
                pupil=world.pupil, author=world.class_teacher, subject="Swimming",
                body="Please send a towel on Thursday.").conversation


@pytest.fixture
def omars(world, started):
    return Conversation.objects.exclude(pk=started.pk).get(subject="Swimming")


def _expect(response, name, ok=200, readers=SEES_AMIRA):
    if name == "anonymous":
        assert response.status_code == 302
    elif name in readers:
        assert response.status_code == ok, name
    else:
        assert response.status_code == 404, name


# Persona matrices -----------------------------------------------------------------------

@pytest.mark.parametrize("name", PERSONAS)
def test_list_page(world, client_for, started, name):
    response = client_for(persona(world, name)).get(
        reverse("messaging:pupil_conversations", args=[world.pupil.pk]))
    _expect(response, name)
    if response.status_code == 200:
        assert "Swimming" in response.content.decode()


@pytest.mark.parametrize("name", PERSONAS)
def test_thread_page(world, client_for, started, name):
    response = client_for(persona(world, name)).get(
        reverse("messaging:conversation", args=[started.pk]))
    _expect(response, name, readers=READS_LAYLAS)
    if response.status_code == 200:
        page = response.content.decode()
        assert "Please send a towel on Thursday." in page
        assert "<bdi>Cara Teacher</bdi> usually replies Mon–Fri 8:00–17:00" in page


@pytest.mark.parametrize("name", PERSONAS)
def test_new_page(world, client_for, name):
    response = client_for(persona(world, name)).get(
        reverse("messaging:conversation_new", args=[world.pupil.pk]))
    _expect(response, name)


@pytest.mark.parametrize("name", PERSONAS)
def test_reply_post(world, client_for, started, name):
    response = client_for(persona(world, name)).post(
        reverse("messaging:conversation", args=[started.pk]), {"body": f"From {name}"})
    _expect(response, name, ok=302, readers=READS_LAYLAS)
    saved = ConversationMessage.objects.filter(body=f"From {name}").exists()
    assert saved == (name in READS_LAYLAS)


@pytest.mark.parametrize("name", PERSONAS)
def test_new_post(world, client_for, name):
    with time_machine.travel(at(1, 10), tick=False):
        response = client_for(persona(world, name)).post(
            reverse("messaging:conversation_new", args=[world.pupil.pk]),
            {"subject": "Hello", "body": f"From {name}",
             "contacts": [world.parent_contact.pk]})
    _expect(response, name, ok=302)
    assert Conversation.objects.filter(subject="Hello").exists() == (name in SEES_AMIRA)


@pytest.mark.parametrize("name", PERSONAS)
def test_inbox_page(world, client_for, name):
    response = client_for(persona(world, name)).get(reverse("messaging:inbox"))
    if name == "anonymous":
        assert response.status_code == 302
    elif name in {"restricted_parent"}:
        # A family member: sees the inbox, but no children they are restricted from.
        assert response.status_code == 200
        assert "Amira" not in response.content.decode()
    elif name == "outsider":
        assert response.status_code == 404
    else:
        assert response.status_code == 200


def test_other_pupils_conversation_is_not_found_for_a_parent(world, client_for):
    PupilContactFactory(pupil=world.pupil_b, relationship="PAM")
    conversation = actions.do_start_conversation(
        pupil=world.pupil_b, author=world.other_teacher, subject="Ben", body="About Ben")
    response = client_for(world.parent).get(
        reverse("messaging:conversation", args=[conversation.conversation_id]))
    assert response.status_code == 404


# What each side is sent ------------------------------------------------------------------

def test_staff_message_goes_to_each_household_on_its_own_never_the_restricted(
        world, started, omars):
    message = started.messages.get()
    copies = Message.objects.filter(kind="conversation", source_id=message.pk)
    assert {m.contact for m in copies} == {world.parent_contact}
    assert list(started.contacts.all()) == [world.parent_contact]
    assert list(omars.contacts.all()) == [world.separated_contact]
    assert Message.objects.get(kind="conversation",
                               source_id=omars.messages.get().pk).contact == (
        world.separated_contact)
    assert not Message.objects.filter(contact=world.restricted_contact).exists()
    layla = copies.get(contact=world.parent_contact)
    assert layla.language == "ar"
    assert "Cara Teacher wrote about Amira" in layla.body or layla.body  # in Arabic if translated
    assert "Please send a towel on Thursday." in layla.body
    assert f"/messages/conversations/{started.pk}/" in layla.body
    assert AuditEvent.objects.filter(object_type="conversationmessage",
                                     object_id=str(message.pk)).exists()


@time_machine.travel(at(1, 11), tick=False)
def test_family_reply_sends_nothing_and_shows_the_class_teacher_a_badge(
        world, client_for, started):
    before = Message.objects.count()
    teacher = client_for(world.class_teacher)
    assert "nothing unread" in teacher.get(reverse("messaging:unread_badge")).content.decode()
    client_for(world.parent).post(reverse("messaging:conversation", args=[started.pk]),
                                  {"body": "Will do, thank you."})
    assert Message.objects.count() == before
    reply = ConversationMessage.objects.get(body="Will do, thank you.")
    assert reply.from_family and reply.author == world.parent
    assert conversations.unread_for_staff(world.class_teacher) == 1
    assert conversations.unread_for_staff(world.other_teacher) == 0
    assert "1 unread" in teacher.get(reverse("messaging:unread_badge")).content.decode()
    inbox = teacher.get(reverse("messaging:inbox")).content.decode()
    assert "<bdi>Amira Hassan</bdi>: <bdi>Swimming</bdi>" in inbox
    teacher.get(reverse("messaging:conversation", args=[started.pk]))
    assert conversations.unread_for_staff(world.class_teacher) == 0


def test_family_unread_becomes_read_when_they_open_the_thread(world, client_for, started):
    client = client_for(world.parent)
    listing = client.get(reverse("messaging:pupil_conversations", args=[world.pupil.pk]))
    assert "1 unread" in listing.content.decode()
    client.get(reverse("messaging:conversation", args=[started.pk]))
    message = Message.objects.get(contact=world.parent_contact)
    assert message.read_at is not None
    assert message.deliveries.get(channel=Delivery.Channel.APP).status == Delivery.Status.READ
    # The separated parent's copy, in his own conversation, is his and still unread.
    assert Message.objects.get(contact=world.separated_contact).read_at is None


def test_late_post_tells_the_teacher_when_it_goes(world, client_for):
    with time_machine.travel(MONDAY_LATE, tick=False):
        client = client_for(world.class_teacher)
        response = client.post(reverse("messaging:conversation_new", args=[world.pupil.pk]),
                               {"subject": "Trip", "body": "Trip money by Friday.",
                                "contacts": [world.parent_contact.pk]},
                               follow=True)
        page = response.content.decode()
    assert "will be sent at 08:00 on Tuesday 24 November" in page
    assert "Email and text will be sent at 08:00" in page
    message = ConversationMessage.objects.get()
    assert message.send_after == TUESDAY_8
    # The family sees it in the app at once.
    with time_machine.travel(MONDAY_LATE, tick=False):
        family = client_for(world.parent).get(
            reverse("messaging:conversation", args=[message.conversation_id]))
    assert "Trip money by Friday." in family.content.decode()
    assert "Email and text will be sent" not in family.content.decode()


def test_urgent_is_offered_only_to_seniors_and_refused_otherwise(world, client_for):
    url = reverse("messaging:conversation_new", args=[world.pupil.pk])
    assert "Urgent" in client_for(world.principal).get(url).content.decode()
    assert "Urgent" not in client_for(world.class_teacher).get(url).content.decode()
    with time_machine.travel(MONDAY_LATE, tick=False):
        # A forged "urgent" from a teacher is ignored by the form: held until morning.
        client_for(world.class_teacher).post(url, {"subject": "S", "body": "B",
                                                   "urgent": "on",
                                                   "contacts": [world.parent_contact.pk]})
        client_for(world.principal).post(url, {"subject": "S2", "body": "B2",
                                               "urgent": "on",
                                               "contacts": [world.parent_contact.pk]})
    teacher_message = ConversationMessage.objects.get(body="B")
    assert not teacher_message.urgent and teacher_message.send_after == TUESDAY_8
    principal_message = ConversationMessage.objects.get(body="B2")
    assert principal_message.urgent and principal_message.send_after == MONDAY_LATE


def test_form_errors(world, client_for):
    response = client_for(world.class_teacher).post(
        reverse("messaging:conversation_new", args=[world.pupil.pk]), {})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a subject" in page and "Write your message" in page
    assert "Choose at least one family member" in page


# Query counts ----------------------------------------------------------------------------

def _add_messages(conversation, world, count):
    for index in range(count):
        author = world.parent if index % 2 else world.class_teacher
        actions.do_reply(conversation=conversation, author=author,
                               body=f"Message {index}")


def test_thread_query_count_is_fixed(world, client_for, started, django_assert_num_queries):
    client = client_for(world.parent)
    url = reverse("messaging:conversation", args=[started.pk])
    _add_messages(started, world, 2)  # 3 messages
    client.get(url)
    # FAMILY_FRAME; conversation with pupil, messages with authors, unread copies to mark
    # read, class teachers, working hours, users by id
    with django_assert_num_queries(FAMILY_FRAME + 6):
        client.get(url)
    _add_messages(started, world, 3)  # 6 messages
    client.get(url)
    with django_assert_num_queries(FAMILY_FRAME + 6):
        client.get(url)


@pytest.mark.parametrize("rows", [2, 5])
def test_a_translated_thread_costs_the_same_however_long(world, client_for, started, settings,
                                                         rows, django_assert_num_queries):
    """Layla reads Arabic: every message of the thread in one translation batch."""
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    client = client_for(world.parent)
    url = reverse("messaging:conversation", args=[started.pk])
    _add_messages(started, world, rows)
    client.get(url)
    # as test_thread_query_count_is_fixed, with the glossary and one cache look-up for the
    # messages written in English (her own, in Arabic, need none)
    with django_assert_num_queries(FAMILY_FRAME + 8):
        page = client.get(url).content.decode()
    assert "[ar] Please send a towel on Thursday." in page


def test_list_query_count_is_fixed(world, client_for, started, django_assert_num_queries):
    client = client_for(world.class_teacher)
    url = reverse("messaging:pupil_conversations", args=[world.pupil.pk])
    for index in range(2):
        actions.do_start_conversation(pupil=world.pupil, author=world.class_teacher,
                                            subject=f"Topic {index}", body="Hello")
    client.get(url)
    # STAFF_FRAME; pupil (with school and class), conversations with counts, starters and
    # read markers, who each is with
    with django_assert_num_queries(STAFF_FRAME + 3):
        assert client.get(url).status_code == 200
    for index in range(3):
        actions.do_start_conversation(pupil=world.pupil, author=world.class_teacher,
                                            subject=f"More {index}", body="Hello")
    with django_assert_num_queries(STAFF_FRAME + 3):
        client.get(url)


def test_family_in_another_language_gets_a_labelled_machine_translation(
        world, settings, django_capture_on_commit_callbacks):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    with django_capture_on_commit_callbacks(execute=True):
        messages = actions.do_start_conversations(
            pupil=world.pupil, author=world.class_teacher, subject="Swimming",
            body="Please send a towel.")
    layla = Message.objects.get(contact=world.parent_contact, source_id=messages[0].pk)
    omar = Message.objects.get(contact=world.separated_contact, source_id=messages[1].pk)
    assert "[ar]" in layla.body  # the local backend's mark
    assert "Please send a towel." in layla.body  # the original, one glance away
    assert "[ar]" not in omar.body and "Translated by machine" not in omar.body


def _unread_thread(world, count: int) -> Conversation:
    """A conversation with Layla's household in which school has written ``count``
    messages she has not read."""
    conversation = actions.do_start_conversation(
        pupil=world.pupil, author=world.class_teacher, subject=f"{count} unread",
        body="Message 0", contact_ids=[world.parent_contact.pk]).conversation
    for index in range(1, count):
        actions.do_reply(conversation=conversation, author=world.class_teacher,
                               body=f"Message {index}")
    return conversation


@pytest.mark.parametrize("unread", [3, 6])
def test_marking_a_thread_read_costs_the_same_however_many_were_unread(
        world, unread, django_assert_num_queries):
    conversation = _unread_thread(world, unread)
    copies = Message.objects.filter(contact=world.parent_contact,
                                    source_id__in=conversation.messages.values("pk"))
    assert copies.filter(read_at__isnull=True).count() == unread
    viewer_for(world.parent)  # worked out once per request, by the page before this
    # the unread copies' ids; a savepoint; one UPDATE of the copies and one of their app
    # deliveries; the savepoint released
    with django_assert_num_queries(5):
        actions.do_mark_thread_read(user=world.parent, conversation=conversation)
    assert not copies.filter(read_at__isnull=True).exists()
    assert set(Delivery.objects.filter(message__in=copies, channel=Delivery.Channel.APP)
               .values_list("status", flat=True)) == {Delivery.Status.READ}
    # Opened again: nothing is unread, and finding that out is the only query.
    with django_assert_num_queries(1):
        actions.do_mark_thread_read(user=world.parent, conversation=conversation)


class CountingTranslator(LocalBackend):
    """The local backend ("[pl] ..."), noting each call: the language asked for, and how
    many transactions were open around it."""

    name = "counting"
    calls: list = []

    def translate_batch(self, texts, *, source, target):
        CountingTranslator.calls.append((target, len(connection.atomic_blocks)))
        return super().translate_batch(texts, source=source, target=target)


def _add_reader(world, first_name: str, language: str):
    """Someone else in Layla's household, with parental responsibility for Amira."""
    contact = ContactFactory(school=world.school, household=world.parent_contact.household,
                             first_name=first_name, last_name="Hassan", language=language)
    PupilContactFactory(pupil=world.pupil, contact=contact)
    return contact


def test_a_reply_is_translated_once_for_each_language_before_its_transaction(
        world, settings):
    """Three readers, two languages (Layla and Yasmin read Arabic, Zofia Polish): the
    provider is asked twice, and never while the transaction that writes the reply is
    open (a network call would hold it)."""
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": f"{__name__}.CountingTranslator",
                                       "OPTIONS": {}}
    readers = [world.parent_contact, _add_reader(world, "Yasmin", "ar"),
               _add_reader(world, "Zofia", "pl")]
    conversation = actions.do_start_conversation(
        pupil=world.pupil, author=world.class_teacher, subject="Trip",
        body="A trip on Friday.", contact_ids=[contact.pk for contact in readers]).conversation
    assert conversation.contacts.count() == 3
    CountingTranslator.calls.clear()
    outside = len(connection.atomic_blocks)  # the test's own transaction
    reply = actions.do_reply(conversation=conversation, author=world.class_teacher,
                                   body="Bring a packed lunch.")
    assert sorted(CountingTranslator.calls) == [("ar", outside), ("pl", outside)]
    bodies = dict(Message.objects.filter(source_id=reply.pk, kind="conversation")
                  .values_list("contact__first_name", "body"))
    assert set(bodies) == {"Layla", "Yasmin", "Zofia"}
    assert "[ar] Bring a packed lunch." in bodies["Layla"]
    assert "[ar] Bring a packed lunch." in bodies["Yasmin"]
    assert "[pl] Bring a packed lunch." in bodies["Zofia"]
    assert "Bring a packed lunch." in bodies["Zofia"].split("[pl]")[1]  # and the original


def test_another_reader_of_a_language_already_there_costs_no_query(world, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": f"{__name__}.CountingTranslator",
                                       "OPTIONS": {}}
    readers = [world.parent_contact, _add_reader(world, "Zofia", "pl")]
    conversation = actions.do_start_conversation(
        pupil=world.pupil, author=world.class_teacher, subject="Trip",
        body="A trip on Friday.", contact_ids=[contact.pk for contact in readers]).conversation
    with CaptureQueriesContext(connection) as two_readers:
        actions.do_reply(conversation=conversation, author=world.class_teacher,
                               body="Bring a packed lunch.")
    conversation.contacts.add(_add_reader(world, "Yasmin", "ar"))
    with CaptureQueriesContext(connection) as three_readers:
        actions.do_reply(conversation=conversation, author=world.class_teacher,
                               body="Bring a coat.")
    assert len(three_readers) == len(two_readers)
