"""Announcements from a school to its families, and the files that go with them.

An announcement is written once (in English or the author's language) and becomes one
``messaging.Message`` per entitled contact when it is sent (``kind=ANNOUNCEMENT``,
``source_id=announcement.pk``); the messages and their deliveries are the record of who
got it and how, so nothing here duplicates them.

Translations, and what can make part of a send wait:

- an **important** announcement is time-critical: everyone gets it at once, readers of
  another language in a machine translation marked as such (or as written where nothing
  translates); a person then checks each language's translation (``review_ref``), and
  once both the subject and the message are approved the checked text replaces the copies
  in place (``LanguageCheck``), telling readers whose text changed;
- the sender may instead choose to **wait for the check** (``wait_for_check``, for a
  document that is not urgent, never with important): readers of another language get it
  only once a person has checked its translation; each such language is a
  ``HeldLanguage`` (the contacts resolved when it was sent) until both parts are approved,
  or the sender sends it without the check;
- an announcement sent outside the sender's working hours keeps its email and text until
  ``send_after`` (``messaging.quiet_hours``); the in-app copy appears at once.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.people.codes import LANGUAGE_CHOICES

# The kind of message an announcement reaches each family as (``Message.kind``).
ANNOUNCEMENT = "announcement"


class Announcement(models.Model):
    class Audience(models.TextChoices):
        SCHOOL = "school", _("The whole school")
        CLASSES = "classes", _("Chosen classes")
        PUPILS = "pupils", _("Chosen pupils’ families")
        LANGUAGE = "language", _("Families who speak a language")
        EVENT = "event", _("The families an event is for")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    school = models.ForeignKey("core.School", on_delete=models.CASCADE,
                               related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="announcements")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    language = models.CharField(_("written in"), max_length=8, choices=LANGUAGE_CHOICES,
                                default="en")
    # Time-critical: everyone gets it at once (machine translations, checked afterwards).
    important = models.BooleanField(_("important"), default=False)
    # The sender chose to hold readers of other languages until a person has checked the
    # translation (HeldLanguage). Not with ``important``, nor sent as urgent.
    wait_for_check = models.BooleanField(
        _("wait for a person to check each translation"), default=False)
    audience = models.CharField(_("who it is for"), max_length=10, choices=Audience.choices,
                                default=Audience.SCHOOL)
    classes = models.ManyToManyField("people.SchoolClass", blank=True,
                                     related_name="announcements")
    pupils = models.ManyToManyField("people.Pupil", blank=True, related_name="announcements")
    audience_language = models.CharField(_("home language"), max_length=8, blank=True,
                                         choices=LANGUAGE_CHOICES)
    # A class event's families, or the whole school's for a whole-school event. (When
    # events take sign-ups, this is where "only those coming" will narrow it.)
    event = models.ForeignKey("diary.BookEvent", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="announcements",
                              verbose_name=_("event"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    # A principal or SENCO sent it outside their working hours as urgent: email and text
    # went at once (and go at once when a held language is released).
    urgent = models.BooleanField(default=False)
    # Email and text of the copies written at sending wait until then (the sender was
    # outside their working hours). Empty: they went at once.
    send_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


REVIEW_PARTS = ("subject", "body")


def review_ref(announcement_id: int, part: str) -> str:
    """The translation review queue's ref for one part of an announcement:
    ``announcement:12:subject`` and ``announcement:12:body``."""
    return f"announcement:{announcement_id}:{part}"


def parse_review_ref(ref: str) -> int | None:
    """The announcement id in a review ref of ours, or None for anyone else's ref."""
    parts = ref.split(":")
    if len(parts) != 3 or parts[0] != "announcement" or parts[2] not in REVIEW_PARTS:
        return None
    return int(parts[1]) if parts[1].isdigit() else None


class HeldLanguage(models.Model):
    """Readers of one language who get an announcement only once a person has checked its
    translation, because the sender chose to wait for the check (``wait_for_check``).

    ``recipients`` is the audience as resolved when the announcement was sent (what the
    sender saw and approved): ``[[contact_id, [pupil_id, ...]], ...]``. At release they are
    checked again against who is entitled now, so a contact restricted in the meantime
    gets nothing. The waiting → sent change is a conditional UPDATE, so the language is
    released once however many approvals arrive.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the translation check")
        CHECKED = "checked", _("Checked by a person and sent")
        UNCHECKED = "unchecked", _("Sent without the translation check")

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE,
                                     related_name="held_languages")
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    recipients = models.JSONField(default=list)
    contacts = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    # How many messages the release wrote (fewer than ``contacts`` when someone stopped
    # being entitled while it waited).
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["language", "id"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "language"],
                                    name="held_language_once_per_announcement"),
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} {self.language}: {self.status}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

    @property
    def contact_ids(self) -> list[int]:
        return [contact_id for contact_id, _pupils in self.recipients]


class LanguageCheck(models.Model):
    """Readers of one language who got an important announcement at once, in a machine
    translation (or as written where nothing translated it), whose translation a person
    checks afterwards.

    ``contact_ids`` are the contacts sent this language's text at sending, and
    ``sent_subject`` / ``sent_body`` the text they were sent (without each family's
    "About:" lines): once both parts are approved, their messages are changed in place to
    the checked text, and those whose text changed are told. The checking → checked
    change is a conditional UPDATE, so it happens once however many approvals arrive.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Sent at once; a person is checking the translation")
        CHECKED = "checked", _("Checked by a person; the checked text replaced it")

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE,
                                     related_name="language_checks")
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES)
    contact_ids = models.JSONField(default=list)
    contacts = models.PositiveIntegerField(default=0)
    # What they were sent: a machine translation, or (False) the text as written.
    machine = models.BooleanField(default=False)
    sent_subject = models.TextField(blank=True)
    sent_body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices,
                              default=Status.CHECKING)
    created_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # The checked text differs from what they were sent (so they were told).
    changed = models.BooleanField(default=False)
    # Messages changed in place, and readers told the translation changed.
    replaced = models.PositiveIntegerField(default=0)
    told = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["language", "id"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "language"],
                                    name="language_check_once_per_announcement"),
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} {self.language}: {self.status}"

    @property
    def is_checking(self) -> bool:
        return self.status == self.Status.CHECKING


def attachment_path(instance, filename: str) -> str:
    # Never the uploader's file name on disk: it may name a child.
    return f"announcements/{instance.announcement_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A PDF or image sent with an announcement; served only by ``announcements:attachment``
    to the school's staff and to contacts who received the announcement."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE,
                                     related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class LetterBatch(models.Model):
    """One "Print letters" run: the PDF printed, kept so a jammed printer can print it
    again, and the letter deliveries it claimed (``Delivery.provider_id`` names the batch)."""

    school = models.ForeignKey("core.School", on_delete=models.CASCADE,
                               related_name="letter_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    claim_token = models.CharField(max_length=32, unique=True)
    pdf = models.FileField(upload_to="letters/", blank=True)
    letters = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "letter batches"

    def __str__(self) -> str:
        return f"Letters printed {self.created_at:%Y-%m-%d %H:%M}"
