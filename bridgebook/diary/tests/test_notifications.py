"""Home-school book notifications: instant messages from the book's hook, the daily digest
(idempotent, naming each child), the families' settings page."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from bridgebook.conftest import PERSONAS, persona
from bridgebook.diary import actions as diary
from bridgebook.diary import notifications
from bridgebook.diary.models import Entry
from bridgebook.messaging import actions as messaging_actions
from bridgebook.messaging import notifications as preferences
from bridgebook.messaging.models import Message, NotificationPreference
from bridgebook.messaging.tests.test_quiet_hours import at
from bridgebook.people.tests.factories import PupilContactFactory, PupilFactory


def in_arabic(msgid: str) -> str:
    """The catalogue's Arabic for ``msgid`` (English where it has none)."""
    with translation.override("ar"):
        return translation.gettext(msgid)

Book = NotificationPreference.Book
DAY = datetime.date(2026, 11, 24)


def choose(contact, book):
    messaging_actions.do_set_book_preference(contact_id=contact.pk, book=book)


def publish(world, capture, *, pupil=None, author=None, origin=Entry.Origin.SCHOOL,
            data=None) -> Entry:
    with capture(execute=True):
        return diary.do_create_entry(
            pupil=pupil or world.pupil, author=author or world.class_teacher, origin=origin,
            date=DAY, data=data or {"achievements": "Counted to ten with Makaton signs."},
            publish=True)


def book_messages(**filters):
    return Message.objects.filter(kind=notifications.BOOK, **filters)


# Instant ----------------------------------------------------------------------------------

def test_instant_subscribers_get_one_message_per_entry(
        world, django_capture_on_commit_callbacks):
    choose(world.parent_contact, Book.INSTANT)
    choose(world.restricted_contact, Book.INSTANT)
    entry = publish(world, django_capture_on_commit_callbacks)
    sent = book_messages(source_id=entry.pk)
    assert [m.contact for m in sent] == [world.parent_contact]  # not digest, not restricted
    body = sent.get().body
    # Layla reads Arabic: the words are hers, the child's name and the entry as written.
    assert in_arabic("New in %(name)s’s book: %(summary)s") % {
        "name": "Amira", "summary": "Counted to ten with Makaton signs."} in body
    assert f"/entries/{entry.pk}/" in body
    # The hook fires again (a retried receiver): still one message each.
    notifications.on_entry_published(entry_id=entry.pk, pupil_id=entry.pupil_id,
                                     origin=entry.origin)
    assert sent.count() == 1


def test_drafts_do_not_notify(world, django_capture_on_commit_callbacks):
    choose(world.parent_contact, Book.INSTANT)
    with django_capture_on_commit_callbacks(execute=True):
        entry = diary.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                      origin=Entry.Origin.SCHOOL, date=DAY,
                                      data={"note": "Draft"}, publish=False)
    assert not book_messages().exists()
    with django_capture_on_commit_callbacks(execute=True):
        diary.do_publish_entry(entry=entry, acting_user=world.class_teacher)
    assert book_messages(source_id=entry.pk).count() == 1


def test_pupil_voice_entries_notify(world, django_capture_on_commit_callbacks):
    choose(world.separated_contact, Book.INSTANT)
    entry = publish(world, django_capture_on_commit_callbacks, origin=Entry.Origin.PUPIL,
                    data={"symbols": [{"symbol": "1F600", "word": "happy"},
                                      {"symbol": "1F3CA", "word": "swimming"}]})
    assert "happy swimming" in book_messages(source_id=entry.pk).get().body


def test_home_entry_does_not_notify_its_writer(world, django_capture_on_commit_callbacks):
    """Nor a parent in another household, unless the writer shares it with them."""
    choose(world.parent_contact, Book.INSTANT)
    choose(world.separated_contact, Book.INSTANT)
    entry = publish(world, django_capture_on_commit_callbacks, author=world.parent,
                    origin=Entry.Origin.HOME, data={"home_news": "We went to the beach."})
    assert list(book_messages(source_id=entry.pk)) == []
    shared = publish(world, django_capture_on_commit_callbacks, author=world.parent,
                     origin=Entry.Origin.HOME,
                     data={"home_news": "Amira's swimming gala is on Sunday.",
                           "shared_with_all": True})
    assert [m.contact for m in book_messages(source_id=shared.pk)] == [
        world.separated_contact]


# Staff's words, and a household's, in each reader's language --------------------------------

@pytest.fixture
def local_translation(settings):
    """The local backend marks what it translates ("[ar] …")."""
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


def test_an_entry_summary_reaches_an_arabic_reader_machine_translated(
        world, local_translation, django_capture_on_commit_callbacks):
    choose(world.parent_contact, Book.INSTANT)
    choose(world.separated_contact, Book.INSTANT)
    entry = publish(world, django_capture_on_commit_callbacks)
    layla = book_messages(source_id=entry.pk, contact=world.parent_contact).get()
    marked = "[ar] Counted to ten with Makaton signs. " + in_arabic("(machine translated)")
    assert in_arabic("New in %(name)s’s book: %(summary)s") % {
        "name": "Amira", "summary": marked} in layla.body
    # Omar reads English, as it was written: not marked.
    omar = book_messages(source_id=entry.pk, contact=world.separated_contact).get()
    assert "book: Counted to ten with Makaton signs.\n" in omar.body
    assert "machine translated" not in omar.body and "[" not in omar.body


def test_a_shared_home_entry_reaches_the_other_household_in_its_language(
        world, local_translation, django_capture_on_commit_callbacks):
    choose(world.separated_contact, Book.INSTANT)
    entry = publish(world, django_capture_on_commit_callbacks, author=world.parent,
                    origin=Entry.Origin.HOME,
                    data={"home_news": "حفلة السباحة يوم الأحد", "shared_with_all": True})
    assert entry.language == "ar"  # Layla's words
    (omar,) = book_messages(source_id=entry.pk)
    assert omar.contact == world.separated_contact
    assert "book: [en] حفلة السباحة يوم الأحد (machine translated)\n" in omar.body


def test_an_event_title_reaches_an_arabic_reader_machine_translated(
        world, local_translation, django_capture_on_commit_callbacks):
    choose(world.parent_contact, Book.INSTANT)
    with django_capture_on_commit_callbacks(execute=True):
        event = diary.do_create_event(school=world.school, school_class=world.class_a,
                                      date=DAY, title="Theatre visit", description="",
                                      author=world.class_teacher, publish=True)
    layla = Message.objects.get(kind=notifications.BOOK_EVENT, source_id=event.pk)
    assert ("[ar] Theatre visit " + in_arabic("(machine translated)")) in layla.body
    assert layla.body.count("Theatre visit") == 1


def test_off_gets_nothing(world, django_capture_on_commit_callbacks):
    choose(world.parent_contact, Book.OFF)
    publish(world, django_capture_on_commit_callbacks)
    with time_machine.travel(at(1, 17, 30), tick=False):
        notifications.send_book_digests()
    assert not Message.objects.filter(contact=world.parent_contact).exists()


def test_class_event_notifies_instant_families_of_the_class(
        world, django_capture_on_commit_callbacks):
    choose(world.parent_contact, Book.INSTANT)
    choose(world.restricted_contact, Book.INSTANT)
    with django_capture_on_commit_callbacks(execute=True):
        event = diary.do_create_event(school=world.school, school_class=world.class_a,
                                      date=DAY, title="Theatre visit", description="",
                                      author=world.class_teacher, publish=True)
    sent = Message.objects.filter(kind=notifications.BOOK_EVENT, source_id=event.pk)
    assert [m.contact for m in sent] == [world.parent_contact]
    assert in_arabic("New in %(names)s’s book: %(title)s") % {
        "names": "Amira", "title": "Theatre visit"} in sent.get().body


# Digest ---------------------------------------------------------------------------------

def test_digest_is_sent_once_a_day_and_names_each_child(
        world, django_capture_on_commit_callbacks):
    sister = PupilFactory(school=world.school, school_class=world.class_b,
                          legal_first_name="Yasmin", legal_last_name="Hassan")
    PupilContactFactory(pupil=sister, contact=world.parent_contact, relationship="PAM")
    with time_machine.travel(at(1, 10), tick=False):
        publish(world, django_capture_on_commit_callbacks)
        publish(world, django_capture_on_commit_callbacks, data={"note": "Lovely day"})
        publish(world, django_capture_on_commit_callbacks, pupil=sister,
                author=world.other_teacher)
    with time_machine.travel(at(1, 17, 30), tick=False):
        call_command("send_book_digests", stdout=open("/dev/null", "w"))
        call_command("send_book_digests", stdout=open("/dev/null", "w"))
    digests = Message.objects.filter(kind=notifications.BOOK_DIGEST)
    assert sorted(m.contact.first_name for m in digests) == ["Layla", "Omar"]
    layla = digests.get(contact=world.parent_contact)
    assert layla.source_id == 20261124
    # Layla reads Arabic: the subject's words are hers, the children's names stay.
    assert "Amira" in layla.subject and "Yasmin" in layla.subject
    line = in_arabic("%(name)s: %(count)s new in the book – %(url)s")
    assert line.split("%(url)s")[0] % {"name": "Amira", "count": 2} in layla.body
    assert line.split("%(url)s")[0] % {"name": "Yasmin", "count": 1} in layla.body
    omar = digests.get(contact=world.separated_contact)
    assert "Yasmin" not in omar.body
    assert not Message.objects.filter(contact=world.restricted_contact).exists()
    # The next day with nothing new: nothing sent. Something new: only that.
    with time_machine.travel(at(2, 17, 30), tick=False):
        assert notifications.send_book_digests() == 0
    with time_machine.travel(at(3, 10), tick=False):
        publish(world, django_capture_on_commit_callbacks, data={"note": "Thursday"})
    with time_machine.travel(at(3, 17, 30), tick=False):
        assert notifications.send_book_digests() == 2
    line = in_arabic("%(name)s: %(count)s new in the book – %(url)s").split("%(url)s")[0]
    assert line % {"name": "Amira", "count": 1} in digests.get(
        contact=world.parent_contact, source_id=20261126).body


def test_digest_leaves_out_the_writers_own_home_entry(
        world, django_capture_on_commit_callbacks):
    with time_machine.travel(at(1, 10), tick=False):
        publish(world, django_capture_on_commit_callbacks, author=world.parent,
                origin=Entry.Origin.HOME, data={"home_news": "Beach"})
        publish(world, django_capture_on_commit_callbacks, author=world.parent,
                origin=Entry.Origin.HOME, data={"home_news": "Gala", "shared_with_all": True})
    with time_machine.travel(at(1, 17, 30), tick=False):
        notifications.send_book_digests()
    # Omar's digest counts only the entry Layla shared with him; hers counts neither.
    [digest] = Message.objects.filter(kind=notifications.BOOK_DIGEST)
    assert digest.contact == world.separated_contact
    assert "Amira: 1 new in the book" in digest.body


def test_digest_query_count_is_fixed(world, django_capture_on_commit_callbacks,
                                     django_assert_num_queries):
    def run(day):
        with time_machine.travel(at(day, 17, 30), tick=False):
            # schools; Mapledown: entries, entitled links, preferences, previous digests,
            # savepoint, already sent, message insert, the children each message is
            # about, delivery insert, release; Oakleigh: entries (none, so nothing more)
            with django_assert_num_queries(12):
                notifications.send_book_digests()

    with time_machine.travel(at(1, 10), tick=False):
        for _ in range(3):
            publish(world, django_capture_on_commit_callbacks)
    run(1)
    for index in range(3):
        pupil = PupilFactory(school=world.school, school_class=world.class_a,
                             legal_first_name=f"P{index}")
        PupilContactFactory(pupil=pupil, contact=world.parent_contact, relationship="PAM")
        with time_machine.travel(at(2, 10), tick=False):
            publish(world, django_capture_on_commit_callbacks, pupil=pupil)
    run(2)


# Settings page ----------------------------------------------------------------------------

URL = "/messages/settings/"


@pytest.mark.parametrize("name", PERSONAS)
def test_settings_page_personas(world, client_for, name):
    response = client_for(persona(world, name)).get(URL)
    if name == "anonymous":
        assert response.status_code == 302
    elif name in {"parent", "separated_parent", "restricted_parent"}:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_family_chooses_instant(world, client_for):
    client = client_for(world.parent)
    page = client.get(URL).content.decode()
    assert 'value="digest" checked' in page
    assert client.post(URL, {"book": "instant"}).status_code == 302
    assert preferences.book_preference(world.parent_contact.pk) == Book.INSTANT
    assert 'value="instant" checked' in client.get(URL).content.decode()
    response = client.post(URL, {"book": "sometimes"})
    assert "There is a problem" in response.content.decode()
