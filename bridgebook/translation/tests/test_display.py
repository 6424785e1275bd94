"""What readers see: the book entry in a family reader's language (labelled, the original one
tap away, lang and dir right), staff seeing the original, failures, the glossary marks and
the read-aloud button."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from bridgebook.conftest import signed_in
from bridgebook.diary.tests.factories import EntryFactory, IncidentFactory
from bridgebook.translation.display import direction, labels, mark_glossary
from bridgebook.translation.glossary import Glossary
from bridgebook.translation.models import GlossaryTerm

pytestmark = pytest.mark.django_db


def _entry_html(client, entry) -> str:
    response = client.get(reverse("diary:entry", args=[entry.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_parent_reads_a_machine_translation_with_the_original(world, local_backend):
    entry = EntryFactory(pupil=world.pupil, note="Amira loved her EHCP\nsong time.")
    IncidentFactory(entry=entry)
    html = _entry_html(signed_in(world.parent), entry)      # Layla reads Arabic
    assert '<div class="bb-translated" lang="ar" dir="rtl">[ar] Amira loved her' in html
    # The labels are in Layla's language where the interface has them, marked as such.
    words = labels("ar")
    label_dir = direction(words["machine_lang"])
    assert (f'lang="{words["machine_lang"]}" dir="{label_dir}">{escape(words["machine"])}'
            f"</strong>" in html)
    assert escape(words["original"]) in html
    assert re.search(r'<div class="govuk-details__text bb-original" lang="en" dir="ltr">'
                     r'Amira loved her', html)
    assert "[ar] Tripped in the playground" in html           # incidents too
    # The glossary term is explained, by an ordinary link to a visible explanation.
    assert re.search(r'<dfn class="bb-term"><a class="govuk-link" href="#gl-\d+-\d+">EHCP'
                     r"</a></dfn>", html)
    assert "Education, Health and Care Plan" in html
    # Read aloud: in the reader's language, for the entry's text.
    assert re.search(r'data-module="bb-read-aloud" data-target="entry-text-\d+" '
                     r'data-lang="ar" hidden', html)
    assert html.count("translation/read_aloud.js") == 1


def test_staff_and_english_readers_see_the_original(world, local_backend):
    entry = EntryFactory(pupil=world.pupil, note="A calm morning.")
    staff_html = _entry_html(signed_in(world.class_teacher), entry)
    assert "[ar]" not in staff_html and "Machine translation" not in staff_html
    assert "A calm morning." in staff_html
    assert 'data-lang="en-GB"' in staff_html
    english = _entry_html(signed_in(world.separated_parent), entry)   # Omar reads English
    assert "Machine translation" not in english and "A calm morning." in english


def test_a_family_member_reads_their_own_words_as_written(world, local_backend):
    entry = EntryFactory(pupil=world.pupil, origin="home", note="", home_news="وقت جيد",
                         language="ar", author=world.parent)
    html = _entry_html(signed_in(world.parent), entry)
    assert escape(labels("ar")["machine"]) not in html and "وقت جيد" in html


def test_staff_read_what_a_family_wrote_in_their_own_language(world, local_backend):
    """Layla writes in Arabic; her daughter's teacher reads it in English, labelled, with
    the Arabic one tap away (lang and dir right)."""
    entry = EntryFactory(pupil=world.pupil, origin="home", note="", home_news="وقت جيد",
                         language="ar", author=world.parent)
    html = _entry_html(signed_in(world.class_teacher), entry)
    assert '<div class="bb-translated" lang="en" dir="ltr">[en] وقت جيد</div>' in html
    assert "Machine translation" in html
    assert "Show the original (Arabic)" in html
    assert re.search(r'<div class="govuk-details__text bb-original" lang="ar" dir="rtl">'
                     r"وقت جيد</div>", html)


def test_a_failing_backend_shows_the_original_with_a_note(world, libretranslate):
    libretranslate.mode = "500"
    entry = EntryFactory(pupil=world.pupil, note="A calm morning.")
    html = _entry_html(signed_in(world.parent), entry)
    words = labels("ar")
    assert f'lang="{words["failed_lang"]}">{escape(words["failed"])}</p>' in html
    assert '<div class="bb-original" lang="en" dir="ltr">A calm morning.</div>' in html


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _book_with_entries(world, rows: int) -> str:
    for day in range(rows):
        entry = EntryFactory(pupil=world.pupil, note=f"Day {day}", achievements="Sat well",
                             health={"first_aid": f"Plaster {day}", "personal_care": ""})
        IncidentFactory(entry=entry, what_happened=f"Tripped {day}", action_taken="Hugged")
    return reverse("diary:book", args=[world.pupil.pk])


@pytest.mark.parametrize("rows", [3, 6])
def test_book_translates_a_whole_page_in_a_fixed_number_of_queries(world, local_backend,
                                                                   settings, rows):
    """The glossary (1) and the cache (1) once a page, whatever the number of entries (the
    reader's language comes with who they are). Measured as the difference from the same
    page with no backend, the cache already filled."""
    url = _book_with_entries(world, rows)
    client = signed_in(world.parent)
    client.get(url)                      # fills the cache, marks the entries read
    translated = _queries(client, url)
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "none", "OPTIONS": {}}
    plain = _queries(client, url)
    assert translated - plain == 2


@pytest.mark.parametrize("rows", [3, 6])
def test_book_sends_a_page_to_the_backend_in_one_request(world, libretranslate, settings,
                                                         rows):
    """With a real backend and nothing cached: one request to LibreTranslate with every
    text of the page, and one insert into the cache; the next visit asks nothing."""
    libretranslate_settings = settings.BRIDGEBOOK_TRANSLATION
    url = _book_with_entries(world, rows)
    client = signed_in(world.parent)
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "none", "OPTIONS": {}}
    client.get(url)                      # warms the session, marks the entries read
    plain = _queries(client, url)
    settings.BRIDGEBOOK_TRANSLATION = libretranslate_settings
    # glossary, cache look-up, one insert of the new translations
    assert _queries(client, url) - plain == 3
    assert len(libretranslate.requests) == 1
    # note, achievements ("Sat well" once), first aid; what happened, what was done
    # ("Hugged" once), who was told ("Class teacher" once); and the glossary's
    # explanations, in the same request
    explanations = {term.explanation for term in GlossaryTerm.objects.all()}
    assert len(libretranslate.requests[0]["q"]) == 3 * rows + 3 + len(explanations)
    page = client.get(url).content.decode()
    assert len(libretranslate.requests) == 1
    assert f"ar: Day {rows - 1}" in page and f"ar: Tripped {rows - 1}" in page
    assert _queries(client, url) - plain == 2


def test_glossary_filter_marks_terms_for_keyboard_and_touch(world):
    template = Template("{% load language_access %}{{ text|glossary:school }}")
    html = template.render(Context({"text": "Bring the PECS book to the annual review. "
                                            "PECS again. <b>salt</b>",
                                    "school": world.school}))
    assert html.count('<dfn class="bb-term">') == 2            # first use of each term
    assert "A meeting held at least once a year" in html
    assert "&lt;b&gt;salt&lt;/b&gt;" in html                  # escaped, and not SALT
    ids = re.findall(r'id="(gl-[\d-]+)"', html)
    assert len(ids) == len(set(ids)) == 2
    assert all(f'href="#{i}"' in html for i in ids)


def test_marks_agreed_translations_in_translated_text(world):
    term = GlossaryTerm.objects.create(school=world.school, term="Rebound",
                                       explanation="Therapy on a trampoline.",
                                       translations={"pl": "Trampolina"})
    glossary = Glossary([term])
    html = mark_glossary("Dziś Trampolina.", glossary, language="pl", id_prefix="t")
    assert '<a class="govuk-link" href="#t-' in html and "Therapy on a trampoline." in html


def test_translated_tag_without_a_request_shows_the_original(world, local_backend):
    html = Template("{% load language_access %}{% translated text %}").render(
        Context({"text": "Line one\nLine <two>"}))
    assert html == "Line one<br>Line &lt;two&gt;"


def test_read_aloud_button_for_a_family_reader_without_translation(world):
    request = RequestFactory().get("/")
    request.user = world.parent
    html = Template('{% load language_access %}{% read_aloud "msg" 4 %}{% read_aloud "msg" 5 %}'
                    ).render(Context({"request": request}))
    assert 'data-target="msg-4"' in html and 'data-target="msg-5"' in html
    assert 'aria-controls="msg-4"' in html and "Stop reading" in html
    assert html.count("<script") == 1
