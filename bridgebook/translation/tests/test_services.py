"""translate / translate_many: caching, fan-out, failures, and the glossary kept intact."""

import pytest

from bridgebook.translation import actions
from bridgebook.translation.glossary import Glossary
from bridgebook.translation.models import GlossaryTerm, TranslationCache
from bridgebook.translation.services import translate, translate_many

pytestmark = pytest.mark.django_db


def test_second_call_comes_from_the_cache_with_no_request(libretranslate,
                                                          django_assert_num_queries):
    first = translate("Amira enjoyed painting.", target="pl")
    assert first.text == "pl: Amira enjoyed painting."
    assert first.machine and first.backend == "libretranslate"
    assert first.original == "Amira enjoyed painting."
    assert len(libretranslate.requests) == 1
    glossary = Glossary.for_school(None)
    with django_assert_num_queries(1):   # the cache look-up, nothing else
        again = translate("Amira enjoyed painting.", target="pl", glossary=glossary)
    assert again == first
    assert len(libretranslate.requests) == 1
    assert TranslationCache.objects.count() == 1


def test_same_language_and_none_backend_return_the_text_untouched(
        libretranslate, settings, django_assert_num_queries):
    with django_assert_num_queries(0):
        same = translate("Hello", target="en-gb")
    assert same.text == "Hello" and not same.machine
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "none", "OPTIONS": {}}
    with django_assert_num_queries(0):
        none = translate("Hello", target="ur")
    assert none.text == "Hello" and not none.machine and not none.failed
    assert libretranslate.requests == []


def test_broadcast_to_eight_languages_calls_once_per_language(libretranslate):
    texts = ["School closes at 1pm on Friday.", "Bring a coat.",
             "School closes at 1pm on Friday."]
    languages = ["pl", "ro", "pa", "ur", "pt", "es", "ar", "bn"]
    for language in languages:
        results = translate_many(texts, target=language)
        assert [r.text for r in results] == [f"{language}: {t}" for t in texts]
    assert len(libretranslate.requests) == 8
    assert all(len(request["q"]) == 2 for request in libretranslate.requests)  # distinct
    for language in languages:
        translate_many(texts, target=language)
    assert len(libretranslate.requests) == 8
    assert TranslationCache.objects.count() == 16


@pytest.mark.parametrize("mode", ["400", "500", "slow"])
def test_failure_shows_the_original_with_a_note_and_rests_the_backend(libretranslate, mode):
    libretranslate.mode = mode
    result = translate("Swimming tomorrow.", target="ro")
    assert result.text == "Swimming tomorrow." and not result.machine
    assert result.failed and "LibreTranslate" in result.note
    assert TranslationCache.objects.count() == 0
    libretranslate.mode = "ok"
    asked = len(libretranslate.requests)
    rested = translate("Another text.", target="ro")
    assert rested.failed and len(libretranslate.requests) == asked   # not asked again yet
    assert translate("Another text.", target="pl").machine            # other languages fine


def test_connection_refused_shows_the_original(settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "libretranslate",
                                       "OPTIONS": {"URL": "http://127.0.0.1:9", "TIMEOUT": 0.5}}
    result = translate("Hello", target="pl")
    assert result.text == "Hello" and result.failed


def test_glossary_terms_are_kept_intact_and_agreed_translations_used(world, libretranslate):
    actions.do_set_glossary_translation(
        glossary_term=GlossaryTerm.objects.get(term="EHCP", school=None), school=world.school,
        acting_user=world.principal, language="ur", text="ای ایچ سی پی")
    text = "The EHCP annual review is on Monday. Please bring Amira's PECS book."
    result = translate(text, target="ur", school=world.school)
    sent = libretranslate.requests[0]["q"][0]
    assert "EHCP" not in sent and "annual review" not in sent and "PECS" not in sent
    assert sent.count("[[G") == 3
    assert result.text == ("ur: The ای ایچ سی پی annual review is on Monday. "
                           "Please bring Amira's PECS book.")
    # Another school has agreed nothing: the terms stay as they are.
    other = translate(text, target="ur", school=world.other_school)
    assert other.text == f"ur: {text}"
    assert len(libretranslate.requests) == 1    # same protected text: from the cache


def test_acronyms_match_only_in_capitals(world, local_backend):
    result = translate("Chips with salt. SALT session at 2.", target="pl", school=world.school)
    assert result.text == "[pl] Chips with salt. SALT session at 2."
    protected = Glossary.for_school(world.school).protect("Chips with salt. SALT at 2.")
    assert protected.text == "Chips with salt. [[G0]] at 2."


def test_a_school_term_overrides_the_standard_one(world):
    actions.do_add_glossary_term(school=world.school, acting_user=world.principal,
                                 term="EHCP", explanation="Our own words.")
    terms = {t.term: t for t in Glossary.for_school(world.school).terms}
    assert terms["EHCP"].explanation == "Our own words."
    assert Glossary.for_school(world.other_school).by_name["ehcp"].school is None


def test_placeholders_survive_spaces_added_by_an_engine(world):
    glossary = Glossary.for_school(world.school)
    protected = glossary.protect("See the EHCP.")
    assert Glossary.restore("Zobacz [ [G 0] ].", protected, "pl") == "Zobacz EHCP."
