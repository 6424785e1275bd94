"""Telling families about new things in the home-school book.

Each family member chooses how often (bridgebook/messaging/notifications.py): instant, a
daily digest (the default) or off. Restricted contacts are never told anything
(``recipients.resolve``).

- ``on_entry_published`` (connected to ``diary.hooks.entry_published`` in the diary's
  plugin.py): each instant subscriber entitled to the pupil gets one short message of kind
  ``BOOK`` with ``source_id=entry_id``; the family member who wrote a home entry is not told
  about their own entry.
- ``on_event_published``: instant subscribers among the families of the event's class (or
  the whole school) get one ``BOOK_EVENT`` message naming their children.
- ``send_book_digests`` (the ``send_book_digests`` command, daily): each digest subscriber
  with new entries since their last digest (or the last day) gets one ``BOOK_DIGEST``
  message naming each child. ``source_id`` is the school-local date as YYYYMMDD, so a
  second run on the same day sends nothing again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgebook.core.models import School
from bridgebook.core.registry import NotificationKind
from bridgebook.diary.access import family_may_read
from bridgebook.diary.models import BookEvent, Entry
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.models import Message, NotificationPreference
from bridgebook.messaging.notifications import book_preferences
from bridgebook.messaging.recipients import Recipient, resolve
from bridgebook.people.models import Pupil
from bridgebook.translation.services import marked_for

# The kinds of message the book sends (``Message.kind``).
BOOK = "book"
BOOK_EVENT = "book_event"
BOOK_DIGEST = "book_digest"
KINDS = [
    NotificationKind(BOOK, gettext_lazy("Home-school book")),
    NotificationKind(BOOK_EVENT, gettext_lazy("Home-school book event")),
    NotificationKind(BOOK_DIGEST, gettext_lazy("Home-school book daily digest")),
]

Book = NotificationPreference.Book
DIGEST_LOOKBACK = datetime.timedelta(days=1)
SUMMARY_LENGTH = 80


# Text ------------------------------------------------------------------------------------

def _absolute(path: str) -> str:
    return settings.BRIDGEBOOK_BASE_URL + path


def entry_words(entry) -> str:
    """The start of what an entry says, as its writer wrote it (in ``entry.language``), or
    "" when it says nothing in words."""
    text = ""
    if entry.origin == Entry.Origin.SCHOOL:
        text = entry.achievements or entry.note or entry.activities_text or entry.mood_note
    elif entry.origin == Entry.Origin.HOME:
        text = entry.home_news or entry.celebrate or entry.question or entry.sleep
    elif entry.origin == Entry.Origin.PUPIL:
        text = " ".join(item.get("word", "") for item in entry.symbols).strip()
    text = " ".join(text.split())
    if len(text) > SUMMARY_LENGTH:
        text = text[:SUMMARY_LENGTH - 1].rstrip() + "…"
    return text


def entry_summary(entry) -> str:
    """A short line saying what an entry holds, as written (else its kind, in the active
    language)."""
    return entry_words(entry) or str(entry.get_origin_display())


def _in_languages(text: str, *, source: str, school):
    """``text`` (written in ``source``) for a reader of a language: machine translated and
    marked so where the languages differ, each language translated once however many
    readers share it (``translation.services.marked_for``)."""
    done: dict[str, str] = {}

    def read_in(language: str) -> str:
        if language not in done:
            done[language] = marked_for([text], target=language, source=source,
                                        school=school)[0]
        return done[language]

    return read_in


# Instant ---------------------------------------------------------------------------------

def _instant(recipients: list[Recipient]) -> list[Recipient]:
    preferences = book_preferences(r.contact.pk for r in recipients)
    return [r for r in recipients if preferences[r.contact.pk] == Book.INSTANT]


def on_entry_published(sender=None, *, entry_id: int, pupil_id: int, origin: str,
                       **kwargs) -> list[int]:
    """Instant subscribers entitled to the pupil hear about a new entry, once each; a
    family member's entry from home only those who may read it (their household, or
    everyone when they shared it)."""
    entry = (Entry.objects.select_related("pupil", "pupil__school")
             .filter(pk=entry_id, status=Entry.Status.PUBLISHED, deleted_at__isnull=True)
             .first())
    if entry is None:
        return []
    pupil = entry.pupil
    url = _absolute(reverse("diary:entry", args=[entry.pk]))
    # What the entry says, in each reader's language (staff's words, or a home entry shared
    # with a household that reads another language).
    words = entry_words(entry)
    read_in = _in_languages(words, source=entry.language, school=pupil.school)
    drafts = []
    for recipient in _instant(resolve([pupil])):
        contact = recipient.contact
        if entry.author_id is not None and contact.user_id == entry.author_id:
            continue  # the family member who wrote it
        if not family_may_read(entry, contact):
            continue  # another household's own words
        language = contact.language or "en"
        with translation.override(language):
            subject = _("New in %(name)s’s book") % {"name": pupil.first_name}
            body = _("New in %(name)s’s book: %(summary)s") % {
                "name": pupil.first_name,
                "summary": read_in(language) if words else entry_summary(entry)}
            link = _("Read it in Bridgebook: %(url)s") % {"url": url}
        drafts.append(Draft(contact=contact, subject=subject, body=f"{body}\n{link}",
                            pupils=[pupil]))
    if not drafts:
        return []  # nobody to tell: no transaction, no on-commit callback
    return create_messages(school=pupil.school, kind=BOOK, drafts=drafts,
                           source_id=entry.pk)


def on_event_published(sender=None, *, event_id: int, **kwargs) -> list[int]:
    """Instant subscribers among the families the event concerns hear about it once."""
    event = (BookEvent.objects.select_related("school")
             .filter(pk=event_id, deleted_at__isnull=True, published_at__isnull=False)
             .first())
    if event is None:
        return []
    pupils = Pupil.objects.filter(school=event.school, leaving_date__isnull=True)
    if event.school_class_id is not None:
        pupils = pupils.filter(school_class_id=event.school_class_id)
    url = _absolute(reverse("diary:event", args=[event.pk]))
    # Staff write events in English: the title in each reader's language.
    read_in = _in_languages(event.title, source="en", school=event.school)
    drafts = []
    for recipient in _instant(resolve(pupils)):
        contact = recipient.contact
        language = contact.language or "en"
        with translation.override(language):
            subject = _("New in %(names)s’s book") % {"names": recipient.children_names}
            body = _("New in %(names)s’s book: %(title)s") % {
                "names": recipient.children_names, "title": read_in(language)}
            link = _("Read it in Bridgebook: %(url)s") % {"url": url}
        drafts.append(Draft(contact=contact, subject=subject, body=f"{body}\n{link}",
                            pupils=recipient.pupils))
    if not drafts:
        return []
    return create_messages(school=event.school, kind=BOOK_EVENT, drafts=drafts,
                           source_id=event.pk)


# Daily digest ----------------------------------------------------------------------------

def digest_source_id(day: datetime.date) -> int:
    return int(day.strftime("%Y%m%d"))


def send_book_digests(*, now: datetime.datetime | None = None) -> int:
    """One digest per digest subscriber per school day; returns how many were created.

    A subscriber's digest covers entries published since their previous digest (at most
    ``DIGEST_LOOKBACK`` back for a first one). Per school: five queries however many
    families (entries, entitled links, preferences, previous digests, the insert).
    """
    now = now or timezone.now()
    created = 0
    for school in School.objects.only("pk", "timezone"):
        created += len(_school_digests(school, now))
    return created


def _school_digests(school: School, now: datetime.datetime) -> list[int]:
    day = timezone.localdate(now, school.tz)
    earliest = now - DIGEST_LOOKBACK
    entries = list(Entry.objects
                   .filter(pupil__school=school, status=Entry.Status.PUBLISHED,
                           deleted_at__isnull=True, published_at__gt=earliest,
                           published_at__lte=now)
                   .only("pk", "pupil_id", "origin", "author_id", "published_at",
                         "household_id", "shared_with_all")
                   .order_by("published_at", "pk"))
    if not entries:
        return []
    by_pupil: dict[int, list] = defaultdict(list)
    for entry in entries:
        by_pupil[entry.pupil_id].append(entry)
    recipients = resolve(Pupil.objects.filter(pk__in=by_pupil))
    preferences = book_preferences(r.contact.pk for r in recipients)
    recipients = [r for r in recipients if preferences[r.contact.pk] == Book.DIGEST]
    last_digest = dict(Message.objects
                       .filter(kind=BOOK_DIGEST,
                               contact_id__in=[r.contact.pk for r in recipients])
                       .values("contact_id").annotate(last=Max("created_at"))
                       .values_list("contact_id", "last"))
    drafts = []
    for recipient in recipients:
        contact = recipient.contact
        since = max(earliest, last_digest.get(contact.pk) or earliest)
        lines, named = [], []
        for pupil in recipient.pupils:
            new = [entry for entry in by_pupil[pupil.pk] if entry.published_at > since
                   and not (entry.author_id is not None and entry.author_id == contact.user_id)
                   and family_may_read(entry, contact)]
            if not new:
                continue
            url = _absolute(reverse("diary:book", args=[pupil.pk]))
            named.append(pupil)
            with translation.override(contact.language):
                lines.append(_("%(name)s: %(count)s new in the book – %(url)s") % {
                    "name": pupil.first_name, "count": len(new), "url": url})
        if not lines:
            continue
        with translation.override(contact.language):
            subject = _("Today in %(names)s’s book") % {
                "names": get_text_list([pupil.first_name for pupil in named], _("and"))}
        drafts.append(Draft(contact=contact, subject=subject,
                            body=subject + "\n\n" + "\n".join(lines), pupils=named))
    if not drafts:
        return []
    return create_messages(school=school, kind=BOOK_DIGEST, drafts=drafts,
                           source_id=digest_source_id(day))
