"""Who gets what from the agreement's routes (merged into core's route × persona table,
bridgebook/core/tests/route_rules.py).

Every member of Mapledown's staff reads the agreement, its draft, versions and who might
like help; the principal, the SENCO and the trust administrator (the leaders who write it)
change it; its settings are the principal's; the pack is assembled and sent by the office
and the leaders. A child's Agreement tab is for whoever sees the child: Layla and Omar each
sign for themselves (and Layla never reads Omar's signature, nor he hers), Fiona for Ben;
staff who see the child get 403 on signing, everyone else 404, and the restricted stepfather
404 everywhere. A document of the pack opens for staff who see the child and for the parent
it was sent to.
"""

from __future__ import annotations

from bridgebook.agreements import actions
from bridgebook.agreements.models import PackDelivery
from bridgebook.agreements.tests import factories
from bridgebook.core.tests.route_rules import (
    AMIRA_FAMILY,
    OAKLEIGH,
    RESTRICTED_STAFF,
    SEE_AMIRA,
    SEE_AMIRA_STAFF,
    SEE_BEN,
    SEE_BEN_STAFF,
    STAFF_HERE,
    Records,
    amira,
    ben,
    expect,
    get,
    oakleigh,
    olly,
    post,
    school,
)

WRITERS = frozenset({"principal", "senior_leader", "senco", "trust_admin"})
SETTINGS_HERE = frozenset({"principal", "trust_admin"})
PACKERS = WRITERS | {"office"} | RESTRICTED_STAFF


def published(r: Records):
    return r.make("agreements.published",
                  lambda w: factories.published(w.school, w.principal))


def omar_signed(r: Records):
    """Version 1, which Omar signed for Amira (Layla must not read it)."""
    def build(w):
        version = published(r)
        factories.sign(version, w.separated_contact, [w.pupil])
        return version
    return r.make("agreements.omar_signed", build)


def draft(r: Records):
    # Not kept: a POST may discard it, and the next persona then starts another.
    published(r)
    return factories.draft_of(r.w.school, r.w.principal)


def draft_statement(r: Records) -> list:
    return [r.w.school.urn, draft(r).statements.order_by("pk").first().pk]


def published_statement(r: Records) -> list:
    return [r.w.school.urn, published(r).statements.order_by("pk").first().pk]


def oakleigh_version(r: Records):
    return r.make("agreements.oakleigh",
                  lambda w: factories.published(w.other_school, w.other_school_staff))


def document(r: Records):
    return r.make("agreements.document",
                  lambda w: factories.document(w.school, w.office))


def laylas_pack(r: Records) -> PackDelivery:
    """The pack sent to Layla about Amira (Omar has not had it)."""
    def build(w):
        item = document(r)
        delivery = PackDelivery.objects.create(pupil=w.pupil, contact=w.parent_contact,
                                               sent_by=w.office)
        delivery.items.set([item])
        return delivery
    return r.make("agreements.laylas_pack", build)


def amira_signs(r: Records):
    def build(w):
        published(r)
        actions.do_mark_pupil_signs(pupil=w.pupil, acting_user=w.class_teacher, signs=True)
        return w.pupil
    return r.make("agreements.amira_signs", build)


def with_version(route_args):
    def args(r: Records) -> list:
        published(r)
        return route_args(r)
    return args


RULES = {
    "agreements:overview": (
        get("Mapledown", with_version(school), expect(STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "agreements:start": (
        post("Mapledown", school, expect(WRITERS, STAFF_HERE, code="ok")),
    ),
    "agreements:settings": (
        get("Mapledown", school, expect(SETTINGS_HERE, STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "agreements:view_new": (get("Mapledown", school, expect(WRITERS, STAFF_HERE)),),
    "agreements:signatures": (
        get("Mapledown", lambda r: [omar_signed(r).agreement.school.urn],
            expect(STAFF_HERE)),
    ),
    "agreements:draft": (
        get("Mapledown's draft", lambda r: [draft(r).agreement.school.urn],
            expect(STAFF_HERE)),
    ),
    "agreements:statement_new": (
        get("Mapledown's draft", lambda r: [draft(r).agreement.school.urn],
            expect(WRITERS, STAFF_HERE)),
    ),
    "agreements:add_required": (
        post("Mapledown's draft", lambda r: [draft(r).agreement.school.urn],
             expect(WRITERS, STAFF_HERE, code="ok")),
    ),
    "agreements:discard": (
        post("Mapledown's draft", lambda r: [draft(r).agreement.school.urn],
             expect(WRITERS, STAFF_HERE, code="ok")),
    ),
    "agreements:publish": (
        get("Mapledown's draft", lambda r: [draft(r).agreement.school.urn],
            expect(WRITERS, STAFF_HERE)),
    ),
    "agreements:statement_edit": (
        get("of the draft", draft_statement, expect(WRITERS, STAFF_HERE)),
        # A published version never changes: its statements are not there to edit.
        get("of the version in force", published_statement, expect()),
    ),
    "agreements:statement_remove": (
        post("of the draft", draft_statement, expect(WRITERS, STAFF_HERE, code="ok")),
        post("of the version in force", published_statement, expect()),
    ),
    "agreements:statement_move": (
        post("of the draft", draft_statement, expect(WRITERS, STAFF_HERE, code="ok")),
    ),
    "agreements:version": (
        get("Mapledown's", lambda r: [r.w.school.urn, published(r).pk], expect(STAFF_HERE)),
        get("Oakleigh's under Mapledown's URN",
            lambda r: [r.w.school.urn, oakleigh_version(r).pk], expect()),
    ),
    "agreements:version_pdf": (
        get("Mapledown's", lambda r: [r.w.school.urn, published(r).pk], expect(STAFF_HERE)),
    ),
    "agreements:check_translation": (
        post("Mapledown's", lambda r: [r.w.school.urn, published(r).pk],
             expect(WRITERS, STAFF_HERE, code="ok")),
    ),
    "agreements:pack": (
        get("Mapledown", lambda r: [document(r).school.urn], expect(STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "agreements:pack_document_new": (get("Mapledown", school, expect(PACKERS, STAFF_HERE)),),
    "agreements:pack_add_agreement": (
        post("Mapledown", school, expect(PACKERS, STAFF_HERE, code="ok")),
    ),
    "agreements:pack_item_file": (
        get("Mapledown's document", lambda r: [r.w.school.urn, document(r).pk],
            expect(STAFF_HERE)),
    ),
    "agreements:pack_item_remove": (
        post("Mapledown's document", lambda r: [r.w.school.urn, document(r).pk],
             expect(PACKERS, STAFF_HERE, code="ok")),
    ),
    "agreements:new_families": (
        get("Mapledown", lambda r: [laylas_pack(r).pupil.school.urn], expect(STAFF_HERE)),
        get("Oakleigh", oakleigh, expect(OAKLEIGH)),
    ),
    "agreements:pupil": (
        get("Amira", lambda r: [omar_signed(r) and r.w.pupil.pk], expect(SEE_AMIRA),
            hidden={"parent": lambda r: [r.w.separated_contact.first_name]}),
        get("Ben", with_version(ben), expect(SEE_BEN)),
        get("Olly at Oakleigh", olly, expect(OAKLEIGH)),
    ),
    # Signing with nothing typed: the page again, with the error, for who may sign.
    "agreements:sign": (
        post("for Amira", with_version(amira),
             expect(AMIRA_FAMILY, SEE_AMIRA_STAFF, code=400)),
        post("for Ben", with_version(ben),
             expect({"foster_carer"}, SEE_BEN_STAFF, code=400)),
    ),
    "agreements:pdf": (get("Amira", with_version(amira), expect(SEE_AMIRA)),),
    "agreements:paper": (get("Amira", with_version(amira), expect(SEE_AMIRA_STAFF)),),
    "agreements:pupil_signing": (
        post("Amira", with_version(amira), expect(SEE_AMIRA_STAFF, code="ok")),
    ),
    "agreements:pupil_sign": (
        get("Amira, who signs", lambda r: [amira_signs(r).pk], expect(SEE_AMIRA_STAFF)),
    ),
    "agreements:family_pack": (
        get("Amira", lambda r: [laylas_pack(r).pupil_id], expect(SEE_AMIRA),
            hidden={"separated_parent": lambda r: [document(r).title]}),
    ),
    "agreements:send_pack": (
        post("Amira", lambda r: [document(r) and r.w.pupil.pk],
             expect(PACKERS & SEE_AMIRA_STAFF, SEE_AMIRA_STAFF, code="ok")),
    ),
    "agreements:pack_file": (
        get("sent to Layla", lambda r: [r.w.pupil.pk, laylas_pack(r).items.get().pk],
            expect(SEE_AMIRA_STAFF | {"parent"})),
    ),
}
