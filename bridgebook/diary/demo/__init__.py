"""The demo trust's home-school book, and a school year of entries for benchmarks.

``seed_demo_book`` is called by ``manage.py seed_demo``. It gives every school in the demo
trust its activity list, and Mapledown's demo classes the last ten school days of their
book: published school entries with activities, mood, food, stickers and notes written the
way teachers write them; news and sleep from home; a class event for each class and a
whole-school assembly; an accident a parent has acknowledged and an incident nobody has
yet; replies; and read receipts, so a teacher sees "read by Mum, not yet read by Dad"
(Amira Hassan's parents live apart: her mother has read the latest entries, her father
not yet).

Dates are counted back from today in Europe/London, skipping weekends; today itself is
left for the teacher to write. The content of a pupil's day depends only on the pupil and
the date (each day has its own seeded ``random.Random``), so it is the same on every
installation. Seeding is idempotent: a school entry is keyed on pupil and date, and the
story items (events, home entries, incidents, named replies) on their text, so a second
run the same day adds nothing, and a run on a later day only fills the new days.

``seed_book_year`` writes a school year of entries for every pupil it is given (about
380,000 for 2,000 pupils at 190 school days), with their activities, family users,
replies, read receipts, incidents, home entries and events, for ``bench/bench_book.py``.

Like ``bridgebook.core.demo``, this writes straight to the tables with ``bulk_create``
rather than through actions: it is fixture data with nobody acting, nothing to audit and
nothing to announce (so ``hooks.announce_entry`` is deliberately not called).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from bridgebook.core.bulk import adapter_for
from bridgebook.core.models import Role, School, StaffRole, User
from bridgebook.diary.demo.story import (
    ACHIEVEMENTS,
    ACTIVITIES,
    ACTIVITY_NOTES,
    ASSEMBLIES,
    CLASS_ACTIVITIES,
    CLASS_EVENTS,
    DRINKS,
    EATEN_WEIGHTS,
    EVENTS,
    FAMILY_REPLIES,
    GENERAL_NOTES,
    HOME_ENTRIES,
    HOME_NEWS,
    HOME_SLEEP,
    INCIDENTS,
    LOW_MOOD_NOTES,
    MEDICATION,
    MOOD_WEIGHTS,
    NAMED_MOODS,
    NAMED_NOTES,
    ONE_TO_ONE,
    OTHER_ACTIVITIES,
    PERSONAL_CARE,
    SCHOOL_REPLIES,
    STAFF_REPLIES,
    STICKER_CODES,
)
from bridgebook.diary.models import (
    DEFAULT_PARTS,
    Acknowledgement,
    Activity,
    BookEvent,
    BookSettings,
    Entry,
    Incident,
    Mood,
    Part,
    ReadReceipt,
    Reply,
)
from bridgebook.people import demo as people_demo
from bridgebook.people.codes import Channel
from bridgebook.people.models import ClassStaff, Contact, Pupil, PupilContact

LONDON = ZoneInfo("Europe/London")
DEMO_DAYS = 10
BATCH = 2000  # rows per INSERT; Django lowers it where the database allows fewer parameters

def london_today() -> datetime.date:
    return timezone.localdate(timezone=LONDON)


def school_days(end: datetime.date, count: int) -> list[datetime.date]:
    """``count`` weekdays up to and including ``end`` (or the weekday before it), oldest
    first. Term dates are not consulted: the demo and the benchmarks only need school-like
    days."""
    days: list[datetime.date] = []
    day = end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= datetime.timedelta(days=1)
    days.reverse()
    return days


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime at a London wall-clock time on ``day``."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def seed_activities(school_ids: Iterable[int]) -> int:
    """Give each school the activity list where it lacks an activity; returns rows made."""
    school_ids = list(school_ids)
    have = set(Activity.objects.filter(school_id__in=school_ids).values_list("school_id",
                                                                            "name"))
    missing = [Activity(school_id=school_id, name=name, symbol=symbol)
               for school_id in school_ids for name, symbol, _alone in ACTIVITIES
               if (school_id, name) not in have]
    Activity.objects.bulk_create(missing, batch_size=BATCH)
    return len(missing)


def _activity_ids(school_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    by_school: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, school_id, name in Activity.objects.filter(
            school_id__in=list(school_ids), is_active=True).values_list("pk", "school_id",
                                                                       "name"):
        by_school[school_id][name] = pk
    return by_school


def timetable(key: str) -> dict[int, list[str]]:
    """A class's weekly timetable of class activities: two a weekday, fixed per class."""
    rng = random.Random(f"timetable-{key}")
    return {weekday: rng.sample(CLASS_ACTIVITIES, 2) for weekday in range(5)}


# What a school entry says ------------------------------------------------------------------

@dataclass
class DayContent:
    activities: list[str]
    activities_text: str = ""
    mood: int = Mood.HAPPY
    mood_note: str = ""
    achievements: str = ""
    stickers: list[str] = field(default_factory=list)
    food: dict = field(default_factory=dict)
    health: dict = field(default_factory=dict)
    note: str = ""


def day_content(rng: random.Random, name: str, class_activities: Sequence[str], *,
                breakfast: bool = False, note: str = "", activity: str = "",
                mood: tuple[int, str] | None = None) -> DayContent:
    """A routine day in the book: the class's activities (plus sometimes a one-to-one
    session), mood, food and drink, maybe an achievement and a sticker, and a note about
    one of the activities, written about this pupil."""
    activities = list(class_activities)
    if activity and activity not in activities:
        activities.append(activity)
    elif rng.random() < 0.2:
        activities.append(rng.choice(sorted(ONE_TO_ONE)))
    if mood is None:
        level = rng.choices(list(MOOD_WEIGHTS), weights=list(MOOD_WEIGHTS.values()))[0]
        about_mood = rng.choice(LOW_MOOD_NOTES) if level <= Mood.UPSET else ""
    else:
        level, about_mood = mood
    eaten = list(EATEN_WEIGHTS)
    weights = list(EATEN_WEIGHTS.values())
    food = {"snack": str(rng.choices(eaten, weights)[0]),
            "lunch": str(rng.choices(eaten[:-1], weights[:-1])[0]),  # lunch is always offered
            "drinks": rng.choice(DRINKS)}
    if breakfast:
        food = {"breakfast": str(rng.choices(eaten, weights)[0]), **food}
    if not note:
        about = rng.choice(activities)
        note = rng.choice(ACTIVITY_NOTES.get(about) or GENERAL_NOTES).format(name=name)
        if rng.random() < 0.35:
            note += " " + rng.choice(GENERAL_NOTES).format(name=name)
    achieved = level >= Mood.OK and rng.random() < 0.4
    return DayContent(
        activities=activities,
        activities_text=rng.choice(OTHER_ACTIVITIES) if rng.random() < 0.15 else "",
        mood=int(level),
        mood_note=about_mood,
        achievements=rng.choice(ACHIEVEMENTS) if achieved else "",
        stickers=rng.sample(STICKER_CODES, rng.choice([1, 1, 2])) if achieved else [],
        food=food,
        note=note,
    )


def _family_users(contacts: list[Contact]) -> dict[int, int]:
    """A sign-in account for each contact (as family sign-in makes on first use): contact
    id -> user id. Uses the contact's account, or an unclaimed one with the same email."""
    users = {c.pk: c.user_id for c in contacts if c.user_id}
    wanted = {c.pk: (c.email or f"contact-{c.pk}@family.bridgebook.invalid").lower()
              for c in contacts if not c.user_id}
    if not wanted:
        return users
    unclaimed: dict[str, int] = {}
    emails = list(wanted.values())
    for start in range(0, len(emails), 500):
        unclaimed.update(
            (email.lower(), pk) for pk, email in User.objects.filter(
                email__in=emails[start:start + 500], contacts__isnull=True).values_list(
                    "pk", "email"))
    by_id = {c.pk: c for c in contacts}
    new = {}
    for contact_id, email in wanted.items():
        if email not in unclaimed and email not in new:
            user = User(email=email, full_name=by_id[contact_id].full_name)
            user.set_unusable_password()
            new[email] = user
    User.objects.bulk_create(list(new.values()), batch_size=BATCH)
    unclaimed.update((email, user.pk) for email, user in new.items())
    linked, taken = [], set()
    for contact_id, email in wanted.items():
        if email in taken:  # two contacts with one address: the first gets the account
            continue
        taken.add(email)
        contact = by_id[contact_id]
        contact.user_id = users[contact_id] = unclaimed[email]
        linked.append(contact)
    Contact.objects.bulk_update(linked, ["user"], batch_size=500)
    return users


def seed_demo_book(*, today: datetime.date | None = None) -> dict[str, int]:
    """The demo trust's activity lists and Mapledown's last ten school days of the book."""
    created = dict.fromkeys(["activities", "book entries", "book events", "incidents",
                             "replies", "read receipts"], 0)
    school_ids = list(School.objects.filter(trust__name=people_demo.TRUST_NAME)
                      .values_list("pk", flat=True))
    created["activities"] = seed_activities(school_ids)
    school = School.objects.filter(urn=people_demo.MAPLEDOWN.urn).first()
    if school is None:
        return created
    days = school_days((today or london_today()) - datetime.timedelta(days=1), DEMO_DAYS)
    latest = len(days) - 1

    def day(back: int) -> datetime.date:
        return days[latest - back]

    class_names = [name for name, _year, _size in people_demo.MAPLEDOWN_CLASSES]
    pupils = list(Pupil.objects.filter(school=school, school_class__name__in=class_names,
                                       leaving_date__isnull=True)
                  .select_related("school_class").order_by("pk"))
    if not pupils:
        return created
    by_name = {(p.legal_first_name, p.legal_last_name): p for p in pupils}
    activity_ids = _activity_ids([school.pk])[school.pk]

    teachers: dict[int, int] = {}
    assistants: dict[int, list[int]] = defaultdict(list)
    for class_id, user_id, is_teacher in ClassStaff.objects.filter(
            school_class__school=school, school_class__name__in=class_names).order_by(
                "pk").values_list("school_class_id", "user_id", "is_class_teacher"):
        if is_teacher:
            teachers.setdefault(class_id, user_id)
        else:
            assistants[class_id].append(user_id)
    principal = (StaffRole.objects.filter(school=school, role=Role.PRINCIPAL)
                 .values_list("user_id", flat=True).first())

    # Only family members entitled to the book read it, write in it or acknowledge; the
    # ones who hear from school on paper or by text leave no read receipts.
    links = list(PupilContact.objects.entitled().filter(pupil__in=pupils)
                 .select_related("contact").order_by("pupil_id", "priority", "pk"))
    readers: dict[int, list[PupilContact]] = defaultdict(list)
    contacts_by_name: dict[tuple[str, str], Contact] = {}
    for link in links:
        contacts_by_name[(link.contact.first_name, link.contact.last_name)] = link.contact
        if {Channel.APP, Channel.EMAIL} & set(link.contact.preferred_channels):
            readers[link.pupil_id].append(link)

    # Book settings: Sofía's family asked for personal care to be shared.
    settings_made = 0
    sofia = by_name.get(("Sofía", "Ruiz"))
    if sofia is not None:
        _settings, settings_made = BookSettings.objects.get_or_create(
            pupil=sofia, defaults={"parts": [str(p) for p in DEFAULT_PARTS]
                                   + [str(Part.PERSONAL_CARE)],
                                   "share_personal_care": True})
    if settings_made:
        created["book settings"] = 1

    # School entries, one per pupil and school day that has none.
    existing = set(Entry.objects.filter(pupil__in=pupils, origin=Entry.Origin.SCHOOL,
                                        date__in=days).values_list("pupil_id", "date"))
    entries: list[Entry] = []
    entry_activities: list[list[int]] = []
    new_by_key: dict[tuple[int, datetime.date], Entry] = {}
    timetables = {name: timetable(f"{school.urn}-{name}") for name in class_names}
    for pupil in pupils:
        key = (pupil.legal_first_name, pupil.legal_last_name)
        for index, date in enumerate(days):
            if (pupil.pk, date) in existing:
                continue
            rng = random.Random(f"book-{pupil.upn or pupil.pk}-{date.isoformat()}")
            back = latest - index
            named = NAMED_NOTES.get(key, [])
            activity, note = named[back] if back < len(named) else ("", "")
            mood = NAMED_MOODS.get((key, back)) or (
                (rng.choice([Mood.HAPPY, Mood.VERY_HAPPY]), "") if note else None)
            content = day_content(rng, pupil.first_name,
                                  timetables[pupil.school_class.name][date.weekday()],
                                  breakfast=pupil.pk % 3 == 0, note=note, activity=activity,
                                  mood=mood)
            health = {}
            if key in MEDICATION:
                health["medication"] = MEDICATION[key]
            if key in PERSONAL_CARE:
                health["personal_care"] = PERSONAL_CARE[key]
            for story in INCIDENTS:
                if story.pupil == key and story.day == back:
                    health["first_aid"] = story.first_aid
            class_id = pupil.school_class_id
            staff = assistants[class_id] if rng.random() < 0.3 and assistants[class_id] \
                else [teachers.get(class_id)]
            published = at(date, 15, rng.randrange(0, 30))
            entry = Entry(
                pupil=pupil, origin=Entry.Origin.SCHOOL, date=date,
                status=Entry.Status.PUBLISHED, author_id=rng.choice(staff),
                created_at=at(date, 9, 30) + datetime.timedelta(minutes=rng.randrange(300)),
                updated_at=published, published_at=published,
                activities_text=content.activities_text, mood=content.mood,
                mood_note=content.mood_note, achievements=content.achievements,
                stickers=content.stickers, food=content.food, health=health,
                note=content.note)
            entries.append(entry)
            entry_activities.append([activity_ids[name] for name in content.activities
                                     if name in activity_ids])
            new_by_key[(pupil.pk, date)] = entry
    Entry.objects.bulk_create(entries, batch_size=BATCH)
    Through = Entry.activities.through
    Through.objects.bulk_create(
        [Through(entry_id=entry.pk, activity_id=activity_id)
         for entry, ids in zip(entries, entry_activities, strict=True) for activity_id in ids],
        batch_size=BATCH)
    created["book entries"] = len(entries)

    # Family accounts for the families who write.
    writers = {c.pk: c for c in (
        [contacts_by_name.get(story.by) for story in HOME_ENTRIES]
        + [contacts_by_name.get(author) for _p, _d, replies in SCHOOL_REPLIES
           for author, _text in replies if author != "teacher"]
        + [contacts_by_name.get(story.acknowledged_by) for story in INCIDENTS
           if story.acknowledged_by]) if c is not None}
    family_user = _family_users(list(writers.values()))

    # Incidents, on the school entry of their day if it was written just now.
    told_before = set(Incident.objects.filter(entry__pupil__in=pupils)
                      .values_list("entry__pupil_id", "what_happened"))
    acknowledgements = []
    for story in INCIDENTS:
        pupil = by_name.get(story.pupil)
        entry = new_by_key.get((pupil.pk, day(story.day))) if pupil else None
        if entry is None or (pupil.pk, story.what_happened) in told_before:
            continue
        incident = Incident.objects.create(
            entry=entry, kind=story.kind, happened_at=story.happened_at,
            what_happened=story.what_happened, action_taken=story.action_taken,
            who_was_told=story.who_was_told)
        created["incidents"] += 1
        if story.acknowledged_by in contacts_by_name:
            acknowledgements.append(Acknowledgement(
                incident=incident, contact=contacts_by_name[story.acknowledged_by],
                at=at(entry.date, 17, 20)))
    Acknowledgement.objects.bulk_create(acknowledgements)

    # Home entries from families, each once.
    home_before = set(Entry.objects.filter(pupil__in=pupils, origin=Entry.Origin.HOME)
                      .values_list("pupil_id", "home_news", "sleep", "celebrate"))
    home_entries, home_writers, home_replies = [], [], []
    mondays = [d for d in days if d.weekday() == 0]
    for story in HOME_ENTRIES:
        pupil, contact = by_name.get(story.pupil), contacts_by_name.get(story.by)
        if pupil is None or contact is None:
            continue
        key = (pupil.pk, story.fields.get("home_news", ""), story.fields.get("sleep", ""),
               story.fields.get("celebrate", ""))
        if key in home_before:
            continue
        date = (mondays[-1] - datetime.timedelta(days=1) if story.when == "weekend"
                else day(story.when))
        written = at(date, story.hour, story.minute)
        entry = Entry(pupil=pupil, origin=Entry.Origin.HOME, date=date,
                      status=Entry.Status.PUBLISHED, author_id=family_user[contact.pk],
                      created_at=written, updated_at=written, published_at=written,
                      household_id=contact.household_id, language=story.language,
                      shared_with_all=story.shared, **story.fields)
        home_entries.append(entry)
        home_writers.append(contact)
        for minutes, text in enumerate(story.replies):
            reply_day = date if written.hour < 12 else date + datetime.timedelta(days=1)
            while reply_day.weekday() >= 5:
                reply_day += datetime.timedelta(days=1)
            home_replies.append((entry, Reply(
                author_id=teachers.get(pupil.school_class_id), text=text,
                created_at=at(reply_day, 12, 40 + minutes))))
    Entry.objects.bulk_create(home_entries)
    created["book entries"] += len(home_entries)

    # Replies on school entries written just now, each once.
    replied_before = set(Reply.objects.filter(entry__pupil__in=pupils)
                         .values_list("entry__pupil_id", "text"))
    replies = []
    for entry, reply in home_replies:
        reply.entry = entry
        replies.append(reply)
    for pupil_key, back, thread in SCHOOL_REPLIES:
        pupil = by_name.get(pupil_key)
        entry = new_by_key.get((pupil.pk, day(back))) if pupil else None
        if entry is None:
            continue
        for n, (author, text) in enumerate(thread):
            if (pupil.pk, text) in replied_before:
                continue
            writer = None if author == "teacher" else contacts_by_name.get(author)
            author_id = (teachers.get(pupil.school_class_id) if author == "teacher"
                         else family_user.get(getattr(writer, "pk", None)))
            # A family's reply is their household's; these were written in English.
            replies.append(Reply(entry=entry, author_id=author_id, text=text,
                                 created_at=at(entry.date, 18 + n, 5 + 7 * n),
                                 from_family=writer is not None,
                                 household_id=getattr(writer, "household_id", None)))
    Reply.objects.bulk_create(replies)
    created["replies"] = len(replies)

    # Read receipts for the school entries written just now. Amira's mother reads every
    # one; her father, who lives apart, has not opened the last three days yet.
    layla, omar = contacts_by_name.get(("Layla", "Hassan")), contacts_by_name.get(
        ("Omar", "Hassan"))
    receipts = []
    for entry in entries:
        rng = random.Random(f"read-{entry.pupil_id}-{entry.date.isoformat()}")
        back = latest - days.index(entry.date)
        for link in readers[entry.pupil_id]:
            if layla and link.contact_id == layla.pk:
                reads = True
            elif omar and link.contact_id == omar.pk:
                reads = back >= 3
            else:
                chance = (0.9 if link.priority == 1 else 0.55) * (0.6 if back == 0 else 1)
                reads = rng.random() < chance
            if reads:
                receipts.append(ReadReceipt(
                    entry=entry, contact_id=link.contact_id,
                    read_at=entry.published_at + datetime.timedelta(
                        minutes=rng.randrange(40, 360))))
    # Whoever writes from home lands on the book afterwards, which marks it read.
    receipts += [ReadReceipt(entry=entry, contact=contact, read_at=entry.published_at)
                 for entry, contact in zip(home_entries, home_writers, strict=True)]
    ReadReceipt.objects.bulk_create(receipts, batch_size=BATCH)
    created["read receipts"] = len(receipts)

    # A class event for each class and a whole-school assembly, each once.
    classes = {p.school_class.name: p.school_class for p in pupils}
    have_events = set(BookEvent.objects.filter(school=school).values_list(
        "school_class_id", "title"))
    events = []
    for class_name, back, title, description in EVENTS:
        school_class = classes.get(class_name) if class_name else None
        if class_name and school_class is None:
            continue
        class_id = school_class.pk if school_class else None
        if (class_id, title) in have_events:
            continue
        when = at(day(back), 14, 45)
        events.append(BookEvent(
            school=school, school_class=school_class, date=day(back), title=title,
            description=description,
            author_id=teachers.get(class_id) if class_id else principal,
            created_at=when, published_at=when))
    BookEvent.objects.bulk_create(events)
    created["book events"] = len(events)
    return created


# A school year for benchmarks ---------------------------------------------------------------
#
# Django's bulk_create spends about a millisecond of CPU per entry here (building model
# instances and preparing every field of every row), which is six minutes for a year. The
# year is written instead by _Writer: the same columns and defaults as the model (taken
# from its fields, so a new field is written with its default), ids reserved up front,
# executemany on SQLite and COPY on PostgreSQL. It is for fixture data only; the book
# itself writes through diary.actions.

class _Writer:
    """Rows for ``model``: ``columns`` (attnames) given per row, every other concrete field
    (but the id, unless given) written with its default."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection

        self.connection = connection
        opts = model._meta
        given = [opts.get_field(name) for name in columns]
        rest = [f for f in opts.concrete_fields if f.attname not in columns and not f.primary_key]
        self.adapters = [self._adapter(f) for f in given]
        self.defaults = tuple(self._adapt(f, f.get_default()) for f in rest)
        self.table = opts.db_table
        self.columns = [f.column for f in given + rest]
        self.pk_column = opts.pk.column

    def _adapter(self, f):
        return adapter_for(f, self.connection)

    def _adapt(self, f, value):
        adapter = self._adapter(f)
        return adapter(value) if adapter and value is not None else value

    def reserve_ids(self, count: int) -> list[int]:
        """Ids nobody else will use: from the sequence on PostgreSQL; above the largest
        ever handed out on SQLite, whose write transaction (held by the caller's atomic
        block) keeps other writers out until commit."""
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                               "FROM generate_series(1, %s)",
                               [self.table, self.pk_column, count])
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT MAX({quote(self.pk_column)}) FROM {quote(self.table)}")
            start = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            row = cursor.fetchone()
            start = max(start, row[0] if row else 0)
        return list(range(start + 1, start + 1 + count))

    def write(self, rows: list[tuple]) -> int:
        if not rows:
            return 0
        adapters, defaults = self.adapters, self.defaults
        prepared = [tuple(adapt(value) if adapt and value is not None else value
                          for adapt, value in zip(adapters, row, strict=True)) + defaults
                    for row in rows]
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(column) for column in self.columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(self.table)} ({names}) FROM STDIN") \
                        as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {quote(self.table)} ({names}) VALUES ({marks})", prepared)
        return len(prepared)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


ENTRY_COLUMNS = ["id", "pupil_id", "origin", "date", "status", "author_id", "created_at",
                 "updated_at", "published_at", "activities_text", "mood", "mood_note",
                 "achievements", "stickers", "food", "note"]
HOME_COLUMNS = ["id", "pupil_id", "origin", "date", "status", "author_id", "created_at",
                "updated_at", "published_at", "home_news", "sleep"]


def seed_book_year(pupils: QuerySet | Iterable[int], *, days: int = 190,
                   end: datetime.date | None = None, seed: str = "bridgebook-book-year",
                   home_share: float = 0.25, reply_share: float = 0.02,
                   incident_share: float = 0.003,
                   read_chances: tuple[float, ...] = (0.8, 0.5, 0.3)) -> dict[str, int]:
    """A school year of published entries for every pupil in a class.

    ``pupils`` is a queryset of pupils, or school ids meaning all their pupils. ``days``
    school days end at ``end`` (default: today in London, or the last weekday before it).
    Each pupil gets one school entry a day with the class's activities; ``home_share`` of
    the weekends bring news from home (now and then answered by school); ``reply_share``
    of school entries have a family reply; ``incident_share`` an incident (acknowledged by
    the family four times in five); the family's entitled contacts read entries with
    ``read_chances`` by priority. Each school has a Friday assembly and each class an
    event every other week or so. A (pupil, day) that already has a school entry is left
    alone, so a longer run after a shorter one only adds the missing days.

    Runs in one transaction (on SQLite that is what makes it fast); returns counts.
    """
    if not isinstance(pupils, QuerySet):
        pupils = Pupil.objects.filter(school_id__in=list(pupils))
    counts = dict.fromkeys(["activities", "family users", "school entries", "home entries",
                            "entry activities", "replies", "read receipts", "incidents",
                            "acknowledgements", "events"], 0)
    dates = school_days(end or london_today(), days)
    rng = random.Random(seed)
    with transaction.atomic():
        rows = list(pupils.filter(school_class__isnull=False, leaving_date__isnull=True)
                    .order_by("pk").values_list("pk", "school_id", "school_class_id",
                                                "legal_first_name", "preferred_first_name"))
        if not rows:
            return counts
        pupil_ids = [row[0] for row in rows]
        school_ids = sorted({row[1] for row in rows})
        class_ids = sorted({row[2] for row in rows})
        counts["activities"] = seed_activities(school_ids)
        activity_ids = _activity_ids(school_ids)
        timetables = {class_id: timetable(f"class-{class_id}") for class_id in class_ids}

        teachers: dict[int, int] = {}
        for class_id, user_id in ClassStaff.objects.filter(
                school_class_id__in=class_ids).order_by(
                    "-is_class_teacher", "pk").values_list("school_class_id", "user_id"):
            teachers.setdefault(class_id, user_id)
        principals = dict(StaffRole.objects.filter(
            school_id__in=school_ids, role=Role.PRINCIPAL).values_list("school_id",
                                                                       "user_id"))

        # Readers: entitled contacts by priority; the first one writes from home.
        readers: dict[int, list[int]] = defaultdict(list)
        first_contacts: dict[int, Contact] = {}
        for chunk in _chunks(pupil_ids, 5000):
            for link in PupilContact.objects.entitled().filter(
                    pupil_id__in=chunk).select_related("contact").order_by(
                        "pupil_id", "priority", "pk"):
                readers[link.pupil_id].append(link.contact_id)
                first_contacts.setdefault(link.pupil_id, link.contact)
        users_before = User.objects.count()
        family_user = _family_users(list({c.pk: c for c in first_contacts.values()}
                                         .values()))
        counts["family users"] = User.objects.count() - users_before
        writer = {pupil_id: family_user[contact.pk]
                  for pupil_id, contact in first_contacts.items()
                  if contact.pk in family_user}

        existing = set()
        for chunk in _chunks(pupil_ids, 5000):
            existing.update(Entry.objects.filter(
                pupil_id__in=chunk, origin=Entry.Origin.SCHOOL, date__gte=dates[0],
                date__lte=dates[-1]).values_list("pupil_id", "date"))

        entry_writer = _Writer(Entry, ENTRY_COLUMNS)
        through_writer = _Writer(Entry.activities.through, ["entry_id", "activity_id"])
        receipt_writer = _Writer(ReadReceipt, ["entry_id", "contact_id", "read_at"])
        reply_writer = _Writer(Reply, ["entry_id", "author_id", "text", "created_at"])
        school, published = Entry.Origin.SCHOOL, Entry.Status.PUBLISHED
        minute = datetime.timedelta(minutes=1)
        days_per_batch = max(1, 20000 // len(rows))
        for day_chunk in _chunks(dates, days_per_batch):
            made = []  # (pupil_id, published_at, activity ids, entry columns after the id)
            for date in day_chunk:
                weekday = date.weekday()
                three = at(date, 15)
                for pupil_id, school_id, class_id, legal_first, preferred in rows:
                    if (pupil_id, date) in existing:
                        continue
                    names = activity_ids[school_id]
                    content = day_content(rng, preferred or legal_first,
                                          timetables[class_id][weekday],
                                          breakfast=pupil_id % 3 == 0)
                    when = three + rng.randrange(30) * minute
                    made.append((pupil_id, when,
                                 [names[n] for n in content.activities if n in names],
                                 (pupil_id, school, date, published, teachers.get(class_id),
                                  when, when, when, content.activities_text, content.mood,
                                  content.mood_note, content.achievements, content.stickers,
                                  content.food, content.note)))
            ids = entry_writer.reserve_ids(len(made))
            counts["school entries"] += entry_writer.write(
                [(pk, *item[3]) for pk, item in zip(ids, made, strict=True)])
            counts["entry activities"] += through_writer.write(
                [(pk, activity) for pk, item in zip(ids, made, strict=True)
                 for activity in item[2]])

            receipts, replies, incidents = [], [], []
            for pk, (pupil_id, when, _activities, _columns) in zip(ids, made, strict=True):
                for priority, contact_id in enumerate(readers[pupil_id]):
                    if rng.random() < read_chances[min(priority, len(read_chances) - 1)]:
                        receipts.append((pk, contact_id,
                                         when + rng.randrange(30, 400) * minute))
                roll = rng.random()
                if roll < reply_share and pupil_id in writer:
                    replies.append((pk, writer[pupil_id], rng.choice(FAMILY_REPLIES),
                                    when + 240 * minute))
                elif roll < reply_share + incident_share:
                    incidents.append((pupil_id, when, Incident(
                        entry_id=pk, kind=Incident.Kind.ACCIDENT,
                        happened_at=datetime.time(10 + rng.randrange(4), rng.randrange(60)),
                        what_happened="Slipped on the wet floor by the sinks and bumped "
                                      "an elbow.",
                        action_taken="Checked by the first aider; a cold compress for five "
                                     "minutes. No mark by home time.",
                        who_was_told="Parent, at home time")))
            counts["read receipts"] += receipt_writer.write(receipts)
            counts["replies"] += reply_writer.write(replies)
            Incident.objects.bulk_create([item[2] for item in incidents], batch_size=BATCH)
            counts["incidents"] += len(incidents)
            acknowledgements = [
                Acknowledgement(incident_id=incident.pk, contact_id=readers[pupil_id][0],
                                at=when + 180 * minute)
                for pupil_id, when, incident in incidents
                if readers[pupil_id] and rng.random() < 0.8]
            Acknowledgement.objects.bulk_create(acknowledgements, batch_size=BATCH)
            counts["acknowledgements"] += len(acknowledgements)

        # Weekend news from home on some Sunday evenings, now and then answered by school;
        # only before a Monday written just now, so a second run adds none.
        home, answers = [], []
        for monday in [d for d in dates if d.weekday() == 0]:
            sunday = monday - datetime.timedelta(days=1)
            for pupil_id, _school_id, class_id, _legal, _preferred in rows:
                if (pupil_id not in writer or (pupil_id, monday) in existing
                        or rng.random() >= home_share):
                    continue
                written = at(sunday, 19, rng.randrange(60))
                home.append((pupil_id, Entry.Origin.HOME, sunday, published, writer[pupil_id],
                             written, written, written, rng.choice(HOME_NEWS),
                             rng.choice(HOME_SLEEP)))
                answers.append(rng.random() < 0.3 and teachers.get(class_id))
        home_writer = _Writer(Entry, HOME_COLUMNS)
        ids = home_writer.reserve_ids(len(home))
        counts["home entries"] = home_writer.write(
            [(pk, *row) for pk, row in zip(ids, home, strict=True)])
        counts["replies"] += reply_writer.write(
            [(pk, author_id, rng.choice(STAFF_REPLIES), row[5] + 16 * 60 * minute)
             for pk, row, author_id in zip(ids, home, answers, strict=True) if author_id])

        # A Friday assembly for each school and a class event every other week or so.
        have_events = set(BookEvent.objects.filter(
            school_id__in=school_ids, date__gte=dates[0], date__lte=dates[-1])
            .values_list("school_id", "school_class_id", "date"))
        class_school = {row[2]: row[1] for row in rows}
        events = []
        for date in dates:
            wanted = []
            if date.weekday() == 4:
                wanted += [(school_id, None) for school_id in school_ids]
            wanted += [(class_school[class_id], class_id) for class_id in class_ids
                       if (date.toordinal() + class_id) % 10 == 0]
            for school_id, class_id in wanted:
                if (school_id, class_id, date) in have_events:
                    continue
                title = rng.choice(CLASS_EVENTS if class_id else ASSEMBLIES)
                when = at(date, 14, 30)
                events.append(BookEvent(
                    school_id=school_id, school_class_id=class_id, date=date, title=title,
                    description="Written once by the class team and shown in every book it "
                                "concerns.",
                    author_id=teachers.get(class_id) if class_id else principals.get(
                        school_id), created_at=when, published_at=when))
        BookEvent.objects.bulk_create(events, batch_size=BATCH)
        counts["events"] = len(events)
    return counts
