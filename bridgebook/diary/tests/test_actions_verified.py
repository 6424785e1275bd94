"""The book's actions run through ``verify_action``: each audited by the person who acted,
and announcements (families hearing of an entry or event) only once it has committed."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.diary import actions
from bridgebook.diary.day import PupilDay
from bridgebook.diary.exports import Status
from bridgebook.diary.models import (
    Acknowledgement,
    BookEvent,
    BookExport,
    BookSettings,
    Entry,
    Mood,
)
from bridgebook.diary.symbols import SYMBOLS
from bridgebook.diary.tests.factories import EntryFactory, IncidentFactory, tiny_jpeg
from bridgebook.people.codes import PhotoConsent

Action = AuditEvent.Action
DAY = datetime.date(2026, 3, 4)


def _draft(world) -> Entry:
    return actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                   origin=Entry.Origin.SCHOOL, date=DAY,
                                   data={"note": "Painted a sunflower."}, publish=False)


def test_activities_are_added_and_retired(world):
    with verify_action(actor=world.principal, event_type=Action.CREATE) as result:
        activity = actions.do_add_activity(school=world.school, name="Forest school",
                                           acting_user=world.principal)
    assert result.audit_events[-1].summary == "Added the activity Forest school"
    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        actions.do_change_activity(activity=activity, acting_user=world.principal,
                                   is_active=False)
    assert result.audit_events[-1].changes == {"is_active": [True, False]}


def test_book_settings(world):
    with verify_action(actor=world.class_teacher, event_type=Action.UPDATE) as result:
        actions.do_save_book_settings(pupil=world.pupil, parts=["mood", "food"],
                                      share_personal_care=True, acting_user=world.class_teacher)
    assert result.audit_events[-1].pupil == world.pupil
    settings = BookSettings.objects.get(pupil=world.pupil)
    assert (settings.parts, settings.share_personal_care) == (["mood", "food"], True)


def test_a_draft_is_changed_published_and_removed(world):
    entry = _draft(world)
    with verify_action(actor=world.class_teacher, event_type=Action.UPDATE) as result:
        changed = actions.do_update_entry(entry=entry, editor=world.class_teacher,
                                          expected_version=entry.version,
                                          data={"note": "Painted two sunflowers."})
    assert result.audit_events[-1].changes == {
        "note": ["Painted a sunflower.", "Painted two sunflowers."]}
    assert not result.callbacks                          # a draft is announced to nobody

    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        assert actions.do_publish_entry(entry=changed, acting_user=world.principal)
    assert len(result.callbacks) == 1                    # announced once, on commit
    assert Entry.objects.get(pk=entry.pk).status == Entry.Status.PUBLISHED

    with verify_action(actor=world.class_teacher, event_type=Action.DELETE):
        assert actions.do_remove_entry(entry=changed, acting_user=world.class_teacher)
    assert Entry.objects.get(pk=entry.pk).deleted_at is not None


def test_the_class_page_saves_and_publishes_a_pupils_day(world):
    today = timezone.localdate()
    rows = [PupilDay(pupil=world.pupil, entry=None)]
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        day = actions.do_save_class_day(
            acting_user=world.class_teacher, rows=rows, day=today, activities=[],
            shown=(set(), ""), chosen=(set(), ""), publish=True,
            pupil_data={world.pupil.pk: {"mood": Mood.OK, "note": "A calm day", "version": None}})
    assert (day.saved, day.published) == ([world.pupil], [world.pupil])
    entry = Entry.objects.get(pupil=world.pupil, date=today)
    assert (entry.note, entry.status) == ("A calm day", Entry.Status.PUBLISHED)
    assert [event.action for event in result.audit_events] == [Action.CREATE, Action.UPDATE]


def test_the_pupils_my_day(world):
    symbols = list(SYMBOLS)[:2]
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        entry = actions.do_add_my_day(pupil=world.pupil, author=world.class_teacher,
                                      symbols=symbols, date=DAY)
    assert [item["symbol"] for item in entry.symbols] == symbols
    assert entry.is_published and len(result.callbacks) == 1


def test_a_family_member_acknowledges_an_incident(world):
    incident = IncidentFactory(entry=EntryFactory(pupil=world.pupil))
    with verify_action(actor=world.parent, event_type=Action.UPDATE) as result:
        actions.do_acknowledge_incident(incident=incident, contact=world.parent_contact,
                                        note="Thank you for telling us.")
    assert result.audit_events[-1].summary.startswith("Layla Hassan acknowledged an accident")
    assert Acknowledgement.objects.get(incident=incident).note == "Thank you for telling us."


def test_a_class_event_is_written_as_a_draft_then_published(world):
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        event = actions.do_create_event(school=world.school, school_class=world.class_a,
                                        date=DAY, title="Class assembly", description="",
                                        author=world.class_teacher, publish=False)
    assert not result.callbacks
    with verify_action(actor=world.class_teacher, event_type=Action.UPDATE) as result:
        assert actions.do_publish_event(event=event, acting_user=world.class_teacher)
    assert len(result.callbacks) == 1
    assert BookEvent.objects.get(pk=event.pk).published_at is not None


def test_photos_are_added_to_an_entry(world):
    world.pupil.photo_consent = PhotoConsent.BOOK
    world.pupil.save(update_fields=["photo_consent"])
    entry = _draft(world)
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE) as result:
        photos = actions.do_add_photos(
            entry=entry, alt_text="Amira painting", uploaded_by=world.class_teacher,
            files=[SimpleUploadedFile("a.jpg", tiny_jpeg(), content_type="image/jpeg")])
    assert [event.object_id for event in result.audit_events] == [str(photos[0].pk)]
    assert list(photos[0].pupils.all()) == [world.pupil]


def test_downloading_a_ready_export_is_audited(world):
    export = BookExport.objects.create(
        requested_by=world.class_teacher, pupil=world.pupil, status=Status.READY,
        date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 10),
        language="en-gb")
    export.file.save("book.pdf", ContentFile(b"%PDF-1.7 test"))
    with verify_action(actor=world.class_teacher, event_type=Action.EXPORT) as result:
        handle = actions.do_open_export(export=export, user=world.class_teacher)
    with handle:
        assert handle.read().startswith(b"%PDF")
    assert result.audit_events[-1].pupil == world.pupil
