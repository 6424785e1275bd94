"""The book's writes: publishing announces once, edits keep history and never overwrite
someone else's change, removal is soft and audited, reads and acknowledgements are
idempotent."""

import datetime

import pytest
from django.db import transaction

from bridgebook.core.models import AuditEvent
from bridgebook.diary import actions, hooks
from bridgebook.diary.models import (
    Acknowledgement,
    BookEvent,
    BookSettings,
    Entry,
    EntryRevision,
    Incident,
    ReadReceipt,
    Reply,
)
from bridgebook.diary.tests.factories import ActivityFactory

DAY = datetime.date(2026, 3, 3)
ACCIDENT = {"kind": "accident", "happened_at": datetime.time(10, 15),
            "what_happened": "Slipped in the hall", "action_taken": "Ice pack",
            "who_was_told": "Class teacher"}


@pytest.fixture
def announced():
    """Every entry_published and event_published signal, as (kind, kwargs)."""
    sent = []

    def on_entry(sender, **kwargs):
        sent.append(("entry", kwargs))

    def on_event(sender, **kwargs):
        sent.append(("event", kwargs))

    hooks.entry_published.connect(on_entry)
    hooks.event_published.connect(on_event)
    yield sent
    hooks.entry_published.disconnect(on_entry)
    hooks.event_published.disconnect(on_event)


def _school_entry(world, *, publish=False, **data):
    return actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                   origin=Entry.Origin.SCHOOL, date=DAY,
                                   data={"note": "A calm morning.", **data}, publish=publish)


# Creating and publishing -----------------------------------------------------------------

def test_create_keeps_only_the_fields_of_its_origin_and_audits(world):
    swim = ActivityFactory(school=world.school, name="Swimming")
    entry = actions.do_create_entry(
        pupil=world.pupil, author=world.class_teacher, origin=Entry.Origin.SCHOOL, date=DAY,
        data={"note": "Lovely day", "mood": 4, "home_news": "not a school field"},
        activities=[swim], incidents=[ACCIDENT], publish=False)
    entry.refresh_from_db()
    assert (entry.note, entry.mood, entry.home_news) == ("Lovely day", 4, "")
    assert entry.status == Entry.Status.DRAFT and entry.published_at is None
    assert list(entry.activities.all()) == [swim]
    assert entry.incidents.get().what_happened == "Slipped in the hall"
    row = AuditEvent.objects.get(object_type="entry", object_id=str(entry.pk))
    assert (row.action, row.actor, row.pupil, row.school) == (
        "create", world.class_teacher, world.pupil, world.school)
    assert row.changes["note"] == [None, "Lovely day"]


def test_home_entries_take_no_school_parts(world):
    entry = actions.do_create_entry(
        pupil=world.pupil, author=world.parent, origin=Entry.Origin.HOME, date=DAY,
        data={"home_news": "We went to the beach", "note": "ignored"},
        activities=[ActivityFactory(school=world.school)], incidents=[ACCIDENT], publish=True)
    entry.refresh_from_db()
    assert (entry.home_news, entry.note) == ("We went to the beach", "")
    assert not entry.activities.exists() and not entry.incidents.exists()


def test_publishing_announces_exactly_once_after_commit(
        world, announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = _school_entry(world, publish=True)
    assert announced == [("entry", {"signal": hooks.entry_published, "entry_id": entry.pk,
                                    "pupil_id": world.pupil.pk, "origin": "school"})]
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_publish_entry(entry=entry, acting_user=world.class_teacher) is False
        actions.do_update_entry(entry=entry, editor=world.class_teacher,
                                expected_version=entry.version, data={"note": "Changed"},
                                publish=True)
    assert len(announced) == 1


def test_a_draft_is_announced_when_published_not_when_saved(
        world, announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = _school_entry(world)
        entry = actions.do_update_entry(entry=entry, editor=world.class_teacher,
                                        expected_version=1, data={"note": "Better"})
    assert announced == []
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_publish_entry(entry=entry, acting_user=world.principal) is True
        assert actions.do_publish_entry(entry=entry, acting_user=world.principal) is False
    assert [kind for kind, _ in announced] == ["entry"]
    entry.refresh_from_db()
    assert entry.is_published and entry.published_at is not None


def test_nothing_is_announced_when_the_transaction_rolls_back(
        world, announced, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _school_entry(world, publish=True)
                raise RuntimeError("boom")
        except RuntimeError:
            pass
    assert callbacks == [] and announced == []
    assert not Entry.objects.exists()


def test_update_with_publish_announces_a_draft_once(
        world, announced, django_capture_on_commit_callbacks):
    entry = _school_entry(world)
    with django_capture_on_commit_callbacks(execute=True):
        entry = actions.do_update_entry(entry=entry, editor=world.class_teacher,
                                        expected_version=1, data={"note": "Now"}, publish=True)
    assert entry.is_published and len(announced) == 1


# Editing ---------------------------------------------------------------------------------

def test_stale_version_is_refused_and_nothing_is_overwritten(world):
    entry = _school_entry(world, publish=True)
    mine = Entry.objects.get(pk=entry.pk)
    theirs = Entry.objects.get(pk=entry.pk)
    actions.do_update_entry(entry=theirs, editor=world.principal, expected_version=1,
                            data={"note": "Their words"})
    with pytest.raises(actions.EntryChanged) as refused:
        actions.do_update_entry(entry=mine, editor=world.class_teacher, expected_version=1,
                                data={"note": "My words"})
    assert refused.value.latest.note == "Their words"
    assert refused.value.latest.version == 2
    entry.refresh_from_db()
    assert (entry.note, entry.version) == ("Their words", 2)
    assert EntryRevision.objects.filter(entry=entry).count() == 1


def test_an_edit_that_changes_nothing_writes_nothing(world):
    entry = _school_entry(world, publish=True)
    saved = actions.do_update_entry(entry=entry, editor=world.class_teacher,
                                    expected_version=1, data={"note": "A calm morning."})
    assert saved.changed is False and saved.version == 1
    assert not EntryRevision.objects.exists()
    assert not AuditEvent.objects.filter(action="update").exists()


def test_editing_a_removed_entry_is_refused(world):
    entry = _school_entry(world, publish=True)
    actions.do_remove_entry(entry=entry, acting_user=world.principal)
    with pytest.raises(actions.EntryRemoved):
        actions.do_update_entry(entry=entry, editor=world.class_teacher, expected_version=1,
                                data={"note": "Too late"})


def test_edits_after_publishing_keep_each_earlier_version(world):
    swim = ActivityFactory(school=world.school, name="Swimming")
    cook = ActivityFactory(school=world.school, name="Cooking")
    entry = actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                    origin=Entry.Origin.SCHOOL, date=DAY,
                                    data={"note": "First", "mood": 3}, activities=[swim],
                                    publish=True)
    entry = actions.do_update_entry(entry=entry, editor=world.class_teacher, expected_version=1,
                                    data={"note": "Second", "mood": 4}, activities=[cook])
    entry = actions.do_update_entry(entry=entry, editor=world.principal, expected_version=2,
                                    data={"note": "Third"}, incidents=[ACCIDENT])
    assert entry.version == 3
    revisions = list(EntryRevision.objects.filter(entry=entry).order_by("version"))
    assert [(r.version, r.edited_by, r.snapshot["note"]) for r in revisions] == [
        (1, world.class_teacher, "First"), (2, world.principal, "Second")]
    assert revisions[0].snapshot["activities"] == ["Swimming"]
    assert revisions[0].snapshot["mood"] == 3
    assert revisions[1].snapshot["activities"] == ["Cooking"]
    assert list(entry.activities.all()) == [cook]
    assert entry.incidents.count() == 1
    changes = AuditEvent.objects.filter(action="update").order_by("pk")
    assert changes[0].changes["note"] == ["First", "Second"]
    assert changes[0].changes["activities"] == [["Swimming"], ["Cooking"]]


def test_draft_edits_keep_no_history(world):
    entry = _school_entry(world)
    actions.do_update_entry(entry=entry, editor=world.class_teacher, expected_version=1,
                            data={"note": "Better"})
    assert not EntryRevision.objects.exists()


def test_adding_an_incident_keeps_earlier_ones_and_their_acknowledgements(world):
    entry = actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                    origin=Entry.Origin.SCHOOL, date=DAY, data={},
                                    incidents=[ACCIDENT], publish=True)
    first = entry.incidents.get()
    actions.do_acknowledge_incident(incident=first, contact=world.parent_contact)
    actions.do_update_entry(entry=entry, editor=world.class_teacher, expected_version=1,
                            data={}, incidents=[{**ACCIDENT, "kind": "incident"}])
    assert Incident.objects.filter(entry=entry).count() == 2
    assert Acknowledgement.objects.filter(incident=first).exists()


# Removing --------------------------------------------------------------------------------

def test_removal_is_soft_and_audited_once(world):
    entry = _school_entry(world, publish=True)
    assert actions.do_remove_entry(entry=entry, acting_user=world.principal) is True
    assert actions.do_remove_entry(entry=entry, acting_user=world.principal) is False
    entry.refresh_from_db()
    assert entry.deleted_at is not None and entry.deleted_by == world.principal
    rows = AuditEvent.objects.filter(action="delete", object_id=str(entry.pk))
    assert rows.count() == 1 and rows[0].pupil == world.pupil


# Replies, reading, acknowledging ---------------------------------------------------------

def test_reply_is_kept_and_audited(world):
    entry = _school_entry(world, publish=True)
    reply = actions.do_reply(entry=entry, author=world.parent, text="Thank you")
    assert Reply.objects.get() == reply and reply.author == world.parent
    assert AuditEvent.objects.filter(summary__startswith="Replied").count() == 1


def test_mark_read_is_bulk_idempotent_and_skips_drafts(world, django_assert_num_queries):
    entries = [_school_entry(world, publish=True) for _ in range(3)]
    draft = _school_entry(world)
    with django_assert_num_queries(1):  # one INSERT ... ON CONFLICT DO NOTHING
        actions.do_mark_read(entries=[*entries, draft], contact=world.parent_contact)
    first = dict(ReadReceipt.objects.values_list("entry_id", "read_at"))
    actions.do_mark_read(entries=entries, contact=world.parent_contact)
    assert dict(ReadReceipt.objects.values_list("entry_id", "read_at")) == first
    assert set(first) == {entry.pk for entry in entries}
    with django_assert_num_queries(0):
        actions.do_mark_read(entries=[draft], contact=world.parent_contact)


def test_receipts_are_per_family_member(world):
    entry = _school_entry(world, publish=True)
    actions.do_mark_read(entries=[entry], contact=world.parent_contact)
    actions.do_mark_read(entries=[entry], contact=world.separated_contact.pk)
    assert set(ReadReceipt.objects.values_list("contact_id", flat=True)) == {
        world.parent_contact.pk, world.separated_contact.pk}


def test_acknowledging_twice_keeps_one_row(world):
    entry = actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                    origin=Entry.Origin.SCHOOL, date=DAY, data={},
                                    incidents=[ACCIDENT], publish=True)
    incident = entry.incidents.get()
    first = actions.do_acknowledge_incident(incident=incident, contact=world.parent_contact)
    again = actions.do_acknowledge_incident(incident=incident, contact=world.parent_contact)
    assert first.pk == again.pk and Acknowledgement.objects.count() == 1
    assert AuditEvent.objects.filter(summary__contains="acknowledged").count() == 1


# Events and settings ---------------------------------------------------------------------

def test_events_are_announced_when_published(world, announced,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = actions.do_create_event(school=world.school, school_class=world.class_a,
                                        date=DAY, title="Theatre", description="",
                                        author=world.class_teacher, publish=False)
        event = actions.do_create_event(school=world.school, school_class=None, date=DAY,
                                        title="Assembly", description="Songs",
                                        author=world.principal, publish=True)
    assert announced == [("event", {"signal": hooks.event_published, "event_id": event.pk})]
    assert draft.published_at is None and event.published_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_publish_event(event=draft, acting_user=world.principal) is True
        assert actions.do_publish_event(event=draft, acting_user=world.principal) is False
    assert len(announced) == 2
    assert BookEvent.objects.count() == 2


def test_book_settings_are_saved_and_audited_when_changed(world):
    actions.do_save_book_settings(pupil=world.pupil, parts=["mood", "food"],
                                  share_personal_care=False, acting_user=world.class_teacher)
    actions.do_save_book_settings(pupil=world.pupil, parts=["mood", "food"],
                                  share_personal_care=False, acting_user=world.class_teacher)
    settings = BookSettings.objects.get(pupil=world.pupil)
    assert settings.parts == ["mood", "food"] and not settings.share_personal_care
    assert AuditEvent.objects.filter(object_type="booksettings").count() == 1


def test_publishing_an_event_is_audited_once(world, django_capture_on_commit_callbacks):
    draft = actions.do_create_event(school=world.school, school_class=None, date=DAY,
                                    title="Assembly", description="", author=world.principal,
                                    publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_publish_event(event=draft, acting_user=world.office)
        actions.do_publish_event(event=draft, acting_user=world.office)
    published = AuditEvent.objects.get(object_type="bookevent",
                                       action=AuditEvent.Action.UPDATE)
    assert published.actor == world.office and published.school == world.school
    assert published.summary == "Published a book event for the whole school: Assembly"


def test_a_requests_whole_write_is_its_own_transaction(world):
    """A durable action inside someone else's transaction is a mistake, and says so."""
    entry = _school_entry(world, publish=True)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        actions.do_reply(entry=entry, author=world.class_teacher, text="Thanks")
    assert not Reply.objects.exists()
