import pytest

from bridgebook.messaging.sms import (
    GSM7,
    GSM7_BASIC,
    GSM7_EXTENSION_SET,
    UCS2,
    analyse,
    clean_for_sms,
    is_gsm7,
    split_segments,
)


def test_tables_have_the_gsm_03_38_sizes():
    assert len(GSM7_BASIC) == 128
    assert GSM7_EXTENSION_SET == set("\f^{}\\[~]|€")
    assert is_gsm7("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà")


@pytest.mark.parametrize(("length", "segments"), [
    (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4),
])
def test_gsm7_segments(length, segments):
    info = analyse("a" * length)
    assert (info.encoding, info.length, info.segments) == (GSM7, length, segments)


@pytest.mark.parametrize(("length", "segments"), [
    (1, 1), (70, 1), (71, 2), (134, 2), (135, 3),
])
def test_ucs2_segments(length, segments):
    info = analyse("ł" * length)
    assert (info.encoding, info.length, info.segments) == (UCS2, length, segments)


def test_extension_characters_count_twice():
    assert analyse("€" * 80).segments == 1          # 160 septets
    info = analyse("€" * 81)                         # 162 septets
    assert (info.encoding, info.length, info.segments) == (GSM7, 162, 2)
    assert analyse("Price: [5]").length == 12


def test_an_escape_is_never_split_between_parts():
    text = "a" * 152 + "€" + "b" * 10              # 164 septets: two parts
    first, second = split_segments(text)
    assert first == "a" * 152                      # the € would need septets 153 and 154
    assert second.startswith("€")
    assert analyse(text).segments == 2


def test_remaining_room_in_the_last_part():
    assert analyse("a" * 150).remaining == 10
    assert analyse("a" * 170).remaining == 153 - 17


def test_curly_apostrophe_is_cleaned_to_gsm7():
    assert analyse("Don’t forget PE kit").encoding == UCS2
    cleaned = clean_for_sms("Don’t forget PE kit")
    assert cleaned == "Don't forget PE kit"
    assert analyse(cleaned).encoding == GSM7


def test_typographic_characters_are_replaced():
    text = ("“Trip” on Monday\u00a0– bring lunch… Back at 3\u202fpm — see you\u200b! "
            "Room\u20111a\ttoday")
    cleaned = clean_for_sms(text)
    assert cleaned == '"Trip" on Monday - bring lunch... Back at 3 pm - see you! Room-1a today'
    assert is_gsm7(cleaned)


def test_decomposed_accents_are_joined_when_gsm7_has_the_letter():
    assert clean_for_sms("Cafe\u0301") == "Café"
    assert is_gsm7(clean_for_sms("Cafe\u0301"))


def test_windows_line_endings_become_one_character():
    assert clean_for_sms("Line one\r\nLine two") == "Line one\nLine two"


def test_urdu_stays_and_goes_as_ucs2():
    urdu = "کل اسکول بند رہے گا۔ براہ کرم اپنے بچے کو گھر پر رکھیں۔"
    cleaned = clean_for_sms(urdu)
    assert cleaned == urdu
    info = analyse(cleaned)
    assert info.encoding == UCS2 and info.segments == 1
    assert "ک" in info.non_gsm


def test_zero_width_non_joiner_is_kept_for_arabic_script():
    persian_style = "می\u200cخواهم"
    assert clean_for_sms(persian_style) == persian_style


def test_polish_letters_outside_gsm7_stay():
    polish = "Zajęcia w środę o 9:00 – proszę przyjść."
    cleaned = clean_for_sms(polish)
    assert cleaned == "Zajęcia w środę o 9:00 - proszę przyjść."
    info = analyse(cleaned)
    assert info.encoding == UCS2
    assert info.non_gsm == "ęść"


def test_a_non_breaking_space_alone_would_more_than_double_the_cost():
    text = "Reminder: school photos tomorrow." + "\u00a0" + "x" * 120
    assert analyse(text).segments == 3                 # 154 UCS-2 units
    assert analyse(clean_for_sms(text)).segments == 1  # 154 septets


def test_emoji_count_two_units_and_are_not_split():
    info = analyse("🙂" * 35)
    assert (info.encoding, info.length, info.segments) == (UCS2, 70, 1)
    parts = split_segments("a" + "🙂" * 35)        # 71 units
    assert [len(part.encode("utf-16-le")) // 2 for part in parts] == [67, 4]


def test_empty_text():
    assert analyse("").segments == 0
