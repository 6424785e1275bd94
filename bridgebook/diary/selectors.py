"""Reads for the book pages, each with a fixed number of queries whatever the data size.

The pupil's timeline merges entries, the class and whole-school events that concern the
pupil, and photos of the day that are tagged with the pupil, newest first. It is a lazy
sequence that ``Paginator`` can page: counting it reads only the ids and dates of what is
in the book (three small queries), and a page loads just its own rows with everything
they show prefetched, so a page costs the same number of queries with 3 entries or 300.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from bridgebook.core.access import (
    viewer_for,
    visible_pupils,
)
from bridgebook.core.registry import site
from bridgebook.core.sql import table
from bridgebook.diary.access import family_entries, family_replies
from bridgebook.diary.exports import KEEP_FOR
from bridgebook.diary.models import (
    DEFAULT_PARTS,
    Acknowledgement,
    Activity,
    BookEvent,
    BookExport,
    BookSettings,
    Eaten,
    Entry,
    EntryRevision,
    Incident,
    Meal,
    Mood,
    Part,
    Photo,
    ReadReceipt,
    Reply,
    StaffBookRead,
)
from bridgebook.diary.symbols import mood_symbol
from bridgebook.people.models import PupilContact
from bridgebook.translation import display
from bridgebook.translation.services import base_language

KIND_SCHOOL = Entry.Origin.SCHOOL.value
KIND_HOME = Entry.Origin.HOME.value
KIND_PUPIL = Entry.Origin.PUPIL.value
KIND_EVENTS = "events"
KINDS = [KIND_SCHOOL, KIND_HOME, KIND_PUPIL, KIND_EVENTS]

STICKER_WORDS = {
    "well_done": gettext_noop("Well done"),
    "great_listening": gettext_noop("Great listening"),
    "kind_friend": gettext_noop("Kind friend"),
    "brilliant_trying": gettext_noop("Brilliant trying"),
    "super_sitting": gettext_noop("Super sitting"),
    "good_eating": gettext_noop("Good eating"),
    "great_sharing": gettext_noop("Great sharing"),
    "star_helper": gettext_noop("Star helper"),
}
STICKERS = [(code, _(word)) for code, word in STICKER_WORDS.items()]


@dataclass(frozen=True)
class Sticker:
    """A sticker's label as the page has it: in the interface's language where its
    catalogue has the label, else in English (``language``), for a reader of another
    language to read machine translated (``display.entry_sources``)."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text


def sticker(code: str) -> Sticker:
    word = STICKER_WORDS.get(code, code)
    text = gettext(word)
    if text == word:  # the catalogue does not have it (or the interface is English)
        return Sticker(text=word, language="en")
    return Sticker(text=text, language=base_language(get_language()))


# Book settings ---------------------------------------------------------------------------

def book_settings(pupil) -> BookSettings | None:
    return BookSettings.objects.filter(pupil=pupil).first()


def parts_of(settings: BookSettings | None) -> list[str]:
    """The parts a pupil's book shows: those chosen, else the default parts. Toileting and
    personal care only where the family wants it shared."""
    chosen = settings.parts if settings is not None and settings.parts else DEFAULT_PARTS
    parts = [str(part) for part in chosen]
    if settings is None or not settings.share_personal_care:
        parts = [part for part in parts if part != Part.PERSONAL_CARE]
    return parts


def book_parts(pupil) -> list[str]:
    return parts_of(book_settings(pupil))


# The family who read the book ------------------------------------------------------------

def book_family(pupil) -> list[PupilContact]:
    """Family members entitled to read the pupil's book (never restricted ones): one query."""
    return list(pupil.contact_links.filter(is_restricted=False).filter(
        Q(parental_responsibility=True) | Q(receives_information=True)
    ).select_related("contact").order_by("priority", "pk"))


@dataclass
class Reader:
    name: str
    relationship: str
    read_at: datetime.datetime | None


def read_status(entry: Entry, family: list[PupilContact] | None = None) -> list[Reader]:
    """Each entitled family member with when they read the entry (None: not yet read).

    Pass ``family`` (from ``book_family``) and an entry with prefetched ``receipts`` to
    avoid queries; a lone entry works too, with two queries.
    """
    if family is None:
        family = book_family(entry.pupil)
    read = {receipt.contact_id: receipt.read_at for receipt in entry.receipts.all()}
    return [Reader(name=link.contact.full_name, relationship=link.get_relationship_display(),
                   read_at=read.get(link.contact_id)) for link in family]


# Entries ---------------------------------------------------------------------------------

def _photos_for(pupil):
    """Photos the pupil is tagged in, when their consent allows photos in the book."""
    if pupil.photo_consent == "none":
        return Photo.objects.none()
    return Photo.objects.filter(pupils=pupil).order_by("created_at", "pk")


def _replies_for(viewer) -> QuerySet:
    """The replies the viewer may read, with their authors (a family member: staff's and
    their own household's)."""
    replies = Reply.objects.select_related("author")
    if viewer.is_family:
        replies = replies.filter(family_replies(viewer))
    return replies


def _entry_prefetches(pupil, *, staff: bool, contact_id: int | None, viewer) -> list:
    prefetches = [
        "activities",
        Prefetch("incidents", queryset=Incident.objects.prefetch_related(
            Prefetch("acknowledgements",
                     queryset=Acknowledgement.objects.select_related("contact").order_by("at")))),
        Prefetch("photos", queryset=_photos_for(pupil)),
        Prefetch("replies", queryset=_replies_for(viewer)),
    ]
    if staff:
        prefetches.append(Prefetch("receipts", queryset=ReadReceipt.objects.all()))
    elif contact_id is not None:
        prefetches.append(Prefetch("receipts", queryset=ReadReceipt.objects.filter(
            contact_id=contact_id), to_attr="my_receipts"))
    return prefetches


def _decorate(entry: Entry, *, contact_id: int | None, family=None) -> Entry:
    """Labels the templates show, worked out in Python from what was prefetched."""
    entry.item_kind = "entry"
    entry.sticker_labels = [sticker(code) for code in entry.stickers or []]
    meals = dict(Meal.choices)
    eaten = dict(Eaten.choices)
    food = entry.food or {}
    entry.food_rows = [(meals[meal], eaten.get(food[meal], food[meal]))
                       for meal in meals if food.get(meal)]
    entry.drinks = food.get("drinks", "")
    entry.mood_symbol = mood_symbol(entry.mood)
    if hasattr(entry, "my_receipts"):
        entry.is_new = entry.is_published and not entry.my_receipts
    for incident in entry.incidents.all():
        incident.acknowledged_by_me = contact_id is not None and any(
            ack.contact_id == contact_id for ack in incident.acknowledgements.all())
    if family is not None:
        entry.readers = read_status(entry, family)
    return entry


def card_key(entry: Entry) -> str | None:
    """A digest of everything an entry's card in the book shows, for the rendered card's
    cache: the entry's every field, its author, activities and photos, the number of
    replies, whether it is new to the reader and who has read it (an entry as
    ``Timeline.load`` loads it). Any change gives another key, so nothing is invalidated
    by hand. None for an entry with incidents, whose card carries the reader's own
    acknowledgement form. The reader's language and role are the template's to add."""
    if entry.incidents.all():
        return None
    state = [getattr(entry, field.attname) for field in Entry._meta.concrete_fields]
    state += [entry.pupil.first_name, entry.author.full_name if entry.author else None,
              getattr(entry, "is_new", None), len(entry.replies.all()),
              [(activity.pk, activity.name) for activity in entry.activities.all()],
              [(photo.token, photo.alt_text, photo.width, photo.height)
               for photo in entry.photos.all()],
              [(reader.name, reader.relationship, reader.read_at)
               for reader in getattr(entry, "readers", ())]]
    return hashlib.blake2b(repr(state).encode(), digest_size=16).hexdigest()


def unkeep_translated_cards(request, entries: list[Entry], *, school) -> None:
    """Entries on whose card the reader sees something machine translated are rendered
    afresh each time (their ``card_key`` None): a translation may still change (a
    reviewer corrects it, or one that failed comes through). No query."""
    for entry in entries:
        if entry.card_key and not display.reads_as_written(
                request, display.entry_sources(entry), school=school):
            entry.card_key = None


def entry_detail(user, entry: Entry) -> dict:
    """An entry (from ``access_entry``) with everything its page shows: a fixed number of
    queries whatever the number of replies, photos, incidents or readers."""
    from django.db.models import prefetch_related_objects

    viewer = viewer_for(user)
    staff = viewer.is_staff_member
    # The reader is the user's contact at the pupil's school.
    contact_id = viewer.contact_for_school(entry.pupil.school_id)
    prefetch_related_objects([entry], *_entry_prefetches(
        entry.pupil, staff=staff, contact_id=contact_id, viewer=viewer))
    family = book_family(entry.pupil) if staff else None
    _decorate(entry, contact_id=contact_id, family=family)
    return {"entry": entry, "family": family,
            "revision_count": entry.revisions.count() if entry.is_published else 0}


def has_other_household(user, pupil) -> bool:
    """Whether a family member has, in another household, family entitled to the pupil's
    book (who would see what they share with them): one query. False for staff."""
    viewer = viewer_for(user)
    if not viewer.is_family:
        return False
    others = PupilContact.objects.entitled().filter(pupil=pupil).exclude(
        contact_id__in=viewer.contact_ids)
    household = viewer.households.get(pupil.school_id)
    if household is not None:
        others = others.exclude(contact__household_id=household)
    return others.exists()


def entry_replies(user, entry: Entry) -> list[Reply]:
    """The replies on an entry the user may read: one query."""
    return list(_replies_for(viewer_for(user)).filter(entry=entry))


def active_activities(school) -> QuerySet[Activity]:
    """The school's activities in use, by name, as the entry form and the class page offer
    them: one query when read."""
    return Activity.objects.filter(school=school, is_active=True).order_by("name")


def school_activities(school) -> list[Activity]:
    """Every activity of the school, in use first, for the school's list (one query)."""
    return list(Activity.objects.filter(school=school).order_by("-is_active", "name"))


def my_days(pupil, day: datetime.date) -> QuerySet[Entry]:
    """The pupil's "my day" entries of a day, as saved, in order (one query)."""
    return Entry.objects.filter(pupil=pupil, origin=Entry.Origin.PUPIL, date=day,
                                status=Entry.Status.PUBLISHED, deleted_at__isnull=True
                                ).order_by("published_at", "pk")


def entry_extras(user, entries) -> dict[int, list[dict]]:
    """What other apps show with each entry (``registry.EntryExtra``): {entry id: [{"template",
    "extra"}]}, each app's in one go over all the entries."""
    entries = [entry for entry in entries if entry is not None]
    found: dict[int, list[dict]] = {}
    if not entries:
        return found
    for extra in site.extras():
        for entry_id, value in extra.collect(user, entries).items():
            found.setdefault(entry_id, []).append({"template": extra.template, "extra": value})
    return found


def entry_history(entry: Entry) -> list[EntryRevision]:
    """Earlier versions of an entry, newest first, with who changed them and what each
    said as (label, value) rows: one query."""
    labels = {field.name: field.verbose_name for field in Entry._meta.get_fields()
              if hasattr(field, "verbose_name")}
    labels["activities"] = _("Activities")
    revisions = list(entry.revisions.select_related("edited_by").order_by("-version"))
    for revision in revisions:
        revision.rows = [(labels.get(name, name), _shown(name, value))
                         for name, value in revision.snapshot.items()
                         if value not in (None, "", [], {})]
    return revisions


def _shown(name: str, value) -> str:
    """A snapshot value in words."""
    if name == "mood":
        return str(dict(Mood.choices).get(value, value))
    if name == "stickers":
        stickers = dict(STICKERS)
        return ", ".join(str(stickers.get(code, code)) for code in value)
    if name == "food":
        meals, eaten = dict(Meal.choices), dict(Eaten.choices)
        parts = [f"{meals.get(key, key)}: {eaten.get(item, item)}" for key, item in value.items()
                 if key != "drinks"]
        if value.get("drinks"):
            parts.append(f"{_('Drinks')}: {value['drinks']}")
        return "; ".join(parts)
    if name == "health":
        parts = [f"{item.get('name')} {item.get('time', '')}".strip()
                 for item in value.get("medication", [])]
        parts += [str(value[key]) for key in ("first_aid", "personal_care") if value.get(key)]
        return "; ".join(parts)
    if name == "date":
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


# The timeline ----------------------------------------------------------------------------

def book_events(pupil):
    """Class and whole-school events that concern the pupil: of their school, for their
    class or the whole school, from their admission (and until they leave)."""
    events = BookEvent.objects.filter(school_id=pupil.school_id, deleted_at__isnull=True)
    concern = Q(school_class__isnull=True)
    if pupil.school_class_id is not None:
        concern |= Q(school_class_id=pupil.school_class_id)
    events = events.filter(concern)
    if pupil.admission_date is not None:
        events = events.filter(date__gte=pupil.admission_date)
    if pupil.leaving_date is not None:
        events = events.filter(date__lte=pupil.leaving_date)
    return events


@dataclass
class DayPhotos:
    """Photos of a day that belong to no entry or event (a group photo from the class
    page), tagged with the pupil."""

    date: datetime.date
    photos: list = field(default_factory=list)
    item_kind: str = "photos"


class Timeline:
    """A pupil's book, newest first, as a lazy sequence for ``Paginator``."""

    def __init__(self, user, pupil, *, since=None, until=None, kinds=None):
        viewer = viewer_for(user)
        self.viewer = viewer
        self.pupil = pupil
        self.staff = viewer.is_staff_member
        self.contact_id = viewer.contact_for_school(pupil.school_id)
        self.since, self.until = since, until
        self.kinds = set(kinds or KINDS)
        self._keys: list[tuple] | None = None
        self.family = None

    def _dated(self, queryset, field_name="date"):
        if self.since:
            queryset = queryset.filter(**{f"{field_name}__gte": self.since})
        if self.until:
            queryset = queryset.filter(**{f"{field_name}__lte": self.until})
        return queryset

    def entries(self):
        entries = Entry.objects.filter(pupil=self.pupil, deleted_at__isnull=True)
        if not self.staff:
            entries = entries.filter(status=Entry.Status.PUBLISHED)
            if self.viewer.is_family:
                entries = entries.filter(family_entries(self.viewer))
        origins = self.kinds & {KIND_SCHOOL, KIND_HOME, KIND_PUPIL}
        if origins != {KIND_SCHOOL, KIND_HOME, KIND_PUPIL}:
            entries = entries.filter(origin__in=origins)
        return self._dated(entries)

    def events(self):
        events = book_events(self.pupil)
        if not self.staff:
            events = events.filter(published_at__isnull=False)
        return self._dated(events)

    def keys(self) -> list[tuple]:
        """(date, time, kind, id) of everything in the book, newest first: three queries
        of ids and dates."""
        if self._keys is not None:
            return self._keys
        keys = []
        origins = self.kinds & {KIND_SCHOOL, KIND_HOME, KIND_PUPIL}
        if origins:
            for pk, day, at in self.entries().annotate(
                    at=Coalesce("published_at", "created_at")).values_list("pk", "date", "at"):
                keys.append((day, at, "entry", pk))
        if KIND_EVENTS in self.kinds:
            for pk, day, at in self.events().annotate(
                    at=Coalesce("published_at", "created_at")).values_list("pk", "date", "at"):
                keys.append((day, at, "event", pk))
        if KIND_SCHOOL in self.kinds and self.pupil.photo_consent != "none":
            days = self._dated(Photo.objects.filter(
                pupils=self.pupil, entry__isnull=True, event__isnull=True)).order_by(
                "date").values_list("date", flat=True).distinct()
            for day in days:
                keys.append((day, None, "photos", day.toordinal()))
        keys.sort(key=lambda key: (key[0], key[1] or datetime.datetime.min.replace(
            tzinfo=datetime.UTC), key[2] == "event", key[3]), reverse=True)
        self._keys = keys
        return keys

    def count(self) -> int:
        return len(self.keys())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        return self.load(self.keys()[index])

    def load(self, keys: list[tuple]) -> list:
        """The items for some keys, with everything they show: a fixed number of queries."""
        entry_ids = [key[3] for key in keys if key[2] == "entry"]
        event_ids = [key[3] for key in keys if key[2] == "event"]
        photo_days = [key[0] for key in keys if key[2] == "photos"]
        loaded: dict[tuple, object] = {}
        if entry_ids:
            if self.staff and self.family is None:
                self.family = book_family(self.pupil)
            entries = Entry.objects.filter(pk__in=entry_ids).select_related("author") \
                .prefetch_related(*_entry_prefetches(self.pupil, staff=self.staff,
                                                     contact_id=self.contact_id,
                                                     viewer=self.viewer))
            for entry in entries:
                entry.pupil = self.pupil
                _decorate(entry, contact_id=self.contact_id, family=self.family)
                entry.card_key = card_key(entry)
                loaded[("entry", entry.pk)] = entry
        if event_ids:
            events = BookEvent.objects.filter(pk__in=event_ids).select_related(
                "school_class").prefetch_related(Prefetch("photos",
                                                          queryset=_photos_for(self.pupil)))
            for event in events:
                event.item_kind = "event"
                loaded[("event", event.pk)] = event
        if photo_days:
            groups = {day: DayPhotos(date=day) for day in photo_days}
            for photo in _photos_for(self.pupil).filter(
                    entry__isnull=True, event__isnull=True, date__in=photo_days):
                groups[photo.date].photos.append(photo)
            for day, group in groups.items():
                loaded[("photos", day.toordinal())] = group
        return [loaded[(key[2], key[3])] for key in keys if (key[2], key[3]) in loaded]


def pupil_timeline(user, pupil, *, since=None, until=None, kinds=None) -> Timeline:
    """The pupil's book for ``user`` (from ``access_book``): published entries (staff also
    see drafts), events that concern the pupil and photos of the day, newest first.

    ``kinds`` limits it to some of "school", "home", "pupil" (my day) and "events".
    Page it with ``Paginator``; each page runs a fixed number of queries.
    """
    return Timeline(user, pupil, since=since, until=until, kinds=kinds)


# Events ----------------------------------------------------------------------------------

def event_photos(user, event: BookEvent) -> list[Photo]:
    """Photos of an event showing pupils the user may see whose consent allows photos in
    the book: one query."""
    pupils = visible_pupils(user).exclude(photo_consent="none")
    return list(Photo.objects.filter(event=event, pupils__in=pupils).distinct()
                .order_by("created_at", "pk"))


def event_pupils(user, event: BookEvent) -> list:
    """For a family: which of their children the event is in the book of (one query)."""
    if viewer_for(user).is_staff_member:
        return []
    pupils = visible_pupils(user).filter(school_id=event.school_id)
    if event.school_class_id is not None:
        pupils = pupils.filter(school_class_id=event.school_class_id)
    return list(pupils.filter(Q(admission_date__isnull=True)
                              | Q(admission_date__lte=event.date)).order_by("date_of_birth"))


# The family landing page -----------------------------------------------------------------

def unread_counts(viewer, pupil_ids) -> dict[int, int]:
    """Per child among ``pupil_ids`` (children the family member may see, from
    ``visible_pupils``): published entries the family member ``viewer`` has not read yet,
    leaving out what they wrote themselves and another household's own writing. One flat
    query over the children's entries.

    A receipt by any of their contacts (one per school) counts: each pupil is read at one
    school, by that school's contact."""

    households = [pk for pk in viewer.households.values() if pk is not None]
    # Another household's own writing is not theirs to read (their own is left out below).
    readable = (~Q(origin=Entry.Origin.HOME) | Q(shared_with_all=True)
                | Q(household_id__in=households))
    read = ReadReceipt.objects.filter(contact_id__in=viewer.contact_ids).values("entry_id")
    entries = Entry.objects.filter(
        readable, pupil_id__in=pupil_ids, status=Entry.Status.PUBLISHED,
        deleted_at__isnull=True,
    ).exclude(pk__in=read).exclude(author=viewer.user)
    return dict(entries.order_by().values_list("pupil_id").annotate(n=Count("pk")))


def recent_exports(user, pupil, *, limit: int = 5) -> list[BookExport]:
    """The PDFs of this pupil's book the user asked for that are still kept (a day),
    newest first: one query."""

    return list(BookExport.objects.filter(requested_by=user, pupil=pupil,
                                          created_at__gte=timezone.now() - KEEP_FOR)
                .order_by("-created_at", "-id")[:limit])


# What families wrote that a member of staff has not read yet -----------------------------

# Before anyone's first reading: everything a family ever wrote is new to them.
NEVER_READ = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def family_entries_for_staff(user) -> QuerySet:
    """Home entries as staff read them (published, not removed), leaving out the user's
    own. Which are new to the user: ``updated_at`` after their ``StaffBookRead`` (written,
    or changed by the family, since they last read the book)."""
    return Entry.objects.filter(
        origin=Entry.Origin.HOME, status=Entry.Status.PUBLISHED, deleted_at__isnull=True,
    ).exclude(author=user)


def family_replies_for_staff(user) -> QuerySet:
    """Family members' replies on entries still in the book, leaving out the user's own.
    Which are new to the user: ``created_at`` after their ``StaffBookRead``."""
    return Reply.objects.filter(from_family=True, entry__deleted_at__isnull=True).exclude(
        author=user)


@dataclass
class FromHome:
    """What one pupil's family wrote that one member of staff has not read yet."""

    pupil_id: int
    home_entries: int = 0
    replies: int = 0
    questions: int = 0  # home entries among them with a question for school
    # The lowest and highest entry ids concerned: one id means it is all on one entry.
    entry_ids: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.home_entries + self.replies

    @property
    def has_question(self) -> bool:
        return self.questions > 0

    @property
    def entry_id(self) -> int | None:
        """The entry, when everything new is on one (a home entry, or replies on one
        entry): reading it reads them all."""
        return next(iter(self.entry_ids)) if len(self.entry_ids) == 1 else None

    @property
    def url(self) -> str:
        """Where to read it: that one entry, else the pupil's book."""
        if self.entry_id is not None:
            anchor = "" if self.home_entries else "#replies"
            return reverse("diary:entry", args=[self.entry_id]) + anchor
        return reverse("diary:book", args=[self.pupil_id])


# What ``unread_from_families`` asks, on every view of the staff landing and class day
# pages. The pupils (the access layer's ``visible_pupils``) and the family's entries and
# replies (``family_entries_for_staff``, ``family_replies_for_staff``) are still built by
# the ORM, each once; this joins them to the user's read markers and counts per pupil.
# Written out because building the same union with the ORM (each half resolving the pupils
# again, and a subquery for the marker) took several times longer than running it.
_FROM_FAMILIES_SQL = """
WITH pupils (id) AS ({pupils}),
     entries (id, pupil_id, updated_at, question) AS ({entries}),
     replies (entry_id, pupil_id, created_at) AS ({replies})
SELECT entry.pupil_id, 'home', COUNT(*), COUNT(*) FILTER (WHERE entry.question <> ''),
       MIN(entry.id), MAX(entry.id)
  FROM entries entry
  LEFT JOIN {markers} marker ON marker.pupil_id = entry.pupil_id AND marker.user_id = %s
 WHERE entry.pupil_id IN (SELECT id FROM pupils)
   AND entry.updated_at > COALESCE(marker.read_at, %s)
 GROUP BY entry.pupil_id
UNION ALL
SELECT reply.pupil_id, 'reply', COUNT(*), 0, MIN(reply.entry_id), MAX(reply.entry_id)
  FROM replies reply
  LEFT JOIN {markers} marker ON marker.pupil_id = reply.pupil_id AND marker.user_id = %s
 WHERE reply.pupil_id IN (SELECT id FROM pupils)
   AND reply.created_at > COALESCE(marker.read_at, %s)
 GROUP BY reply.pupil_id
"""


def _sql(query: QuerySet, *columns: str) -> tuple[str, tuple]:
    """The SQL and parameters of ``query``'s ``columns``, unordered."""
    return query.order_by().values_list(*columns).query.sql_with_params()


def unread_from_families(user, *, pupil_ids=None) -> dict[int, FromHome]:
    """Per pupil: the home entries and family replies the user has not read yet (written,
    or for a home entry changed, after their ``StaffBookRead``, else ever), for a member of
    staff who works in the pupil's class (``ClassStaff``; a whole-school role alone does
    not make a class theirs), of pupils they may see (a court order keeps a pupil out
    whatever their role). ``pupil_ids`` limits it to some pupils. One query."""
    if not viewer_for(user).is_staff_member or pupil_ids == []:
        return {}
    pupils = visible_pupils(user).filter(school_class__memberships__user=user)
    if pupil_ids is not None:
        pupils = pupils.filter(pk__in=pupil_ids)
    try:
        pupils_sql, pupils_params = _sql(pupils, "pk")
        entries_sql, entries_params = _sql(family_entries_for_staff(user),
                                           "pk", "pupil_id", "updated_at", "question")
        replies_sql, replies_params = _sql(family_replies_for_staff(user),
                                           "entry_id", "entry__pupil_id", "created_at")
    except EmptyResultSet:  # no pupils at all
        return {}
    never = connection.ops.adapt_datetimefield_value(NEVER_READ)
    sql = _FROM_FAMILIES_SQL.format(
        pupils=pupils_sql, entries=entries_sql, replies=replies_sql,
        markers=table(StaffBookRead))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*pupils_params, *entries_params, *replies_params,
                             user.pk, never, user.pk, never])
        rows = cursor.fetchall()
    news: dict[int, FromHome] = {}
    for pupil_id, kind, count, questions, first, last in rows:
        item = news.setdefault(pupil_id, FromHome(pupil_id=pupil_id))
        if kind == "home":
            item.home_entries, item.questions = count, questions
        else:
            item.replies = count
        item.entry_ids |= {first, last}
    return news
