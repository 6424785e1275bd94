"""The pupil's own voice: "my day" told with symbols and words.

A pupil, or staff with the pupil, chooses symbols in the order they tell their day. It is
saved as a published ``Entry`` with origin "pupil" by ``actions.do_add_my_day``, through
the book's one entry action, so it is audited and announced (``hooks.announce_entry``)
like every other entry. Here: which symbols, in which order, and how many.
"""

from __future__ import annotations

from collections.abc import Sequence

from bridgebook.diary.symbols import SYMBOLS

MAX_SYMBOLS = 12


class VoiceError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def symbols_in_order(chosen: Sequence[str], order: Sequence[str] = ()) -> list[str]:
    """The chosen hexcodes in the order they were picked (``order``), then any others in
    the order given; each once, unknown ones dropped."""
    chosen_set = set(chosen)
    result: list[str] = []
    for hexcode in [*order, *chosen]:
        if hexcode in chosen_set and hexcode in SYMBOLS and hexcode not in result:
            result.append(hexcode)
    return result
