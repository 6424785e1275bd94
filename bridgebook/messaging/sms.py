"""Text message encoding: GSM-7 or UCS-2, segment counts, and cleaning.

A text is sent in the GSM 7-bit default alphabet when every character is in it, and in
UCS-2 (16 bits a character) otherwise. One GSM-7 text holds 160 characters; longer texts
are split into parts of 153 (each part carries a 7-byte user data header). UCS-2 holds 70,
and 67 a part. A character from the GSM-7 extension table is sent as ESC + character, so it
counts twice, and the two halves are never split between parts.

A single non-breaking space or curly apostrophe pasted from a word processor forces the
whole text into UCS-2, which more than doubles the number of parts (and the cost), so
``clean_for_sms`` replaces such typographic characters with their plain equivalents. It
never touches letters: Urdu, Arabic, or Polish letters outside GSM-7 (ą, ę, ł, ś...) stay,
and that text goes as UCS-2, because transliterating a family's language is not ours to do.
"""

import unicodedata
from dataclasses import dataclass

# GSM 03.38 (3GPP TS 23.038, section 6.2.1) default alphabet, in code order 0x00-0x7F.
# 0x1B is the escape to the extension table, so it is not a character of its own here.
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
assert len(GSM7_BASIC) == 128
GSM7_BASIC_SET = frozenset(GSM7_BASIC) - {"\x1b"}

# GSM 03.38 (3GPP TS 23.038, section 6.2.1.1) extension table, reached with ESC (0x1B):
# 0x0A form feed, 0x14 ^, 0x28 {, 0x29 }, 0x2F \, 0x3C [, 0x3D ~, 0x3E ], 0x40 |, 0x65 €.
GSM7_EXTENSION_SET = frozenset("\f^{}\\[~]|€")

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# (single-part capacity, capacity of each part of a multi-part text), in septets or in
# UTF-16 code units.
CAPACITY = {GSM7: (160, 153), UCS2: (70, 67)}

# Typographic characters that force UCS-2 for no reason, and what a phone shows instead.
_REPLACEMENTS = {
    # Spaces: no-break, figure, narrow no-break, en/em and the other fixed-width spaces,
    # ideographic space, tab.
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ", "\t": " ",
    **{chr(code): " " for code in range(0x2000, 0x200B)},
    # Invisible characters: zero-width space, word joiner, byte order mark, soft hyphen.
    # (Zero-width joiner and non-joiner shape Arabic-script and Indic text, so they stay.)
    "\u200b": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
    # Quotes and apostrophes.
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    # Dashes and hyphens: hyphen, non-breaking hyphen, figure dash, en dash, em dash,
    # horizontal bar, minus sign.
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    # Ellipsis, bullets.
    "\u2026": "...", "\u2022": "-", "\u00b7": "-",
    # Line and paragraph separators.
    "\u2028": "\n", "\u2029": "\n",
}
_TRANSLATION = str.maketrans(_REPLACEMENTS)


def clean_for_sms(text: str) -> str:
    """Replace characters that would force UCS-2 needlessly; letters are never changed.

    NFC normalisation first joins a decomposed "e" + combining acute into "é", which GSM-7
    has. Windows line endings become "\\n" (one character, not two).
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n")
    return text.translate(_TRANSLATION)


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC_SET or char in GSM7_EXTENSION_SET for char in text)


def _cost(char: str, encoding: str) -> int:
    if encoding == GSM7:
        return 2 if char in GSM7_EXTENSION_SET else 1
    return 2 if ord(char) > 0xFFFF else 1  # outside the BMP: a UTF-16 surrogate pair


@dataclass(frozen=True)
class SmsInfo:
    encoding: str          # "GSM-7" or "UCS-2"
    length: int            # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int          # parts the network sends and the provider charges for
    per_segment: int       # capacity of each part at this length
    remaining: int         # room left in the last part before another is needed
    non_gsm: str           # the distinct characters that forced UCS-2, in order of use


def split_segments(text: str) -> list[str]:
    """The parts a phone network would send, never splitting an escape or surrogate pair."""
    encoding = GSM7 if is_gsm7(text) else UCS2
    single, multi = CAPACITY[encoding]
    if sum(_cost(char, encoding) for char in text) <= single:
        return [text] if text else []
    parts, current, used = [], [], 0
    for char in text:
        cost = _cost(char, encoding)
        if used + cost > multi:
            parts.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += cost
    parts.append("".join(current))
    return parts


def analyse(text: str) -> SmsInfo:
    """Encoding and segment count of ``text`` as it would be sent (clean it first)."""
    encoding = GSM7 if is_gsm7(text) else UCS2
    single, multi = CAPACITY[encoding]
    length = sum(_cost(char, encoding) for char in text)
    parts = split_segments(text)
    segments = len(parts)
    if segments <= 1:
        per_segment, remaining = single, single - length
    else:
        per_segment = multi
        remaining = multi - sum(_cost(char, encoding) for char in parts[-1])
    non_gsm = "" if encoding == GSM7 else "".join(dict.fromkeys(
        char for char in text if char not in GSM7_BASIC_SET and char not in GSM7_EXTENSION_SET))
    return SmsInfo(encoding=encoding, length=length, segments=segments,
                   per_segment=per_segment, remaining=remaining, non_gsm=non_gsm)


def segment_count(text: str) -> int:
    return analyse(text).segments

