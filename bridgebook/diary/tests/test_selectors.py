"""The pupil's timeline, read status and unread counts."""

import datetime

import pytest
from django.core.paginator import Paginator

from bridgebook.core.access import viewer_for, visible_pupils
from bridgebook.diary import actions, selectors
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
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory, PupilFactory

DAY = datetime.date(2026, 3, 3)


def _items(user, pupil, **filters) -> list:
    return list(selectors.pupil_timeline(user, pupil, **filters)[0:1000])


def _names(items) -> list[str]:
    return [f"{item.item_kind}:{getattr(item, 'note', None) or getattr(item, 'title', '')}"
            for item in items]


# What the timeline holds -----------------------------------------------------------------

def test_families_see_published_entries_staff_see_drafts_too(world):
    EntryFactory(pupil=world.pupil, date=DAY, note="published")
    EntryFactory(pupil=world.pupil, date=DAY, note="draft", status=Entry.Status.DRAFT,
                 published_at=None)
    EntryFactory(pupil=world.pupil, date=DAY, note="removed",
                 deleted_at=datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC))
    EntryFactory(pupil=world.pupil_b, date=DAY, note="someone else")
    assert _names(_items(world.parent, world.pupil)) == ["entry:published"]
    assert _names(_items(world.separated_parent, world.pupil)) == ["entry:published"]
    assert sorted(_names(_items(world.class_teacher, world.pupil))) == [
        "entry:draft", "entry:published"]


def test_newest_first_with_events_merged_in(world):
    EntryFactory(pupil=world.pupil, date=datetime.date(2026, 3, 1), note="first")
    EntryFactory(pupil=world.pupil, date=datetime.date(2026, 3, 3), note="third")
    BookEventFactory(school=world.school, school_class=world.class_a,
                     date=datetime.date(2026, 3, 2), title="second")
    assert _names(_items(world.parent, world.pupil)) == [
        "entry:third", "event:second", "entry:first"]


def test_events_appear_in_the_books_they_concern(world):
    BookEventFactory(school=world.school, school_class=None, title="whole school")
    BookEventFactory(school=world.school, school_class=world.class_a, title="class A")
    BookEventFactory(school=world.school, school_class=world.class_b, title="class B")
    BookEventFactory(school=world.other_school, school_class=None, title="other school")
    BookEventFactory(school=world.school, school_class=None, title="before admission",
                     date=datetime.date(2019, 1, 1))
    BookEventFactory(school=world.school, school_class=None, title="draft", published_at=None)
    BookEventFactory(school=world.school, school_class=None, title="removed",
                     deleted_at=datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC))
    titles = {item.title for item in _items(world.parent, world.pupil)}
    assert titles == {"whole school", "class A"}
    titles = {item.title for item in _items(world.principal, world.pupil_b)}
    assert titles == {"whole school", "class B", "draft"}  # staff see draft events
    titles = {item.title for item in _items(world.principal, world.other_school_pupil)}
    assert titles == {"other school"}


def test_filters_by_date_and_kind(world):
    EntryFactory(pupil=world.pupil, date=datetime.date(2026, 3, 1), note="school 1")
    EntryFactory(pupil=world.pupil, date=datetime.date(2026, 3, 5), note="school 5")
    EntryFactory(pupil=world.pupil, date=datetime.date(2026, 3, 3), note="home 3",
                 origin=Entry.Origin.HOME, author=world.parent,
                 household=world.parent_contact.household)
    EntryFactory(pupil=world.pupil, date=datetime.date(2026, 3, 3), note="voice 3",
                 origin=Entry.Origin.PUPIL)
    BookEventFactory(school=world.school, date=datetime.date(2026, 3, 4), title="event 4")
    user, pupil = world.parent, world.pupil
    assert _names(_items(user, pupil, since=datetime.date(2026, 3, 2),
                         until=datetime.date(2026, 3, 4))) in (
        ["event:event 4", "entry:home 3", "entry:voice 3"],
        ["event:event 4", "entry:voice 3", "entry:home 3"])
    assert _names(_items(user, pupil, kinds=["home"])) == ["entry:home 3"]
    assert _names(_items(user, pupil, kinds=["pupil"])) == ["entry:voice 3"]
    assert _names(_items(user, pupil, kinds=["events"])) == ["event:event 4"]
    assert _names(_items(user, pupil, kinds=["school", "events"])) == [
        "entry:school 5", "event:event 4", "entry:school 1"]


def test_photos_follow_tags_and_consent(world):
    Pupil.objects.filter(pk=world.pupil.pk).update(photo_consent="book")
    world.pupil.refresh_from_db()
    no_consent = PupilFactory(school=world.school, school_class=world.class_a,
                              photo_consent="none")
    entry = EntryFactory(pupil=world.pupil, date=DAY)
    tagged = make_photo(school=world.school, date=DAY, entry=entry, pupils=[world.pupil])
    make_photo(school=world.school, date=DAY, entry=entry, pupils=[])  # untagged
    group = make_photo(school=world.school, date=DAY, pupils=[world.pupil, no_consent],
                       alt_text="Class picnic")
    second = make_photo(school=world.school, date=DAY, pupils=[world.pupil],
                        alt_text="Picnic games")
    event = BookEventFactory(school=world.school, school_class=world.class_a, date=DAY)
    at_event = make_photo(school=world.school, date=DAY, event=event,
                          pupils=[world.pupil, no_consent])
    items = _items(world.parent, world.pupil)
    assert sorted(item.item_kind for item in items) == ["entry", "event", "photos"]
    items = {item.item_kind: item for item in items}
    assert list(items["entry"].photos.all()) == [tagged]
    assert items["photos"].photos == [group, second]
    assert list(items["event"].photos.all()) == [at_event]
    # The pupil without consent sees the event but none of the photos.
    items = {item.item_kind: item for item in _items(world.principal, no_consent)}
    assert set(items) == {"event"}
    assert list(items["event"].photos.all()) == []


def test_paginator_pages_the_merged_timeline(world):
    for n in range(5):
        EntryFactory(pupil=world.pupil, date=DAY + datetime.timedelta(days=n), note=f"e{n}")
    BookEventFactory(school=world.school, date=DAY + datetime.timedelta(days=2), title="ev")
    paginator = Paginator(selectors.pupil_timeline(world.parent, world.pupil), 4)
    assert paginator.count == 6
    assert _names(paginator.page(1)) == ["entry:e4", "entry:e3", "event:ev", "entry:e2"]
    assert _names(paginator.page(2)) == ["entry:e1", "entry:e0"]


# Reading ---------------------------------------------------------------------------------

def test_read_status_names_every_entitled_family_member(world):
    entry = EntryFactory(pupil=world.pupil, date=DAY)
    read_at = datetime.datetime(2026, 3, 3, 18, 4, tzinfo=datetime.UTC)
    ReadReceiptFactory(entry=entry, contact=world.parent_contact, read_at=read_at)
    readers = selectors.read_status(entry)
    assert [(r.name, r.relationship, r.read_at) for r in readers] == [
        ("Layla Hassan", "Mother", read_at), ("Omar Hassan", "Father", None)]
    # The restricted step-father is never listed.
    assert "Rex Stone" not in {r.name for r in readers}


def test_unread_counts_per_child(world, django_assert_num_queries):
    sibling = PupilFactory(school=world.school, school_class=world.class_b)
    PupilContactFactory(pupil=sibling, contact=world.parent_contact, relationship="PAM",
                        parental_responsibility=True)
    read, _unread = (EntryFactory(pupil=world.pupil, date=DAY) for _ in range(2))
    EntryFactory(pupil=world.pupil, date=DAY, status=Entry.Status.DRAFT, published_at=None)
    EntryFactory(pupil=world.pupil, date=DAY, author=world.parent, origin=Entry.Origin.HOME)
    EntryFactory.create_batch(3, pupil=sibling, date=DAY)
    ReadReceiptFactory(entry=read, contact=world.parent_contact)
    viewer = viewer_for(world.parent)
    with django_assert_num_queries(1):
        counts = selectors.unread_counts(viewer, [world.pupil.pk, sibling.pk])
    assert counts == {world.pupil.pk: 1, sibling.pk: 3}
    # Omar has read nothing; his own children only, and not Layla's own entry from home
    # (another household's, not shared with him).
    assert _landing_counts(world.separated_parent) == {world.pupil.pk: 2}
    assert _landing_counts(world.restricted_parent) == {}


def _landing_counts(user) -> dict[int, int]:
    """Unread entries as a family member's landing page counts them: for the children they
    may see."""
    return selectors.unread_counts(viewer_for(user),
                                   list(visible_pupils(user).values_list("pk", flat=True)))


# Query counts ----------------------------------------------------------------------------

def _fill(world, rows: int) -> None:
    """``rows`` entries, each with activities, an incident acknowledged by every family
    member, tagged photos, replies and read receipts; events and photos of the day too."""
    Pupil.objects.filter(pk=world.pupil.pk).update(photo_consent="book")
    world.pupil.refresh_from_db()
    activities = ActivityFactory.create_batch(rows, school=world.school)
    readers = [world.parent_contact, world.separated_contact]
    readers += [ContactFactory(school=world.school) for _ in range(rows)]
    for contact in readers[2:]:
        PupilContactFactory(pupil=world.pupil, contact=contact, parental_responsibility=True)
    for n in range(rows):
        day = DAY + datetime.timedelta(days=n)
        entry = EntryFactory(pupil=world.pupil, date=day, author=world.class_teacher,
                             mood=4, stickers=["well_done"], food={"lunch": "most"})
        entry.activities.set(activities)
        incident = IncidentFactory(entry=entry)
        for contact in readers:
            actions.do_acknowledge_incident(incident=incident, contact=contact)
            ReadReceiptFactory(entry=entry, contact=contact)
            ReplyFactory(entry=entry, author=world.class_teacher)
        for _ in range(rows):
            make_photo(school=world.school, date=day, entry=entry, pupils=[world.pupil])
        event = BookEventFactory(school=world.school, school_class=world.class_a, date=day)
        make_photo(school=world.school, date=day, event=event, pupils=[world.pupil])
        make_photo(school=world.school, date=day, pupils=[world.pupil])


@pytest.mark.parametrize("rows", [3, 6])
def test_timeline_page_runs_a_fixed_number_of_queries(world, rows, django_assert_num_queries):
    _fill(world, rows)
    from bridgebook.core.access import viewer_for

    viewer_for(world.principal)  # the Viewer is worked out once per request, elsewhere
    # keys: entry ids and dates, event ids and dates, days with photos (3); the page: the
    # book's family, entries with authors, activities, incidents, acknowledgements with
    # contacts, photos, replies with authors, read receipts, events with classes, their
    # photos, photos of the day (11)
    with django_assert_num_queries(14):
        items = list(Paginator(selectors.pupil_timeline(world.principal, world.pupil),
                               20).page(1))
        for item in items:
            if item.item_kind == "entry":
                assert len(item.readers) == rows + 2
                for incident in item.incidents.all():
                    assert all(ack.contact.full_name for ack in incident.acknowledgements.all())
                assert all(reply.author.full_name for reply in item.replies.all())
                assert len(item.photos.all()) == rows
    assert len(items) == rows * 3
