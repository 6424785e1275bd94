"""Reads for the announcement pages, each with a fixed number of queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgebook.announcements.models import Announcement, Attachment
from bridgebook.announcements.text import _text_for, sms_text
from bridgebook.messaging import recipients as recipients_module
from bridgebook.messaging.delivery import address_for, default_channels
from bridgebook.messaging.models import Delivery, Message
from bridgebook.messaging.recipients import Recipient
from bridgebook.messaging.sms import analyse, clean_for_sms
from bridgebook.people.codes import language_name
from bridgebook.people.models import Pupil

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


def preview(announcement: Announcement, found: list[Recipient]) -> Preview:
    """Counts for the "who will get it" panel, computed from the resolved recipients
    (no queries)."""
    channel_counts: Counter = Counter()
    language_counts: Counter = Counter()
    longest_sms: dict[str, tuple[int, str]] = {}
    sms_count: Counter = Counter()
    without_address = 0
    for recipient in found:
        contact = recipient.contact
        channels = channels_for(contact)
        channel_counts.update(channels)
        language_counts[contact.language] += 1
        if channels == [Channel.APP] and contact.user_id is None:
            without_address += 1
        if Channel.SMS in channels:
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
        estimates.append(SmsEstimate(language=language_name(language),
                                     texts=sms_count[language], encoding=info.encoding,
                                     segments=info.segments, length=info.length,
                                     replaced=[(c, character_name(c)) for c in replaced],
                                     forcing=[(c, character_name(c)) for c in info.non_gsm]))
    return Preview(
        contacts=len(found),
        households=len(recipients_module.households(found)),
        by_channel=[(str(labels[c]), channel_counts[c]) for c in CHANNEL_ORDER
                    if channel_counts[c]],
        by_language=sorted(((language_name(code), n) for code, n in language_counts.items()),
                           key=lambda item: (-item[1], item[0])),
        sms=estimates, without_address=without_address)


def character_name(char: str) -> str:
    import unicodedata

    return unicodedata.name(char, f"U+{ord(char):04X}").capitalize()


# Lists -----------------------------------------------------------------------------------

def message_counts(announcements) -> dict[int, int]:
    """How many contacts each sent announcement went to: one query."""
    ids = [a.pk for a in announcements if not a.is_draft]
    rows = (Message.objects.filter(kind=Message.Kind.ANNOUNCEMENT, source_id__in=ids)
            .values("source_id").annotate(n=Count("pk")).values_list("source_id", "n"))
    return dict(rows)


# The delivery report ---------------------------------------------------------------------

@dataclass
class ReportRow:
    contact: object
    message: Message
    deliveries: list
    reached: list[str]
    pending: list[str]
    problems: list[str]

    @property
    def outcome(self) -> str:
        if self.reached:
            return "reached"
        if self.pending:
            return "pending"
        return "not_reached"


@dataclass
class Report:
    rows: list[ReportRow]
    totals: list[tuple[str, list[int], int]]   # channel label, count per status, total
    statuses: list[str]
    reached: int
    pending: int
    not_reached: int


def explain(delivery: Delivery) -> str:
    """What happened to one delivery, in plain words."""
    status = delivery.status
    channel = delivery.channel
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


def _row(message: Message) -> ReportRow:
    contact = message.contact
    deliveries = sorted(message.deliveries.all(),
                        key=lambda d: (CHANNEL_ORDER.index(d.channel), d.pk))
    reached, pending, problems = [], [], []
    for delivery in deliveries:
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
                     reached=reached, pending=pending, problems=problems)


def delivery_report(announcement: Announcement) -> Report:
    """Per contact, how the announcement reached them or why not; totals per channel and
    status. Two queries however many recipients: messages with contact and household,
    then their deliveries."""
    messages = (Message.objects
                .filter(school_id=announcement.school_id, kind=Message.Kind.ANNOUNCEMENT,
                        source_id=announcement.pk)
                .select_related("contact", "contact__household")
                .prefetch_related("deliveries")
                .order_by("contact__last_name", "contact__first_name", "contact_id"))
    rows = [_row(message) for message in messages]
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
    return Report(rows=rows, totals=totals, statuses=[str(label) for _v, label in
                                                      Status.choices],
                  reached=outcomes["reached"], pending=outcomes["pending"],
                  not_reached=outcomes["not_reached"])


# The family inbox ------------------------------------------------------------------------

INBOX_SIZE = 100


def inbox(contact_id: int) -> list[Message]:
    """A contact's messages, newest first, each announcement's with ``announcement`` and its
    attachments: three queries (messages, announcements, attachments)."""
    messages = list(Message.objects.filter(contact_id=contact_id)
                    .exclude(kind=Message.Kind.SIGN_IN).select_related("school")
                    .order_by("-created_at", "-id")[:INBOX_SIZE])
    attach_announcements(messages)
    return messages


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


def unread_messages_subquery(contact_id: int):
    """How many of the contact's messages are unread, as a subquery (so the family landing
    adds no query)."""
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    unread = (Message.objects.filter(contact_id=contact_id, read_at__isnull=True)
              .exclude(kind=Message.Kind.SIGN_IN).order_by()
              .values("contact_id").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


# The letter batch ------------------------------------------------------------------------

def queued_letters(school) -> QuerySet[Delivery]:
    """Letter deliveries waiting to be printed, with message, contact and household: one
    query."""
    return (Delivery.objects
            .filter(message__school=school, channel=Channel.LETTER, status=Status.QUEUED)
            .select_related("message", "message__contact", "message__contact__household")
            .order_by("message__contact__household_id", "message__contact_id", "pk"))


def attachments_of(announcement: Announcement) -> list[Attachment]:
    return list(announcement.attachments.all())
