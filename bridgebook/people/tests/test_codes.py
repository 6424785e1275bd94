"""Language names as a reader of another language says them (language_name_in)."""

import pytest

from bridgebook.people.codes import language_name, language_name_in


@pytest.mark.parametrize(("code", "reader", "expected"), [
    ("en", "pl", "angielski"),          # Django's Polish catalogue
    ("pl", "ro", "Poloneză"),
    ("pa", "ar", "البنجابيّة"),
    ("en", "pl-pl", "angielski"),       # a regional reader code reads its base language
    ("ur", "ur", "اردو"),               # a language in itself: its own name
    ("en", "en", "English"),
    ("pl", None, "Polish"),
])
def test_names_in_the_readers_language(code, reader, expected):
    assert language_name_in(code, reader) == expected


@pytest.mark.parametrize(("code", "reader", "expected"), [
    ("so", "pl", "Somali"),             # Django has no Somali: our English name
    ("zh", "ar", "Chinese"),
    ("bsl", "es", "British Sign Language"),
    ("pa", "ro", "Panjabi"),            # Django leaves it untranslated: our spelling, not
                                        # its "Punjabi"
    ("xx", "pl", "xx"),                 # a code nobody knows is shown as it is
    ("", "pl", ""),
])
def test_unknown_or_untranslated_names_fall_back_to_ours(code, reader, expected):
    assert language_name_in(code, reader) == expected


def test_a_reader_outside_the_interface_languages_gets_the_english_name():
    """Our sentences are in English for a Turkish reader, so the name is too (Django could
    say "Lehçe", which would sit oddly in an English sentence)."""
    assert language_name_in("pl", "tr") == "Polish" == language_name("pl")
    assert language_name_in("en", "so") == "English"
