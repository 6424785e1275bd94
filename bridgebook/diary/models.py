"""The two-way home-school book.

A pupil's book is a timeline of ``Entry`` rows: from school (structured parts chosen per
pupil), from home (weekend news, sleep, health at home, things to celebrate, questions),
and the pupil's own voice in symbols. Class and whole-school events (``BookEvent``) are
written once and shown in the book of every pupil they concern. Photos are tagged with
the pupils in them and appear only in the books of those whose photo consent allows.
Families reply in threads, acknowledge incidents, and leave read receipts.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.choices import ChoiceLabels
from bridgebook.core.models import School
from bridgebook.people.models import Contact, Household, Pupil, SchoolClass


class Part(models.TextChoices):
    """The parts of a school entry; each pupil's book shows the parts that matter for them."""

    ACTIVITIES = "activities", _("Activities")
    MOOD = "mood", _("Mood")
    ACHIEVEMENTS = "achievements", _("Achievements and stickers")
    FOOD = "food", _("Food and drink")
    HEALTH = "health", _("Health and medication")
    PERSONAL_CARE = "personal_care", _("Toileting and personal care")
    INCIDENTS = "incidents", _("Incidents and accidents")
    NOTE = "note", _("A note")


DEFAULT_PARTS = [Part.ACTIVITIES, Part.MOOD, Part.ACHIEVEMENTS, Part.FOOD, Part.HEALTH,
                 Part.INCIDENTS, Part.NOTE]


class Mood(models.IntegerChoices):
    """A five-point scale shown as symbols with words (OpenMoji hexcodes in symbols.py)."""

    VERY_UPSET = 1, _("Very upset")
    UPSET = 2, _("Upset")
    OK = 3, _("OK")
    HAPPY = 4, _("Happy")
    VERY_HAPPY = 5, _("Very happy")


class Eaten(models.TextChoices):
    ALL = "all", _("All of it")
    MOST = "most", _("Most")
    SOME = "some", _("Some")
    NONE = "none", _("None")
    NOT_OFFERED = "not_offered", _("Not offered")


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    SNACK = "snack", _("Snack")
    LUNCH = "lunch", _("Lunch")


class BookSettings(models.Model):
    """Which parts a pupil's book shows, and what the family wants shared."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="book_settings")
    parts = models.JSONField(_("parts of the book"), default=list)
    share_personal_care = models.BooleanField(
        _("share toileting and personal care"), default=False,
        help_text=_("Only where the family has asked for it."))

    def __str__(self) -> str:
        return f"Book settings for {self.pupil}"


class Activity(models.Model):
    """An activity from the school's own list (swimming, rebound, cooking...)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("name"), max_length=80)
    symbol = models.CharField(_("symbol"), max_length=40, blank=True,
                              help_text=_("An OpenMoji hexcode, for example 1F3CA"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["school", "name"]
        verbose_name_plural = _("activities")
        constraints = [models.UniqueConstraint(fields=["school", "name"],
                                               name="activity_unique_name")]

    def __str__(self) -> str:
        return self.name


class BookEvent(ChoiceLabels):
    """A class or whole-school event written once and shown in every pupil's book it concerns.

    ``school_class`` empty means the whole school (an assembly, a visiting theatre group).
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="book_events")
    school_class = models.ForeignKey(SchoolClass, null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="book_events")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("what happened"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["school", "date"])]

    def __str__(self) -> str:
        return self.title


class Entry(ChoiceLabels):
    class Origin(models.TextChoices):
        SCHOOL = "school", _("From school")
        HOME = "home", _("From home")
        PUPIL = "pupil", _("My day")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="book_entries")
    origin = models.CharField(max_length=8, choices=Origin.choices)
    date = models.DateField(_("date"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="book_entries")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: an edit carries the version it started from; a mismatch means
    # someone else changed the entry in between, and nothing is overwritten.
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    # School parts (each optional).
    activities = models.ManyToManyField(Activity, blank=True, related_name="entries")
    activities_text = models.CharField(_("other activities"), max_length=300, blank=True)
    mood = models.PositiveSmallIntegerField(_("mood"), choices=Mood.choices, null=True,
                                            blank=True)
    mood_note = models.CharField(_("about their mood"), max_length=300, blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    stickers = models.JSONField(_("stickers"), default=list, blank=True)
    food = models.JSONField(_("food and drink"), default=dict, blank=True,
                            help_text=_('{"lunch": "most", "snack": "all", "drinks": "..."}'))
    health = models.JSONField(_("health"), default=dict, blank=True,
                              help_text=_('{"medication": [{"name", "time"}], "first_aid": '
                                          '"...", "personal_care": "..."}'))
    note = models.TextField(_("note"), blank=True)

    # Home parts.
    sleep = models.CharField(_("sleep"), max_length=300, blank=True)
    home_news = models.TextField(_("news from home"), blank=True)
    home_health = models.TextField(_("health and medication at home"), blank=True)
    celebrate = models.TextField(_("something to celebrate"), blank=True)
    question = models.TextField(_("a question for school"), blank=True)

    # Pupil voice: chosen symbols, each {"symbol": hexcode, "word": "..."}.
    symbols = models.JSONField(_("my day"), default=list, blank=True)

    # The language it is written in: staff write in English; a family member's words are
    # in the language detected, or their own (staff read them translated).
    language = models.CharField(max_length=8, default="en")
    # A home entry belongs to the writer's household: staff and that household read it,
    # a parent living elsewhere only when the writer shares it (``shared_with_all``).
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    shared_with_all = models.BooleanField(
        _("share with the family at the child’s other home"), default=False)

    class Meta:
        ordering = ["-date", "-published_at", "-id"]
        verbose_name_plural = _("entries")
        indexes = [
            models.Index(fields=["pupil", "-date"], name="entry_pupil_date",
                         condition=Q(deleted_at__isnull=True)),
            models.Index(fields=["pupil", "status", "-date"], name="entry_pupil_status_date"),
            # What families wrote, for the staff's "not read yet" (landing page, class day).
            models.Index(fields=["pupil", "updated_at"], name="entry_home_pupil_updated",
                         condition=Q(origin="home", status="published",
                                     deleted_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.get_origin_display()} for {self.pupil_id} on {self.date}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_family_writing(self) -> bool:
        return self.origin == self.Origin.HOME


class EntryRevision(models.Model):
    """What an entry said before an edit after publishing: the visible history."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField(default=timezone.now)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["entry", "-version"]

    def __str__(self) -> str:
        return f"Entry {self.entry_id}, version {self.version}"


class Incident(ChoiceLabels):
    """An incident or accident in a school entry; a family member must acknowledge it."""

    class Kind(models.TextChoices):
        INCIDENT = "incident", _("Incident")
        ACCIDENT = "accident", _("Accident")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    happened_at = models.TimeField(_("when"))
    what_happened = models.TextField(_("what happened"))
    action_taken = models.TextField(_("what was done"))
    who_was_told = models.CharField(_("who was told"), max_length=200, blank=True)

    class Meta:
        ordering = ["entry", "happened_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.happened_at:%H:%M}"


class Acknowledgement(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE,
                                 related_name="acknowledgements")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # What the family member wrote back with it, if anything, and in which language.
    note = models.TextField(_("anything to tell school about it"), blank=True)
    language = models.CharField(max_length=8, default="en")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "contact"],
                                               name="acknowledgement_once")]

    def __str__(self) -> str:
        return f"Contact {self.contact_id} acknowledged incident {self.incident_id}"


def photo_path(instance, filename: str) -> str:
    return f"book/{instance.school_id}/{timezone.now():%Y/%m}/{instance.token}.jpg"


class Photo(models.Model):
    """A photo for the book, resized with EXIF and location removed, tagged with pupils.

    It belongs to an entry, to an event, or to a day on its own (a group photo from the
    class page), and is shown only in the books of tagged pupils whose photo consent
    allows it.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    token = models.CharField(max_length=32, unique=True)
    image = models.ImageField(upload_to=photo_path, width_field="width",
                              height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("what the photo shows"), max_length=300)
    entry = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="photos")
    event = models.ForeignKey(BookEvent, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="photos")
    pupils = models.ManyToManyField(Pupil, related_name="book_photos", blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.alt_text


class Reply(models.Model):
    """A reply on an entry or event; replies on one entry make its thread.

    A family member's reply, like a home entry, is read by staff and the writer's own
    household, and by a parent living elsewhere only when the writer shares it."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField(_("reply"))
    created_at = models.DateTimeField(default=timezone.now)
    from_family = models.BooleanField(default=False)
    language = models.CharField(max_length=8, default="en")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    shared_with_all = models.BooleanField(
        _("share with the family at the child’s other home"), default=False)

    class Meta:
        ordering = ["entry", "created_at", "id"]
        verbose_name_plural = _("replies")
        # Families' replies among the staff's, for the staff's "not read yet".
        indexes = [models.Index(fields=["entry"], name="reply_from_family",
                                condition=Q(from_family=True))]

    def __str__(self) -> str:
        return f"Reply {self.pk} on entry {self.entry_id}"

    @property
    def is_family_writing(self) -> bool:
        return self.from_family


class ReadReceipt(models.Model):
    """When a family member first read an entry ("read by Mum 18:04")."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="receipts")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "contact"],
                                               name="read_receipt_once")]
        indexes = [models.Index(fields=["contact", "entry"])]

    def __str__(self) -> str:
        return f"Contact {self.contact_id} read entry {self.entry_id}"


def export_path(instance, filename: str) -> str:
    return f"book-exports/{secrets.token_hex(16)}.pdf"


class BookExport(models.Model):
    """A PDF of a pupil's book that someone asked for, made by a background task.

    Only the person who asked may see it or fetch it; the file sits in the default storage,
    which is never served from MEDIA_URL, and is deleted after a day
    (``manage.py prune_book_exports``). At most one export for the same person, pupil,
    dates, replies and language is waiting or being made at a time, so a double click asks
    once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE = [Status.QUEUED, Status.RUNNING]

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    date_from = models.DateField()
    date_to = models.DateField()
    include_replies = models.BooleanField(default=False)
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=export_path, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "pupil", "date_from", "date_to", "include_replies",
                        "language"],
                condition=Q(status__in=["queued", "running"]),
                name="book_export_one_at_a_time"),
        ]

    def __str__(self) -> str:
        return f"Book export {self.pk} of pupil {self.pupil_id} ({self.status})"


class StaffBookRead(models.Model):
    """How far a member of staff has read a pupil's book: what the family wrote after
    ``read_at`` (home entries, replies) is new to them. Each member of staff has their own,
    moved on when they open the book or an entry (``actions.do_mark_book_read``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "pupil"],
                                               name="staff_book_read_once")]

    def __str__(self) -> str:
        return f"User {self.user_id} read the book of pupil {self.pupil_id} at {self.read_at}"
