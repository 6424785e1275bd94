"""Reads for the announcement pages, each with a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from bridgebook.announcements.models import (
    ANNOUNCEMENT,
    REVIEW_PARTS,
    Announcement,
    Attachment,
    HeldLanguage,
    LanguageCheck,
    review_ref,
)
from bridgebook.announcements.text import _text_for, check_language, held_language, sms_text
from bridgebook.messaging import recipients as recipients_module
from bridgebook.messaging.access import readable_messages, withheld
from bridgebook.messaging.delivery import address_for, default_channels
from bridgebook.messaging.models import Delivery, Message
from bridgebook.messaging.recipients import Recipient
from bridgebook.messaging.sms import analyse, clean_for_sms
from bridgebook.people.codes import language_name_here
from bridgebook.people.models import Contact, Pupil
from bridgebook.translation.models import ReviewRequest
from bridgebook.translation.services import base_language

Channel = Delivery.Channel
Status = Delivery.Status
CHANNEL_ORDER = [Channel.APP, Channel.EMAIL, Channel.SMS, Channel.LETTER]
REACHED = {Status.SENT, Status.DELIVERED, Status.READ}
PENDING = {Status.QUEUED, Status.SENDING, Status.TEMPORARY_FAILURE}


# Who it goes to ----------------------------------------------------------------------------

def audience_pupils(announcement: Announcement) -> QuerySet[Pupil]:
    """The pupils whose families the announcement is for (a lazy query: ``recipients``
    runs it as a subquery). Pupils who have left are not included."""
    today = timezone.localdate()
    pupils = Pupil.objects.filter(school_id=announcement.school_id).filter(
        Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
    audience = announcement.audience
    if audience == Announcement.Audience.CLASSES:
        pupils = pupils.filter(school_class__in=announcement.classes.values("pk"))
    elif audience == Announcement.Audience.PUPILS:
        pupils = pupils.filter(pk__in=announcement.pupils.values("pk"))
    elif audience == Announcement.Audience.EVENT:
        event = announcement.event
        if event is None or event.deleted_at is not None:
            return pupils.none()
        if event.school_class_id is not None:
            pupils = pupils.filter(school_class_id=event.school_class_id)
    elif audience == Announcement.Audience.LANGUAGE:
        speakers = Pupil.objects.filter(
            contact_links__contact__language=announcement.audience_language)
        pupils = pupils.filter(pk__in=speakers.values("pk"))
    return pupils


def recipients_for(announcement: Announcement) -> list[Recipient]:
    """One recipient per entitled contact (one query). For a language audience, only the
    contacts who read that language: an English-speaking parent of the same child is not
    one of "the families who speak Polish"."""
    found = recipients_module.resolve(audience_pupils(announcement))
    if announcement.audience == Announcement.Audience.LANGUAGE:
        found = [r for r in found if r.contact.language == announcement.audience_language]
    return found


def split_held(announcement: Announcement, found: list[Recipient]
               ) -> tuple[list[Recipient], dict[str, list[Recipient]]]:
    """(who gets it now, {language: who waits for that language's translation check}).
    Only an important announcement holds anyone back (``text.held_language``). No queries."""
    now: list[Recipient] = []
    held: dict[str, list[Recipient]] = {}
    for recipient in found:
        language = held_language(announcement, recipient.contact.language)
        if language is None:
            now.append(recipient)
        else:
            held.setdefault(language, []).append(recipient)
    return now, dict(sorted(held.items()))


def checked_afterwards(announcement: Announcement, sent: list[Recipient]
                       ) -> dict[str, list[Recipient]]:
    """{language: its readers} for the languages of an important announcement that a
    person checks after everyone has it (``text.check_language``); empty for any other
    announcement. No queries."""
    if announcement.wait_for_check:
        return {}
    checking: dict[str, list[Recipient]] = {}
    for recipient in sent:
        language = check_language(announcement, recipient.contact.language)
        if language is not None:
            checking.setdefault(language, []).append(recipient)
    return dict(sorted(checking.items()))


def checked_language_messages(announcement: Announcement, check: LanguageCheck
                              ) -> list[Message]:
    """The messages sent at once to one checked language's readers that they may still
    read, with contact and the children each names (``named_pupils``, eldest first, as
    they were named): two queries. A contact no longer entitled to a child it is about is
    left out."""
    return list(Message.objects
                .filter(kind=ANNOUNCEMENT, source_id=announcement.pk,
                        contact_id__in=check.contact_ids)
                .filter(~withheld())
                .select_related("contact")
                .prefetch_related(Prefetch(
                    "pupils", queryset=Pupil.objects.order_by("date_of_birth", "pk"),
                    to_attr="named_pupils"))
                .order_by("pk"))


def release_recipients(held: HeldLanguage) -> list[Recipient]:
    """The contacts held for a language, as recipients naming the children they were sent
    about, checked again against who is entitled now (one query): a contact restricted, or
    no longer linked to the child, while the translation was being checked is left out."""
    wanted = {contact_id: set(pupil_ids) for contact_id, pupil_ids in held.recipients}
    pupil_ids = set().union(*wanted.values()) if wanted else set()
    found = []
    for recipient in recipients_module.resolve(Pupil.objects.filter(pk__in=pupil_ids)):
        pupils = wanted.get(recipient.contact.pk)
        if pupils is None:
            continue
        recipient.pupils = [pupil for pupil in recipient.pupils if pupil.pk in pupils]
        if recipient.pupils:
            found.append(recipient)
    return found


def channels_for(contact) -> list[str]:
    """The channels a message to this contact will be written for (as create_messages
    decides: a channel without an address is left out)."""
    return [channel for channel in default_channels(contact)
            if channel == Channel.APP or address_for(contact, channel)]


def unreachable_reasons(contact) -> list[str]:
    """Exactly why a contact whose only copy is in the app, without an account to read it,
    is not reached: each that applies of no account yet, no email address (or one they
    chose not to use), no mobile number (or one they chose not to use) and, where a letter
    would go, no postal address."""
    wanted = default_channels(contact)
    reasons = []
    if contact.user_id is None:
        reasons.append(_("no Bridgebook account yet"))
    if not contact.email:
        reasons.append(_("no email address"))
    elif Channel.EMAIL not in wanted:
        reasons.append(_("has an email address but chose not to get emails"))
    if not contact.mobile:
        reasons.append(_("no mobile number"))
    elif Channel.SMS not in wanted:
        reasons.append(_("has a mobile number but chose not to get texts"))
    if Channel.LETTER in wanted and not address_for(contact, Channel.LETTER):
        reasons.append(_("no postal address"))
    return reasons


def chose_app_only(contact) -> bool:
    return set(contact.preferred_channels or []) == {Channel.APP}


def app_fallback_note(channels) -> str:
    """What a contact who chose only the app, with no account to read it, was sent instead
    (``channels``: those of their copy beyond the app)."""
    channels = set(channels)
    if {Channel.EMAIL, Channel.SMS} <= channels:
        return _("chose the app only, has no account yet: sent by email and text instead")
    if Channel.EMAIL in channels:
        return _("chose the app only, has no account yet: sent by email instead")
    if Channel.SMS in channels:
        return _("chose the app only, has no account yet: sent by text instead")
    return _("chose the app only, has no account yet: sent by letter instead")


@dataclass
class SmsEstimate:
    language: str
    texts: int
    encoding: str
    segments: int
    length: int
    replaced: list[tuple[str, str]]   # (character, name) cleaned away before sending
    forcing: list[tuple[str, str]]    # (character, name) left that force UCS-2


@dataclass
class Preview:
    contacts: int
    households: int
    by_channel: list[tuple[str, int]]
    by_language: list[tuple[str, int]]
    sms: list[SmsEstimate] = field(default_factory=list)
    # Contacts who will not be reached, by exactly why: (reasons, contacts).
    unreached: list[tuple[list[str], int]] = field(default_factory=list)
    # Contacts who chose only the app but have no account: sent by email, text or letter.
    app_fallback: int = 0
    # Waiting for the check (the sender chose it): (language name, contacts).
    held: list[tuple[str, int]] = field(default_factory=list)
    # Important: sent at once, the translation checked afterwards: (language name, contacts).
    checking: list[tuple[str, int]] = field(default_factory=list)

    @property
    def unreached_contacts(self) -> int:
        return sum(count for _reasons, count in self.unreached)

    @property
    def held_contacts(self) -> int:
        return sum(count for _name, count in self.held)

    @property
    def held_names(self) -> str:
        return get_text_list([name for name, _count in self.held], _("and"))

    @property
    def checking_contacts(self) -> int:
        return sum(count for _name, count in self.checking)

    @property
    def checking_names(self) -> str:
        return get_text_list([name for name, _count in self.checking], _("and"))


def preview(announcement: Announcement, found: list[Recipient]) -> Preview:
    """Counts for the "who will get it" panel, computed from the resolved recipients
    (no queries beyond the SMS texts' translations)."""
    channel_counts: Counter = Counter()
    language_counts: Counter = Counter()
    longest_sms: dict[str, tuple[int, str]] = {}
    sms_count: Counter = Counter()
    unreached: Counter = Counter()
    app_fallback = 0
    now_recipients, held = split_held(announcement, found)
    held_ids = {r.contact.pk for recipients in held.values() for r in recipients}
    for recipient in found:
        contact = recipient.contact
        channels = channels_for(contact)
        channel_counts.update(channels)
        language_counts[contact.language] += 1
        if channels == [Channel.APP] and contact.user_id is None:
            unreached[tuple(unreachable_reasons(contact))] += 1
        elif chose_app_only(contact) and contact.user_id is None:
            app_fallback += 1
        # A held reader's text is the one a person checks, not known yet.
        if Channel.SMS in channels and contact.pk not in held_ids:
            text = sms_text(_text_for(announcement, recipient))
            sms_count[contact.language] += 1
            if len(text) > longest_sms.get(contact.language, (-1, ""))[0]:
                longest_sms[contact.language] = (len(text), text)
    labels = dict(Channel.choices)
    estimates = []
    for language, (_length, raw) in sorted(longest_sms.items()):
        cleaned = clean_for_sms(raw)
        info = analyse(cleaned)
        before = analyse(raw)
        replaced = "".join(char for char in before.non_gsm if char not in cleaned)
        estimates.append(SmsEstimate(language=language_name_here(language),
                                     texts=sms_count[language], encoding=info.encoding,
                                     segments=info.segments, length=info.length,
                                     replaced=[(c, character_name(c)) for c in replaced],
                                     forcing=[(c, character_name(c)) for c in info.non_gsm]))
    checking = checked_afterwards(announcement, now_recipients)
    return Preview(
        contacts=len(found),
        households=len(recipients_module.households(found)),
        by_channel=[(str(labels[c]), channel_counts[c]) for c in CHANNEL_ORDER
                    if channel_counts[c]],
        by_language=sorted(((language_name_here(code), n) for code, n in language_counts.items()),
                           key=lambda item: (-item[1], item[0])),
        sms=estimates,
        unreached=sorted(((list(reasons), n) for reasons, n in unreached.items()),
                         key=lambda item: (-item[1], item[0])),
        app_fallback=app_fallback,
        held=[(language_name_here(code), len(recipients)) for code, recipients in held.items()],
        checking=[(language_name_here(code), len(recipients))
                  for code, recipients in checking.items()])


def character_name(char: str) -> str:
    import unicodedata

    return unicodedata.name(char, f"U+{ord(char):04X}").capitalize()


# Working hours -----------------------------------------------------------------------------

def when_text(moment, school) -> dict[str, str]:
    """{"time": "08:00", "day": "Monday 24 November"} in the school's time zone."""
    local = timezone.localtime(moment, school.tz)
    return {"time": date_format(local, "H:i"), "day": date_format(local, "l j E")}


# Lists -----------------------------------------------------------------------------------

def message_counts(announcements) -> dict[int, int]:
    """How many contacts each sent announcement went to: one query."""
    ids = [a.pk for a in announcements if not a.is_draft]
    rows = (Message.objects.filter(kind=ANNOUNCEMENT, source_id__in=ids)
            .values("source_id").annotate(n=Count("pk")).values_list("source_id", "n"))
    return dict(rows)


def waiting_counts(announcements) -> dict[int, int]:
    """How many contacts of each sent announcement still wait for a translation check
    (the sender chose to wait for it): one query."""
    ids = [a.pk for a in announcements if a.wait_for_check and not a.is_draft]
    if not ids:
        return {}
    rows = (HeldLanguage.objects.filter(announcement_id__in=ids,
                                        status=HeldLanguage.Status.WAITING)
            .values("announcement_id").annotate(n=Sum("contacts"))
            .values_list("announcement_id", "n"))
    return dict(rows)


# The delivery report ---------------------------------------------------------------------

@dataclass
class ReportRow:
    contact: object
    message: Message | None
    deliveries: list
    reached: list[str]
    pending: list[str]
    problems: list[str]
    held: list[str] = field(default_factory=list)   # email/text waiting for working hours
    held_until: dict | None = None                  # {"time": ..., "day": ...}
    waiting_language: str = ""                      # waiting for this translation check
    reached_at: datetime.datetime | None = None     # the first channel that reached them
    notes: list[str] = field(default_factory=list)  # how their channels were chosen

    @property
    def outcome(self) -> str:
        if self.waiting_language:
            return "review"
        if self.reached:
            return "reached"
        if self.held:
            return "waiting"
        if self.pending:
            return "pending"
        return "not_reached"


@dataclass
class LanguageStatus:
    """One language whose translation a person checks, for the sender: held until the
    check (``held``), or sent at once and checked afterwards (``check``)."""
    language: str
    name: str
    parts: list[tuple[str, ReviewRequest | None]]   # (part label, its review)
    held: HeldLanguage | None = None
    check: LanguageCheck | None = None
    corrected_after: bool = False    # a checked text was changed after it was used

    @property
    def contacts(self) -> int:
        return (self.held or self.check).contacts

    @property
    def waiting(self) -> bool:
        """Its readers still wait for the check before they get it."""
        return self.held is not None and self.held.is_waiting

    @property
    def checking(self) -> bool:
        """Its readers have the machine translation; a person has not checked it yet."""
        return self.check is not None and self.check.is_checking

    @property
    def approved_parts(self) -> int:
        return sum(1 for _label, review in self.parts
                   if review is not None and review.status == ReviewRequest.Status.APPROVED)


@dataclass
class LanguageReach:
    """When the readers of one language were reached: the sender sees that nobody heard
    later than anyone else (or who still waits, and why)."""
    name: str
    contacts: int
    first: datetime.datetime | None
    last: datetime.datetime | None
    waiting: int
    not_reached: int


@dataclass
class Report:
    rows: list[ReportRow]
    totals: list[tuple[str, list[int], int]]   # channel label, count per status, total
    statuses: list[str]
    reached: int
    pending: int
    not_reached: int
    waiting: int = 0           # contacts whose email/text wait for working hours only
    held_until: list[tuple[dict, int]] = field(default_factory=list)  # (when, deliveries)
    review: int = 0            # contacts waiting for a translation check
    languages: list[LanguageStatus] = field(default_factory=list)
    reach: list[LanguageReach] = field(default_factory=list)


def _held_until(delivery: Delivery, message: Message, now) -> bool:
    """An email or text kept back until the sender's working hours begin."""
    return (delivery.channel in (Channel.EMAIL, Channel.SMS)
            and delivery.status == Status.QUEUED and message.send_after is not None
            and message.send_after > now)


def explain(delivery: Delivery, held_until: dict | None = None) -> str:
    """What happened to one delivery, in plain words. ``held_until``: the email or text
    waits for the sender's working hours ({"time": "08:00", "day": "Monday 24 November"})."""
    status = delivery.status
    channel = delivery.channel
    if held_until is not None:
        return _("Waiting until %(time)s on %(day)s: written outside working hours") % (
            held_until)
    if channel == Channel.APP:
        if status == Status.READ:
            return _("Read in the app")
        return _("In the app, not read yet")
    if channel == Channel.LETTER:
        if status == Status.QUEUED:
            return _("Waiting to be printed and posted")
        if status in REACHED:
            return _("Printed for posting")
    if status in (Status.QUEUED, Status.SENDING):
        return _("Being sent")
    if status == Status.SENT:
        return _("Sent; no report from the provider yet")
    if status == Status.DELIVERED:
        return _("Delivered")
    error = delivery.last_error or _("no reason given")
    if status == Status.TEMPORARY_FAILURE:
        return _("Not delivered yet, will try again: %(error)s") % {"error": error}
    if channel == Channel.EMAIL:
        return _("The email could not be delivered: %(error)s") % {"error": error}
    if channel == Channel.SMS:
        return _("The text could not be delivered: %(error)s") % {"error": error}
    return _("Could not be delivered: %(error)s") % {"error": error}


def _reached_when(delivery: Delivery):
    return delivery.sent_at or delivery.delivered_at or delivery.updated_at


def _row(message: Message, now, school) -> ReportRow:
    contact = message.contact
    deliveries = sorted(message.deliveries.all(),
                        key=lambda d: (CHANNEL_ORDER.index(d.channel), d.pk))
    reached, pending, problems, held = [], [], [], []
    until = None
    times = []
    for delivery in deliveries:
        if _held_until(delivery, message, now):
            until = when_text(message.send_after, school)
            delivery.explanation = explain(delivery, until)
            held.append(delivery.get_channel_display())
            continue
        delivery.explanation = explain(delivery)
        if delivery.channel == Channel.APP:
            if delivery.status == Status.READ or contact.user_id is not None:
                reached.append(delivery.get_channel_display())
                times.append(_reached_when(delivery))
            continue
        if delivery.status in REACHED:
            reached.append(delivery.get_channel_display())
            times.append(_reached_when(delivery))
        elif delivery.status in PENDING:
            pending.append(delivery.get_channel_display())
        else:
            problems.append(delivery.explanation)
    channels = {d.channel for d in deliveries}
    if channels == {Channel.APP} and contact.user_id is None:
        problems.extend(unreachable_reasons(contact))
    notes = []
    instead = {d.channel for d in deliveries
               if d.channel != Channel.APP and d.fallback_of_id is None}
    if chose_app_only(contact) and contact.user_id is None and instead:
        notes.append(app_fallback_note(instead))
    return ReportRow(contact=contact, message=message, deliveries=deliveries,
                     reached=reached, pending=pending, problems=problems, held=held,
                     held_until=until, reached_at=min(times) if times else None,
                     notes=notes)


def language_statuses(announcement: Announcement) -> list[LanguageStatus]:
    """Each language whose translation a person checks, with the review of its subject and
    message: two queries (none for an announcement that is neither important nor waiting
    for the check). Held languages where the sender chose to wait for the check; else, for
    an important one, the languages sent at once and checked afterwards."""
    if announcement.wait_for_check:
        records = list(HeldLanguage.objects.filter(announcement=announcement)
                       .select_related("released_by"))
    elif announcement.important:
        records = list(LanguageCheck.objects.filter(announcement=announcement)
                       .select_related("checked_by"))
    else:
        return []
    if not records:
        return []
    refs = {review_ref(announcement.pk, part): part for part in REVIEW_PARTS}
    reviews = {(refs[review.ref], review.language): review for review in
               ReviewRequest.objects.filter(ref__in=list(refs)).select_related("reviewer")}
    labels = {"subject": _("Subject"), "body": _("Message")}
    statuses = []
    for item in records:
        parts = [(labels[part], reviews.get((part, item.language))) for part in REVIEW_PARTS]
        if isinstance(item, HeldLanguage):
            used_at = item.released_at if item.status == HeldLanguage.Status.CHECKED else None
            status = LanguageStatus(language=item.language, held=item,
                                    name=language_name_here(item.language), parts=parts)
        else:
            used_at = item.checked_at
            status = LanguageStatus(language=item.language, check=item,
                                    name=language_name_here(item.language), parts=parts)
        status.corrected_after = used_at is not None and any(
            review is not None and review.reviewed_at and review.reviewed_at > used_at
            for _label, review in parts)
        statuses.append(status)
    return statuses


def language_reach(rows: list[ReportRow]) -> list[LanguageReach]:
    """Per language its readers read, when they were first and last reached, and how many
    still wait or were not reached, from the report's rows (no queries). Most readers
    first."""
    grouped: dict[str, list[ReportRow]] = defaultdict(list)
    for row in rows:
        grouped[base_language(row.contact.language)].append(row)
    reach = []
    for code, members in grouped.items():
        times = [row.reached_at for row in members if row.reached_at is not None]
        outcomes = Counter(row.outcome for row in members)
        reach.append(LanguageReach(
            name=language_name_here(code), contacts=len(members),
            first=min(times) if times else None, last=max(times) if times else None,
            waiting=outcomes["review"] + outcomes["waiting"] + outcomes["pending"],
            not_reached=outcomes["not_reached"]))
    return sorted(reach, key=lambda item: (-item.contacts, item.name))


def delivery_report(announcement: Announcement) -> Report:
    """Per contact, how the announcement reached them or why not, and when; per language,
    when its readers were first and last reached; totals per channel and status; for an
    announcement whose translations a person checks, each language's check (and, where the
    sender chose to wait for it, the contacts still waiting).

    Queries, however many recipients: messages with contact and household, then their
    deliveries; for an important announcement or one waiting for the check also its
    languages and their reviews, and (when some still wait for the check) the waiting
    contacts."""
    now = timezone.now()
    school = announcement.school
    messages = (Message.objects
                .filter(school_id=announcement.school_id, kind=ANNOUNCEMENT,
                        source_id=announcement.pk)
                .select_related("contact", "contact__household")
                .prefetch_related("deliveries")
                .order_by("contact__last_name", "contact__first_name", "contact_id"))
    rows = [_row(message, now, school) for message in messages]
    languages = language_statuses(announcement)
    waiting = {contact_id: status.name for status in languages if status.waiting
               for contact_id in status.held.contact_ids}
    if waiting:
        for contact in (Contact.objects.filter(pk__in=list(waiting))
                        .select_related("household")):
            rows.append(ReportRow(contact=contact, message=None, deliveries=[], reached=[],
                                  pending=[], problems=[], waiting_language=waiting[contact.pk]))
        rows.sort(key=lambda row: (row.contact.last_name, row.contact.first_name,
                                   row.contact.pk))
    statuses = [value for value, _label in Status.choices]
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        for delivery in row.deliveries:
            counts[delivery.channel][delivery.status] += 1
    labels = dict(Channel.choices)
    totals = [(str(labels[channel]), [counts[channel][s] for s in statuses],
               sum(counts[channel].values()))
              for channel in CHANNEL_ORDER if counts[channel]]
    outcomes = Counter(row.outcome for row in rows)
    held_until = Counter()
    for row in rows:
        if row.held:
            held_until[row.message.send_after] += len(row.held)
    return Report(rows=rows, totals=totals, statuses=[str(label) for _v, label in
                                                      Status.choices],
                  reached=outcomes["reached"], pending=outcomes["pending"],
                  not_reached=outcomes["not_reached"], waiting=outcomes["waiting"],
                  held_until=[(when_text(at, school), n) for at, n in sorted(held_until.items())],
                  review=outcomes["review"], languages=languages,
                  reach=language_reach(rows))


# The family inbox ------------------------------------------------------------------------

INBOX_PAGE_SIZE = 25


def inbox(contacts):
    """A contact's messages (or those of all one person's contacts, one inbox), newest
    first (a lazy query: the page paginates it). Call ``attach_announcements`` on the page
    shown."""
    return (readable_messages(contacts).select_related("school")
            .order_by("-created_at", "-id"))


def attach_announcements(messages: list[Message]) -> None:
    ids = {m.source_id for m in messages
           if m.kind == ANNOUNCEMENT and m.source_id is not None}
    found = {}
    if ids:
        found = Announcement.objects.filter(pk__in=ids).prefetch_related("attachments") \
            .in_bulk()
    for message in messages:
        message.announcement = (found.get(message.source_id)
                                if message.kind == ANNOUNCEMENT else None)


def unread_messages_subquery(contacts):
    """How many of the contact's (or one person's contacts') messages are unread, as a
    subquery (so the family landing adds no query)."""
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    unread = (readable_messages(contacts).filter(read_at__isnull=True).order_by()
              # Grouped by a constant: one row, the count over all the contacts.
              .annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


# The letter batch ------------------------------------------------------------------------

def queued_letters(school) -> QuerySet[Delivery]:
    """Letter deliveries waiting to be printed, with message, contact and household: one
    query."""
    return (Delivery.objects
            .filter(message__school=school, channel=Channel.LETTER, status=Status.QUEUED)
            .exclude(message__in=Message.objects.filter(withheld()).values("pk"))
            .select_related("message", "message__contact", "message__contact__household")
            .order_by("message__contact__household_id", "message__contact_id", "pk"))


def attachments_of(announcement: Announcement) -> list[Attachment]:
    return list(announcement.attachments.all())
