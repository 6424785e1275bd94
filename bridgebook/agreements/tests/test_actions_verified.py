"""The agreement and admissions-pack actions not run through ``verify_action`` elsewhere:
each audited by whoever acts, nothing sent before commit."""

from django.core.files.base import ContentFile

from bridgebook.agreements import actions
from bridgebook.agreements.models import PackDelivery, PackItem
from bridgebook.agreements.tests import factories
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action

Action = AuditEvent.Action


def test_adding_the_missing_required_statements(world):
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal,
                                   start_from=actions.START_NAS)
    draft.statements.filter(nas_key="no_abuse").delete()
    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        assert actions.do_add_required_statements(version=draft,
                                                  acting_user=world.principal) == 1
    assert draft.statements.filter(nas_key="no_abuse").exists()
    assert result.audit_events[0].summary == (
        f"Added 1 NAS required statement(s) to version {draft.number}")


def test_adding_a_document_to_the_pack(world):
    with verify_action(actor=world.office, event_type=Action.CREATE) as result:
        item = actions.do_add_pack_document(
            school=world.school, acting_user=world.office, title=" Uniform ",
            description="What to wear.",
            upload=ContentFile(factories.PDF_BYTES, name="uniform.pdf"))
    assert (item.kind, item.title, item.active) == (PackItem.Kind.DOCUMENT, "Uniform", True)
    assert item.file.read() == factories.PDF_BYTES
    assert result.audit_events[0].summary == "Added Uniform to the admissions pack"


def test_the_agreement_added_to_the_pack_taken_out_and_put_back(world):
    with verify_action(actor=world.office, event_type=Action.CREATE):
        item = actions.do_add_agreement_to_pack(school=world.school, acting_user=world.office)
    assert item.kind == PackItem.Kind.AGREEMENT and item.active

    with verify_action(actor=world.office, event_type=Action.DELETE) as removed:
        actions.do_remove_pack_item(item=item, acting_user=world.office)
    item.refresh_from_db()
    assert not item.active
    assert removed.audit_events[0].summary == (
        f"Took {item.title} out of the admissions pack")

    # Putting it back is a change too, audited (it was not before).
    with verify_action(actor=world.principal, event_type=Action.UPDATE) as back:
        again = actions.do_add_agreement_to_pack(school=world.school,
                                                 acting_user=world.principal)
    assert again.pk == item.pk
    again.refresh_from_db()
    assert again.active
    assert back.audit_events[0].summary == (
        "Put the home-school agreement back in the admissions pack")


def test_a_parent_opening_the_pack(world):
    factories.document(world.school, world.office)
    actions.do_send_pack(pupil=world.pupil, acting_user=world.office)
    delivery = PackDelivery.objects.get(contact=world.parent_contact)
    with verify_action(actor=world.parent, event_type=Action.VIEW) as result:
        assert actions.do_open_pack(delivery=delivery, acting_user=world.parent)
    delivery.refresh_from_db()
    assert delivery.opened_at is not None
    assert result.audit_events[0].pupil == world.pupil


def test_the_agreements_settings(world):
    with verify_action(actor=world.principal, event_type=Action.UPDATE):
        agreement = actions.do_save_settings(
            school=world.school, acting_user=world.principal,
            data={"title": "Our promises", "nas_check": False, "review_months": 12})
    agreement.refresh_from_db()
    assert (agreement.title, agreement.nas_check) == ("Our promises", False)
