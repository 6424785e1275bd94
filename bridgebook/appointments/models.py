"""Meetings between a family and a member of staff at a time that suits both.

Staff publish when they can meet (``Availability``, outside lesson time unless they say
otherwise); the school sets up parents' evenings (``ParentsEvening`` with its sessions,
the staff taking part and their breaks). Either way a booking is an ``Appointment``: one
member of staff, one child, the family members who come, a start and an end. Two booked
appointments never share a member of staff's time: ``booking.book`` locks the row the
time comes from and checks before it writes, and the database refuses a second booking
at the same start.

Each appointment carries what its calendar invitation needs (RFC 5545): a ``uid`` that
never changes and a ``sequence`` raised by every move or cancellation. Each thing a
family or the member of staff is told (booked, moved, cancelled, tomorrow's reminder) is
an ``AppointmentNotice``, whose id is the family messages' ``source_id``, so it is told
once however often it is asked.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.models import School
from bridgebook.people.models import Contact, Household, Pupil

# The kind of the family messages this app sends (messaging.Message.kind).
APPOINTMENT_NOTICE = "appointment"


class Mode(models.TextChoices):
    IN_SCHOOL = "in_school", _("In school")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video")


def new_uid() -> str:
    return f"{uuid.uuid4()}@bridgebook"


class AppointmentSettings(models.Model):
    """How a school's appointments work."""

    school = models.OneToOneField(School, on_delete=models.CASCADE,
                                  related_name="appointment_settings")
    # For example https://meet.example.org/mapledown-{uid}: {uid} becomes the meeting's own
    # id, so each meeting has a room of its own. Empty: staff give a link per meeting.
    video_link_template = models.CharField(
        _("video meeting link"), max_length=300, blank=True,
        help_text=_("For example https://meet.example.org/mapledown-{room}. {room} is "
                    "replaced by a name for each meeting."))
    interpreter_extra_minutes = models.PositiveSmallIntegerField(
        _("extra minutes when an interpreter is there"), default=15)
    place = models.CharField(_("where families come for meetings in school"), max_length=200,
                             blank=True)

    def __str__(self) -> str:
        return f"appointments at {self.school_id}"


class Availability(models.Model):
    """A time a member of staff can meet families, cut into slots of ``slot_minutes``.

    With a ``language`` it is a same-language block: held for families who need an
    interpreter for that language, with the interpreter booked for the whole block."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="availabilities")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes for each meeting"), default=20)
    modes = models.JSONField(_("ways to meet"), default=list)
    language = models.CharField(_("only for families who read"), max_length=8, blank=True)
    interpreter_name = models.CharField(_("interpreter"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["staff", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.starts_at:%Y-%m-%d %H:%M}"


class ParentsEvening(models.Model):
    """A parents' evening: one or more sessions (evenings), the staff who take part, how
    long each meeting is and the gap between them, and when families can book."""

    school = models.ForeignKey(School, on_delete=models.CASCADE,
                               related_name="parents_evenings")
    name = models.CharField(_("name"), max_length=120)
    mode = models.CharField(_("where"), max_length=10, choices=Mode.choices,
                            default=Mode.IN_SCHOOL)
    place = models.CharField(_("place"), max_length=200, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("minutes for each meeting"), default=10)
    gap_minutes = models.PositiveSmallIntegerField(_("minutes between meetings"), default=5)
    booking_opens_at = models.DateTimeField(_("families can book from"))
    booking_closes_at = models.DateTimeField(_("families can book until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-booking_opens_at"]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.booking_opens_at <= now < self.booking_closes_at


class EveningSession(models.Model):
    """One evening of a parents' evening."""

    evening = models.ForeignKey(ParentsEvening, on_delete=models.CASCADE,
                                related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.evening_id} {self.starts_at:%Y-%m-%d %H:%M}"


class EveningStaff(models.Model):
    """A member of staff taking part in a parents' evening, with their own meeting length
    where it differs from the evening's."""

    evening = models.ForeignKey(ParentsEvening, on_delete=models.CASCADE,
                                related_name="staff")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    slot_minutes = models.PositiveSmallIntegerField(_("minutes for each meeting"), null=True,
                                                    blank=True)
    room = models.CharField(_("room"), max_length=60, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evening", "staff"],
                                               name="evening_staff_once")]

    def __str__(self) -> str:
        return f"{self.staff_id} at {self.evening_id}"

    @property
    def minutes(self) -> int:
        return self.slot_minutes or self.evening.slot_minutes


class EveningBreak(models.Model):
    """A break in a parents' evening: for one member of staff, or for everyone."""

    evening = models.ForeignKey(ParentsEvening, on_delete=models.CASCADE,
                                related_name="breaks")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"break {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class Appointment(models.Model):
    """A meeting booked between a member of staff and a child's family."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")
        # Its member of staff said, once it had started, that it did not take place (the
        # family did not come): it does not count as contact with the family.
        NOT_HELD = "not_held", _("Did not happen")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="appointments")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="appointments")
    # The family member who booked it (or for whom staff booked it), and anyone from the
    # family coming with them (separated parents meet separately unless they choose).
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="appointments")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    with_contacts = models.ManyToManyField(Contact, blank=True, related_name="+")
    availability = models.ForeignKey(Availability, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="appointments")
    evening = models.ForeignKey(ParentsEvening, null=True, blank=True,
                                on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices,
                            default=Mode.IN_SCHOOL)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=300, blank=True)
    about = models.TextField(_("what you would like to talk about"), blank=True)
    interpreter_language = models.CharField(_("interpreter for"), max_length=8, blank=True)
    interpreter_name = models.CharField(_("interpreter"), max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    change_reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(_("notes of the meeting"), blank=True)
    # RFC 5545: the same uid for the life of the meeting; sequence raised by each change.
    uid = models.CharField(max_length=80, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["staff", "starts_at"]),
                   models.Index(fields=["pupil", "starts_at"])]
        constraints = [
            # The last guard against double booking: booking.book locks and checks overlaps
            # first, so this only ever refuses what slipped past a check.
            models.UniqueConstraint(fields=["staff", "starts_at"],
                                    condition=Q(status="booked"),
                                    name="appointment_staff_start_once"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="appointment_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} with {self.contact_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_not_held(self) -> bool:
        return self.status == self.Status.NOT_HELD

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class AppointmentNotice(models.Model):
    """Something the family and the member of staff are told about an appointment; its id
    is the family messages' ``source_id``, so each is told once."""

    class What(models.TextChoices):
        BOOKED = "booked", _("Booked")
        MOVED = "moved", _("Moved")
        # Where or how it happens changed (a parents' evening's place or mode, a room);
        # not its time.
        RELOCATED = "relocated", _("Place or way changed")
        CANCELLED = "cancelled", _("Cancelled")
        REMINDER = "reminder", _("Reminder")

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE,
                                    related_name="notices")
    what = models.CharField(max_length=10, choices=What.choices)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    staff_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["appointment", "what", "sequence"],
                                               name="appointment_notice_once")]

    def __str__(self) -> str:
        return f"{self.what} {self.appointment_id}#{self.sequence}"
