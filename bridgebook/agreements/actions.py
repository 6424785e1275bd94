"""Writing the home-school agreement, its signatures and the admissions pack.

Each action takes the person acting, writes in one transaction with an audit row (what was
done, never a family's words), and sends anything only after commit.

- A draft is edited; publishing it records when and by whom, and from then on the version
  never changes (its statements are no longer found for editing, and a new draft copies
  it). Where the school checks for the NAS required statements, a draft without all of
  them, or with one reworded so it lost the words the policy requires (``nas.reworded``),
  is not published (``PublishError`` names what is missing or reworded).
- Publishing tells each parent and carer with parental responsibility, in their own
  language, that there is a new version to read (``tasks.tell_families``).
- A signature is one person's, for one child, of one version: a parent or carer signs for
  themselves (for several children at once), staff record one made on paper, or sit with a
  child who signs by choosing a symbol or writing their name. Nothing anywhere depends on
  a signature.
- The admissions pack is sent to each parent and carer of a child with parental
  responsibility (never a restricted contact), each their own copy.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgebook.agreements import documents, nas, selectors, tasks
from bridgebook.agreements.models import (
    Agreement,
    AgreementVersion,
    Format,
    PackDelivery,
    PackItem,
    PupilSigning,
    ReviewView,
    Signature,
    Statement,
)
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.diary.symbols import is_known
from bridgebook.reviews.schedule import add_months
from bridgebook.translation import actions as translation_actions
from bridgebook.translation.services import base_language

Action = AuditEvent.Action
SETTINGS_FIELDS = ["title", "nas_check", "review_months"]
STATEMENT_FIELDS = ["section", "text", "easy_read", "symbols", "nas_key"]


class AgreementError(ValueError):
    """What cannot be done (a second draft, a published version changed, a signature by
    someone who may not sign); the message says why, in plain words."""


class PublishError(AgreementError):
    pass


def agreement_of(school) -> Agreement:
    """The school's agreement, made the first time it is needed."""
    agreement, _created = Agreement.objects.get_or_create(school=school)
    return agreement


def _lock_draft(version: AgreementVersion) -> AgreementVersion:
    locked = (AgreementVersion.objects.select_for_update().select_related("agreement__school")
              .get(pk=version.pk))
    if locked.status != AgreementVersion.Status.DRAFT:
        raise AgreementError(_("This version is published: it cannot be changed. Start a "
                               "new version to change the agreement."))
    return locked


def _clean_symbols(symbols) -> list[str]:
    return [code for code in dict.fromkeys(symbols or []) if is_known(code)]


# Drafts ----------------------------------------------------------------------------------

START_COPY, START_NAS, START_BLANK = "copy", "nas", "blank"


@transaction.atomic
def do_start_draft(*, school, acting_user, start_from: str = START_COPY) -> AgreementVersion:
    """A new draft: a copy of the version in force (each statement remembers the one it
    was copied from, so what changed is worked out statement by statement), the NAS
    required statements in their sections, or nothing."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement_of(school).pk)
    if agreement.versions.filter(status=AgreementVersion.Status.DRAFT).exists():
        raise AgreementError(_("There is a draft already: carry on with it."))
    current = selectors.current_version(school)
    if start_from == START_COPY and current is None:
        start_from = START_NAS
    number = (agreement.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    draft = AgreementVersion.objects.create(agreement=agreement, number=number,
                                            created_by=acting_user)
    if start_from == START_COPY:
        Statement.objects.bulk_create([
            Statement(version=draft, section=old.section, order=old.order, text=old.text,
                      easy_read=old.easy_read, symbols=list(old.symbols),
                      nas_key=old.nas_key, copied_from=old)
            for old in selectors.statements(current)])
    elif start_from == START_NAS:
        _add_required(draft, [])
    audit.record(actor=acting_user, action=Action.CREATE, obj=draft, school=school,
                 summary=f"Started version {number} of the home-school agreement "
                         f"({start_from})")
    return draft


def _add_required(draft: AgreementVersion, present: list[Statement]) -> int:
    """Add the NAS required statements ``present`` lacks, as the policy words them (in
    English, as staff write), each at the end of its section."""
    wanted = nas.missing(s.nas_key for s in present if s.nas_key)
    orders = {}
    for statement in present:
        orders[statement.section] = max(orders.get(statement.section, 0), statement.order)
    made = []
    with translation.override("en"):
        for required in wanted:
            orders[required.section] = orders.get(required.section, 0) + 1
            made.append(Statement(version=draft, section=required.section,
                                  order=orders[required.section], text=str(required.text),
                                  nas_key=required.key))
    Statement.objects.bulk_create(made)
    return len(made)


@transaction.atomic(durable=True)
def do_add_required_statements(*, version: AgreementVersion, acting_user) -> int:
    draft = _lock_draft(version)
    added = _add_required(draft, selectors.statements(draft))
    audit.record(actor=acting_user, action=Action.UPDATE, obj=draft,
                 school=draft.agreement.school,
                 summary=f"Added {added} NAS required statement(s) to version {draft.number}")
    return added


@transaction.atomic
def do_add_statement(*, version: AgreementVersion, acting_user, section: str, text: str,
                     easy_read: str = "", symbols=(), nas_key: str = "") -> Statement:
    draft = _lock_draft(version)
    top = draft.statements.filter(section=section).aggregate(top=Max("order"))["top"] or 0
    statement = Statement.objects.create(version=draft, section=section, order=top + 1,
                                         text=text.strip(), easy_read=easy_read.strip(),
                                         symbols=_clean_symbols(symbols), nas_key=nas_key)
    audit.record(actor=acting_user, action=Action.CREATE, obj=statement,
                 school=draft.agreement.school,
                 summary=f"Added a statement to version {draft.number} ({section})")
    return statement


@transaction.atomic
def do_change_statement(*, statement: Statement, acting_user, section: str, text: str,
                        easy_read: str = "", symbols=(), nas_key: str = "") -> Statement:
    draft = _lock_draft(statement.version)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    cleaned = {"section": section, "text": text.strip(), "easy_read": easy_read.strip(),
               "symbols": _clean_symbols(symbols), "nas_key": nas_key}
    changes = audit.changed_fields(statement, cleaned, STATEMENT_FIELDS)
    if section != statement.section:
        top = draft.statements.filter(section=section).aggregate(top=Max("order"))["top"]
        statement.order = (top or 0) + 1
    for name, value in cleaned.items():
        setattr(statement, name, value)
    statement.save(update_fields=[*STATEMENT_FIELDS, "order"])
    audit.record(actor=acting_user, action=Action.UPDATE, obj=statement,
                 school=draft.agreement.school,
                 summary=f"Changed a statement of version {draft.number}",
                 changes={name: "changed" for name in changes})
    return statement


@transaction.atomic(durable=True)
def do_remove_statement(*, statement: Statement, acting_user) -> None:
    draft = _lock_draft(statement.version)
    audit.record(actor=acting_user, action=Action.DELETE, obj=statement,
                 school=draft.agreement.school,
                 summary=f"Took a statement out of version {draft.number}"
                         + (f" (NAS: {statement.nas_key})" if statement.nas_key else ""))
    statement.delete()


@transaction.atomic(durable=True)
def do_move_statement(*, statement: Statement, acting_user, up: bool) -> bool:
    """Swap the statement with the one before (``up``) or after it in its section; False
    when it is already first or last."""
    draft = _lock_draft(statement.version)
    siblings = list(draft.statements.select_for_update().filter(section=statement.section)
                    .order_by("order", "pk"))
    index = next(i for i, s in enumerate(siblings) if s.pk == statement.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])
    audit.record(actor=acting_user, action=Action.UPDATE, obj=statement,
                 school=draft.agreement.school,
                 summary=f"Moved a statement {'up' if up else 'down'} in version "
                         f"{draft.number}")
    return True


@transaction.atomic(durable=True)
def do_discard_draft(*, version: AgreementVersion, acting_user) -> None:
    draft = _lock_draft(version)
    audit.record(actor=acting_user, action=Action.DELETE, obj=draft,
                 school=draft.agreement.school,
                 summary=f"Discarded the draft of version {draft.number}")
    draft.views.update(version=None)
    draft.delete()


# Publishing ------------------------------------------------------------------------------

def publish_problems(draft: AgreementVersion, items: list[Statement], changes: str,
                     previous: AgreementVersion | None) -> list[str]:
    """Why the draft may not be published yet, in plain words (empty: it may)."""
    problems = []
    if not items:
        problems.append(_("Add at least one statement before publishing."))
    if draft.agreement.nas_check:
        missing = selectors.missing_required(items)
        if missing:
            names = ", ".join(str(required.name) for required in missing)
            problems.append(_("The agreement must include every NAS required statement. "
                              "Missing: %(names)s. Add them, or switch the NAS check off "
                              "in the agreement's settings if this is not an NAS school.")
                            % {"names": names})
        reworded = selectors.reworded_required(items)
        if reworded:
            names = "; ".join(
                _("%(name)s (it no longer says: %(words)s)")
                % {"name": found.required.name,
                   "words": ", ".join(f"“{word}”" for word in found.lacking)}
                for found in reworded)
            problems.append(_("Each NAS required statement may be worded the school's own "
                              "way, but must still say what the policy requires. Reworded "
                              "beyond recognition: %(names)s. Put those words back, or "
                              "switch the NAS check off in the agreement's settings if "
                              "this is not an NAS school.") % {"names": names})
    if previous is not None and not changes.strip():
        problems.append(_("Say what changed since version %(number)s, in plain words: "
                          "families see it when they are asked to read the new version.")
                        % {"number": previous.number})
    return problems


@transaction.atomic
def do_publish(*, version: AgreementVersion, acting_user, changes: str = "") -> AgreementVersion:
    """Publish the draft: it is the version in force from now, never changed again; its
    review is due ``review_months`` on; each family is told after commit."""
    draft = _lock_draft(version)
    agreement = draft.agreement
    previous = selectors.previous_published(draft)
    problems = publish_problems(draft, selectors.statements(draft), changes, previous)
    if problems:
        raise PublishError(" ".join(problems))
    now = timezone.now()
    draft.status = AgreementVersion.Status.PUBLISHED
    draft.published_at = now
    draft.published_by = acting_user
    draft.changes = changes.strip()
    draft.review_due = add_months(timezone.localdate(now), agreement.review_months)
    draft.save(update_fields=["status", "published_at", "published_by", "changes",
                              "review_due"])
    audit.record(actor=acting_user, action=Action.UPDATE, obj=draft, school=agreement.school,
                 summary=f"Published version {draft.number} of the home-school agreement",
                 changes={"status": ["draft", "published"]})
    version_id = draft.pk
    transaction.on_commit(lambda: tasks.tell_families.enqueue(version_id=version_id))
    return draft


# Settings and the review record ----------------------------------------------------------

@transaction.atomic(durable=True)
def do_save_settings(*, school, acting_user, data: dict) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement_of(school).pk)
    changes = audit.changed_fields(agreement, data, SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        setattr(agreement, name, data[name])
    agreement.save(update_fields=SETTINGS_FIELDS)
    audit.record(actor=acting_user, action=Action.UPDATE, obj=agreement, school=school,
                 summary="Changed the home-school agreement's settings", changes=changes)
    return agreement


@transaction.atomic
def do_record_view(*, school, acting_user, source: str, gathered_on: datetime.date,
                   summary: str, how: str = "", response: str = "",
                   version: AgreementVersion | None = None) -> ReviewView:
    agreement = agreement_of(school)
    view = ReviewView.objects.create(agreement=agreement, version=version, source=source,
                                     gathered_on=gathered_on, how=how.strip(),
                                     summary=summary.strip(), response=response.strip(),
                                     recorded_by=acting_user)
    audit.record(actor=acting_user, action=Action.CREATE, obj=view, school=school,
                 summary=f"Recorded the views of {source} gathered on {gathered_on}"
                         + (f" for version {version.number}" if version else ""))
    return view


# Translations a person checks --------------------------------------------------------------

def do_ask_translation_check(*, version: AgreementVersion, acting_user, language: str) -> int:
    """Ask a person to check the translation of each of the version's texts (each
    statement and its easy read) into ``language`` that no one has checked yet; returns how
    many were asked for. Each is a review of its own, so a reviewer corrects one statement
    at a time."""
    language = base_language(language)
    school = version.agreement.school
    items = selectors.statements(version)
    done = selectors.checked_texts(school, selectors.statement_texts(items), language)
    asked = 0
    with transaction.atomic():
        for position, statement in enumerate(items, start=1):
            parts = [("text", statement.text)]
            if statement.easy_read:
                parts.append(("easy", statement.easy_read))
            for part, text in parts:
                if text in done:
                    continue
                purpose = (f"Home-school agreement, version {version.number}: statement "
                           f"{position}" + (" (easy read)" if part == "easy" else ""))
                translation_actions.request_review(
                    school=school, text=text, language=language,
                    ref=selectors.review_ref(statement, part), requested_by=acting_user,
                    purpose=purpose)
                asked += 1
        audit.record(actor=acting_user, action=Action.UPDATE, obj=version, school=school,
                     summary=f"Asked for the {language} translation of version "
                             f"{version.number} to be checked ({asked} texts)")
    return asked


# Signatures ------------------------------------------------------------------------------

def _published(version: AgreementVersion) -> None:
    if not version.is_published:
        raise AgreementError(_("Only a published version can be signed."))


def _record_signature(*, version, pupil, contact, method, mark, language, format_, user,
                      signed_at=None) -> Signature | None:
    """One signature, or None where this person has signed this version for the child
    already (a second press changes nothing)."""
    signer = Signature.Signer.CONTACT if contact is not None else Signature.Signer.PUPIL
    try:
        with transaction.atomic():
            return Signature.objects.create(
                version=version, pupil=pupil, signer=signer, contact=contact, method=method,
                mark=mark[:200], language=base_language(language), format=format_,
                user=user, signed_at=signed_at or timezone.now())
    except IntegrityError:
        return None


@transaction.atomic
def do_sign(*, version: AgreementVersion, contact, pupils, acting_user, name: str,
            language: str, format_: str) -> list[Signature]:
    """A parent or carer signs ``version`` for themselves, for each of ``pupils`` they
    have parental responsibility for (and are not kept from), typing their name. Returns
    the new signatures (none for a child already signed for)."""
    _published(version)
    if format_ not in Format.values:
        raise AgreementError("Not a format")
    allowed = selectors.may_sign_for(contact.pk, [p.pk for p in pupils],
                                     version.agreement.school_id)
    if not allowed or len(allowed) != len({p.pk for p in pupils}):
        raise AgreementError(_("You can sign only for your own children."))
    made = []
    for pupil in allowed:
        signature = _record_signature(version=version, pupil=pupil, contact=contact,
                                      method=Signature.Method.NAME, mark=name.strip(),
                                      language=language, format_=format_, user=acting_user)
        if signature is None:
            continue
        made.append(signature)
        audit.record(actor=acting_user, action=Action.CREATE, obj=signature,
                     school=version.agreement.school, pupil=pupil,
                     summary=f"{contact.full_name} signed version {version.number} of the "
                             f"home-school agreement ({format_}, {signature.language})")
    return made


@transaction.atomic(durable=True)
def do_record_paper_signature(*, version: AgreementVersion, pupil, contact, acting_user,
                              signed_on: datetime.date, language: str,
                              format_: str = Format.PDF) -> Signature:
    """Staff record a parent's or carer's signature on paper (when, and what they read)."""
    _published(version)
    if not selectors.may_sign_for(contact.pk, [pupil.pk], pupil.school_id):
        raise AgreementError(_("Only a parent or carer with parental responsibility for the "
                               "child signs for them."))
    school_tz = pupil.school.tz
    signed_at = datetime.datetime.combine(signed_on, datetime.time(12, 0), tzinfo=school_tz)
    signature = _record_signature(version=version, pupil=pupil, contact=contact,
                                  method=Signature.Method.PAPER, mark=contact.full_name,
                                  language=language, format_=format_, user=acting_user,
                                  signed_at=signed_at)
    if signature is None:
        raise AgreementError(_("%(name)s has signed this version for %(child)s already.")
                             % {"name": contact.full_name, "child": pupil.first_name})
    audit.record(actor=acting_user, action=Action.CREATE, obj=signature, school=pupil.school,
                 pupil=pupil,
                 summary=f"Recorded {contact.full_name}'s paper signature of version "
                         f"{version.number}")
    return signature


@transaction.atomic
def do_mark_pupil_signs(*, pupil, acting_user, signs: bool, by_symbol: bool = True) -> None:
    """Mark (or unmark) that the child has enough understanding to sign, themselves."""
    if signs:
        marking, created = PupilSigning.objects.update_or_create(
            pupil=pupil, defaults={"by_symbol": by_symbol, "marked_by": acting_user,
                                   "marked_at": timezone.now()})
        audit.record(actor=acting_user, action=Action.CREATE if created else Action.UPDATE,
                     obj=marking, school=pupil.school, pupil=pupil,
                     summary=f"Marked that {pupil.legal_name} signs the agreement"
                             + (" by symbol" if by_symbol else ""))
        return
    marking = PupilSigning.objects.filter(pupil=pupil).first()
    if marking is None:
        return
    audit.record(actor=acting_user, action=Action.DELETE, obj=marking, school=pupil.school,
                 pupil=pupil, summary=f"{pupil.legal_name} no longer marked to sign")
    marking.delete()


@transaction.atomic
def do_pupil_sign(*, version: AgreementVersion, pupil, acting_user, method: str, mark: str,
                  language: str = "en") -> Signature:
    """The child signs, with the member of staff who sat with them (``acting_user``):
    by choosing a symbol (``mark`` is its hexcode) or writing their name."""
    _published(version)
    if not PupilSigning.objects.filter(pupil=pupil).exists():
        raise AgreementError(_("Mark on the child’s Agreement tab that they sign first."))
    if method == Signature.Method.SYMBOL and not is_known(mark):
        raise AgreementError(_("Choose a symbol."))
    if method not in (Signature.Method.SYMBOL, Signature.Method.NAME) or not mark.strip():
        raise AgreementError(_("Choose a symbol or write the name."))
    signature = _record_signature(version=version, pupil=pupil, contact=None, method=method,
                                  mark=mark.strip(), language=language,
                                  format_=Format.WITH_STAFF, user=acting_user)
    if signature is None:
        raise AgreementError(_("%(child)s has signed this version already.")
                             % {"child": pupil.first_name})
    audit.record(actor=acting_user, action=Action.CREATE, obj=signature, school=pupil.school,
                 pupil=pupil,
                 summary=f"{pupil.legal_name} signed version {version.number} ({method}), "
                         f"with {acting_user.full_name}")
    return signature


# The admissions pack ---------------------------------------------------------------------

@transaction.atomic
def do_add_pack_document(*, school, acting_user, title: str, description: str,
                         upload) -> PackItem:
    """Add a document to the pack, checked first (``documents.check``: its type by its
    first bytes, its size), stored under a name nobody can guess."""
    checked = documents.check(upload)
    top = PackItem.objects.filter(school=school).aggregate(top=Max("order"))["top"] or 0
    item = PackItem(school=school, kind=PackItem.Kind.DOCUMENT, title=title.strip(),
                    description=description.strip(), order=top + 1)
    item.file.save(f"{secrets.token_urlsafe(18)}{checked.extension}", checked.content,
                   save=False)
    item.save()
    audit.record(actor=acting_user, action=Action.CREATE, obj=item, school=school,
                 summary=f"Added {item.title} to the admissions pack")
    return item


@transaction.atomic
def do_add_agreement_to_pack(*, school, acting_user) -> PackItem:
    """The home-school agreement as one of the pack's documents (always the version in
    force when the pack is sent)."""
    item = PackItem.objects.filter(school=school, kind=PackItem.Kind.AGREEMENT).first()
    if item is not None:
        if not item.active:
            item.active = True
            item.save(update_fields=["active"])
            audit.record(actor=acting_user, action=Action.UPDATE, obj=item, school=school,
                         summary="Put the home-school agreement back in the admissions pack")
        return item
    top = PackItem.objects.filter(school=school).aggregate(top=Max("order"))["top"] or 0
    with translation.override("en"):
        title = str(agreement_of(school).title)
    item = PackItem.objects.create(school=school, kind=PackItem.Kind.AGREEMENT, title=title,
                                   order=top + 1)
    audit.record(actor=acting_user, action=Action.CREATE, obj=item, school=school,
                 summary="Added the home-school agreement to the admissions pack")
    return item


@transaction.atomic(durable=True)
def do_remove_pack_item(*, item: PackItem, acting_user) -> None:
    """Take a document out of the pack for families to come (those sent it keep it)."""
    item.active = False
    item.save(update_fields=["active"])
    audit.record(actor=acting_user, action=Action.DELETE, obj=item, school=item.school,
                 summary=f"Took {item.title} out of the admissions pack")


@transaction.atomic
def do_send_pack(*, pupil, acting_user) -> list[PackDelivery]:
    """Send the pack to each parent and carer of the child with parental responsibility
    who has not had it (never a restricted contact), each their own copy, told in their
    own language after commit. Returns the new deliveries."""
    items = selectors.pack_items(pupil.school)
    if not items:
        raise AgreementError(_("The admissions pack is empty: add its documents first."))
    has_agreement = any(item.kind == PackItem.Kind.AGREEMENT for item in items)
    version = selectors.current_version(pupil.school) if has_agreement else None
    if has_agreement and version is None:
        items = [item for item in items if item.kind != PackItem.Kind.AGREEMENT]
        if not items:
            raise AgreementError(_("Publish the home-school agreement before sending the "
                                   "pack."))
    already = set(PackDelivery.objects.filter(pupil=pupil).values_list("contact_id",
                                                                       flat=True))
    links = selectors.signer_links([pupil.pk])
    if not links:
        raise AgreementError(_("Nobody has parental responsibility for %(child)s on record: "
                               "add them on the child’s page first.")
                             % {"child": pupil.first_name})
    made = []
    for link in links:
        if link.contact_id in already:
            continue
        delivery = PackDelivery.objects.create(pupil=pupil, contact=link.contact,
                                               version=version, sent_by=acting_user)
        delivery.items.set(items)
        made.append(delivery)
        audit.record(actor=acting_user, action=Action.CREATE, obj=delivery,
                     school=pupil.school, pupil=pupil,
                     summary=f"Sent the admissions pack ({len(items)} documents) to "
                             f"{link.contact.full_name}")
    if not made:
        raise AgreementError(_("Every parent and carer of %(child)s has had the pack "
                               "already.") % {"child": pupil.first_name})
    ids = [delivery.pk for delivery in made]
    transaction.on_commit(lambda: tasks.tell_pack_sent.enqueue(delivery_ids=ids))
    return made


def do_open_pack(*, delivery: PackDelivery, acting_user) -> bool:
    """Note when the family member first opened the pack; True the first time."""
    with transaction.atomic(durable=True):
        first = PackDelivery.objects.filter(pk=delivery.pk, opened_at__isnull=True).update(
            opened_at=timezone.now())
        if first:
            audit.record(actor=acting_user, action=Action.VIEW, obj=delivery,
                         school=delivery.pupil.school, pupil=delivery.pupil,
                         summary="Opened the admissions pack")
    return bool(first)
