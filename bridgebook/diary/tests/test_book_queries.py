"""N+1 rule: the book page and an entry's page run a fixed number of queries.

Each test fills the book with 3 and then 6 entries, each with activities, an incident
acknowledged by each reader, tagged photos, replies and read receipts, plus events and
photos of the day; both sizes expect the same count. The first request warms the session;
the counted one is the second.

Every request starts with the queries of ``bridgebook.core.tests.queries`` (STAFF_FRAME,
FAMILY_FRAME); each comment lists only what the page reads after them.
"""

import datetime

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.tests.queries import ENTRY_EXTRAS as EXTRAS
from bridgebook.core.tests.queries import FAMILY_FRAME, STAFF_FRAME
from bridgebook.diary import actions
from bridgebook.diary.models import Entry
from bridgebook.diary.tests.factories import (
    ActivityFactory,
    BookEventFactory,
    EntryFactory,
    IncidentFactory,
    ReadReceiptFactory,
    ReplyFactory,
    make_photo,
)
from bridgebook.people.models import Pupil
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory

SIZES = pytest.mark.parametrize("rows", [3, 6])
DAY = datetime.date(2026, 3, 3)


def _fill(world, rows: int) -> Entry:
    Pupil.objects.filter(pk=world.pupil.pk).update(photo_consent="book")
    activities = ActivityFactory.create_batch(rows, school=world.school)
    readers = [world.parent_contact, world.separated_contact]
    readers += [ContactFactory(school=world.school) for _ in range(rows)]
    for contact in readers[2:]:
        PupilContactFactory(pupil=world.pupil, contact=contact, parental_responsibility=True)
    pupil = Pupil.objects.get(pk=world.pupil.pk)
    entry = None
    for n in range(rows):
        day = DAY + datetime.timedelta(days=n)
        entry = EntryFactory(pupil=pupil, date=day, author=world.class_teacher, mood=4,
                             stickers=["well_done"], food={"lunch": "most"},
                             health={"medication": [{"name": "Calpol", "time": "12:00"}]})
        entry.activities.set(activities)
        for _ in range(rows):
            incident = IncidentFactory(entry=entry)
            for contact in readers:
                actions.do_acknowledge_incident(incident=incident, contact=contact)
        for contact in readers[1:]:  # the parent we sign in as has read nothing yet
            ReadReceiptFactory(entry=entry, contact=contact)
        for _ in range(rows):
            ReplyFactory(entry=entry, author=world.class_teacher)
            ReplyFactory(entry=entry, author=world.parent)
            make_photo(school=world.school, date=day, entry=entry, pupils=[pupil])
        event = BookEventFactory(school=world.school, school_class=world.class_a, date=day)
        make_photo(school=world.school, date=day, event=event, pupils=[pupil])
        make_photo(school=world.school, date=day, pupils=[pupil])
    return entry


def _count(client, url, django_assert_num_queries, expected: int) -> str:
    assert client.get(url).status_code == 200  # warm the session
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The timeline: ids and dates of entries, events and days with photos (3); the page's
# entries with authors, activities, incidents, acknowledgements with contacts, photos,
# replies with authors, receipts (7); events with classes and their photos (2); photos of
# the day (1).
TIMELINE = 13


@SIZES
def test_book_for_staff(world, rows, django_assert_num_queries):
    _fill(world, rows)
    # STAFF_FRAME, the pupil with school and class, TIMELINE, the book's family (entitled
    # contacts, for read status), the UPDATE of the teacher's read marker (what the family
    # wrote is read), the VIEW audit row, whether they may change the book settings (are
    # they the class teacher)
    page = _count(signed_in(world.class_teacher), reverse("diary:book", args=[world.pupil.pk]),
                  django_assert_num_queries, STAFF_FRAME + 1 + TIMELINE + 1 + 1 + 1 + 1)
    assert page.count("Not yet read by Layla Hassan") == rows


@SIZES
def test_book_for_a_parent(world, rows, django_assert_num_queries):
    _fill(world, rows)
    # FAMILY_FRAME, the pupil with school and class, TIMELINE (the parent's own receipts
    # in place of everyone's), one INSERT of read receipts for the page
    page = _count(signed_in(world.parent), reverse("diary:book", args=[world.pupil.pk]),
                  django_assert_num_queries, FAMILY_FRAME + 1 + TIMELINE + 1)
    assert page.count("I have read this") == 0  # each incident is already acknowledged


@SIZES
def test_entry_page_for_staff(world, rows, django_assert_num_queries):
    entry = _fill(world, rows)
    # STAFF_FRAME, the entry with pupil, school and author; activities, incidents,
    # acknowledgements with contacts, photos, replies with authors, receipts (6); the
    # book's family; count of revisions; the conditional UPDATE of the teacher's read
    # marker (nothing new from the family elsewhere in the book); the VIEW audit row; what
    # other apps show with the entry (targets: the pupil's open targets, and which of
    # them the entry is evidence for)
    page = _count(signed_in(world.class_teacher), reverse("diary:entry", args=[entry.pk]),
                  django_assert_num_queries, STAFF_FRAME + 1 + 6 + 1 + 1 + 1 + 1 + EXTRAS)
    assert page.count('class="bb-photo"') == rows


@SIZES
def test_entry_page_for_a_parent(world, rows, django_assert_num_queries):
    entry = _fill(world, rows)
    # FAMILY_FRAME, the entry with pupil, school and author; activities, incidents,
    # acknowledgements, photos, replies, the parent's own receipt (6); count of
    # revisions; whether Amira has family in another household (to offer to share a
    # reply with them); one INSERT of the read receipt
    page = _count(signed_in(world.parent), reverse("diary:entry", args=[entry.pk]),
                  django_assert_num_queries, FAMILY_FRAME + 1 + 6 + 1 + 1 + 1)
    assert page.count('id="reply-') == rows * 2
