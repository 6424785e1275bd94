"""The pupil's own voice: "my day" told with symbols and words.

A pupil, or staff with the pupil, chooses symbols in the order they tell their day. It is
saved as a published ``Entry`` with origin "pupil", through the book's one entry action, so
it is audited and announced (``hooks.announce_entry``) like every other entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from bridgebook.diary import actions
from bridgebook.diary.models import Entry
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


def do_add_my_day(*, pupil, author, symbols: Sequence[str],
                  date: datetime.date | None = None) -> Entry:
    """Save and publish the pupil's "my day" from curated symbol hexcodes, in order."""
    hexcodes = symbols_in_order(symbols)
    if not hexcodes:
        raise VoiceError(_("Choose at least one symbol"))
    if len(hexcodes) > MAX_SYMBOLS:
        raise VoiceError(_("Choose at most %(count)s symbols") % {"count": MAX_SYMBOLS})
    # The word is kept as it was shown when chosen; pages show it in the reader's language
    # again from the hexcode (symbols.word_for) where they can.
    chosen = [{"symbol": hexcode, "word": str(SYMBOLS[hexcode].word)} for hexcode in hexcodes]
    return actions.do_create_entry(
        pupil=pupil, author=author, origin=Entry.Origin.PUPIL,
        date=date or timezone.localdate(), data={"symbols": chosen}, publish=True)
