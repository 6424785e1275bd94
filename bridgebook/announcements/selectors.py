"""Reads for the announcement pages, each with a fixed number of queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from bridgebook.announcements.models import (
    REVIEW_PARTS,
    Announcement,
    Attachment,
    HeldLanguage,
    review_ref,
)
from bridgebook.announcements.text import _text_for, held_language, sms_text
from bridgebook.messaging import recipients as recipients_module
from bridgebook.messaging.access import readable_messages, withheld
from bridgebook.messaging.delivery import address_for, default_channels
from bridgebook.messaging.models import Delivery, Message
from bridgebook.messaging.recipients import Recipient
from bridgebook.messaging.sms import analyse, clean_for_sms
from bridgebook.people.codes import language_name_here
from bridgebook.people.models import Contact, Pupil
from bridgebook.translation.models import ReviewRequest

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
    without_address: int = 0
    # An important announcement: (language name, contacts) waiting for a translation check.
    held: list[tuple[str, int]] = field(default_factory=list)

    @property
    def held_contacts(self) -> int:
        return sum(count for _name, count in self.held)

    @property
    def held_names(self) -> str:
        return get_text_list([name for name, _count in self.held], _("and"))


def preview(announcement: Announcement, found: list[Recipient]) -> Preview:
    """Counts for the "who will get it" panel, computed from the resolved recipients
    (no queries)."""
    channel_counts: Counter = Counter()
    language_counts: Counter = Counter()
    longest_sms: dict[str, tuple[int, str]] = {}
    sms_count: Counter = Counter()
    without_address = 0
    _now, held = split_held(announcement, found)
    held_ids = {r.contact.pk for recipients in held.values() for r in recipients}
    for recipient in found:
        contact = recipient.contact
        channels = channels_for(contact)
        channel_counts.update(channels)
        language_counts[contact.language] += 1
        if channels == [Channel.APP] and contact.user_id is None:
            without_address += 1
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
    return Preview(
        contacts=len(found),
        households=len(recipients_module.households(found)),
        by_channel=[(str(labels[c]), channel_counts[c]) for c in CHANNEL_ORDER
                    if channel_counts[c]],
        by_language=sorted(((language_name_here(code), n) for code, n in language_counts.items()),
                           key=lambda item: (-item[1], item[0])),
        sms=estimates, without_address=without_address,
        held=[(language_name_here(code), len(recipients)) for code, recipients in held.items()])


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
    rows = (Message.objects.filter(kind=Message.Kind.ANNOUNCEMENT, source_id__in=ids)
            .values("source_id").annotate(n=Count("pk")).values_list("source_id", "n"))
    return dict(rows)


def waiting_counts(announcements) -> dict[int, int]:
    """How many contacts of each sent announcement still wait for a translation check:
    one query."""
    ids = [a.pk for a in announcements if a.important and not a.is_draft]
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
    """One held language of an important announcement, for the sender."""
    held: HeldLanguage
    name: str
    parts: list[tuple[str, ReviewRequest | None]]   # (part label, its review)
    corrected_after: bool = False    # a checked text was changed after it was sent

    @property
    def waiting(self) -> bool:
        return self.held.is_waiting

    @property
    def approved_parts(self) -> int:
        return sum(1 for _label, review in self.parts
                   if review is not None and review.status == ReviewRequest.Status.APPROVED)


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


def _row(message: Message, now, school) -> ReportRow:
    contact = message.contact
    deliveries = sorted(message.deliveries.all(),
                        key=lambda d: (CHANNEL_ORDER.index(d.channel), d.pk))
    reached, pending, problems, held = [], [], [], []
    until = None
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
            continue
        if delivery.status in REACHED:
            reached.append(delivery.get_channel_display())
        elif delivery.status in PENDING:
            pending.append(delivery.get_channel_display())
        else:
            problems.append(delivery.explanation)
    channels = {d.channel for d in deliveries}
    if channels == {Channel.APP} and contact.user_id is None:
        problems.append(_("No app account, email address, mobile number or postal address"))
    return ReportRow(contact=contact, message=message, deliveries=deliveries,
                     reached=reached, pending=pending, problems=problems, held=held,
                     held_until=until)


def language_statuses(announcement: Announcement) -> list[LanguageStatus]:
    """Each held language with the review of its subject and message: two queries (none
    more for an announcement that is not important)."""
    if not announcement.important:
        return []
    held = list(HeldLanguage.objects.filter(announcement=announcement))
    if not held:
        return []
    refs = {review_ref(announcement.pk, part): part for part in REVIEW_PARTS}
    reviews = {(refs[review.ref], review.language): review for review in
               ReviewRequest.objects.filter(ref__in=list(refs)).select_related("reviewer")}
    labels = {"subject": _("Subject"), "body": _("Message")}
    statuses = []
    for item in held:
        parts = [(labels[part], reviews.get((part, item.language))) for part in REVIEW_PARTS]
        corrected = (item.status == HeldLanguage.Status.CHECKED and any(
            review is not None and review.reviewed_at and item.released_at
            and review.reviewed_at > item.released_at for _label, review in parts))
        statuses.append(LanguageStatus(held=item, name=language_name_here(item.language),
                                       parts=parts, corrected_after=corrected))
    return statuses


def delivery_report(announcement: Announcement) -> Report:
    """Per contact, how the announcement reached them or why not; totals per channel and
    status; for an important announcement, each held language's translation check and the
    contacts still waiting for it.

    Queries, however many recipients: messages with contact and household, then their
    deliveries; for an important announcement also its held languages, their reviews and
    (when some still wait) the waiting contacts."""
    now = timezone.now()
    school = announcement.school
    messages = (Message.objects
                .filter(school_id=announcement.school_id, kind=Message.Kind.ANNOUNCEMENT,
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
                  review=outcomes["review"], languages=languages)


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
           if m.kind == Message.Kind.ANNOUNCEMENT and m.source_id is not None}
    found = {}
    if ids:
        found = Announcement.objects.filter(pk__in=ids).prefetch_related("attachments") \
            .in_bulk()
    for message in messages:
        message.announcement = (found.get(message.source_id)
                                if message.kind == Message.Kind.ANNOUNCEMENT else None)


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
