"""Issue 15's "done when" for the agreement, on the demo trust: Mapledown publishes its
agreement with every required statement, in checked Polish and in easy read with symbols;
Layla and Omar sign separately and Amira by symbol; the review record keeps the views that
shaped it; the admissions pack holds the agreement and two real PDFs, and went to Andrei's
family."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from bridgebook.agreements import nas, selectors
from bridgebook.agreements.models import PackDelivery, PackItem, ReviewView, Signature
from bridgebook.agreements.tests.pdftext import pdf_text
from bridgebook.conftest import signed_in
from bridgebook.core.models import School, StaffRole
from bridgebook.people.models import Contact, Pupil


@pytest.fixture
def mapledown(db, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    call_command("seed_demo", stdout=StringIO())
    return School.objects.get(name="Mapledown School")


def _contact(first, last) -> Contact:
    return Contact.objects.get(first_name=first, last_name=last)


def test_mapledown_publishes_its_agreement_in_checked_polish_and_easy_read(mapledown):
    version = selectors.current_version(mapledown)
    assert version.number == 2 and version.changes
    assert version.published_by.full_name == "Daniel Okafor"
    items = selectors.statements(version)
    assert not selectors.missing_required(items)
    assert {s.nas_key for s in items if s.nas_key} == {r.key for r in nas.REQUIRED}
    sections = {part.key: len(part.statements) for part in selectors.by_section(items)}
    assert sections["aims"] >= 3 and sections["pupil"] >= 3
    assert all(s.easy_read and s.symbols for s in items)
    [polish] = [c for c in selectors.translation_checks(mapledown, version)
                if c.language == "pl"]
    assert polish.complete
    # The review record: parents' and pupils' views, kept with version 2.
    sources = set(ReviewView.objects.filter(version=version).values_list("source", flat=True))
    assert {"families", "pupils"} <= sources
    assert len(selectors.versions_of(version.agreement)) == 2


def test_layla_and_omar_sign_separately_and_amira_by_symbol(mapledown):
    version = selectors.current_version(mapledown)
    amira = Pupil.objects.get(legal_first_name="Amira", legal_last_name="Hassan")
    signatures = Signature.objects.filter(version=version, pupil=amira)
    by_whom = {(s.contact.first_name if s.contact else "Amira"): s for s in signatures}
    assert set(by_whom) == {"Layla", "Omar", "Amira"}
    assert by_whom["Layla"].user == _contact("Layla", "Hassan").user
    assert by_whom["Omar"].user == _contact("Omar", "Hassan").user
    assert (by_whom["Layla"].format, by_whom["Layla"].language) == ("easy_read", "ar")
    amiras = by_whom["Amira"]
    assert (amiras.method, amiras.mark, amiras.user.full_name) == ("symbol", "1F44D",
                                                                   "Hannah Price")
    # Her class teacher sees each of them on Amira's Agreement tab.
    teacher = StaffRole.objects.get(school=mapledown, user__full_name="Hannah Price").user
    html = signed_in(teacher).get(reverse("agreements:pupil", args=[amira.pk])).content
    assert b"Layla Hassan" in html and b"Omar Hassan" in html and b"chose a symbol" in html


def test_agnieszka_reads_checked_polish_and_what_changed_since_she_signed(mapledown):
    agnieszka = _contact("Agnieszka", "Nowak")
    zofia = Pupil.objects.get(legal_first_name="Zofia")
    html = signed_in(agnieszka.user, interface_language=None).get(
        reverse("agreements:pupil", args=[zofia.pk])).content.decode()
    assert "Rodzice, opiekunowie i szkoła współpracują ze sobą" in html
    assert "[pl] " not in html.split('id="agreement-')[1].split('id="sign"')[0]
    with translation.override("pl"):
        assert gettext("What changed since you signed version %(number)s") % {
            "number": 1} in html
    assert reverse("agreements:sign", args=[zofia.pk]) in html


def test_the_admissions_pack_went_to_andreis_family(mapledown):
    items = selectors.pack_items(mapledown)
    assert [item.kind for item in items].count(PackItem.Kind.AGREEMENT) == 1
    documents = [item for item in items if item.kind == PackItem.Kind.DOCUMENT]
    assert len(documents) == 2
    for item in documents:
        with item.file.open("rb") as handle:
            assert item.title in pdf_text(handle.read())
    andrei = Pupil.objects.get(legal_first_name="Andrei")
    [delivery] = PackDelivery.objects.filter(pupil=andrei)
    assert delivery.contact == _contact("Elena", "Popescu")         # not the grandmother
    assert delivery.version == selectors.current_version(mapledown)
