"""The book keeps each entry's rendered card (diary/book.html, ``selectors.card_key``): a
card comes from the cache only while everything it shows is unchanged, and never where a
reader's own form or a machine translation is on it."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.diary import actions
from bridgebook.diary.selectors import card_key, pupil_timeline
from bridgebook.diary.tests.factories import ActivityFactory, EntryFactory, IncidentFactory

DAY = datetime.date(2026, 3, 3)


def _book(client, world) -> str:
    response = client.get(reverse("diary:book", args=[world.pupil.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _card(page: str, entry) -> str:
    match = re.search(rf'<article class="govuk-summary-card" id="entry-{entry.pk}">.*?'
                      r"</article>", page, re.S)
    assert match, f"no card for entry {entry.pk}"
    return match.group(0)


def _unmasked(page: str) -> str:
    """The page without its CSRF tokens, which are masked afresh for every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _kept() -> int:
    return len(caches["fragments"]._cache)


def test_a_card_is_kept_and_served_again_unchanged(world):
    entries = EntryFactory.create_batch(3, pupil=world.pupil, date=DAY, note="Painted")
    teacher = signed_in(world.class_teacher)
    first = _book(teacher, world)
    assert _kept() == 3
    again = _book(teacher, world)
    assert _unmasked(again) == _unmasked(first)
    assert _kept() == 3                      # nothing new was rendered
    # The read-aloud script is on the page once, though every card came from the cache.
    assert again.count("translation/read_aloud.js") == 1
    assert all(f'data-target="entry-text-{entry.pk}"' in again for entry in entries)


def test_what_changes_on_a_card_shows_at_once(world):
    entry = EntryFactory(pupil=world.pupil, date=DAY, note="Painted a rainbow")
    teacher, parent = signed_in(world.class_teacher), signed_in(world.parent)
    assert "Not yet read by Layla Hassan" in _card(_book(teacher, world), entry)

    # Edited: the new words, not the kept card.
    entry = actions.do_update_entry(entry=entry, editor=world.class_teacher,
                                    expected_version=entry.version,
                                    data={"note": "Painted a sunset"},
                                    activities=[ActivityFactory(school=world.school,
                                                                name="Sensory garden")])
    card = _card(_book(teacher, world), entry)
    assert "Painted a sunset" in card and "Painted a rainbow" not in card
    assert "Sensory garden" in card

    # A family member reads it, and replies: the teacher's card says so.
    assert "Painted a sunset" in _card(_book(parent, world), entry)
    actions.do_reply(entry=entry, author=world.parent, text="She loved it")
    card = _card(_book(teacher, world), entry)
    assert "Read by Layla Hassan (Mother)" in card and "1 reply" in card


def test_a_card_is_new_to_a_family_member_until_they_have_read_it(world):
    entry = EntryFactory(pupil=world.pupil, date=DAY)
    parent = signed_in(world.parent)
    assert ">New<" in _card(_book(parent, world), entry)
    # The first visit left a receipt: the same card, no longer new, however it was kept.
    assert ">New<" not in _card(_book(parent, world), entry)
    # Another household's member has not read it yet.
    assert ">New<" in _card(_book(signed_in(world.separated_parent), world), entry)


def test_staff_and_family_are_kept_apart(world):
    entry = EntryFactory(pupil=world.pupil, date=DAY)
    _book(signed_in(world.class_teacher), world)
    family = _card(_book(signed_in(world.parent), world), entry)
    # Who has read it is for staff only, even where the staff card was kept first.
    assert "Read by" not in family and "Not yet read by" not in family


def test_an_entry_with_an_incident_is_rendered_for_each_reader(world):
    entry = EntryFactory(pupil=world.pupil, date=DAY)
    IncidentFactory(entry=entry)
    parent = signed_in(world.parent)
    assert card_key(next(item for item in pupil_timeline(world.parent, world.pupil)[:20]
                         if item.pk == entry.pk)) is None
    card = _card(_book(parent, world), entry)
    assert "I have read this" in card
    assert _kept() == 0
    incident = entry.incidents.get()
    actions.do_acknowledge_incident(incident=incident, contact=world.parent_contact)
    assert "You have read this" in _card(_book(parent, world), entry)


@pytest.fixture
def local_translation(settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


def test_a_machine_translated_card_is_not_kept(world, local_translation):
    entry = EntryFactory(pupil=world.pupil, date=DAY, note="A calm morning.")
    # Layla reads Arabic: her card is translated, and rendered each time.
    arabic = _card(_book(signed_in(world.parent), world), entry)
    assert "[ar] A calm morning." in arabic
    assert _kept() == 0
    # Staff read the English as written: their card is kept.
    _book(signed_in(world.class_teacher), world)
    assert _kept() == 1
