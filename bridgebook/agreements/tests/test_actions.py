"""Writing the agreement: drafts, the NAS check, publishing, versions and what changed,
the review record, checks of translations, signatures and the admissions pack. Every action
goes through ``verify_action``: audited, with nothing sent before commit."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from bridgebook.agreements import actions, documents, nas, selectors
from bridgebook.agreements.models import (
    AgreementVersion,
    Format,
    PackDelivery,
    PupilSigning,
    ReviewView,
    Signature,
    Statement,
)
from bridgebook.agreements.tests import factories
from bridgebook.core.tests.actions import verify_action
from bridgebook.messaging.models import Message
from bridgebook.people.models import PupilContact
from bridgebook.people.tests.factories import PupilContactFactory, PupilFactory
from bridgebook.translation.models import ReviewRequest

NOON = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _noon():
    with time_machine.travel(NOON, tick=False):
        yield


# Drafts ------------------------------------------------------------------------------------

def test_starting_from_the_nas_statements_puts_each_in_its_section(world):
    with verify_action(actor=world.principal) as result:
        draft = actions.do_start_draft(school=world.school, acting_user=world.principal,
                                       start_from=actions.START_NAS)
    assert result.audit_events[0].summary.startswith("Started version 1")
    items = selectors.statements(draft)
    assert [s.nas_key for s in items if s.nas_key] and not selectors.missing_required(items)
    by_key = {s.nas_key: s for s in items}
    for required in nas.REQUIRED:
        assert by_key[required.key].section == required.section
        assert by_key[required.key].text == str(required.text)
    assert draft.number == 1 and draft.status == AgreementVersion.Status.DRAFT


def test_one_draft_at_a_time(world):
    actions.do_start_draft(school=world.school, acting_user=world.principal,
                           start_from=actions.START_BLANK)
    with pytest.raises(actions.AgreementError, match="draft already"):
        actions.do_start_draft(school=world.school, acting_user=world.principal)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementVersion.objects.create(agreement=world.school.agreement, number=9)


def test_statements_are_added_changed_moved_and_taken_out_of_a_draft(world):
    draft = actions.do_start_draft(school=world.school, acting_user=world.senco,
                                   start_from=actions.START_BLANK)
    with verify_action(actor=world.senco):
        first = actions.do_add_statement(version=draft, acting_user=world.senco,
                                         section="pupil", text=" I try my best. ",
                                         easy_read="I try.", symbols=["2B50", "nope", "2B50"])
    second = actions.do_add_statement(version=draft, acting_user=world.senco,
                                      section="pupil", text="I am kind.")
    assert first.text == "I try my best." and first.symbols == ["2B50"]
    assert (first.order, second.order) == (1, 2)
    with verify_action(actor=world.senco) as result:
        actions.do_move_statement(statement=second, acting_user=world.senco, up=True)
    assert result.audit_events[0].summary.startswith("Moved a statement up")
    assert [s.text for s in selectors.statements(draft)] == ["I am kind.", "I try my best."]
    with verify_action(actor=world.senco):
        actions.do_change_statement(statement=first, acting_user=world.senco,
                                    section="family", text="Read the book each day.",
                                    easy_read="", symbols=["1F4D6"], nas_key="")
    first.refresh_from_db()
    assert (first.section, first.symbols) == ("family", ["1F4D6"])
    with verify_action(actor=world.senco):
        actions.do_remove_statement(statement=second, acting_user=world.senco)
    assert not Statement.objects.filter(pk=second.pk).exists()


# Publishing ------------------------------------------------------------------------------

def test_publishing_is_refused_until_every_required_statement_is_there(world):
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal,
                                   start_from=actions.START_NAS)
    draft.statements.filter(nas_key="no_abuse").delete()
    with pytest.raises(actions.PublishError, match="Abusive conduct is not tolerated"):
        actions.do_publish(version=draft, acting_user=world.principal)
    draft.refresh_from_db()
    assert draft.status == AgreementVersion.Status.DRAFT
    assert actions.do_add_required_statements(version=draft, acting_user=world.principal) == 1
    actions.do_publish(version=draft, acting_user=world.principal)


NO_SOCIAL_MEDIA = ("Harassment, intimidation, threatening behaviour, physical violence and "
                   "other abusive conduct will not be tolerated.")


@pytest.mark.parametrize("nas_check", [True, False])
def test_a_required_statement_reworded_to_drop_its_essential_words_blocks_publishing(
        world, nas_check):
    actions.do_save_settings(school=world.school, acting_user=world.principal,
                             data={"title": "Our promises", "nas_check": nas_check,
                                   "review_months": 24})
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal,
                                   start_from=actions.START_NAS)
    abuse = draft.statements.get(nas_key="no_abuse")
    # Changing the wording is allowed in a draft: the words are checked on publishing.
    actions.do_change_statement(statement=abuse, acting_user=world.principal,
                                section="family", text=NO_SOCIAL_MEDIA, nas_key="no_abuse")
    items = selectors.statements(draft)
    assert not selectors.missing_required(items)          # the key is still there
    assert [(found.required.key, found.lacking)
            for found in selectors.reworded_required(items)] == [("no_abuse", ["social media"])]
    if nas_check:
        with pytest.raises(actions.PublishError, match="Reworded beyond recognition: Abusive "
                                                      "conduct is not tolerated"):
            actions.do_publish(version=draft, acting_user=world.principal)
        draft.refresh_from_db()
        assert draft.status == AgreementVersion.Status.DRAFT
        # Said the school's own way, with the words the policy requires: published.
        actions.do_change_statement(
            statement=abuse, acting_user=world.principal, section="family",
            text="We do not accept harassment, intimidation, threats, violence or abuse of "
                 "staff, face to face or on social-media.", nas_key="no_abuse")
    version = actions.do_publish(version=draft, acting_user=world.principal)
    assert version.is_published


def test_a_school_that_switched_the_nas_check_off_publishes_without_them(world):
    actions.do_save_settings(school=world.school, acting_user=world.principal,
                             data={"title": "Our promises", "nas_check": False,
                                   "review_months": 12})
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal,
                                   start_from=actions.START_BLANK)
    with pytest.raises(actions.PublishError, match="at least one statement"):
        actions.do_publish(version=draft, acting_user=world.principal)
    actions.do_add_statement(version=draft, acting_user=world.principal, section="aims",
                             text="We work together.")
    version = actions.do_publish(version=draft, acting_user=world.principal)
    assert version.review_due == datetime.date(2027, 3, 10)


def test_publishing_records_when_and_who_and_tells_families_after_commit(world):
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal,
                                   start_from=actions.START_NAS)
    with verify_action(actor=world.principal) as result:
        version = actions.do_publish(version=draft, acting_user=world.principal)
    assert result.audit_events[-1].summary == "Published version 1 of the home-school agreement"
    assert (version.published_at, version.published_by) == (NOON, world.principal)
    assert version.review_due == datetime.date(2028, 3, 10)           # every 24 months
    told = Message.objects.filter(kind="agreement", source_id=version.pk)
    # Layla and Omar, each their own; never Rex, whom a court order restricts.
    assert sorted(told.values_list("contact__first_name", flat=True)) == ["Layla", "Omar"]


def test_a_published_version_never_changes(world):
    version = factories.published(world.school, world.principal)
    statement = version.statements.first()
    for change in (
        lambda: actions.do_add_statement(version=version, acting_user=world.principal,
                                         section="aims", text="Sneaked in"),
        lambda: actions.do_change_statement(statement=statement, acting_user=world.principal,
                                            section="aims", text="Changed"),
        lambda: actions.do_remove_statement(statement=statement, acting_user=world.principal),
        lambda: actions.do_publish(version=version, acting_user=world.principal),
    ):
        with pytest.raises(actions.AgreementError, match="published"):
            change()
    statement.refresh_from_db()
    assert statement.text != "Changed"


def test_a_new_draft_copies_the_last_published_and_says_what_changed(world):
    first = factories.published(world.school, world.principal, extra=2)
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal)
    assert draft.number == 2
    copies = selectors.statements(draft)
    assert {s.copied_from_id for s in copies} == {s.pk for s in first.statements.all()}
    kept = next(s for s in copies if s.nas_key == "" and "(2)" not in s.text)
    changed = next(s for s in copies if s.nas_key == "clear_reports")
    gone = next(s for s in copies if "(2)" in s.text)
    actions.do_change_statement(statement=changed, acting_user=world.principal,
                                section="school", text="Reports in plain words.",
                                nas_key="clear_reports")
    actions.do_remove_statement(statement=gone, acting_user=world.principal)
    added = actions.do_add_statement(version=draft, acting_user=world.principal,
                                     section="pupil", text="I try my best.")
    with pytest.raises(actions.PublishError, match="Say what changed since version 1"):
        actions.do_publish(version=draft, acting_user=world.principal)
    second = actions.do_publish(version=draft, acting_user=world.principal,
                                changes="Reports are in plain words; pupils have their part.")
    previous, diff = selectors.version_diff(second)
    assert previous == first
    assert [c.statement for c in diff.added] == [added]
    assert [(c.statement.pk, c.before.text) for c in diff.changed] == [
        (changed.pk, first.statements.get(nas_key="clear_reports").text)]
    assert [c.statement.text for c in diff.removed] == [gone.text]
    assert diff.kind_of(kept.pk) == "" and diff.kind_of(added.pk) == "added"
    assert selectors.current_version(world.school) == second
    # Version 1 is kept as it was, with its own statements.
    assert first.statements.count() == len(nas.REQUIRED) + 2


def test_what_changed_is_worked_out_across_several_versions(world):
    first = factories.published(world.school, world.principal)
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal)
    actions.do_add_statement(version=draft, acting_user=world.principal, section="pupil",
                             text="Added in 2")
    second = actions.do_publish(version=draft, acting_user=world.principal, changes="2")
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal)
    actions.do_add_statement(version=draft, acting_user=world.principal, section="pupil",
                             text="Added in 3")
    third = actions.do_publish(version=draft, acting_user=world.principal, changes="3")
    diff = selectors.diff_since(first, third)
    assert sorted(c.statement.text for c in diff.added) == ["Added in 2", "Added in 3"]
    assert not diff.changed and not diff.removed
    assert [v.number for v in selectors.published_between(third, first.number)] == [2, 3]
    assert second.number == 2


def test_discarding_a_draft_leaves_the_version_in_force(world):
    version = factories.published(world.school, world.principal)
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal)
    with verify_action(actor=world.principal):
        actions.do_discard_draft(version=draft, acting_user=world.principal)
    assert list(world.school.agreement.versions.all()) == [version]


# The review record and checks of translations ---------------------------------------------

def test_views_are_kept_with_the_version_they_shaped(world):
    draft = factories.draft_of(world.school, world.principal)
    with verify_action(actor=world.senco):
        view = actions.do_record_view(
            school=world.school, acting_user=world.senco, source=ReviewView.Source.PUPILS,
            gathered_on=datetime.date(2026, 3, 2), how="School council, with symbols",
            summary="Pupils want to say they will be kind.", response="A pupils' section.",
            version=draft)
    assert view.version == draft and view.agreement == world.school.agreement
    assert selectors.review_views(world.school.agreement) == [view]


def test_a_checked_translation_is_used_for_the_same_words_in_a_later_version(world):
    world.parent_contact.language = "pl"
    world.parent_contact.save(update_fields=["language"])
    first = factories.published(world.school, world.principal)
    with verify_action(actor=world.principal):
        asked = actions.do_ask_translation_check(version=first, acting_user=world.principal,
                                                 language="pl")
    texts = selectors.statement_texts(selectors.statements(first))
    assert asked == len(texts)
    reviews = ReviewRequest.objects.filter(language="pl", ref__startswith="agreement:")
    assert reviews.count() == len(texts)
    reviews.update(status=ReviewRequest.Status.APPROVED, reviewed_text="PL")
    # Asked again: nothing left to check.
    assert actions.do_ask_translation_check(version=first, acting_user=world.principal,
                                            language="pl") == 0
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal)
    changed = draft.statements.get(nas_key="clear_reports")
    actions.do_change_statement(statement=changed, acting_user=world.principal,
                                section="school", text="Reports in plain words.",
                                nas_key="clear_reports")
    second = actions.do_publish(version=draft, acting_user=world.principal, changes="x")
    items = selectors.statements(second)
    selectors.attach_checked(items, world.school, "pl")
    assert {s.pk for s in items if not s.checked_text} == {changed.pk}
    [check] = selectors.translation_checks(world.school, second)
    assert (check.language, check.checked, check.total) == ("pl", len(texts) - 1, len(texts))
    assert actions.do_ask_translation_check(version=second, acting_user=world.principal,
                                            language="pl") == 1


# Signatures ------------------------------------------------------------------------------

def test_each_parent_signs_for_themselves_and_for_two_children_at_once(world):
    version = factories.published(world.school, world.principal)
    sibling = PupilFactory(school=world.school, school_class=world.class_b,
                           legal_first_name="Yusuf", legal_last_name="Hassan")
    PupilContactFactory(pupil=sibling, contact=world.parent_contact)
    with verify_action(actor=world.parent) as result:
        made = actions.do_sign(version=version, contact=world.parent_contact,
                               pupils=[world.pupil, sibling], acting_user=world.parent,
                               name=" Layla Hassan ", language="ar",
                               format_=Format.EASY_READ)
    assert len(made) == 2 and len(result.audit_events) == 2
    assert {(s.pupil_id, s.contact_id, s.mark, s.language, s.format, s.method, s.user_id)
            for s in made} == {
        (pupil.pk, world.parent_contact.pk, "Layla Hassan", "ar", Format.EASY_READ,
         Signature.Method.NAME, world.parent.pk) for pupil in (world.pupil, sibling)}
    # Omar signs his own; a second press by Layla adds nothing.
    factories.sign(version, world.separated_contact, [world.pupil])
    assert factories.sign(version, world.parent_contact, [world.pupil]) == []
    assert Signature.objects.filter(pupil=world.pupil, version=version).count() == 2


def test_nobody_signs_for_a_child_they_have_no_parental_responsibility_for(world):
    version = factories.published(world.school, world.principal)
    with pytest.raises(actions.AgreementError):
        factories.sign(version, world.restricted_contact, [world.pupil])
    with pytest.raises(actions.AgreementError):
        factories.sign(version, world.parent_contact, [world.pupil_b])
    PupilContact.objects.filter(contact=world.separated_contact).update(
        parental_responsibility=False, receives_information=True)
    with pytest.raises(actions.AgreementError):
        factories.sign(version, world.separated_contact, [world.pupil])
    assert not Signature.objects.exists()


def test_a_pupil_signs_by_symbol_with_the_member_of_staff_beside_them(world):
    version = factories.published(world.school, world.principal)
    with pytest.raises(actions.AgreementError, match="Mark"):
        actions.do_pupil_sign(version=version, pupil=world.pupil,
                              acting_user=world.class_teacher, method="symbol", mark="1F44D")
    with verify_action(actor=world.class_teacher):
        actions.do_mark_pupil_signs(pupil=world.pupil, acting_user=world.class_teacher,
                                    signs=True, by_symbol=True)
    with pytest.raises(actions.AgreementError, match="symbol"):
        actions.do_pupil_sign(version=version, pupil=world.pupil,
                              acting_user=world.class_teacher, method="symbol", mark="XX")
    with verify_action(actor=world.class_teacher):
        signature = actions.do_pupil_sign(version=version, pupil=world.pupil,
                                          acting_user=world.class_teacher,
                                          method=Signature.Method.SYMBOL, mark="1F44D")
    assert (signature.signer, signature.contact, signature.mark, signature.user,
            signature.format) == (Signature.Signer.PUPIL, None, "1F44D", world.class_teacher,
                                  Format.WITH_STAFF)
    with pytest.raises(actions.AgreementError, match="already"):
        actions.do_pupil_sign(version=version, pupil=world.pupil,
                              acting_user=world.class_teacher, method="symbol", mark="2B50")
    actions.do_mark_pupil_signs(pupil=world.pupil, acting_user=world.class_teacher,
                                signs=False)
    assert not PupilSigning.objects.exists()
    assert Signature.objects.filter(pk=signature.pk).exists()      # kept on record


def test_staff_record_a_signature_made_on_paper(world):
    version = factories.published(world.school, world.principal)
    with verify_action(actor=world.office):
        signature = actions.do_record_paper_signature(
            version=version, pupil=world.pupil, contact=world.parent_contact,
            acting_user=world.office, signed_on=datetime.date(2026, 3, 9), language="ar",
            format_=Format.WITH_STAFF)
    assert (signature.method, signature.user, signature.language) == (
        Signature.Method.PAPER, world.office, "ar")
    assert timezone.localtime(signature.signed_at, world.school.tz).date() == \
        datetime.date(2026, 3, 9)
    with pytest.raises(actions.AgreementError, match="already"):
        actions.do_record_paper_signature(
            version=version, pupil=world.pupil, contact=world.parent_contact,
            acting_user=world.office, signed_on=datetime.date(2026, 3, 9), language="ar")


def test_a_new_version_asks_again_and_old_signatures_stay(world):
    first = factories.published(world.school, world.principal)
    factories.sign(first, world.parent_contact, [world.pupil])
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal)
    second = actions.do_publish(version=draft, acting_user=world.principal, changes="Nothing")
    [row, omar] = selectors.signer_rows(second, [world.pupil])
    assert row.contact == world.parent_contact and not row.signed
    assert row.earlier.version == first
    assert not omar.signed and omar.earlier is None
    assert Signature.objects.filter(version=first).count() == 1


# The admissions pack ---------------------------------------------------------------------

def test_documents_are_checked_by_their_bytes_and_size(world):
    with pytest.raises(documents.DocumentError, match="must be a PDF"):
        factories.actions.do_add_pack_document(
            school=world.school, acting_user=world.office, title="Evil", description="",
            upload=ContentFile(b"<script>alert(1)</script>", name="evil.pdf"))
    with pytest.raises(documents.DocumentError, match="empty"):
        documents.check(ContentFile(b"", name="empty.pdf"))
    big = ContentFile(b"%PDF-" + b"0" * documents.MAX_BYTES, name="big.pdf")
    with pytest.raises(documents.DocumentError, match="smaller than 10 MB"):
        documents.check(big)
    assert documents.check(ContentFile(b"\x89PNG\r\n\x1a\n....", name="map")).extension \
        == ".png"
    with verify_action(actor=world.office):
        item = factories.document(world.school, world.office)
    assert item.file.name.startswith("admissions/") and item.file.name.endswith(".pdf")
    assert "uniform" not in item.file.name


def test_the_pack_goes_to_each_parent_with_parental_responsibility_once(world):
    factories.published(world.school, world.principal)
    actions.do_add_agreement_to_pack(school=world.school, acting_user=world.office)
    item = factories.document(world.school, world.office)
    with verify_action(actor=world.office) as result:
        made = actions.do_send_pack(pupil=world.pupil, acting_user=world.office)
    assert sorted(d.contact.first_name for d in made) == ["Layla", "Omar"]   # never Rex
    assert all(d.version == selectors.current_version(world.school) for d in made)
    assert {i.pk for i in made[0].items.all()} >= {item.pk}
    assert result.callbacks          # the families are told once it is committed
    messages = Message.objects.filter(kind="admissions_pack")
    assert sorted(m.contact.first_name for m in messages) == ["Layla", "Omar"]
    with pytest.raises(actions.AgreementError, match="had the pack already"):
        actions.do_send_pack(pupil=world.pupil, acting_user=world.office)
    delivery = PackDelivery.objects.get(contact=world.parent_contact)
    assert actions.do_open_pack(delivery=delivery, acting_user=world.parent)
    assert not actions.do_open_pack(delivery=delivery, acting_user=world.parent)


def test_an_empty_pack_is_not_sent(world):
    with pytest.raises(actions.AgreementError, match="empty"):
        actions.do_send_pack(pupil=world.pupil, acting_user=world.office)
    actions.do_add_agreement_to_pack(school=world.school, acting_user=world.office)
    with pytest.raises(actions.AgreementError, match="Publish"):
        actions.do_send_pack(pupil=world.pupil, acting_user=world.office)
    assert not PackDelivery.objects.exists()


def test_the_default_title_is_stored_in_english_whatever_the_page_language(world):
    """A member of staff working in Polish makes the agreement: its default title is kept in
    English, so families read it in their own language from the catalogue."""
    from django.utils import translation

    with translation.override("pl"):
        agreement = actions.agreement_of(world.school)
    agreement.refresh_from_db()
    assert agreement.title == "Home-school agreement"
