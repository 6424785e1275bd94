"""The printable agreement: a real PDF, read back (``pdftext``), in the reader's language —
the translation a person checked where there is one, else the machine translation marked
as such with the English after it — as plain text or easy read with its symbols, and
fetching nothing but the curated symbols."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from bridgebook.agreements import pdf
from bridgebook.agreements.models import Statement
from bridgebook.agreements.tests import factories
from bridgebook.agreements.tests.pdftext import pdf_text
from bridgebook.conftest import signed_in
from bridgebook.diary import pdf as book_pdf
from bridgebook.translation.models import ReviewRequest

POLISH = "Pomagamy każdemu uczniowi komunikować się i cieszyć się nauką."


@pytest.fixture
def version(world, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    return factories.published(world.school, world.principal)


def test_the_pdf_has_the_agreement_in_english(world, version):
    content = pdf.agreement_pdf(version, language="en")
    text = pdf_text(content)
    assert "Mapledown School" in text and "Home-school agreement" in text
    assert "Our aims and values" in text and "What parents and carers will do" in text
    assert "We help every pupil to communicate" in text
    assert "Signing is your choice." in text


def test_the_pdf_is_in_checked_polish_and_marks_the_machine_translation(world, version):
    ReviewRequest.objects.create(school=world.school, language="pl",
                                 ref=f"agreement:{version.pk}:1",
                                 source_text=factories.OWN_AIM, reviewed_text=POLISH,
                                 status=ReviewRequest.Status.APPROVED)
    text = pdf_text(pdf.agreement_pdf(version, language="pl"))
    assert "Pomagamy każdemu uczniowi" in text
    # The others are the machine translation ("[pl] …" from the local backend), marked,
    # with the English after it.
    assert "[pl] Harassment, intimidation" in text
    with translation.override("pl"):
        assert gettext("machine translation") in text
    assert "Harassment, intimidation" in text.replace("[pl] Harassment", "")


def test_the_easy_read_pdf_has_the_easy_words_and_the_symbols(world, version, monkeypatch):
    drawn = []
    real = book_pdf.symbol_svg   # the book's PDF fetcher draws the agreement's symbols

    def counted(hexcode):
        drawn.append(hexcode)
        return real(hexcode)

    monkeypatch.setattr(book_pdf, "symbol_svg", counted)
    text = pdf_text(pdf.agreement_pdf(version, language="en", easy=True))
    assert factories.OWN_AIM_EASY in text and "talking" in text
    assert drawn == ["1F5E3"]                    # the statement's symbol, drawn from OpenMoji
    assert "OpenMoji" in text                    # with its attribution
    drawn.clear()
    text = pdf_text(pdf.agreement_pdf(version, language="en"))
    assert factories.OWN_AIM in text and factories.OWN_AIM_EASY not in text and not drawn


def test_the_pdf_fetches_nothing_a_statement_names(world, version):
    Statement.objects.filter(version=version).update(
        text='<img src="file:///etc/passwd"> http://example.org/track.png')
    text = pdf_text(pdf.agreement_pdf(version, language="en"))
    assert "file:///etc/passwd" in text                  # shown as words, never fetched
    with pytest.raises(ValueError):
        pdf._fetcher().fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        pdf._fetcher().fetch(pdf.SYMBOL_SCHEME + "not-a-symbol")


def arabic(text: str) -> bool:
    """Whether the local backend's Arabic ("[ar] …") is in the text: laid out right to left,
    its brackets may come out mirrored."""
    return bool(re.search(r"[\[\]]ar[\[\]]", text))


def test_a_family_member_gets_it_in_their_language_and_staff_choose(world, version):
    response = signed_in(world.parent).get(reverse("agreements:pdf", args=[world.pupil.pk]))
    assert arabic(pdf_text(response.content))
    response = signed_in(world.parent).get(reverse("agreements:pdf", args=[world.pupil.pk])
                                           + "?language=en")
    assert arabic(pdf_text(response.content))             # a family's language is theirs
    response = signed_in(world.class_teacher).get(
        reverse("agreements:pdf", args=[world.pupil.pk]) + "?language=pl&view=easy")
    text = pdf_text(response.content)
    assert "[pl] " in text and "Amira Hassan" in text
    response = signed_in(world.principal).get(
        reverse("agreements:version_pdf", args=[world.school.urn, version.pk]))
    assert "[" not in pdf_text(response.content).split("Version 1")[1][:200]


def test_the_title_is_translated_with_the_statements_and_marked(world, version, monkeypatch):
    """The school's own title reaches an Arabic reader in Arabic, in the same one
    translation call as the statements, marked as machine translation with the English
    after it; Bridgebook's own title ("Home-school agreement") in its checked Polish."""
    from bridgebook.agreements.models import Agreement
    from bridgebook.translation.backends.local import LocalBackend

    calls = []
    real = LocalBackend.translate_batch

    def counted(self, texts, *, source, target):
        calls.append(list(texts))
        return real(self, texts, source=source, target=target)

    monkeypatch.setattr(LocalBackend, "translate_batch", counted)
    Agreement.objects.filter(school=world.school).update(title="Our promise to each other")
    version.agreement.refresh_from_db()
    html = pdf.agreement_html(version, language="ar", easy=False, pupil=world.pupil)
    assert "<h1>Our promise to each other</h1>" not in html
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert "[ar] Our promise to each other" in heading and 'class="machine"' in heading
    assert '<p class="original" lang="en" dir="ltr">Our promise to each other</p>' in html
    assert len(calls) == 1 and "Our promise to each other" in calls[0]
    assert factories.OWN_AIM in calls[0]

    Agreement.objects.filter(school=world.school).update(title="Home-school agreement")
    version.agreement.refresh_from_db()
    calls.clear()
    html = pdf.agreement_html(version, language="pl", easy=False)
    with translation.override("pl"):
        polish = gettext("Home-school agreement")
    assert polish != "Home-school agreement"
    # Bridgebook's own Polish, not machine translated, so not marked.
    assert html.split("<h1>")[1].split("</h1>")[0] == polish
    assert "Home-school agreement" not in calls[0]
