"""Reads for the announcement pages, each with a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Concat
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
    LetterBatch,
    review_ref,
)
from bridgebook.announcements.text import _text_for, check_language, held_language, sms_text
from bridgebook.core.sql import table
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
    reached_text: str = ""                          # reached_at as the page shows it

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
    first_text: str = ""    # first and last as the page shows them (``minute_stamps``)
    last_text: str = ""


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
    page: Page | None = None   # which page of every contact, by name, ``rows`` is


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


def minute_stamps():
    """A function writing a time as ``{{ time|date:"j M H:i" }}`` does (in the current
    time zone and language), working each minute out once: a report's hundred deliveries
    mostly share a few minutes, and the date filter takes longer than the rest of a row."""
    written: dict[datetime.datetime, str] = {}

    def stamp(moment: datetime.datetime) -> str:
        minute = moment.replace(second=0, microsecond=0)
        if minute not in written:
            written[minute] = date_format(timezone.localtime(moment), "j M H:i")
        return written[minute]

    return stamp


def _reached_when(delivery: Delivery):
    return delivery.sent_at or delivery.delivered_at or delivery.updated_at


def _row(message: Message, deliveries: list[Delivery], now, school, stamp) -> ReportRow:
    """One contact's row from their message and its deliveries (no queries). What counts
    as reached, waiting and still being sent is what ``_FIGURES_SQL`` counts: change both
    together. ``stamp`` writes a time as the row shows it (``minute_stamps``)."""
    contact = message.contact
    deliveries = sorted(deliveries, key=lambda d: (CHANNEL_ORDER.index(d.channel), d.pk))
    reached, pending, problems, held = [], [], [], []
    until = None
    times = []
    for delivery in deliveries:
        delivery.updated_text = stamp(delivery.updated_at)
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
    reached_at = min(times) if times else None
    return ReportRow(contact=contact, message=message, deliveries=deliveries,
                     reached=reached, pending=pending, problems=problems, held=held,
                     held_until=until, reached_at=reached_at, notes=notes,
                     reached_text=stamp(reached_at) if reached_at else "")


def language_statuses(announcement: Announcement) -> list[LanguageStatus]:
    """Each language whose translation a person checks, with the review of its subject and
    message: two queries (none for an announcement that is neither important nor waiting
    for the check). Held languages where the sender chose to wait for the check; else, for
    an important one, the languages sent at once and checked afterwards."""
    if announcement.wait_for_check:
        records = list(HeldLanguage.objects.filter(announcement=announcement)
                       .select_related("released_by"))
    elif announcement.important:
        # Not who was sent it, nor what: the report reads the counts.
        records = list(LanguageCheck.objects.filter(announcement=announcement)
                       .select_related("checked_by")
                       .defer("contact_ids", "sent_subject", "sent_body"))
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


def _in(values) -> str:
    """Named placeholders for a fixed set of statuses or channels (each its own name)."""
    return ", ".join(f"%({value})s" for value in sorted(values))


# The report's figures, however many recipients, as rows of (kind, a, b, when, count, first,
# last): per contact language and outcome ("outcome": language, outcome, -, contacts, the
# first and the last time one of them was reached) and per channel, status and
# send_after ("delivery": channel, status, send_after, deliveries). A message's outcome is
# the one ``_row`` gives it from its deliveries: reached (the app copy read, or there for a
# contact with an account, or another copy sent, delivered or read; reached when the first
# of them was), else an email or text waiting for working hours, else one still being
# sent, else not reached. Written out once here: it groups twice (by message, then by
# language), which the ORM does not do.
_FIGURES_SQL = f"""
WITH copies AS (
  SELECT sent.id AS message_id, sent.send_after, contact.language, contact.user_id,
         delivery.channel, delivery.status,
         COALESCE(delivery.sent_at, delivery.delivered_at, delivery.updated_at) AS moved_at
    FROM {table(Message)} sent
    JOIN {table(Contact)} contact ON contact.id = sent.contact_id
    LEFT JOIN {table(Delivery)} delivery ON delivery.message_id = sent.id
   WHERE sent.school_id = %(school)s AND sent.kind = %(kind)s AND sent.source_id = %(source)s
         /*hidden*/
), per_message AS (
  SELECT language,
         MIN(CASE WHEN (channel = %(app)s AND (status = %(read)s OR user_id IS NOT NULL))
                    OR (channel <> %(app)s AND status IN ({_in(REACHED)}))
                  THEN moved_at END) AS reached_at,
         MAX(CASE WHEN channel IN (%(email)s, %(sms)s) AND status = %(queued)s
                   AND send_after > %(now)s THEN 1 ELSE 0 END) AS held,
         MAX(CASE WHEN channel <> %(app)s AND status IN ({_in(PENDING)})
                  THEN 1 ELSE 0 END) AS pending
    FROM copies GROUP BY message_id, language
)
SELECT 'outcome', language,
       CASE WHEN reached_at IS NOT NULL THEN 'reached' WHEN held = 1 THEN 'waiting'
            WHEN pending = 1 THEN 'pending' ELSE 'not_reached' END,
       CAST(NULL AS timestamp with time zone), COUNT(*), MIN(reached_at), MAX(reached_at)
  FROM per_message GROUP BY 2, 3
UNION ALL
SELECT 'delivery', channel, status, send_after, COUNT(*), NULL, NULL
  FROM copies WHERE channel IS NOT NULL GROUP BY 2, 3, 4
"""


def _moment(value) -> datetime.datetime | None:
    """A time read with raw SQL (SQLite gives text, in UTC)."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    return value


@dataclass
class _Figures:
    # Per base language its readers read: {outcome: contacts}, and the first and last
    # time a reader of it was reached (of each outcome's readers).
    outcomes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    times: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    # {channel: {status: deliveries}} and {send_after: deliveries waiting for it}.
    deliveries: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    held_until: Counter = field(default_factory=Counter)


def _figures(announcement: Announcement, now, hidden: list[int]) -> _Figures:
    """The report's counts and times over every recipient (``_FIGURES_SQL``) but the
    contacts ``hidden`` from the reader: one query."""
    params = {**{value: value for value in Status.values},
              **{value: value for value in Channel.values},
              "school": announcement.school_id, "kind": ANNOUNCEMENT,
              "source": announcement.pk, "now": connection.ops.adapt_datetimefield_value(now)}
    sql = _FIGURES_SQL
    if hidden:
        params.update({f"hidden{i}": contact_id for i, contact_id in enumerate(hidden)})
        sql = sql.replace("/*hidden*/", "AND sent.contact_id NOT IN ({})".format(
            ", ".join(f"%(hidden{i})s" for i in range(len(hidden)))))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    figures = _Figures()
    for kind, first_key, second_key, when, count, first, last in rows:
        if kind == "outcome":
            language = base_language(first_key)
            figures.outcomes[language][second_key] += count
            figures.times[language].extend(_moment(at) for at in (first, last)
                                           if at is not None)
            continue
        figures.deliveries[first_key][second_key] += count
        when = _moment(when)
        if (first_key in (Channel.EMAIL, Channel.SMS) and second_key == Status.QUEUED
                and when is not None and when > now):
            figures.held_until[when] += count
    return figures


def _waiting_languages(figures: _Figures, waiting: dict[int, str]) -> None:
    """Count the contacts still waiting for a translation check (``waiting``: contact id →
    language name) as "review" under the language they read: one query."""
    for language, count in (Contact.objects.filter(pk__in=list(waiting)).order_by()
                            .values("language").annotate(n=Count("pk"))
                            .values_list("language", "n")):
        figures.outcomes[base_language(language)]["review"] += count


def language_reach(figures: _Figures, stamp) -> list[LanguageReach]:
    """Per language its readers read, when they were first and last reached, and how many
    still wait or were not reached (no queries). Most readers first."""
    reach = []
    for code, outcomes in figures.outcomes.items():
        times = figures.times[code]
        first, last = (min(times), max(times)) if times else (None, None)
        reach.append(LanguageReach(
            name=language_name_here(code), contacts=sum(outcomes.values()),
            first=first, last=last,
            waiting=outcomes["review"] + outcomes["waiting"] + outcomes["pending"],
            not_reached=outcomes["not_reached"],
            first_text=stamp(first) if first else "", last_text=stamp(last) if last else ""))
    return sorted(reach, key=lambda item: (-item.contacts, item.name))


REPORT_PAGE_SIZE = 25


def _report_page(announcement: Announcement, waiting: dict[int, str], count: int, number,
                 now, stamp, hidden: list[int]) -> tuple[Page, list[ReportRow]]:
    """The page ``number`` of the report's contacts (``count`` in all), by name, each as a
    row: two queries, the messages with contact and household, then their deliveries.
    While some contacts wait for a translation check (``waiting``: contact id → language
    name), they have no message yet but a place in the list: three queries, the contacts
    with household, their messages, and the deliveries."""
    page = CountedPaginator(count, REPORT_PAGE_SIZE).get_page(number)
    shown = slice(page.start_index() - 1, page.end_index()) if count else slice(0, 0)
    sent = Message.objects.filter(school_id=announcement.school_id, kind=ANNOUNCEMENT,
                                  source_id=announcement.pk)
    if hidden:
        sent = sent.exclude(contact_id__in=hidden)
    if waiting:
        contacts = list(Contact.objects
                        .filter(Q(pk__in=sent.values("contact_id")) | Q(pk__in=list(waiting)))
                        .select_related("household")
                        .order_by("last_name", "first_name", "pk")[shown])
        found = {message.contact_id: message for message in
                 sent.filter(contact_id__in=[c.pk for c in contacts])} if contacts else {}
        messages = [found.get(contact.pk) for contact in contacts]
    else:
        messages = list(sent.select_related("contact", "contact__household")
                        .order_by("contact__last_name", "contact__first_name", "contact_id")
                        [shown])
        contacts = [message.contact for message in messages]
    # Not prefetch_related: making a related manager for each message took longer than
    # reading the deliveries.
    deliveries: dict[int, list[Delivery]] = defaultdict(list)
    if any(messages):
        for delivery in Delivery.objects.filter(
                message_id__in=[m.pk for m in messages if m is not None]).order_by():
            deliveries[delivery.message_id].append(delivery)
    rows = []
    for contact, message in zip(contacts, messages, strict=True):
        if message is None:
            rows.append(ReportRow(contact=contact, message=None, deliveries=[], reached=[],
                                  pending=[], problems=[],
                                  waiting_language=waiting.get(contact.pk, "")))
            continue
        message.contact = contact
        rows.append(_row(message, deliveries[message.pk], now, announcement.school, stamp))
    page.object_list = rows
    return page, rows


def _hidden_contacts(announcement: Announcement, pupil_ids) -> list[int]:
    """The contacts the report leaves out for a reader a court order keeps from the pupils
    ``pupil_ids``: their families (every contact linked to them) and whoever got the
    announcement about them. One query, only for such a reader."""
    if not pupil_ids:
        return []
    about = Message.objects.filter(school_id=announcement.school_id, kind=ANNOUNCEMENT,
                                   source_id=announcement.pk, pupils__in=list(pupil_ids))
    return list(Contact.objects.filter(Q(pupil_links__pupil_id__in=list(pupil_ids))
                                       | Q(pk__in=about.values("contact_id")))
                .order_by("pk").values_list("pk", flat=True).distinct())


def delivery_report(announcement: Announcement, page=None, *,
                    hidden_pupils=frozenset()) -> Report:
    """Per contact, one page (``page``, the ``page`` parameter) at a time, by name, how the
    announcement reached them or why not, and when; over everyone it went to, how many
    were reached, per language when its readers were first and last reached, and totals
    per channel and status; for an announcement whose translations a person checks, each
    language's check (and, where the sender chose to wait for it, the contacts still
    waiting).

    Queries, however many recipients (only the figures' GROUP BY, in the database, reads
    them all): the figures; the page's messages with contact and household, and their
    deliveries; for an important announcement or one waiting for the check also its
    languages and their reviews; while some still wait for the check, the languages the
    waiting contacts read, and the page's contacts read apart from their messages (one
    query more: ``_report_page``).

    ``hidden_pupils``: ids of pupils a court order keeps from the reader
    (``Viewer.restricted_pupil_ids``): their families and whoever got it about them are
    in neither the rows nor the figures (one query more: ``_hidden_contacts``)."""
    now = timezone.now()
    school = announcement.school
    hidden = _hidden_contacts(announcement, hidden_pupils)
    languages = language_statuses(announcement)
    waiting = {contact_id: status.name for status in languages if status.waiting
               for contact_id in status.held.contact_ids if contact_id not in hidden}
    figures = _figures(announcement, now, hidden)
    if waiting:
        _waiting_languages(figures, waiting)
    outcomes = sum(figures.outcomes.values(), Counter())
    stamp = minute_stamps()
    shown, rows = _report_page(announcement, waiting, sum(outcomes.values()), page, now,
                               stamp, hidden)
    statuses = [value for value, _label in Status.choices]
    counts = figures.deliveries
    labels = dict(Channel.choices)
    totals = [(str(labels[channel]), [counts[channel][s] for s in statuses],
               sum(counts[channel].values()))
              for channel in CHANNEL_ORDER if counts[channel]]
    return Report(rows=rows, totals=totals, statuses=[str(label) for _v, label in
                                                      Status.choices],
                  reached=outcomes["reached"], pending=outcomes["pending"],
                  not_reached=outcomes["not_reached"], waiting=outcomes["waiting"],
                  held_until=[(when_text(at, school), n)
                              for at, n in sorted(figures.held_until.items())],
                  review=outcomes["review"], languages=languages,
                  reach=language_reach(figures, stamp), page=shown)


# The family inbox ------------------------------------------------------------------------

INBOX_PAGE_SIZE = 25


def inbox(contacts):
    """A contact's messages (or those of all one person's contacts, one inbox), newest
    first (a lazy query: ``inbox_page`` reads one page of it)."""
    return (readable_messages(contacts).select_related("school")
            .order_by("-created_at", "-id"))


class CountedPaginator(Paginator):
    """A paginator told how many items there are (counted by the query that read the page,
    or with the figures of a report), so the pages need no COUNT query of their own."""

    def __init__(self, count: int, per_page: int):
        super().__init__([], per_page)
        self.count = count   # ``count`` is a cached_property: this is its value


def page_number(value) -> int:
    """A ``page`` parameter as a page number: absent is the first page; 0 when it is not a
    whole number from 1 up (``Paginator.get_page`` then decides which page it means)."""
    value = "1" if value in (None, "") else str(value)
    return int(value) if value.isdecimal() and value.isascii() else 0


def inbox_page(contacts, number) -> Page:
    """The inbox page ``number`` (the ``page`` parameter) with, on each announcement's
    message, whether it is ``important`` and how many ``files`` it has: two queries, the
    messages with their school, which also counts the messages on every page (a window
    count, so there is no COUNT query), then the announcements' flags and files.

    A ``number`` that is not a page (not a whole number, or past the last page: an old
    link) gets the first or the last page, as ``Paginator.get_page`` gives it, for a COUNT
    query more."""
    messages = inbox(contacts).annotate(total=Window(Count("pk")))
    size = INBOX_PAGE_SIZE
    wanted = page_number(number)
    page = None
    if wanted >= 1:
        rows = list(messages[(wanted - 1) * size:wanted * size])
        if rows or wanted == 1:
            page = Page(rows, wanted, CountedPaginator(rows[0].total if rows else 0, size))
    if page is None:
        page = Paginator(messages, size).get_page(number)
        page.object_list = list(page.object_list)
    _attach_flags(page.object_list)
    return page


def _attach_flags(messages: list[Message]) -> None:
    """``important`` and ``files`` on each message, for the inbox's list: one query (none
    when no message is an announcement's)."""
    ids = {m.source_id for m in messages if m.kind == ANNOUNCEMENT}
    found = {}
    if ids:
        found = {pk: (important, files) for pk, important, files in
                 Announcement.objects.filter(pk__in=ids).order_by()
                 .annotate(files=Count("attachments")).values_list("pk", "important", "files")}
    for message in messages:
        important, files = (found.get(message.source_id, (False, 0))
                            if message.kind == ANNOUNCEMENT else (False, 0))
        message.important, message.files = important, files


def attach_announcements(messages: list[Message]) -> None:
    """Each announcement's message with its ``announcement`` and files (for reading one
    message): two queries (none without an announcement's message)."""
    ids = {m.source_id for m in messages
           if m.kind == ANNOUNCEMENT and m.source_id is not None}
    found = {}
    if ids:
        found = Announcement.objects.filter(pk__in=ids).prefetch_related("attachments") \
            .in_bulk()
    for message in messages:
        message.announcement = (found.get(message.source_id)
                                if message.kind == ANNOUNCEMENT else None)


def unread_count(contacts) -> int:
    """How many of the contact's (or one person's contacts') messages are unread, for a
    family's landing page: one query."""
    return readable_messages(contacts).filter(read_at__isnull=True).count()


# The letter batch ------------------------------------------------------------------------

def _kept_letters(pupil_ids) -> Q:
    """Letter deliveries a reader a court order keeps from the pupils ``pupil_ids`` must
    not see: those for their families (every contact linked to them) and those about them.
    Subqueries: no query of their own."""
    ids = list(pupil_ids)
    return (Q(message__contact__in=Contact.objects.filter(pupil_links__pupil_id__in=ids)
              .values("pk"))
            | Q(message__in=Message.objects.filter(pupils__in=ids).values("pk")))


def queued_letters(school, *, hidden_pupils=frozenset()) -> QuerySet[Delivery]:
    """Letter deliveries waiting to be printed, with message, contact and household: one
    query.

    ``hidden_pupils``: ids of pupils a court order keeps from the reader
    (``Viewer.restricted_pupil_ids``): letters for their families or about them are left
    out, so the reader neither lists nor prints those names and addresses."""
    letters = (Delivery.objects
               .filter(message__school=school, channel=Channel.LETTER, status=Status.QUEUED)
               .exclude(message__in=Message.objects.filter(withheld()).values("pk")))
    if hidden_pupils:
        letters = letters.exclude(_kept_letters(hidden_pupils))
    return (letters
            .select_related("message", "message__contact", "message__contact__household")
            .order_by("message__contact__household_id", "message__contact_id", "pk"))


def _batch_letters() -> QuerySet[Delivery]:
    """The letter deliveries of the batch ``OuterRef("pk")`` (its ``provider_id`` names
    the batch), for a subquery."""
    return Delivery.objects.filter(
        channel=Channel.LETTER,
        provider_id=Concat(Value("letter-batch-"), Cast(OuterRef("pk"), CharField())))


def letter_batches(school, *, hidden_pupils=frozenset()) -> QuerySet[LetterBatch]:
    """The school's printed letter batches, newest first, with who printed them: one query.
    For a reader a court order keeps from the pupils ``hidden_pupils``, a batch holding a
    letter for their family or about them is left out (its PDF names and addresses them);
    the check is a subquery."""
    batches = LetterBatch.objects.filter(school=school).select_related("created_by")
    if hidden_pupils:
        batches = batches.exclude(Exists(_batch_letters().filter(_kept_letters(hidden_pupils))))
    return batches


def letter_batch(school, pk, *, hidden_pupils=frozenset()) -> LetterBatch | None:
    """One printed batch of the school the reader may download (as ``letter_batches``), or
    None: one query."""
    return letter_batches(school, hidden_pupils=hidden_pupils).filter(pk=pk).first()


def attachments_of(announcement: Announcement) -> list[Attachment]:
    return list(announcement.attachments.all())
