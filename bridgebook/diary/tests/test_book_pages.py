"""The book pages at work: reading leaves receipts, writing respects the pupil's parts,
a stale edit is refused without losing anything, replies make a thread."""

import datetime

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.queries import family_landing
from bridgebook.diary import actions
from bridgebook.diary.models import (
    Acknowledgement,
    BookEvent,
    BookSettings,
    Entry,
    EntryRevision,
    ReadReceipt,
    Reply,
)
from bridgebook.diary.tests.factories import (
    ActivityFactory,
    BookEventFactory,
    EntryFactory,
    IncidentFactory,
)

DAY = datetime.date(2026, 3, 3)
DATE = {"date_day": "3", "date_month": "3", "date_year": "2026"}


def _book(world):
    return reverse("diary:book", args=[world.pupil.pk])


# Reading ---------------------------------------------------------------------------------

def test_family_reading_the_book_leaves_receipts_per_member(world):
    entries = EntryFactory.create_batch(3, pupil=world.pupil, date=DAY)
    draft = EntryFactory(pupil=world.pupil, date=DAY, status=Entry.Status.DRAFT,
                         published_at=None, note="Secret draft")
    page = signed_in(world.parent).get(_book(world)).content.decode()
    assert "Amira Hassan’s book" in page and "Secret draft" not in page
    assert set(ReadReceipt.objects.values_list("entry_id", "contact_id")) == {
        (entry.pk, world.parent_contact.pk) for entry in entries}
    signed_in(world.separated_parent).get(reverse("diary:entry", args=[entries[0].pk]))
    assert ReadReceipt.objects.filter(contact=world.separated_contact).count() == 1
    assert not ReadReceipt.objects.filter(entry=draft).exists()
    # Staff reading leaves no receipts.
    signed_in(world.class_teacher).get(_book(world))
    assert ReadReceipt.objects.count() == 4


def test_staff_see_who_has_read_each_entry(world):
    entry = EntryFactory(pupil=world.pupil, date=DAY)
    signed_in(world.parent).get(reverse("diary:entry", args=[entry.pk]))
    page = signed_in(world.class_teacher).get(
        reverse("diary:entry", args=[entry.pk])).content.decode()
    assert "Read by Layla Hassan (Mother)" in page
    assert "Not yet read by Omar Hassan (Father)" in page
    assert "Rex Stone" not in page


def test_entries_are_marked_new_until_read(world):
    EntryFactory(pupil=world.pupil, date=DAY)
    first = signed_in(world.parent).get(_book(world)).content.decode()
    again = signed_in(world.parent).get(_book(world)).content.decode()
    assert ">New</strong>" in first and ">New</strong>" not in again


def test_book_filters_and_reports_bad_dates(world):
    EntryFactory(pupil=world.pupil, date=datetime.date(2026, 3, 1), note="Early")
    EntryFactory(pupil=world.pupil, date=datetime.date(2026, 3, 9), note="Late")
    client = signed_in(world.parent)
    page = client.get(_book(world), {"since_day": "5", "since_month": "3",
                                      "since_year": "2026"}).content.decode()
    assert "Late" in page and "Early" not in page
    page = client.get(_book(world), {"since_day": "40", "since_month": "3",
                                      "since_year": "2026"}).content.decode()
    assert "There is a problem" in page and 'href="#id_since_day"' in page


def test_events_show_in_the_book(world):
    BookEventFactory(school=world.school, school_class=world.class_a, date=DAY,
                     title="Theatre visit")
    assert "Theatre visit" in signed_in(world.parent).get(_book(world)).content.decode()


# Writing from school ---------------------------------------------------------------------

def test_school_form_shows_only_the_pupils_parts(world):
    BookSettings.objects.create(pupil=world.pupil, parts=["mood", "note", "personal_care"])
    page = signed_in(world.class_teacher).get(
        reverse("diary:entry_new", args=[world.pupil.pk])).content.decode()
    assert 'name="mood"' in page and 'name="note"' in page
    assert 'name="lunch"' not in page and 'name="incident_what"' not in page
    assert 'name="personal_care"' not in page  # the family has not asked for it
    BookSettings.objects.filter(pupil=world.pupil).update(share_personal_care=True)
    page = signed_in(world.class_teacher).get(
        reverse("diary:entry_new", args=[world.pupil.pk])).content.decode()
    assert 'name="personal_care"' in page


def test_default_parts_and_mood_symbols_with_words(world):
    ActivityFactory(school=world.school, name="Rebound")
    ActivityFactory(school=world.school, name="Old", is_active=False)
    page = signed_in(world.class_teacher).get(
        reverse("diary:entry_new", args=[world.pupil.pk])).content.decode()
    for name in ("activities", "mood", "stickers", "lunch", "medication_name",
                 "incident_what", "note"):
        assert f'name="{name}"' in page
    assert "Rebound" in page and ">Old<" not in page
    assert "Very happy" in page
    assert reverse("diary:symbol", args=["1F604"]) in page


def test_teacher_writes_a_full_entry_and_publishes(world, django_capture_on_commit_callbacks):
    swim = ActivityFactory(school=world.school, name="Swimming")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(world.class_teacher).post(
            reverse("diary:entry_new", args=[world.pupil.pk]), {
                **DATE, "activities": [swim.pk], "activities_text": "Sensory room",
                "mood": "5", "stickers": ["well_done"], "lunch": "most",
                "drinks": "Water", "medication_name": "Calpol", "medication_time": "12:30",
                "incident_kind": "accident", "incident_time": "10:15",
                "incident_what": "Bumped head", "incident_action": "Cold compress",
                "note": "A great day", "publish": ""})
    entry = Entry.objects.get()
    assert response.status_code == 302 and response.url == reverse("diary:entry",
                                                                   args=[entry.pk])
    assert entry.is_published and entry.mood == 5 and entry.stickers == ["well_done"]
    assert entry.food == {"lunch": "most", "drinks": "Water"}
    assert entry.health == {"medication": [{"name": "Calpol", "time": "12:30"}]}
    assert entry.incidents.get().what_happened == "Bumped head"
    page = signed_in(world.parent).get(reverse("diary:entry", args=[entry.pk])).content.decode()
    for text in ("Swimming", "Sensory room", "Very happy", "Well done", "Most",
                 "Calpol given at 12:30", "Bumped head", "I have read this"):
        assert text in page


def test_save_as_draft_and_half_an_incident_is_refused(world):
    client = signed_in(world.class_teacher)
    url = reverse("diary:entry_new", args=[world.pupil.pk])
    response = client.post(url, {**DATE, "incident_what": "Something", "draft": ""})
    page = response.content.decode()
    assert response.status_code == 200 and not Entry.objects.exists()
    assert "Say what was done" in page and 'href="#id_incident_action"' in page
    client.post(url, {**DATE, "note": "Draft words", "draft": ""})
    assert Entry.objects.get().status == Entry.Status.DRAFT


# Writing from home -----------------------------------------------------------------------

def test_family_writes_home_news_which_is_published_at_once(world):
    client = signed_in(world.parent)
    url = reverse("diary:entry_new", args=[world.pupil.pk])
    page = client.get(url).content.decode()
    assert 'name="home_news"' in page and 'name="mood"' not in page
    response = client.post(url, {**DATE})
    assert "Write something to share with school" in response.content.decode()
    client.post(url, {**DATE, "home_news": "We went to the beach", "sleep": "Well"})
    entry = Entry.objects.get()
    assert (entry.origin, entry.is_published, entry.author) == ("home", True, world.parent)
    assert "We went to the beach" in signed_in(world.class_teacher).get(
        _book(world)).content.decode()


# Editing ---------------------------------------------------------------------------------

def test_a_stale_edit_is_refused_and_shows_the_latest_version(world):
    entry = actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                    origin="school", date=DAY, data={"note": "First words"},
                                    publish=True)
    client = signed_in(world.class_teacher)
    url = reverse("diary:entry_edit", args=[entry.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    actions.do_update_entry(entry=entry, editor=world.principal, expected_version=1,
                            data={"note": "Principal's words"})
    response = client.post(url, {**DATE, "note": "Teacher's words", "version": "1"})
    page = response.content.decode()
    assert response.status_code == 409
    assert ("Someone else changed this entry while you were editing. Your changes have not "
            "been saved; here is the latest version") in page
    assert "Principal&#x27;s words</textarea>" in page  # the form holds the latest
    assert "Teacher&#x27;s words" in page  # and what they typed is shown to copy
    assert 'name="version" value="2"' in page
    entry.refresh_from_db()
    assert entry.note == "Principal's words"


def test_edit_after_publishing_shows_in_the_history(world):
    entry = actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                    origin="school", date=DAY,
                                    data={"note": "Ate all his lunch", "mood": 4}, publish=True)
    client = signed_in(world.class_teacher)
    response = client.post(reverse("diary:entry_edit", args=[entry.pk]),
                           {**DATE, "note": "Ate most of his lunch", "mood": "4",
                            "version": "1"})
    assert response.status_code == 302
    assert EntryRevision.objects.get().snapshot["note"] == "Ate all his lunch"
    page = signed_in(world.parent).get(reverse("diary:entry", args=[entry.pk])).content.decode()
    assert "Ate most of his lunch" in page and "see the history" in page
    history = signed_in(world.parent).get(
        reverse("diary:entry_history", args=[entry.pk])).content.decode()
    assert "Ate all his lunch" in history and "Version 1, changed by Cara Teacher" in history
    assert "Happy" in history


def test_a_draft_can_be_published_from_the_edit_page(world):
    entry = actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                    origin="school", date=DAY, data={"note": "Draft"},
                                    publish=False)
    signed_in(world.class_teacher).post(reverse("diary:entry_edit", args=[entry.pk]),
                                        {**DATE, "note": "Draft", "version": "1",
                                         "publish": ""})
    entry.refresh_from_db()
    assert entry.is_published and not EntryRevision.objects.exists()


def test_parent_edits_only_their_own_home_entry(world):
    entry = actions.do_create_entry(pupil=world.pupil, author=world.parent, origin="home",
                                    date=DAY, data={"home_news": "Beach"}, publish=True)
    url = reverse("diary:entry_edit", args=[entry.pk])
    response = signed_in(world.parent).post(url, {**DATE, "home_news": "Beach and park",
                                                  "version": "1"})
    assert response.status_code == 302
    # Omar lives elsewhere and she did not share it: not his to see, let alone change.
    assert signed_in(world.separated_parent).post(url, {**DATE, "home_news": "No",
                                                        "version": "2"}).status_code == 404
    entry.refresh_from_db()
    assert entry.home_news == "Beach and park"


# Removing --------------------------------------------------------------------------------

def test_removing_hides_the_entry_and_is_audited(world):
    entry = EntryFactory(pupil=world.pupil, date=DAY, note="Wrong pupil")
    response = signed_in(world.class_teacher).post(reverse("diary:entry_remove",
                                                           args=[entry.pk]))
    assert response.status_code == 302 and response.url == _book(world)
    entry.refresh_from_db()
    assert entry.deleted_at is not None and entry.deleted_by == world.class_teacher
    assert AuditEvent.objects.filter(action="delete", object_id=str(entry.pk)).exists()
    assert "Wrong pupil" not in signed_in(world.parent).get(_book(world)).content.decode()
    assert signed_in(world.parent).get(reverse("diary:entry", args=[entry.pk])
                                       ).status_code == 404


# Replies and acknowledgements ------------------------------------------------------------

def test_replies_make_a_thread_and_htmx_gets_the_partial(world):
    entry = EntryFactory(pupil=world.pupil, date=DAY)
    url = reverse("diary:reply", args=[entry.pk])
    response = signed_in(world.parent).post(url, {"text": "Thank you!"})
    assert response.status_code == 302
    response = signed_in(world.class_teacher).post(url, {"text": "You are welcome"},
                                                   HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.index("Thank you!") < page.index("You are welcome")
    assert "Layla Hassan" in page and "Cara Teacher" in page
    response = signed_in(world.class_teacher).post(url, {"text": ""}, HTTP_HX_REQUEST="true")
    assert "Write your reply" in response.content.decode()
    response = signed_in(world.class_teacher).post(url, {"text": ""})
    assert response.status_code == 200 and "Write your reply" in response.content.decode()
    assert Reply.objects.count() == 2


def test_family_acknowledges_an_incident(world):
    incident = IncidentFactory(entry=EntryFactory(pupil=world.pupil, date=DAY))
    url = reverse("diary:acknowledge", args=[incident.pk])
    assert signed_in(world.parent).post(url).status_code == 302
    assert signed_in(world.parent).post(url).status_code == 302
    assert Acknowledgement.objects.get().contact == world.parent_contact
    page = signed_in(world.parent).get(reverse("diary:entry", args=[incident.entry_id]))
    assert "You have read this" in page.content.decode()
    page = signed_in(world.separated_parent).get(reverse("diary:entry",
                                                         args=[incident.entry_id]))
    assert "I have read this" in page.content.decode()
    page = signed_in(world.class_teacher).get(reverse("diary:entry", args=[incident.entry_id]))
    assert "Acknowledged by Layla Hassan" in page.content.decode()


# Settings and events ---------------------------------------------------------------------

def test_book_settings_page_saves_parts(world):
    response = signed_in(world.class_teacher).post(
        reverse("diary:book_settings", args=[world.pupil.pk]),
        {"parts": ["mood", "personal_care"], "share_personal_care": "on"})
    assert response.status_code == 302
    settings = BookSettings.objects.get()
    assert settings.parts == ["mood", "personal_care"] and settings.share_personal_care
    response = signed_in(world.class_teacher).post(
        reverse("diary:book_settings", args=[world.pupil.pk]), {})
    assert "Choose at least one part of the book" in response.content.decode()


def test_events_are_written_once_for_a_class(world):
    client = signed_in(world.class_teacher)
    url = reverse("diary:event_new", args=[world.school.urn])
    page = client.get(url).content.decode()
    assert "Class A" in page and "The whole school" not in page and "Class B" not in page
    response = client.post(url, {**DATE, "audience": str(world.class_b.pk), "title": "X"})
    assert "Select a valid choice" in response.content.decode()
    client.post(url, {**DATE, "audience": str(world.class_a.pk), "title": "Theatre",
                      "publish": ""})
    event = BookEvent.objects.get()
    assert event.school_class == world.class_a and event.published_at is not None
    assert "Theatre" in signed_in(world.parent).get(_book(world)).content.decode()
    assert "Theatre" not in signed_in(world.principal).get(
        reverse("diary:book", args=[world.pupil_b.pk])).content.decode()
    page = signed_in(world.parent).get(reverse("diary:event", args=[event.pk]))
    assert "Amira Hassan" in page.content.decode()
    principal = signed_in(world.principal).get(url).content.decode()
    assert "The whole school" in principal


# The family landing page -----------------------------------------------------------------

@pytest.mark.parametrize("rows", [3, 6])
def test_family_landing_shows_unread_counts(world, rows, django_assert_num_queries):
    EntryFactory.create_batch(rows, pupil=world.pupil, date=DAY)
    client = signed_in(world.parent)
    assert client.get(reverse("core:home")).status_code == 200
    # session, user, the Viewer; the children with their school and class, then each
    # app's count over them (unread book entries: one query; conversations, messages)
    with django_assert_num_queries(family_landing()):
        page = client.get(reverse("core:home")).content.decode()
    assert f"{rows} new entries" in page and reverse("diary:book",
                                                     args=[world.pupil.pk]) in page
    client.get(_book(world))
    assert "Nothing new" in client.get(reverse("core:home")).content.decode()
