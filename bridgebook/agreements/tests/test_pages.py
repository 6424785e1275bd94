"""The agreement's pages as people use them: a family reads it in their language (checked
by a person where it was, machine translated and marked where not, every statement in one
translation call), as easy read with symbols (first for a parent who needs help reading),
signs it for their children, and after a new version sees what changed; staff write and
publish it, see who might like help, record signatures and send the admissions pack."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bridgebook.agreements import actions, selectors
from bridgebook.agreements.models import Format, PackDelivery, PackItem, Signature
from bridgebook.agreements.tests import factories
from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.people.models import Contact, PupilContact
from bridgebook.people.tests.factories import PupilContactFactory, PupilFactory
from bridgebook.translation.backends.local import LocalBackend
from bridgebook.translation.models import ReviewRequest

NOON = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _noon():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def translating(settings, monkeypatch):
    """The local backend ("[pl] …"), counting its calls."""
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    calls = []
    real = LocalBackend.translate_batch

    def counted(self, texts, *, source, target):
        calls.append((target, list(texts)))
        return real(self, texts, source=source, target=target)

    monkeypatch.setattr(LocalBackend, "translate_batch", counted)
    return calls


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def amira_url(name="agreements:pupil"):
    return lambda world: reverse(name, args=[world.pupil.pk])


# Reading -----------------------------------------------------------------------------------

def test_a_family_reads_every_statement_translated_in_one_call(world, translating):
    version = factories.published(world.school, world.principal, extra=5)
    html = page(signed_in(world.parent), amira_url()(world))
    texts = [s.text for s in version.statements.all()]
    assert len(translating) == 1
    target, sent = translating[0]
    # Every statement went in that one call (glossary terms stand in as placeholders).
    assert target == "ar" and len(sent) >= len(texts)
    assert factories.OWN_AIM in sent
    assert f"[ar] {factories.OWN_AIM}" in html
    assert "Machine translation" in html or "ترجمة آلية" in html
    assert 'data-target="agreement-' in html                       # read aloud


def test_a_translation_a_person_checked_is_shown_instead(world, translating):
    world.parent_contact.language = "pl"
    world.parent_contact.save(update_fields=["language"])
    version = factories.published(world.school, world.principal)
    actions.do_ask_translation_check(version=version, acting_user=world.principal,
                                     language="pl")
    statement = version.statements.get(text=factories.OWN_AIM)
    ReviewRequest.objects.filter(source_text=factories.OWN_AIM, language="pl").update(
        status=ReviewRequest.Status.APPROVED,
        reviewed_text="Pomagamy każdemu uczniowi komunikować się.")
    translating.clear()
    html = page(signed_in(world.parent), amira_url()(world))
    assert "Pomagamy każdemu uczniowi komunikować się." in html
    assert f"[pl] {factories.OWN_AIM}" not in html
    # The others are machine translated, in one call; the checked one is not sent.
    assert len(translating) == 1 and statement.text not in translating[0][1]


def test_easy_read_with_symbols_comes_first_for_a_parent_who_needs_help_reading(world):
    factories.published(world.school, world.principal)
    client = signed_in(world.parent)
    html = page(client, amira_url()(world))
    assert factories.OWN_AIM in html and factories.OWN_AIM_EASY not in html
    Contact.objects.filter(pk=world.parent_contact.pk).update(literacy_support=True)
    html = page(client, amira_url()(world))
    assert factories.OWN_AIM_EASY in html
    assert reverse("diary:symbol", args=["1F5E3"]) in html
    assert 'value="easy_read"' in html                 # the format the signature records
    html = page(client, amira_url()(world) + "?view=text")
    assert factories.OWN_AIM in html and factories.OWN_AIM_EASY not in html


def test_a_parent_signs_for_two_children_at_once_and_the_signature_says_how(world):
    version = factories.published(world.school, world.principal)
    sibling = PupilFactory(school=world.school, school_class=world.class_b,
                           legal_first_name="Yusuf", legal_last_name="Hassan")
    PupilContactFactory(pupil=sibling, contact=world.parent_contact)
    client = signed_in(world.parent, interface_language=None)
    html = page(client, amira_url()(world) + "?view=easy")
    assert "Yusuf" in html
    response = client.post(reverse("agreements:sign", args=[world.pupil.pk]),
                           {"name": "", "format": Format.EASY_READ})
    assert response.status_code == 400
    response = client.post(reverse("agreements:sign", args=[world.pupil.pk]),
                           {"name": "Layla Hassan", "format": Format.EASY_READ,
                            "others": [str(sibling.pk)]})
    assert response.status_code == 302
    signatures = Signature.objects.filter(contact=world.parent_contact, version=version)
    assert sorted(s.pupil.first_name for s in signatures) == ["Amira", "Yusuf"]
    assert {(s.language, s.format) for s in signatures} == {("ar", Format.EASY_READ)}
    html = page(signed_in(world.parent), amira_url()(world))
    assert "You signed version 1 on 10 March 2026." in html
    assert "Sign the agreement" not in html
    # Omar's page still asks him, and never says Layla signed.
    html = page(signed_in(world.separated_parent), amira_url()(world))
    assert "Sign the agreement" in html and "Layla" not in html


def test_a_parent_who_had_it_read_aloud_says_so_when_signing(world):
    version = factories.published(world.school, world.principal)
    client = signed_in(world.parent)
    html = page(client, amira_url()(world))
    # The page's own way (written) is chosen; read aloud is one of the choices.
    assert 'value="read_aloud"' in html and "How did you read it?" in html
    assert 'value="text" checked' in html
    response = client.post(reverse("agreements:sign", args=[world.pupil.pk]),
                           {"name": "Layla Hassan", "format": Format.READ_ALOUD})
    assert response.status_code == 302
    signature = Signature.objects.get(contact=world.parent_contact, version=version)
    assert signature.format == Format.READ_ALOUD
    # Staff read how she read it.
    html = page(signed_in(world.class_teacher),
                reverse("agreements:pupil", args=[world.pupil.pk]))
    assert "(Read aloud)" in html


def test_a_parent_cannot_sign_for_a_child_that_is_not_theirs(world):
    factories.published(world.school, world.principal)
    client = signed_in(world.parent)
    response = client.post(reverse("agreements:sign", args=[world.pupil.pk]),
                           {"name": "Layla Hassan", "format": Format.TEXT,
                            "others": [str(world.pupil_b.pk)]})
    assert response.status_code == 400
    assert not Signature.objects.exists()


def test_a_carer_without_parental_responsibility_reads_it_but_is_not_asked(world):
    factories.published(world.school, world.principal)
    PupilContact.objects.filter(contact=world.separated_contact).update(
        parental_responsibility=False, receives_information=True)
    client = signed_in(world.separated_parent)
    html = page(client, amira_url()(world))
    assert factories.OWN_AIM in html and "Sign the agreement" not in html
    response = client.post(reverse("agreements:sign", args=[world.pupil.pk]),
                           {"name": "Omar Hassan", "format": Format.TEXT})
    assert response.status_code == 403


def test_after_a_new_version_the_family_sees_what_changed_since_they_signed(world):
    first = factories.published(world.school, world.principal)
    factories.sign(first, world.separated_contact, [world.pupil])
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal)
    actions.do_add_statement(version=draft, acting_user=world.principal, section="pupil",
                             text="I tell an adult when I need help.")
    gone = draft.statements.get(text=factories.OWN_AIM)
    actions.do_remove_statement(statement=gone, acting_user=world.principal)
    actions.do_publish(version=draft, acting_user=world.principal,
                       changes="Pupils have their own part now.")
    html = page(signed_in(world.separated_parent), amira_url()(world))
    assert "What changed since you signed version 1" in html
    assert "Pupils have their own part now." in html
    assert "I tell an adult when I need help." in html and ">New<" in html
    assert "Taken out:" in html and factories.OWN_AIM in html
    assert "Sign the agreement" in html
    # Layla never signed: nothing to compare with.
    assert "What changed since you signed" not in page(signed_in(world.parent),
                                                       amira_url()(world))


def test_before_anything_is_published_the_family_page_says_so(world):
    html = page(signed_in(world.parent), amira_url()(world))
    assert "has not shared its home-school agreement yet" in html


# Staff -------------------------------------------------------------------------------------

def test_the_principal_writes_and_publishes_and_a_teacher_only_reads(world):
    client = signed_in(world.principal)
    response = client.post(reverse("agreements:start", args=[world.school.urn]),
                           {"start_from": "nas"})
    assert response.status_code == 302
    draft_url = reverse("agreements:draft", args=[world.school.urn])
    html = page(client, draft_url)
    assert "Every NAS required statement is there." in html
    response = client.post(reverse("agreements:statement_new", args=[world.school.urn]),
                           {"section": "pupil", "text": "I try my best.",
                            "easy_read": "I try.", "symbols": ["2B50", "1F3C6"]})
    assert response.status_code == 302
    statement = selectors.draft_of(world.school).statements.get(text="I try my best.")
    assert statement.symbols == ["2B50", "1F3C6"]
    response = client.post(reverse("agreements:statement_new", args=[world.school.urn]),
                           {"section": "pupil", "text": "x",
                            "symbols": ["2B50", "1F3C6", "1F44D", "1F642", "1F604"]})
    assert "Choose at most 4 symbols" in response.content.decode()
    teacher = signed_in(world.class_teacher)
    html = page(teacher, draft_url)
    assert "I try my best." in html and "Check and publish" not in html
    assert teacher.get(reverse("agreements:publish", args=[world.school.urn])).status_code \
        == 403
    # Taking out a required statement stops publishing, with the reason.
    abuse = selectors.draft_of(world.school).statements.get(nas_key="no_abuse")
    client.post(reverse("agreements:statement_remove", args=[world.school.urn, abuse.pk]))
    html = page(client, draft_url)
    assert "1 NAS required statement is missing" in html
    response = client.post(reverse("agreements:publish", args=[world.school.urn]), {})
    assert response.status_code == 400
    assert "Missing: Abusive conduct is not tolerated" in response.content.decode()
    client.post(reverse("agreements:add_required", args=[world.school.urn]))
    response = client.post(reverse("agreements:publish", args=[world.school.urn]), {})
    assert response.status_code == 302
    assert selectors.current_version(world.school).number == 1
    html = page(client, reverse("agreements:overview", args=[world.school.urn]))
    assert "Version 1 is in force" in html and "10 March 2028" in html


def test_a_required_statement_reworded_beyond_recognition_is_named_before_publishing(world):
    factories.draft_of(world.school, world.principal)
    client = signed_in(world.principal)
    abuse = selectors.draft_of(world.school).statements.get(nas_key="no_abuse")
    url = reverse("agreements:statement_edit", args=[world.school.urn, abuse.pk])
    response = client.post(url, {"section": "family", "nas_key": "no_abuse",
                                 "text": "Be nice to staff."}, follow=True)
    html = response.content.decode()
    assert "This NAS required statement no longer says" in html and "“social media”" in html
    html = page(client, reverse("agreements:draft", args=[world.school.urn]))
    assert "1 NAS required statement was reworded beyond recognition" in html
    assert "Abusive conduct is not tolerated: it no longer says harassment" in html
    html = page(client, reverse("agreements:publish", args=[world.school.urn]))
    assert "Reworded beyond recognition: Abusive conduct is not tolerated" in html
    response = client.post(reverse("agreements:publish", args=[world.school.urn]),
                           {"changes": "Shorter."})
    assert response.status_code == 400
    assert selectors.draft_of(world.school) is not None


def test_the_settings_switch_the_nas_check_off(world):
    client = signed_in(world.principal)
    url = reverse("agreements:settings", args=[world.school.urn])
    response = client.post(url, {"title": "Our promises", "review_months": "0"})
    assert "from 1 to 60" in response.content.decode()
    response = client.post(url, {"title": "Our promises", "review_months": "12"})
    assert response.status_code == 302
    agreement = selectors.agreement_for(world.school)
    assert (agreement.nas_check, agreement.review_months) == (False, 12)
    assert signed_in(world.senco).get(url).status_code == 403


def test_staff_see_who_might_like_help_with_help_not_chasing(world):
    version = factories.published(world.school, world.principal)
    factories.sign(version, world.separated_contact, [world.pupil])
    html = page(signed_in(world.principal),
                reverse("agreements:signatures", args=[world.school.urn]))
    assert "Layla Hassan" in html and "Offer an interpreter (Arabic) to read it together" in html
    assert "Omar Hassan (Father)" not in html                        # he signed
    assert "Rex" not in html                                          # never asked
    assert "1 of 2 have signed." in html
    for word in ("overdue", "must sign", "required to sign", "remind"):
        assert word not in html.lower()
    # Otto teaches Class B: he sees Ben's family, not Amira's.
    html = page(signed_in(world.other_teacher),
                reverse("agreements:signatures", args=[world.school.urn]))
    assert "Amira" not in html and "Layla" not in html


def test_the_childs_tab_for_staff_records_paper_and_the_pupils_own_signature(world):
    version = factories.published(world.school, world.principal)
    client = signed_in(world.class_teacher)
    html = page(client, amira_url()(world))
    assert "Offer an interpreter (Arabic)" in html and "Rex" not in html
    response = client.post(reverse("agreements:paper", args=[world.pupil.pk]), {
        "contact": world.separated_contact.pk, "signed_on_day": "9",
        "signed_on_month": "3", "signed_on_year": "2026", "language": "en",
        "format": Format.PDF})
    assert response.status_code == 302
    assert Signature.objects.get(contact=world.separated_contact).method == "paper"
    response = client.post(reverse("agreements:paper", args=[world.pupil.pk]), {
        "contact": world.restricted_contact.pk, "signed_on_day": "9",
        "signed_on_month": "3", "signed_on_year": "2026", "language": "en",
        "format": Format.PDF})
    assert response.status_code == 200 and "Select a valid choice" in \
        response.content.decode()
    client.post(reverse("agreements:pupil_signing", args=[world.pupil.pk]),
                {"signs": "symbol"})
    html = page(client, reverse("agreements:pupil_sign", args=[world.pupil.pk]))
    assert reverse("diary:symbol", args=["1F44D"]) in html
    response = client.post(reverse("agreements:pupil_sign", args=[world.pupil.pk]),
                           {"symbol": "1F44D", "language": "en"})
    assert "Confirm that you sat with the child" in response.content.decode()
    response = client.post(reverse("agreements:pupil_sign", args=[world.pupil.pk]),
                           {"symbol": "1F44D", "language": "en", "present": "on"})
    assert response.status_code == 302
    signature = Signature.objects.get(signer="pupil", version=version)
    assert (signature.mark, signature.user) == ("1F44D", world.class_teacher)
    html = page(client, amira_url()(world))
    assert "chose a symbol" in html


def test_a_pack_document_is_uploaded_with_clear_messages(world):
    client = signed_in(world.office)
    url = reverse("agreements:pack_document_new", args=[world.school.urn])
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf",
                                content_type="application/pdf")
    response = client.post(url, {"title": "Welcome", "file": upload})
    assert "The file must be a PDF, a Word document (.docx)" in response.content.decode()
    response = client.post(url, {"title": "Welcome"})
    assert "Choose a file" in response.content.decode()
    upload = SimpleUploadedFile("welcome.pdf", factories.PDF_BYTES,
                                content_type="application/pdf")
    response = client.post(url, {"title": "Welcome", "file": upload})
    assert response.status_code == 302
    item = PackItem.objects.get(title="Welcome")
    response = client.get(reverse("agreements:pack_item_file",
                                  args=[world.school.urn, item.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == factories.PDF_BYTES


def test_the_pack_is_sent_from_the_new_families_list_and_opened_by_the_family(world):
    factories.published(world.school, world.principal)
    actions.do_add_agreement_to_pack(school=world.school, acting_user=world.office)
    item = factories.document(world.school, world.office)
    office = signed_in(world.office)
    new_families = reverse("agreements:new_families", args=[world.school.urn])
    html = page(office, new_families)
    assert "Amira Hassan" in html and "Send the pack" in html
    response = office.post(reverse("agreements:send_pack", args=[world.pupil.pk]),
                           {"from": "new_families"})
    assert response["Location"] == new_families
    html = page(office, new_families)
    assert "Not opened yet" in html
    layla = signed_in(world.parent)
    html = page(layla, reverse("core:home"))
    assert "2 documents from school" in html
    html = page(layla, reverse("agreements:family_pack", args=[world.pupil.pk]))
    assert item.title in html and "The home-school agreement" in html
    assert PackDelivery.objects.get(contact=world.parent_contact).opened_at == NOON
    response = layla.get(reverse("agreements:pack_file", args=[world.pupil.pk, item.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(object_type="packdelivery", action="view").count() == 1
    # A court order recorded afterwards cuts the family member off, checked when read.
    PupilContact.objects.filter(contact=world.parent_contact).update(is_restricted=True)
    assert layla.get(reverse("agreements:pack_file",
                             args=[world.pupil.pk, item.pk])).status_code == 404


def test_the_pdf_of_a_childs_agreement_is_in_the_familys_language(world, translating):
    factories.published(world.school, world.principal)
    response = signed_in(world.parent).get(reverse("agreements:pdf", args=[world.pupil.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "-ar.pdf" in response["Content-Disposition"]
    assert [target for target, _texts in translating] == ["ar"]
    assert io.BytesIO(response.content).getbuffer().nbytes > 1000
