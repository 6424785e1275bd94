"""Each class's week, each pupil's own changes to it, and what families were told.

A class has one ``Timetable``: its ``TimetableSession`` rows are the week (Monday to
Friday: lessons, therapy, swimming, trips, breaks), and a pupil's ``Variation`` rows change
it for that pupil alone (speech and language therapy instead of PE on Tuesday; goes home at
14:30 on Fridays). Staff see every change at once. Families hear about it when staff send
it: each ``TimetableSending`` is one "Send to families", and its messages
(``messaging.Message``, ``kind=TIMETABLE``, ``source_id`` the sending's id) are the record of
who was told. The timetable remembers what changed since families were last told (the
class's week, or only some pupils' own changes), so the page can say so and the next
sending tells only the families concerned.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.models import Weekday

# The kind of message a timetable reaches each family as (``Message.kind``).
TIMETABLE = "timetable"


class Kind(models.TextChoices):
    """What a session is, so a family sees it at a glance (each has a symbol of its own
    unless staff choose another)."""

    LESSON = "lesson", _("Lesson")
    THERAPY = "therapy", _("Therapy")
    SWIMMING = "swimming", _("Swimming")
    TRIP = "trip", _("Trip or visit")
    BREAK = "break", _("Break or lunch")
    OTHER = "other", _("Something else")


class Timetable(models.Model):
    """A class's week, and what its families have been told of it.

    ``edits`` and ``sends`` count changes and sendings: a sending claims the timetable with
    a conditional UPDATE on both, so two presses of "Send to families" send once, and a
    change made while it was being sent is not marked as told."""

    school = models.ForeignKey("core.School", on_delete=models.CASCADE,
                               related_name="timetables")
    school_class = models.OneToOneField("people.SchoolClass", on_delete=models.CASCADE,
                                        related_name="timetable")
    edits = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # Since families were last told: the class's week changed (every family hears), and the
    # pupils whose own changes changed (only their families hear).
    class_changed = models.BooleanField(default=False)
    changed_pupils = models.JSONField(default=list, blank=True)
    sends = models.PositiveIntegerField(default=0)
    told_at = models.DateTimeField(null=True, blank=True)
    told_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"Timetable of {self.school_class}"

    @property
    def changed_since_told(self) -> bool:
        """Families were told before, and something changed since."""
        return self.told_at is not None and (self.class_changed or bool(self.changed_pupils))


class SessionFields(models.Model):
    """What a session in the week says: when, what, and how it looks."""

    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    what = models.CharField(_("what happens"), max_length=120)
    kind = models.CharField(_("kind of session"), max_length=10, choices=Kind.choices,
                            default=Kind.LESSON)
    # A curated OpenMoji hexcode (bridgebook.diary.symbols); empty: the kind's own symbol.
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)
    place = models.CharField(_("where"), max_length=120, blank=True)
    notes = models.CharField(_("notes for families"), max_length=300, blank=True)

    class Meta:
        abstract = True


class TimetableSession(SessionFields):
    """One session of a class's week."""

    timetable = models.ForeignKey(Timetable, on_delete=models.CASCADE,
                                  related_name="sessions")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["weekday", "starts_at", "id"]
        indexes = [models.Index(fields=["timetable", "weekday", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="timetable_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M} {self.what}"

    @property
    def school(self):
        return self.timetable.school


class Variation(SessionFields):
    """A pupil's own change to their class's week."""

    class Change(models.TextChoices):
        INSTEAD = "instead", _("Something else instead of a class session")
        EXTRA = "extra", _("An extra session")
        MISSES = "misses", _("Not at a class session")
        HOME = "home", _("Goes home early")

    timetable = models.ForeignKey(Timetable, on_delete=models.CASCADE,
                                  related_name="variations")
    pupil = models.ForeignKey("people.Pupil", on_delete=models.CASCADE,
                              related_name="timetable_variations")
    change = models.CharField(_("what changes"), max_length=8, choices=Change.choices,
                              default=Change.INSTEAD)
    # The class session it replaces or leaves out (INSTEAD, MISSES): removing the session
    # removes the change with it.
    replaces = models.ForeignKey(TimetableSession, null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="variations",
                                 verbose_name=_("class session"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pupil_id", "weekday", "starts_at", "id"]
        indexes = [models.Index(fields=["timetable", "pupil"])]

    def __str__(self) -> str:
        return f"{self.pupil_id}: {self.get_change_display()} {self.what}"

    @property
    def school(self):
        return self.timetable.school


class TimetableSending(models.Model):
    """One "Send to families": which pupils' families were told, by whom and when."""

    timetable = models.ForeignKey(Timetable, on_delete=models.CASCADE,
                                  related_name="sendings")
    number = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    # The whole class's families (the week, or everyone again), or only some pupils'.
    whole_class = models.BooleanField(default=True)
    pupil_ids = models.JSONField(default=list)
    messages = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["timetable", "number"],
                                    name="timetable_sending_numbered_once"),
        ]

    def __str__(self) -> str:
        return f"Sending {self.number} of timetable {self.timetable_id}"
