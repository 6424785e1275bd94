"""Issue 9: what families write is flagged to the staff of the pupil's class until they
read it.

Home entries and family replies new to a member of the class's staff are listed on their
landing page ("From families, not read yet") and tagged on the class day page ("Question
from home" / "New from home"), until they open the pupil's book (or the entry that holds
it all). Each member of staff has their own read marker (``StaffBookRead``).

Time is frozen and moved on by hand, so "after they read it" is never a tie.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent, Role, StaffRole
from bridgebook.core.tests.queries import ENTRY_EXTRAS
from bridgebook.diary import actions, selectors
from bridgebook.diary.models import Entry, StaffBookRead
from bridgebook.diary.tests.factories import EntryFactory, ReplyFactory
from bridgebook.messaging import actions as messaging_actions
from bridgebook.messaging.models import Conversation
from bridgebook.people.models import ClassStaff
from bridgebook.people.tests.factories import ClassStaffFactory, PupilFactory

NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)
SIZES = pytest.mark.parametrize("rows", [3, 6])


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller



@pytest.fixture
def restricted_teacher(world):
    """Rex Stone, restricted for Amira by a court order, is also a teaching assistant in
    her class."""
    StaffRole.objects.create(user=world.restricted_parent, school=world.school,
                             role=Role.TEACHING_ASSISTANT)
    ClassStaffFactory(school_class=world.class_a, user=world.restricted_parent,
                      is_class_teacher=False)
    return world.restricted_parent


def home_entry(world, *, author=None, question: str = "", news: str = "A busy weekend"):
    """A home entry written by a parent of Amira (published at once, as families' are)."""
    return actions.do_create_entry(
        pupil=world.pupil, author=author or world.parent, origin=Entry.Origin.HOME,
        date=TODAY, data={"home_news": news, "question": question}, publish=True)


def school_entry(world, pupil=None):
    return EntryFactory(pupil=pupil or world.pupil, date=TODAY, author=world.class_teacher)


def landing(user):
    response = signed_in(user).get(reverse("core:home"))
    assert response.status_code == 200
    return response


def landing_news(user) -> dict[str, dict]:
    """Per class name: {pupil name: FromHome} as the user's landing page lists them."""
    return {school_class.name: {pupil.display_name: pupil.from_home
                                for pupil in school_class.from_families}
            for school_class in landing(user).context["classes"]}


def class_day(user, school_class):
    response = signed_in(user).get(reverse("diary:class_day", args=[school_class.pk]))
    assert response.status_code == 200
    return response


def day_news(user, school_class) -> dict:
    """{pupil name: FromHome} for the pupils tagged on the class day page."""
    return {row["pupil"].display_name: row["from_home"]
            for row in class_day(user, school_class).context["pupils"] if row["from_home"]}


# A question from home reaches the class's staff, and no one else ---------------------------

def test_a_question_from_home_is_flagged_on_the_landing_and_the_class_day_page(world):
    entry = home_entry(world, question="Can Amira bring her swimming kit on Friday?")

    news = landing_news(world.class_teacher)["Class A"]["Amira Hassan"]
    assert (news.home_entries, news.replies, news.has_question) == (1, 0, True)
    # One entry holds it all: the link goes to it.
    assert news.url == reverse("diary:entry", args=[entry.pk])
    page = landing(world.class_teacher).content.decode()
    assert "From families, not read yet" in page
    assert "1 home entry" in page and "Question from home" in page
    assert f'href="{news.url}"' in page

    response = class_day(world.class_teacher, world.class_a)
    assert day_news(world.class_teacher, world.class_a)["Amira Hassan"].has_question
    page = response.content.decode()
    assert "Question from home" in page and "1 not read yet" in page
    assert "from Amira Hassan's family" in page
    assert f'href="{news.url}"' in page


def test_news_without_a_question_is_tagged_new(world):
    home_entry(world, news="She slept well")
    page = class_day(world.class_teacher, world.class_a).content.decode()
    assert "New from home" in page and "Question from home" not in page
    assert not landing_news(world.class_teacher)["Class A"]["Amira Hassan"].has_question


def test_another_classs_teacher_is_not_told(world):
    home_entry(world, question="Swimming kit?")
    assert landing_news(world.other_teacher) == {"Class B": {}}
    page = landing(world.other_teacher).content.decode()
    assert "Question from home" not in page and "Nothing new from families." in page
    assert day_news(world.other_teacher, world.class_b) == {}


def test_a_member_of_staff_a_court_order_keeps_from_the_pupil_is_never_told(
        world, restricted_teacher, assistant):
    home_entry(world, question="Swimming kit?")
    assert landing_news(restricted_teacher) == {"Class A": {}}
    page = landing(restricted_teacher).content.decode()
    assert "Amira" not in page and "Question from home" not in page
    page = class_day(restricted_teacher, world.class_a).content.decode()
    assert "Amira" not in page and "Question from home" not in page
    assert selectors.unread_from_families(restricted_teacher) == {}
    # The rest of the class's staff are told.
    assert "Amira Hassan" in landing_news(assistant)["Class A"]


def test_whole_school_staff_are_told_only_in_classes_they_work_in(world):
    home_entry(world, question="Swimming kit?")
    # The principal may open Class A's day, but it is not their class.
    assert day_news(world.principal, world.class_a) == {}
    assert selectors.unread_from_families(world.principal) == {}
    # A SENCO who works in Class A is told.
    ClassStaffFactory(school_class=world.class_a, user=world.senco, is_class_teacher=False)
    assert "Amira Hassan" in day_news(world.senco, world.class_a)
    assert "Amira Hassan" in landing_news(world.senco)["Class A"]


# Reading it: each member of staff for themselves -----------------------------------------

def test_opening_the_book_reads_it_for_them_only(world, assistant, clock):
    home_entry(world, question="Swimming kit?")
    clock.shift(60)
    response = signed_in(world.class_teacher).get(reverse("diary:book", args=[world.pupil.pk]))
    assert response.status_code == 200
    assert StaffBookRead.objects.get(user=world.class_teacher, pupil=world.pupil).read_at \
        == NOW + dt.timedelta(seconds=60)

    assert landing_news(world.class_teacher) == {"Class A": {}}
    assert day_news(world.class_teacher, world.class_a) == {}
    page = landing(world.class_teacher).content.decode()
    assert "Nothing new from families." in page and "Question from home" not in page
    # The teaching assistant has not read it yet.
    assert landing_news(assistant)["Class A"]["Amira Hassan"].has_question
    assert "Amira Hassan" in day_news(assistant, world.class_a)
    # Reading the book is audited as a view already; the marker itself is not.
    assert not AuditEvent.objects.filter(object_type="staffbookread").exists()


def test_what_the_family_writes_after_reading_is_new_again(world, clock):
    home_entry(world)
    clock.shift(60)
    signed_in(world.class_teacher).get(reverse("diary:book", args=[world.pupil.pk]))
    clock.shift(60)
    entry = home_entry(world, question="Is the trip on Friday?")
    news = landing_news(world.class_teacher)["Class A"]["Amira Hassan"]
    assert (news.home_entries, news.has_question) == (1, True)
    assert news.url == reverse("diary:entry", args=[entry.pk])


def test_a_home_entry_the_family_changes_is_new_again(world, clock):
    entry = home_entry(world)
    clock.shift(60)
    signed_in(world.class_teacher).get(reverse("diary:book", args=[world.pupil.pk]))
    clock.shift(60)
    actions.do_update_entry(entry=entry, editor=world.parent, expected_version=entry.version,
                            data={"home_news": "A busy weekend", "question": "Trip money?"})
    assert landing_news(world.class_teacher)["Class A"]["Amira Hassan"].has_question


def test_a_filtered_book_does_not_read_it(world, clock):
    home_entry(world, question="Swimming kit?")
    clock.shift(60)
    signed_in(world.class_teacher).get(reverse("diary:book", args=[world.pupil.pk]),
                                       {"kind": "school"})
    assert "Amira Hassan" in landing_news(world.class_teacher)["Class A"]


def test_the_entry_page_reads_it_when_that_entry_holds_it_all(world, clock):
    first = home_entry(world, question="Swimming kit?")
    second = home_entry(world, news="Grandma is visiting")
    clock.shift(60)
    client = signed_in(world.class_teacher)
    # Two entries are new: the landing links to the book, and reading one leaves the other.
    assert landing_news(world.class_teacher)["Class A"]["Amira Hassan"].url == reverse(
        "diary:book", args=[world.pupil.pk])
    client.get(reverse("diary:entry", args=[first.pk]))
    assert not StaffBookRead.objects.exists()
    news = landing_news(world.class_teacher)["Class A"]["Amira Hassan"]
    assert news.home_entries == 2
    # Once the book is read, a new reply is on one entry: its page reads it.
    client.get(reverse("diary:book", args=[world.pupil.pk]))
    clock.shift(60)
    actions.do_reply(entry=second, author=world.parent, text="She loved it")
    news = landing_news(world.class_teacher)["Class A"]["Amira Hassan"]
    assert news.url == reverse("diary:entry", args=[second.pk]) + "#replies"
    clock.shift(60)
    client.get(reverse("diary:entry", args=[first.pk]))  # not where the reply is
    assert "Amira Hassan" in landing_news(world.class_teacher)["Class A"]
    client.get(reverse("diary:entry", args=[second.pk]))
    assert landing_news(world.class_teacher) == {"Class A": {}}
    assert StaffBookRead.objects.get(user=world.class_teacher).read_at \
        == NOW + dt.timedelta(seconds=180)


def test_the_first_reading_of_an_entry_that_holds_it_all_starts_the_marker(world, clock):
    entry = home_entry(world, question="Swimming kit?")
    clock.shift(60)
    signed_in(world.class_teacher).get(reverse("diary:entry", args=[entry.pk]))
    assert landing_news(world.class_teacher) == {"Class A": {}}
    assert StaffBookRead.objects.filter(user=world.class_teacher).count() == 1


# What counts --------------------------------------------------------------------------------

def test_family_replies_count_and_staff_replies_do_not(world, clock):
    entry = school_entry(world)
    actions.do_reply(entry=entry, author=world.parent, text="Thank you!")
    actions.do_reply(entry=entry, author=world.separated_parent, text="Lovely to hear")
    actions.do_reply(entry=entry, author=world.class_teacher, text="You're welcome")
    news = landing_news(world.class_teacher)["Class A"]["Amira Hassan"]
    assert (news.home_entries, news.replies, news.has_question) == (0, 2, False)
    assert news.url == reverse("diary:entry", args=[entry.pk]) + "#replies"
    page = landing(world.class_teacher).content.decode()
    assert "2 replies" in page and "home entr" not in page
    assert "2 not read yet" in class_day(world.class_teacher, world.class_a).content.decode()


def test_only_staff_replies_flag_nothing(world):
    entry = school_entry(world)
    actions.do_reply(entry=entry, author=world.class_teacher, text="A lovely day")
    actions.do_reply(entry=entry, author=world.other_teacher, text="Agreed")
    assert landing_news(world.class_teacher) == {"Class A": {}}
    assert day_news(world.class_teacher, world.class_a) == {}


def test_entries_and_replies_are_counted_together(world):
    home_entry(world, question="Swimming kit?")
    home_entry(world, author=world.separated_parent)  # the other household's, read by staff
    entry = school_entry(world)
    actions.do_reply(entry=entry, author=world.parent, text="Thank you!")
    news = landing_news(world.class_teacher)["Class A"]["Amira Hassan"]
    assert (news.home_entries, news.replies, news.questions, news.total) == (2, 1, 1, 3)
    page = landing(world.class_teacher).content.decode()
    assert "2 home entries, 1 reply" in page
    assert "3 not read yet" in class_day(world.class_teacher, world.class_a).content.decode()


def test_removed_entries_and_their_replies_do_not_count(world):
    removed = home_entry(world, question="Swimming kit?")
    actions.do_reply(entry=removed, author=world.parent, text="Sorry, wrong day")
    actions.do_remove_entry(entry=removed, acting_user=world.parent)
    assert landing_news(world.class_teacher) == {"Class A": {}}


def test_what_they_wrote_themselves_is_not_new_to_them(world):
    entry = school_entry(world)
    ReplyFactory(entry=entry, author=world.class_teacher, from_family=True)
    assert selectors.unread_from_families(world.class_teacher) == {}


def test_unread_conversations_from_families_are_listed_for_the_class_teacher(world):

    message = messaging_actions.do_start_conversation(
        pupil=world.pupil, author=world.parent, subject="Swimming on Friday",
        body="Is it still on?")
    response = landing(world.class_teacher)
    (school_class,) = response.context["classes"]
    assert [c.pk for c in school_class.unread_conversations] == [message.conversation_id]
    page = response.content.decode()
    assert "Swimming on Friday" in page
    assert reverse("messaging:conversation", args=[message.conversation_id]) in page
    assert "a conversation about <bdi>Amira Hassan</bdi>" in page
    # Read, it leaves the list.
    signed_in(world.class_teacher).get(
        reverse("messaging:conversation", args=[message.conversation_id]))
    (school_class,) = landing(world.class_teacher).context["classes"]
    assert school_class.unread_conversations == []


def test_a_restricted_teacher_never_sees_the_pupils_conversations(world, restricted_teacher):
    ClassStaff.objects.filter(user=restricted_teacher).update(
        is_class_teacher=True)
    Conversation.objects.create(school=world.school, pupil=world.pupil, subject="Private",
                                last_family_message_at=NOW)
    (school_class,) = landing(restricted_teacher).context["classes"]
    assert school_class.unread_conversations == []
    assert "Private" not in landing(restricted_teacher).content.decode()


# The marker ------------------------------------------------------------------------------

def test_marking_read_twice_keeps_one_marker_that_moves_on(world, clock):
    assert actions.do_mark_book_read(user=world.class_teacher, pupil=world.pupil)
    clock.shift(30)
    assert actions.do_mark_book_read(user=world.class_teacher, pupil=world.pupil)
    marker = StaffBookRead.objects.get()
    assert marker.read_at == NOW + dt.timedelta(seconds=30)
    # The same moment again moves nothing.
    assert not actions.do_mark_book_read(user=world.class_teacher, pupil=world.pupil)


# Query counts ----------------------------------------------------------------------------

def _class_with_news(world, rows: int) -> list:
    """Class A with ``rows`` pupils, each with a home entry asking a question, a school
    entry with a family reply and a staff reply, and a conversation with a family message
    not read yet."""
    pupils = [world.pupil] + [PupilFactory(school=world.school, school_class=world.class_a,
                                           legal_last_name=f"Zed{n}") for n in range(rows - 1)]
    for pupil in pupils:
        EntryFactory(pupil=pupil, origin=Entry.Origin.HOME, date=TODAY, author=world.parent,
                     question="Swimming kit?", note="")
        entry = school_entry(world, pupil)
        ReplyFactory(entry=entry, author=world.parent, from_family=True)
        ReplyFactory(entry=entry, author=world.class_teacher)
        Conversation.objects.create(school=world.school, pupil=pupil, subject="A question",
                                    last_family_message_at=NOW)
    return pupils


@SIZES
def test_landing_query_count_with_news_from_families(world, rows, django_assert_num_queries):
    _class_with_news(world, rows)
    client = signed_in(world.class_teacher)
    client.get(reverse("core:home"))  # warm the session
    # 1-4. the session, the user, their OTP device, the access layer's Viewer
    # 5. their classes with their schools
    # 6. the pupils of those classes (prefetch)
    # 7. home entries and family replies they have not read, per pupil (one query)
    # 8. conversations with a family message they have not read, with their pupils
    # 9. the schools they work in (the first is the navigation's)
    with django_assert_num_queries(9):
        response = client.get(reverse("core:home"))
    (school_class,) = response.context["classes"]
    assert len(school_class.from_families) == rows
    assert len(school_class.unread_conversations) == rows
    assert response.content.decode().count("Question from home") == rows


@SIZES
def test_class_day_query_count_with_news_from_families(world, rows, django_assert_num_queries):
    _class_with_news(world, rows)
    client = signed_in(world.class_teacher)
    url = reverse("diary:class_day", args=[world.class_a.pk])
    client.get(url)  # warm the session
    # 1-4. the session, the user, their OTP device, the access layer's Viewer
    # 5. the class with its school (access_class)
    # 6. the school's active activities
    # 7. the pupils of the class with their school, not left
    # 8. their school entries for the day (prefetch)
    # 9. those entries' activities (prefetch)
    # 10. home entries and family replies the teacher has not read, per pupil (one query)
    # 11. family messages in conversations they have not read, per conversation
    # and what other apps show with the day's entries (ENTRY_EXTRAS)
    with django_assert_num_queries(11 + ENTRY_EXTRAS):
        response = client.get(url)
    tagged = [row for row in response.context["pupils"] if row["from_home"]]
    assert len(tagged) == rows
    assert all(row["from_home"].total == 2 for row in tagged)
    assert response.content.decode().count("Question from home") == rows


@SIZES
def test_unread_from_families_is_one_query(world, rows, django_assert_num_queries):
    _class_with_news(world, rows)
    from bridgebook.core.access import viewer_for

    viewer_for(world.class_teacher)  # the Viewer, worked out once per request
    with django_assert_num_queries(1):
        news = selectors.unread_from_families(world.class_teacher)
    assert len(news) == rows
