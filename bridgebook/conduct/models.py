"""The log of unacceptable conduct by adults towards a school's staff.

The NAS policy's home-school agreement says "Harassment, intimidation, threatening
behaviour, physical violence and other forms of abusive conduct (including by way of social
media like Facebook and twitter) will not be tolerated, and may lead to police involvement".
A senior leader records each incident here; only the school's senior leaders and principal
ever read it (``bridgebook.conduct.access``).

- ``ConductIncident``: what an adult did, when and how, to which staff, the agreement
  statement it breaches (its words copied when recorded, so the record keeps them whatever
  the agreement becomes), open or closed. The adult is a contact of the school, or someone
  else recorded by name and description.
- ``ConductAction``: what the school did about it, with the date (a warning letter, a
  meeting, the police informed, contact kept to one channel...).
- ``ConductReview``: a date to look at the incident again, and what the review decided.
- ``ConductSettings``: how long the school keeps an incident (months).

``keep_from`` is the day the retention period of an incident is counted from: the day it was
closed; while it is open, the latest of the last day anything was written to it and its
review and action dates (so an open incident with a review to come is kept at least the
school's period after that review). The actions keep it up to date; ``prune_conduct_incidents``
deletes what has run out.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.agreements.models import Statement
from bridgebook.core.models import School
from bridgebook.people.models import Contact, Pupil

DEFAULT_RETENTION_MONTHS = 36
MAX_RETENTION_MONTHS = 600


class ConductIncident(models.Model):
    class How(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        MESSAGE = "message", _("By message (text, app or letter)")
        EMAIL = "email", _("By email")
        SOCIAL_MEDIA = "social_media", _("On social media")
        OTHER = "other", _("Another way")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    # Who: a contact of the school, or someone else by name and description. The name is
    # copied from the contact when recorded, so the record still says who if the contact
    # is removed from the school's records.
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("contact"))
    person_name = models.CharField(_("name of the adult"), max_length=200)
    person_description = models.TextField(_("who they are"), blank=True)
    pupil = models.ForeignKey(Pupil, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("pupil it relates to"))
    occurred_on = models.DateField(_("date"))
    occurred_time = models.TimeField(_("time"), null=True, blank=True)
    how = models.CharField(_("how"), max_length=16, choices=How.choices)
    how_detail = models.CharField(_("more about how"), max_length=200, blank=True)
    what_happened = models.TextField(_("what happened"))
    staff_affected = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                            related_name="+",
                                            verbose_name=_("staff affected"))
    # The statement of the school's published agreement it breaches, with its words as
    # they were; without an agreement, the NAS required statement's key and words.
    statement = models.ForeignKey(Statement, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    statement_key = models.CharField(max_length=40, blank=True)
    statement_text = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    keep_from = models.DateField()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["school", "status", "occurred_on"]),
                   models.Index(fields=["school", "keep_from"])]

    def __str__(self) -> str:
        return f"Conduct incident {self.pk} on {self.occurred_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def person_key(self) -> str:
        """Who the incident is about, for the subject-access export: the contact, or the
        name as recorded (the same name in any case is the same key)."""
        if self.contact_id:
            return f"contact:{self.contact_id}"
        return f"name:{self.person_name.strip().casefold()}"


class ConductAction(models.Model):
    class Kind(models.TextChoices):
        WARNING_LETTER = "warning_letter", _("Warning letter")
        MEETING = "meeting", _("Meeting")
        POLICE = "police", _("Police informed")
        ONE_CHANNEL = "one_channel", _("Contact restricted to one channel")
        SITE = "site", _("Not allowed on the school site")
        OTHER = "other", _("Other")

    incident = models.ForeignKey(ConductIncident, on_delete=models.CASCADE,
                                 related_name="actions")
    kind = models.CharField(_("action"), max_length=16, choices=Kind.choices)
    taken_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.taken_on:%Y-%m-%d}"


class ConductReview(models.Model):
    incident = models.ForeignKey(ConductIncident, on_delete=models.CASCADE,
                                 related_name="reviews")
    due_on = models.DateField(_("review date"))
    held_on = models.DateField(_("reviewed on"), null=True, blank=True)
    note = models.TextField(_("what the review decided"), blank=True)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Review due {self.due_on:%Y-%m-%d}"


class ConductSettings(models.Model):
    """A school's rules for its conduct log (the defaults until it saves its own)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    retention_months = models.PositiveSmallIntegerField(
        _("Keep each incident for this many months"), default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_("Counted from the day an incident is closed. An open incident is "
                    "counted from the last day anything was written to it, or its latest "
                    "review or action date if that is later."))

    def __str__(self) -> str:
        return f"Conduct log settings for {self.school_id}"
