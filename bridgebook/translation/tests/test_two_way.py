"""Language goes both ways: what a family writes reaches staff in the staff member's
language, and what staff write reaches a family in theirs, each marked as a machine
translation with the original one tap away (in print, after it); the language a family
wrote in is detected where the backend can, else taken from their contact; a page costs
the same number of queries however many entries it shows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.diary import actions as diary_actions
from bridgebook.diary import pdf
from bridgebook.diary.models import Entry
from bridgebook.diary.tests.factories import (
    ActivityFactory,
    BookEventFactory,
    EntryFactory,
    IncidentFactory,
)
from bridgebook.messaging import actions as messaging_actions
from bridgebook.translation.services import written_language

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 3)


# The language a family wrote in --------------------------------------------------------

def test_the_language_is_detected_where_the_backend_is_sure(libretranslate):
    assert written_language("Czy Zofia może przynieść swoją książkę?", fallback="en") == "pl"
    assert written_language("کیا زارا اپنا آلہ لا سکتی ہے؟", fallback="en") == "ur"
    # Unsure (a word or two): the writer's own language on record.
    assert written_language("ok", fallback="ar") == "ar"
    assert libretranslate.requests[0] == {"q": "Czy Zofia może przynieść swoją książkę?"}


def test_without_detection_or_when_it_fails_the_writers_language_is_used(
        libretranslate, local_backend):
    assert written_language("We went to the beach.", fallback="ur") == "ur"


def test_a_failing_detection_never_stops_the_writing(libretranslate):
    libretranslate.mode = "500"
    assert written_language("Czy Zofia może przyjść?", fallback="ro") == "ro"


# What families write, read by staff ----------------------------------------------------

def test_a_home_entry_keeps_the_language_it_was_written_in(world, libretranslate):
    entry = diary_actions.do_create_entry(
        pupil=world.pupil, author=world.parent, origin=Entry.Origin.HOME, date=DAY,
        data={"home_news": "ذهبنا إلى الحديقة يوم السبت."}, publish=True)
    assert (entry.language, entry.household_id, entry.shared_with_all) == (
        "ar", world.parent_contact.household_id, False)
    page = signed_in(world.class_teacher).get(
        reverse("diary:book", args=[world.pupil.pk])).content.decode()
    assert '<div class="bb-translated" lang="en" dir="ltr">en: ذهبنا إلى الحديقة' in page
    assert "Show the original (Arabic)" in page


def test_staff_read_a_family_conversation_message_and_reply_in_their_language(
        world, local_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        started = messaging_actions.do_start_conversation(
            pupil=world.pupil, author=world.parent, subject="أدوية",
            body="هل أعطيت أميرة دواءها اليوم؟")
    assert started.language == "ar"
    teacher = signed_in(world.class_teacher)
    url = reverse("messaging:conversation", args=[started.conversation_id])
    page = teacher.get(url).content.decode()
    assert '<div class="bb-translated" lang="en" dir="ltr">[en] هل أعطيت' in page
    assert re.search(r'bb-original" lang="ar" dir="rtl">هل أعطيت', page)
    # The teacher answers in English; Layla, who reads Arabic, reads it in Arabic.
    teacher.post(url, {"body": "Yes, at lunchtime, with water."})
    family = signed_in(world.parent).get(url).content.decode()
    assert '<div class="bb-translated" lang="ar" dir="rtl">[ar] Yes, at lunchtime' in family
    # Her own words she reads as she wrote them, unmarked.
    assert "[ar] هل أعطيت" not in family and "هل أعطيت أميرة دواءها اليوم؟" in family


def test_replies_and_acknowledgement_notes_cross_in_both_directions(world, local_backend):
    entry = EntryFactory(pupil=world.pupil, date=DAY, note="A good day.")
    incident = IncidentFactory(entry=entry, what_happened="Bumped her head.")
    diary_actions.do_reply(entry=entry, author=world.class_teacher, text="She was brave.")
    diary_actions.do_reply(entry=entry, author=world.parent, text="شكرا لكم")
    diary_actions.do_acknowledge_incident(incident=incident, contact=world.parent_contact,
                                          note="سأراقبها الليلة")
    url = reverse("diary:entry", args=[entry.pk])
    staff = signed_in(world.class_teacher).get(url).content.decode()
    assert "[en] شكرا لكم" in staff and "[en] سأراقبها الليلة" in staff
    assert "[en] She was brave." not in staff
    family = signed_in(world.parent).get(url).content.decode()
    assert "[ar] She was brave." in family and "[ar] Bumped her head." in family
    assert "[ar] شكرا لكم" not in family


def test_families_read_events_activities_and_notes_in_their_language(world, local_backend):
    swimming = ActivityFactory(school=world.school, name="Swimming")
    entry = EntryFactory(pupil=world.pupil, date=DAY, note="", mood=4,
                         mood_note="Calm after lunch", food={"drinks": "Two cups of water"})
    entry.activities.set([swimming])
    event = BookEventFactory(school=world.school, school_class=world.class_a, date=DAY,
                             title="Farm trip", description="We fed the goats.",
                             published_at=entry.published_at)
    page = signed_in(world.parent).get(
        reverse("diary:book", args=[world.pupil.pk])).content.decode()
    for english in ("Swimming", "Calm after lunch", "Two cups of water", "Farm trip"):
        assert f'<span lang="ar" dir="rtl">[ar] {english}</span>' in page, english
        assert f"({english})</span>" in page   # the original, after it
    assert "[ar] We fed the goats." in page
    event_page = signed_in(world.parent).get(reverse("diary:event", args=[event.pk]))
    assert "[ar] Farm trip" in event_page.content.decode()


def test_the_books_pdf_is_in_the_readers_language_with_the_originals(world, local_backend):
    EntryFactory(pupil=world.pupil, date=DAY, note="She painted a rainbow.")
    EntryFactory(pupil=world.pupil, date=DAY, origin=Entry.Origin.HOME, note="",
                 home_news="ذهبنا إلى الحديقة", language="ar", author=world.parent,
                 household=world.parent_contact.household)
    family = pdf.book_html(pdf.book_context(world.parent, world.pupil, date_from=DAY,
                                            date_to=DAY))
    assert '<span lang="ar" dir="rtl">[ar] She painted a rainbow.</span>' in family
    assert '<span class="original" lang="en" dir="ltr">She painted a rainbow.</span>' in family
    staff = pdf.book_html(pdf.book_context(world.class_teacher, world.pupil, date_from=DAY,
                                           date_to=DAY))
    assert '<span lang="en" dir="ltr">[en] ذهبنا إلى الحديقة</span>' in staff
    assert "She painted a rainbow." in staff and "[en] She painted" not in staff


# A page costs the same whatever it shows ---------------------------------------------

def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("rows", [3, 6])
def test_staff_read_a_page_of_family_writing_in_a_fixed_number_of_queries(
        world, local_backend, settings, rows):
    """Home entries in Arabic and in Polish on one page: one cache query per language
    written on it, and the glossary, whatever the number of entries."""
    for day in range(rows):
        for language, words in (("ar", f"يوم {day}"), ("pl", f"Dzień {day}")):
            EntryFactory(pupil=world.pupil, date=DAY - datetime.timedelta(days=day),
                         origin=Entry.Origin.HOME, note="", home_news=words,
                         language=language, author=world.parent,
                         household=world.parent_contact.household)
    url = reverse("diary:book", args=[world.pupil.pk])
    client = signed_in(world.class_teacher)
    client.get(url)                    # fills the cache
    translated = _queries(client, url)
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "none", "OPTIONS": {}}
    plain = _queries(client, url)
    # the glossary, the Arabic texts' cache look-up, the Polish texts'
    assert translated - plain == 3


def test_a_note_too_long_to_keep_is_refused_with_a_reason_and_nothing_recorded(world):
    from bridgebook.diary.models import Acknowledgement

    entry = EntryFactory(pupil=world.pupil, date=DAY, note="A good day.")
    incident = IncidentFactory(entry=entry)
    response = signed_in(world.parent).post(
        reverse("diary:acknowledge", args=[incident.pk]), {"note": "x" * 2001}, follow=True)
    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    assert not Acknowledgement.objects.exists()
