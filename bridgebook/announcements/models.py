"""Announcements from a school to its families, and the files that go with them.

An announcement is written once (in English or the author's language) and becomes one
``messaging.Message`` per entitled contact when it is sent (``kind=ANNOUNCEMENT``,
``source_id=announcement.pk``); the messages and their deliveries are the record of who
got it and how, so nothing here duplicates them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.people.codes import LANGUAGE_CHOICES


class Announcement(models.Model):
    class Audience(models.TextChoices):
        SCHOOL = "school", _("The whole school")
        CLASSES = "classes", _("Chosen classes")
        PUPILS = "pupils", _("Chosen pupils’ families")
        LANGUAGE = "language", _("Families who speak a language")

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
    important = models.BooleanField(_("important"), default=False)
    audience = models.CharField(_("who it is for"), max_length=10, choices=Audience.choices,
                                default=Audience.SCHOOL)
    classes = models.ManyToManyField("people.SchoolClass", blank=True,
                                     related_name="announcements")
    pupils = models.ManyToManyField("people.Pupil", blank=True, related_name="announcements")
    audience_language = models.CharField(_("home language"), max_length=8, blank=True,
                                         choices=LANGUAGE_CHOICES)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


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
