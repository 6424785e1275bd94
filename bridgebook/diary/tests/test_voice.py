"""Pupil voice: the OpenMoji symbols served, and "my day" saved, published and announced."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.queries import STAFF_FRAME
from bridgebook.diary.access import readable_entries
from bridgebook.diary.actions import do_add_my_day
from bridgebook.diary.hooks import entry_published
from bridgebook.diary.models import Entry, Mood
from bridgebook.diary.symbols import (
    GROUPS,
    MOOD_SYMBOLS,
    SYMBOLS,
    VERSION,
    mood_symbol,
    symbol_svg,
    symbol_url,
    word_for,
)
from bridgebook.diary.voice import VoiceError, symbols_in_order

NOW = dt.datetime(2026, 3, 10, 14, 30, tzinfo=dt.UTC)
SEE_PUPIL_STAFF = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin"}
FAMILY_OF_PUPIL = {"parent", "separated_parent"}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def announced():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    entry_published.connect(receiver)
    yield calls
    entry_published.disconnect(receiver)


# The vocabulary --------------------------------------------------------------------------

def test_every_curated_symbol_ships_in_openmoji():
    for hexcode in SYMBOLS:
        assert symbol_svg(hexcode).lstrip().startswith(b"<svg"), hexcode


def test_the_vocabulary_covers_a_school_day():
    words = {str(symbol.word) for symbol in SYMBOLS.values()}
    for word in ["swimming", "music", "painting", "cooking", "bus", "park", "playground",
                 "computer", "books", "food", "drink", "toilet", "tired", "hurt", "friends",
                 "home", "family"]:
        assert word in words, word
    assert {group.key for group in GROUPS} >= {"feelings", "activities", "food", "people"}


def test_the_mood_scale_has_a_symbol_and_word_for_each_point():
    assert set(MOOD_SYMBOLS) == {choice.value for choice in Mood}
    for mood, (hexcode, word) in MOOD_SYMBOLS.items():
        assert hexcode in SYMBOLS
        assert str(word) == Mood(mood).label
    assert mood_symbol(Mood.VERY_HAPPY)["url"] == symbol_url(MOOD_SYMBOLS[5][0])
    assert mood_symbol(None) is None


def test_symbol_url_and_words():
    assert symbol_url("1F3CA") == f"/symbols/1F3CA.svg?v={VERSION}"
    assert word_for("1F3CA") == "swimming"
    assert word_for("NOPE", "kept") == "kept"


def test_a_symbol_is_served_as_svg_with_a_long_cache(client, db):
    response = client.get(reverse("diary:symbol", args=["1F3CA"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response.content == symbol_svg("1F3CA")


@pytest.mark.parametrize("hexcode", ["1F4A9", "1f3ca", "LICENSE", "..", "1F3CA.svg"])
def test_only_curated_symbols_are_served(client, db, hexcode):
    # 1F4A9 ships in OpenMoji but is not in the curated list.
    assert client.get(reverse("diary:symbol", args=[hexcode])).status_code == 404


# Saving my day ---------------------------------------------------------------------------

def test_symbols_keep_the_order_they_were_chosen_in():
    assert symbols_in_order(["1F3CA", "1F37D", "1F604"], ["1F604", "1F3CA"]) == [
        "1F604", "1F3CA", "1F37D"]
    assert symbols_in_order(["1F3CA", "NOPE", "1F3CA"]) == ["1F3CA"]


def test_my_day_is_saved_published_and_announced_once(world, announced,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = do_add_my_day(pupil=world.pupil, author=world.class_teacher,
                              symbols=["1F3CA", "1F604"])
    entry.refresh_from_db()
    assert entry.origin == Entry.Origin.PUPIL
    assert entry.status == Entry.Status.PUBLISHED and entry.published_at is not None
    assert entry.date == dt.date(2026, 3, 10)
    assert entry.symbols == [{"symbol": "1F3CA", "word": "swimming"},
                             {"symbol": "1F604", "word": "happy"}]
    assert announced == [{"signal": entry_published, "entry_id": entry.pk,
                          "pupil_id": world.pupil.pk, "origin": "pupil"}]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="entry",
                                     pupil=world.pupil).exists()
    # Families read it in the book.
    assert readable_entries(world.parent).filter(pk=entry.pk).exists()
    assert not readable_entries(world.restricted_parent).filter(pk=entry.pk).exists()


def test_my_day_needs_at_least_one_known_symbol(world):
    with pytest.raises(VoiceError):
        do_add_my_day(pupil=world.pupil, author=world.class_teacher, symbols=["NOPE"])
    with pytest.raises(VoiceError):
        do_add_my_day(pupil=world.pupil, author=world.class_teacher,
                      symbols=list(SYMBOLS)[:13])
    assert not Entry.objects.exists()


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_open_my_day(world, name):
    response = signed_in(persona(world, name)).get(reverse("diary:my_day", args=[world.pupil.pk]))
    if name == "anonymous":
        assert response.status_code == 302
        return
    expected = (200 if name in SEE_PUPIL_STAFF else 403 if name in FAMILY_OF_PUPIL else 404)
    assert response.status_code == expected, name


@pytest.mark.parametrize("name", [n for n in PERSONAS if n != "anonymous"])
def test_who_may_save_my_day(world, name):
    response = signed_in(persona(world, name)).post(
        reverse("diary:my_day", args=[world.pupil.pk]), {"symbols": ["1F3CA"]})
    expected = (302 if name in SEE_PUPIL_STAFF else 403 if name in FAMILY_OF_PUPIL else 404)
    assert response.status_code == expected, name
    assert Entry.objects.filter(origin=Entry.Origin.PUPIL).exists() == (expected == 302)


def test_the_page_saves_symbols_in_the_order_chosen(world, announced,
                                                    django_capture_on_commit_callbacks):
    url = reverse("diary:my_day", args=[world.pupil.pk])
    client = signed_in(world.class_teacher)
    page = client.get(url).content.decode()
    assert 'src="/symbols/1F3CA.svg?v=' in page and "swimming" in page
    assert "OpenMoji" in page and "CC BY-SA 4.0" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"symbols": ["1F3CA", "1F37D", "1F604"],
                                     "order": "1F604 1F3CA 1F37D"})
    assert response.status_code == 302 and response["Location"] == url
    entry = Entry.objects.get(origin=Entry.Origin.PUPIL)
    assert [item["symbol"] for item in entry.symbols] == ["1F604", "1F3CA", "1F37D"]
    assert entry.author == world.class_teacher
    assert len(announced) == 1
    after = client.get(url).content.decode()
    assert "Already saved today" in after


def test_the_page_explains_an_empty_choice(world):
    url = reverse("diary:my_day", args=[world.pupil.pk])
    response = signed_in(world.class_teacher).post(url, {"order": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one symbol" in page
    assert 'href="#symbol-feelings-' in page
    assert not Entry.objects.exists()


def test_the_page_refuses_an_unknown_symbol(world):
    response = signed_in(world.class_teacher).post(
        reverse("diary:my_day", args=[world.pupil.pk]), {"symbols": ["1F4A9"]})
    assert response.status_code == 200
    assert not Entry.objects.exists()


def test_the_about_page_credits_openmoji(client, db):
    page = client.get(reverse("core:about")).content.decode()
    assert "All emojis designed by OpenMoji – the open-source emoji and icon project." in page
    assert "CC BY-SA 4.0" in page
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in page


def test_my_day_page_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    for symbols in (["1F3CA"], ["1F37D", "1F604"], ["1F68C", "1F3E0", "1F46A"]):
        do_add_my_day(pupil=world.pupil, author=world.class_teacher, symbols=symbols)
    client = signed_in(world.class_teacher)
    url = reverse("diary:my_day", args=[world.pupil.pk])
    # STAFF_FRAME, the pupil with school and class, today's "my day" entries (all three
    # at once).
    with django_assert_num_queries(STAFF_FRAME + 2):
        response = client.get(url)
    assert response.content.decode().count('<li class="bb-my-day-list__item"') == 6
