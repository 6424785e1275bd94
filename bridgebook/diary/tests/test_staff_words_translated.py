"""Issue 9: what staff write that a family reads in the book is in the family's language,
down to the small things: the labels of an entry's stickers, who was told about an
incident, and an event's title in the browser tab. Each in the page's one batch of
translations, so the page costs the same however many entries it shows.

The local translation backend marks what it translates ("[so] …"). Layla reads Arabic, and
Bridgebook's interface is in Arabic too; Omar is made to read Somali here, a language the
interface has no catalogue for, so its labels reach him in English unless translated."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from bridgebook.conftest import signed_in
from bridgebook.diary.tests.factories import BookEventFactory, EntryFactory, IncidentFactory

DAY = datetime.date(2026, 3, 3)


@pytest.fixture
def local_translation(settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


@pytest.fixture
def somali_reader(world):
    world.separated_contact.language = "so"
    world.separated_contact.save(update_fields=["language"])
    return world.separated_parent


def _book(user, world, **client) -> str:
    response = signed_in(user, **client).get(reverse("diary:book", args=[world.pupil.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _entry(world, n: int = 0):
    entry = EntryFactory(pupil=world.pupil, date=DAY + datetime.timedelta(days=n),
                         author=world.class_teacher, note=f"Day {n}",
                         stickers=["great_listening", "star_helper"])
    IncidentFactory(entry=entry, who_was_told="Class teacher and the school nurse")
    return entry


def test_sticker_labels_and_who_was_told_reach_a_reader_of_another_language(
        world, local_translation, somali_reader):
    entry = _entry(world)
    page = _book(somali_reader, world)
    for english in ("Great listening", "Star helper", "Class teacher and the school nurse"):
        assert f'<span lang="so" dir="ltr">[so] {english}</span>' in page, english
        assert f"({english})</span>" in page, english   # the original, after it
    # The entry's page shows them the same way.
    page = signed_in(somali_reader).get(reverse("diary:entry", args=[entry.pk]))
    assert "[so] Great listening" in page.content.decode()
    assert "[so] Class teacher and the school nurse" in page.content.decode()


def test_a_reader_whose_language_the_interface_speaks_reads_its_own_sticker_labels(
        world, local_translation):
    _entry(world)
    with translation.override("ar"):
        listening = translation.gettext("Great listening")
    assert listening != "Great listening"
    # Layla's interface is in Arabic (she has not chosen another): the catalogue's Arabic,
    # not a machine translation of the English.
    page = _book(world.parent, world, interface_language=None)
    assert '<html lang="ar"' in page
    assert listening in page and "[ar] Great listening" not in page
    assert "[ar] Class teacher and the school nurse" in page
    # Had she chosen English for the interface, she still reads her sticker in Arabic.
    page = _book(world.parent, world)
    assert '<span lang="ar" dir="rtl">[ar] Great listening</span>' in page
    # Staff read them as written.
    page = _book(world.class_teacher, world)
    assert "Great listening" in page and "[en]" not in page and "[so]" not in page


def test_the_event_pages_title_is_in_the_familys_language(world, local_translation):
    event = BookEventFactory(school=world.school, school_class=world.class_a, date=DAY,
                             title="Farm trip", description="We fed the goats.")
    page = signed_in(world.parent).get(reverse("diary:event", args=[event.pk]))
    assert "<title>[ar] Farm trip – Bridgebook</title>" in page.content.decode()
    page = signed_in(world.class_teacher).get(reverse("diary:event", args=[event.pk]))
    assert "<title>Farm trip – Bridgebook</title>" in page.content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("rows", [3, 6])
def test_the_labels_cost_no_query_of_their_own(world, local_translation, somali_reader,
                                               settings, rows):
    """The glossary (1) and the cache (1) once a page whatever the number of entries, as
    without the labels: measured against the same page with no backend, the cache filled."""
    for n in range(rows):
        _entry(world, n)
    url = reverse("diary:book", args=[world.pupil.pk])
    client = signed_in(somali_reader)
    page = client.get(url).content.decode()   # fills the cache, marks the entries read
    assert page.count("[so] Great listening") == rows
    translated = _queries(client, url)
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "none", "OPTIONS": {}}
    plain = _queries(client, url)
    assert translated - plain == 2
