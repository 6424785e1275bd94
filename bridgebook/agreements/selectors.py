"""Reads for the agreement's pages, each with a fixed number of queries however many
statements, versions, pupils, families and signatures there are.

- The agreement, its published versions and its draft; each version's statements by
  section; what changed between two versions, statement by statement.
- The texts a person checked in a language (``checked_texts``): looked up by the words
  themselves, so a statement a new version keeps as it was keeps its checked translation.
- Who signs for which child (``signers``): each contact with parental responsibility who
  is not restricted, and the child where staff marked that they sign.
- The school's board of who has not signed, per class, each parent separately, with the
  help to offer them (``signature_board``); a child's signatures (``pupil_signatures``);
  what a family member signed (``family_state``).
- The admissions pack: its documents, what each new family has had, the pupils who have not
  had it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgebook.agreements import nas
from bridgebook.agreements.models import (
    Agreement,
    AgreementVersion,
    PackDelivery,
    PackItem,
    PupilSigning,
    ReviewView,
    Section,
    Signature,
    Statement,
)
from bridgebook.core.access import visible_classes, visible_pupils
from bridgebook.diary.symbols import SYMBOLS, symbol_url, word_for
from bridgebook.people.codes import language_name
from bridgebook.people.models import Contact, Pupil, PupilContact
from bridgebook.translation.models import ReviewRequest
from bridgebook.translation.services import base_language

REF_PREFIX = "agreement:"


def review_ref(statement: Statement, part: str = "text") -> str:
    """The translation review queue's ref for one text of a statement:
    ``agreement:<version id>:<statement id>`` and ``…:easy`` for its easy read."""
    ref = f"{REF_PREFIX}{statement.version_id}:{statement.pk}"
    return ref if part == "text" else f"{ref}:easy"


def on_roll(pupils, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return pupils.filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))


# The agreement and its versions ------------------------------------------------------------

def agreement_for(school) -> Agreement | None:
    return Agreement.objects.filter(school=school).first()


def current_version(school) -> AgreementVersion | None:
    """The school's version in force: its newest published one. One query."""
    return (AgreementVersion.objects.select_related("agreement", "published_by")
            .filter(agreement__school=school, status=AgreementVersion.Status.PUBLISHED)
            .order_by("-number").first())


def draft_of(school) -> AgreementVersion | None:
    return (AgreementVersion.objects.select_related("agreement")
            .filter(agreement__school=school, status=AgreementVersion.Status.DRAFT).first())


def versions_of(agreement: Agreement | None) -> list[AgreementVersion]:
    """Every version, newest first, with who published it and how many views of the review
    it records. One query."""
    if agreement is None:
        return []
    return list(agreement.versions.select_related("published_by", "created_by")
                .annotate(view_count=Count("views")).order_by("-number"))


def previous_published(version: AgreementVersion) -> AgreementVersion | None:
    """The published version before ``version`` (for a draft: the one in force)."""
    return (AgreementVersion.objects
            .filter(agreement_id=version.agreement_id, number__lt=version.number,
                    status=AgreementVersion.Status.PUBLISHED)
            .order_by("-number").first())


def statements(version: AgreementVersion | None) -> list[Statement]:
    if version is None:
        return []
    return list(version.statements.order_by("section", "order", "pk"))


@dataclass
class SectionPart:
    key: str
    label: str
    statements: list = field(default_factory=list)


def by_section(items: list[Statement]) -> list[SectionPart]:
    """The four sections in the agreement's order, each with its statements (a section
    with none is still listed, so staff see where to add)."""
    parts = {section.value: SectionPart(section.value, section.label) for section in Section}
    for statement in sorted(items, key=lambda s: (list(parts).index(s.section), s.order,
                                                  s.pk)):
        parts[statement.section].statements.append(statement)
    return list(parts.values())


def with_pictures(items: list[Statement]) -> list[Statement]:
    """Each statement's ``pictures``: its curated symbols, with their words and where they
    are served. No query."""
    for statement in items:
        statement.pictures = [{"hexcode": code, "url": symbol_url(code),
                               "word": word_for(code, code)}
                              for code in statement.symbols if code in SYMBOLS]
    return items


def missing_required(items: list[Statement]) -> list[nas.RequiredStatement]:
    return nas.missing(statement.nas_key for statement in items if statement.nas_key)


def reworded_required(items: list[Statement]) -> list[nas.Reworded]:
    """The required statements there whose wording lost essential words."""
    return nas.reworded((statement.nas_key, statement.text) for statement in items
                        if statement.nas_key)


# What changed ----------------------------------------------------------------------------

@dataclass
class Change:
    kind: str                      # "added", "changed" or "removed"
    statement: Statement           # the new one (the old one when removed)
    before: Statement | None = None


@dataclass
class Diff:
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)

    @property
    def items(self) -> list[Change]:
        return [*self.added, *self.changed, *self.removed]

    @property
    def is_empty(self) -> bool:
        return not self.items

    def kind_of(self, statement_id: int) -> str:
        """"added", "changed" or "" for a statement of the newer version."""
        for change in (*self.added, *self.changed):
            if change.statement.pk == statement_id:
                return change.kind
        return ""


def _same(old: Statement, new: Statement) -> bool:
    return (old.text == new.text and old.easy_read == new.easy_read
            and list(old.symbols) == list(new.symbols) and old.section == new.section)


def diff(before: list[Statement], after: list[Statement], *, chain: dict | None = None
         ) -> Diff:
    """What ``after`` (a version's statements) changed of ``before`` (an earlier version's):
    a statement copied from one before (through the versions between, ``chain``: every
    statement of them by id) is the same statement, changed if its words, easy read,
    symbols or section are not the same; one copied from nothing before is added; one
    before that nothing kept is removed. No query (the statements are loaded)."""
    olds = {statement.pk: statement for statement in before}
    chain = chain or {}
    kept: set[int] = set()
    result = Diff()
    for statement in after:
        origin = statement.copied_from_id
        while origin is not None and origin not in olds and origin in chain:
            origin = chain[origin].copied_from_id
        old = olds.get(origin)
        if old is None:
            result.added.append(Change("added", statement))
            continue
        kept.add(old.pk)
        if not _same(old, statement):
            result.changed.append(Change("changed", statement, old))
    result.removed = [Change("removed", statement) for statement in before
                      if statement.pk not in kept]
    return result


def diff_since(before: AgreementVersion, after: AgreementVersion,
               after_items: list[Statement] | None = None) -> Diff:
    """What ``after`` changed of ``before``, however many versions apart. One query (two
    without ``after_items``)."""
    between = list(Statement.objects.filter(
        version__agreement_id=before.agreement_id, version__number__gte=before.number,
        version__number__lt=after.number))
    olds = [statement for statement in between if statement.version_id == before.pk]
    chain = {statement.pk: statement for statement in between}
    items = after_items if after_items is not None else statements(after)
    return diff(olds, items, chain=chain)


def version_diff(version: AgreementVersion, items: list[Statement] | None = None
                 ) -> tuple[AgreementVersion | None, Diff | None]:
    """(the published version before, what ``version`` changed of it); (None, None) for the
    first. Two queries (three without ``items``)."""
    previous = previous_published(version)
    if previous is None:
        return None, None
    return previous, diff_since(previous, version, items)


def published_between(version: AgreementVersion, after_number: int) -> list[AgreementVersion]:
    """The published versions after ``after_number`` up to ``version``, oldest first, for
    what changed since someone signed. One query."""
    return list(AgreementVersion.objects.filter(
        agreement_id=version.agreement_id, status=AgreementVersion.Status.PUBLISHED,
        number__gt=after_number, number__lte=version.number).order_by("number"))


# Translations a person checked ------------------------------------------------------------

def checked_texts(school, texts, language: str) -> dict[str, str]:
    """{English text: the translation a person approved into ``language``} for ``texts``
    of the school's agreement. Looked up by the words, so an approval stands for the same
    words in a later version, and a changed statement is machine translated again until it
    is checked. One query (none for English)."""
    language = base_language(language)
    wanted = {text for text in texts if text and text.strip()}
    if language == "en" or not wanted:
        return {}
    rows = (ReviewRequest.objects
            .filter(school=school, ref__startswith=REF_PREFIX, language=language,
                    status=ReviewRequest.Status.APPROVED, source_language="en",
                    source_text__in=wanted)
            .exclude(reviewed_text="")
            .order_by("reviewed_at", "pk").values_list("source_text", "reviewed_text"))
    return dict(rows)


def statement_texts(items: list[Statement]) -> list[str]:
    texts = []
    for statement in items:
        texts.append(statement.text)
        if statement.easy_read:
            texts.append(statement.easy_read)
    return texts


def attach_checked(items: list[Statement], school, language: str) -> None:
    """Each statement's ``checked_text`` and ``checked_easy`` (the approved translations
    into ``language``, or ""). One query."""
    found = checked_texts(school, statement_texts(items), language)
    for statement in items:
        statement.checked_text = found.get(statement.text, "")
        statement.checked_easy = found.get(statement.easy_read, "") if statement.easy_read \
            else ""


def family_languages(school) -> list[str]:
    """The languages other than English that the school's parents and carers read
    (those who sign), commonest first. One query."""
    rows = (Contact.objects.filter(school=school, pupil_links__parental_responsibility=True,
                                   pupil_links__is_restricted=False)
            .exclude(language__in=["en", "bsl"]).values("language")
            .annotate(count=Count("pk", distinct=True)).order_by("-count", "language"))
    return [row["language"] for row in rows]


@dataclass
class LanguageCheck:
    language: str
    name: str
    total: int
    checked: int
    waiting: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.checked == self.total


def translation_checks(school, version: AgreementVersion | None) -> list[LanguageCheck]:
    """For each language the families read (and each a check was asked for), how many of
    the version's texts a person has checked and how many wait. Two queries."""
    if version is None:
        return []
    items = statements(version)
    texts = set(statement_texts(items))
    languages = family_languages(school)
    rows = (ReviewRequest.objects.filter(school=school, ref__startswith=REF_PREFIX,
                                         source_language="en", source_text__in=texts)
            .values_list("language", "status", "source_text"))
    checked: dict[str, set] = defaultdict(set)
    waiting: dict[str, set] = defaultdict(set)
    for language, status, text in rows:
        if status == ReviewRequest.Status.APPROVED:
            checked[language].add(text)
        elif status == ReviewRequest.Status.PENDING:
            waiting[language].add(text)
    for language in list(checked) + list(waiting):
        if language not in languages:
            languages.append(language)
    return [LanguageCheck(language=code, name=language_name(code), total=len(texts),
                          checked=len(checked[code]),
                          waiting=len(waiting[code] - checked[code]))
            for code in languages]


# Who signs --------------------------------------------------------------------------------

def signer_links(pupil_ids) -> list[PupilContact]:
    """Each link that lets a contact sign for one of the pupils: parental responsibility,
    not restricted. With the contacts. One query."""
    return list(PupilContact.objects
                .filter(pupil_id__in=list(pupil_ids), parental_responsibility=True,
                        is_restricted=False)
                .select_related("contact", "contact__household")
                .order_by("pupil_id", "priority", "pk"))


@dataclass
class SignerRow:
    """One person who may sign for one child, and where they stand."""

    pupil: Pupil
    contact: Contact | None = None            # None: the child themselves
    relationship: str = ""
    signature: Signature | None = None        # of the version in force
    earlier: Signature | None = None          # their newest of an earlier version
    helps: list[str] = field(default_factory=list)

    @property
    def signed(self) -> bool:
        return self.signature is not None


def _signatures(version: AgreementVersion, pupil_ids) -> dict:
    """{(pupil id, contact id or None): [signatures, newest first]} of every version of the
    agreement. One query."""
    found: dict = defaultdict(list)
    rows = (Signature.objects.filter(version__agreement_id=version.agreement_id,
                                     pupil_id__in=list(pupil_ids))
            .select_related("version", "user").order_by("-version__number", "-signed_at"))
    for signature in rows:
        found[(signature.pupil_id, signature.contact_id)].append(signature)
    return found


def _row(pupil, link, version, signed: list[Signature]) -> SignerRow:
    current = next((s for s in signed if s.version_id == version.pk), None)
    earlier = next((s for s in signed if s.version.number < version.number), None)
    row = SignerRow(pupil=pupil, contact=link.contact if link else None,
                    relationship=link.get_relationship_display() if link else "",
                    signature=current, earlier=earlier)
    return row


def help_to_offer(row: SignerRow) -> list[str]:
    """What staff might offer a parent or carer who has not signed: help, never a chase."""
    contact = row.contact
    offers = []
    if row.earlier is not None:
        offers.append(_("Offer to go through what changed since version %(number)s")
                      % {"number": row.earlier.version.number})
    if contact.interpreter_needed:
        offers.append(_("Offer an interpreter (%(language)s) to read it together")
                      % {"language": contact.language_name})
    elif contact.language not in ("en", "bsl"):
        offers.append(_("It shows in %(language)s for them; offer to read it together")
                      % {"language": contact.language_name})
    if contact.literacy_support:
        offers.append(_("Offer the easy-read version, or to read it aloud together"))
    if contact.user_id is None:
        offers.append(_("Not using Bridgebook yet: offer a printed copy"))
    if not offers:
        offers.append(_("Offer to read it together"))
    return offers


def signer_rows(version: AgreementVersion, pupils: list[Pupil]) -> list[SignerRow]:
    """Everyone who may sign for each of ``pupils`` (each parent and carer separately, then
    the child where staff marked that they sign), with their signature of ``version`` and
    their newest earlier one. Three queries."""
    ids = [pupil.pk for pupil in pupils]
    links = defaultdict(list)
    for link in signer_links(ids):
        links[link.pupil_id].append(link)
    signed = _signatures(version, ids)
    signing = set(PupilSigning.objects.filter(pupil_id__in=ids)
                  .values_list("pupil_id", flat=True))
    rows = []
    for pupil in pupils:
        for link in links[pupil.pk]:
            row = _row(pupil, link, version, signed[(pupil.pk, link.contact_id)])
            if not row.signed:
                row.helps = help_to_offer(row)
            rows.append(row)
        if pupil.pk in signing:
            rows.append(_row(pupil, None, version, signed[(pupil.pk, None)]))
    return rows


@dataclass
class ClassBoard:
    name: str
    pk: int | None
    not_signed: list[SignerRow] = field(default_factory=list)
    signed: int = 0
    total: int = 0


def signature_board(user, school, version: AgreementVersion, *, class_id: int | None = None
                    ) -> list[ClassBoard]:
    """Per class (of the pupils the member of staff sees, on roll), each parent and carer
    who has not signed ``version`` (and each child marked to sign), with the help to offer;
    and how many have signed. Four queries, however many classes, pupils and families."""
    pupils = (on_roll(visible_pupils(user).filter(school=school))
              .select_related("school_class")
              .order_by("school_class__name", "legal_last_name", "legal_first_name", "pk"))
    if class_id is not None:
        pupils = pupils.filter(school_class_id=class_id)
    pupils = list(pupils)
    boards: dict = {}
    for row in signer_rows(version, pupils):
        school_class = row.pupil.school_class
        key = school_class.pk if school_class else None
        board = boards.get(key)
        if board is None:
            board = boards[key] = ClassBoard(name=school_class.name if school_class else "",
                                             pk=key)
        board.total += 1
        if row.signed:
            board.signed += 1
        else:
            board.not_signed.append(row)
    return list(boards.values())


def class_choices(user, school) -> list:
    return list(visible_classes(user).filter(school=school).order_by("name"))


def pupil_signatures(pupil: Pupil, version: AgreementVersion | None) -> dict:
    """A child's Agreement tab for staff: each person who may sign and where they stand
    (with ``version``), every signature ever recorded for the child, and whether staff
    marked that the child signs. Five queries at most."""
    rows = signer_rows(version, [pupil]) if version is not None else []
    history = list(Signature.objects.filter(pupil=pupil)
                   .select_related("version", "contact", "user")
                   .order_by("-signed_at", "-pk"))
    signing = PupilSigning.objects.filter(pupil=pupil).select_related("marked_by").first()
    return {"rows": rows, "history": history, "signing": signing}


# A family member's side ------------------------------------------------------------------

@dataclass
class FamilyState:
    """What a family member has signed for a child, and the other children they may sign
    for at the same time."""

    signature: Signature | None = None
    earlier: Signature | None = None
    others: list[Pupil] = field(default_factory=list)


def family_state(link: PupilContact | None, version: AgreementVersion) -> FamilyState:
    """For a family member who may sign (``link``, else nothing to say): their signature of
    ``version`` for the child, their newest earlier one, and their other children at the
    school they have not signed it for. Two queries."""
    if link is None:
        return FamilyState()
    mine = list(Signature.objects.filter(version__agreement_id=version.agreement_id,
                                         contact_id=link.contact_id)
                .select_related("version").order_by("-version__number", "-signed_at"))
    for_child = [s for s in mine if s.pupil_id == link.pupil_id]
    signed_now = {s.pupil_id for s in mine if s.version_id == version.pk}
    others = list(on_roll(Pupil.objects.filter(
        contact_links__contact_id=link.contact_id,
        contact_links__parental_responsibility=True, contact_links__is_restricted=False,
        school_id=version.agreement.school_id))
        .exclude(pk=link.pupil_id).exclude(pk__in=signed_now)
        .order_by("date_of_birth", "pk"))
    return FamilyState(
        signature=next((s for s in for_child if s.version_id == version.pk), None),
        earlier=next((s for s in for_child if s.version.number < version.number), None),
        others=others)


def may_sign_for(contact_id: int, pupil_ids, school_id: int) -> list[Pupil]:
    """Of ``pupil_ids``, the children the contact may sign for (parental responsibility, not
    restricted, at the school). One query."""
    return list(Pupil.objects.filter(
        pk__in=list(pupil_ids), school_id=school_id,
        contact_links__contact_id=contact_id, contact_links__parental_responsibility=True,
        contact_links__is_restricted=False).order_by("date_of_birth", "pk"))


# Review record ---------------------------------------------------------------------------

def review_views(agreement: Agreement | None) -> list[ReviewView]:
    if agreement is None:
        return []
    return list(agreement.views.select_related("version", "recorded_by")
                .order_by("-gathered_on", "-pk"))


# The admissions pack ---------------------------------------------------------------------

def pack_items(school, *, active_only: bool = True) -> list[PackItem]:
    items = PackItem.objects.filter(school=school)
    if active_only:
        items = items.filter(active=True)
    return list(items.order_by("order", "pk"))


def deliveries_for(pupil_ids) -> dict[int, list[PackDelivery]]:
    """{pupil id: what each of their parents and carers was sent}, with the documents.
    Two queries."""
    found: dict[int, list] = defaultdict(list)
    rows = (PackDelivery.objects.filter(pupil_id__in=list(pupil_ids))
            .select_related("contact", "sent_by", "version")
            .prefetch_related(Prefetch("items", queryset=PackItem.objects.order_by(
                "order", "pk")))
            .order_by("sent_at", "pk"))
    for delivery in rows:
        found[delivery.pupil_id].append(delivery)
    return found


@dataclass
class NewFamily:
    pupil: Pupil
    deliveries: list = field(default_factory=list)
    signers: list = field(default_factory=list)


def new_families(user, school) -> tuple[list[NewFamily], list[NewFamily]]:
    """(pupils on roll whose families have not had the pack, newest admission first;
    pupils whose families have, with what each had and when they first opened it).
    Four queries."""
    pupils = list(on_roll(visible_pupils(user).filter(school=school))
                  .select_related("school_class")
                  .order_by("-admission_date", "legal_last_name", "legal_first_name", "pk"))
    ids = [pupil.pk for pupil in pupils]
    sent = deliveries_for(ids)
    links = defaultdict(list)
    for link in signer_links(ids):
        links[link.pupil_id].append(link.contact)
    waiting, had = [], []
    for pupil in pupils:
        family = NewFamily(pupil=pupil, deliveries=sent[pupil.pk], signers=links[pupil.pk])
        (had if family.deliveries else waiting).append(family)
    return waiting, had


def family_delivery(pupil: Pupil, contact_id: int | None) -> PackDelivery | None:
    if contact_id is None:
        return None
    return (PackDelivery.objects.filter(pupil=pupil, contact_id=contact_id)
            .prefetch_related(Prefetch("items", queryset=PackItem.objects.order_by(
                "order", "pk")))
            .first())
