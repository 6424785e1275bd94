"""Concerns a family raises with their child's class or residential staff.

The NAS policy: "Parents/carers/schools are encouraged to raise any concerns with class or
residential staff." A concern is the informal, early step; it is not a complaint. A school's
complaints procedure is a separate, formal process the school publishes: Bridgebook only
links to it (``ConcernSettings.complaints_procedure_url``), once a concern a senior leader
has looked at is still not resolved, or a senior leader has had it for the school's time
to acknowledge again without proposing how to resolve it. When the family makes a
complaint, staff record that the concern was passed to the complaints procedure: that
closes the concern (it is dealt with there).

- ``Concern``: what one family member raised about one child, in their own words and
  language, with whom (class or residential staff), whether they would like to meet, and
  where it stands (``status``) with the time of each step.
- ``ConcernEntry``: each step and each piece of writing on it, in order: acknowledged (who
  is dealing with it), a note (staff only), an update (shared with the family), a
  resolution proposed, the family's answer, an escalation. The family reads every entry
  but notes. An escalation's words are the family member's own reason, when they passed it
  on; staff who pass it on write their reason for the senior leader as a note after it.
- ``ConcernSettings``: the school's time to acknowledge (school days), its complaints
  procedure link and who concerns are escalated to.

Each family member's concern is their own: the other parent, in the same home or another,
does not see it (``access``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.models import School
from bridgebook.people.models import Contact, Pupil

# messaging.Message.kind of what a family is told about their concern (at most 16).
CONCERN_NOTICE = "concern"
DEFAULT_ACKNOWLEDGE_DAYS = 2


class Addressed(models.TextChoices):
    CLASS = "class", _("Class staff")
    RESIDENTIAL = "residential", _("Residential staff")


class Status(models.TextChoices):
    RAISED = "raised", _("Raised")
    ACKNOWLEDGED = "acknowledged", _("Being worked on")
    PROPOSED = "proposed", _("Resolution proposed")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    ESCALATED = "escalated", _("With a senior leader")
    RESOLVED = "resolved", _("Resolved")
    # Closed: the family made a complaint, dealt with under the school's complaints
    # procedure (a separate, formal process).
    COMPLAINTS = "complaints", _("Passed to the complaints procedure")


OPEN_STATUSES = [Status.RAISED, Status.ACKNOWLEDGED, Status.PROPOSED, Status.NOT_RESOLVED,
                 Status.ESCALATED]


class Concern(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="concerns")
    # The family member who raised it: theirs alone to read and answer.
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    addressed_to = models.CharField(_("raised with"), max_length=12, choices=Addressed.choices,
                                    default=Addressed.CLASS)
    text = models.TextField(_("the concern"))
    # The language the family member wrote in, so staff read it marked as translated.
    language = models.CharField(max_length=8, default="en")
    wants_meeting = models.BooleanField(_("would like to meet"), default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RAISED)
    raised_at = models.DateTimeField(default=timezone.now)
    # The last school day by which it should be acknowledged (the school's time then).
    acknowledge_by = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    # Who is dealing with it now: named on acknowledgement, a senior leader once escalated.
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="concerns_handled")
    escalated_at = models.DateTimeField(null=True, blank=True)
    # The last school day by which the senior leader should propose how to resolve it (the
    # school's time to acknowledge, counted again from the day it was escalated): after
    # it, the family is shown the complaints procedure.
    propose_by = models.DateField(null=True, blank=True)
    # When staff recorded that it was passed to the complaints procedure (closing it).
    complaints_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The last time the family said a proposed resolution did not resolve it.
    not_resolved_at = models.DateTimeField(null=True, blank=True)
    # When class or residential staff were told of it, and when the daily job told the
    # school's leaders it was not acknowledged in time (each claimed once).
    staff_told_at = models.DateTimeField(null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["school", "status"]),
                   models.Index(fields=["pupil", "raised_at"])]

    def __str__(self) -> str:
        return f"Concern {self.pk} about pupil {self.pupil_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None

    def is_overdue(self, today) -> bool:
        """Not acknowledged by the end of the school day it was due."""
        return self.status == Status.RAISED and today > self.acknowledge_by

    @property
    def offers_complaints_procedure(self) -> bool:
        """Looked at by a senior leader and still not resolved: the family is shown the
        school's complaints procedure."""
        return self.is_escalated and self.status == Status.NOT_RESOLVED

    def is_waiting_for_proposal(self, today) -> bool:
        """With a senior leader past the school day by which they should have proposed
        how to resolve it (``propose_by``), with no proposal."""
        return (self.status == Status.ESCALATED and self.propose_by is not None
                and today > self.propose_by)

    def complaints_procedure_shown(self, today) -> bool:
        """Whether the family is shown the school's complaints procedure: still not
        resolved after a senior leader looked at it, no proposal from the senior leader
        in time, or passed to the complaints procedure already."""
        return (self.offers_complaints_procedure or self.is_waiting_for_proposal(today)
                or self.status == Status.COMPLAINTS)


class ConcernEntry(models.Model):
    class Kind(models.TextChoices):
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        NOTE = "note", _("Note for staff")
        UPDATE = "update", _("Update")
        PROPOSAL = "proposal", _("Resolution proposed")
        AGREED = "agreed", _("Resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")
        ESCALATED = "escalated", _("Passed to a senior leader")
        COMPLAINTS = "complaints", _("Passed to the complaints procedure")

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    # Whom it names: who deals with it (acknowledged) or the senior leader (escalated).
    named = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    from_family = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "concern entries"

    def __str__(self) -> str:
        return f"{self.kind} on concern {self.concern_id}"

    @property
    def is_shared(self) -> bool:
        """Read by the family (everything but staff's notes)."""
        return self.kind != self.Kind.NOTE


class ConcernSettings(models.Model):
    """A school's rules for concerns (the defaults until saved)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE,
                                  related_name="concern_settings")
    acknowledge_within_days = models.PositiveSmallIntegerField(
        _("School days to acknowledge a concern"), default=DEFAULT_ACKNOWLEDGE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Counted from the day after it is raised, on school days only (weekdays "
                    "in term time)."))
    complaints_procedure_url = models.URLField(
        _("Link to the school’s complaints procedure"), blank=True,
        help_text=_("Shown to a family whose concern is still not resolved after a senior "
                    "leader has looked at it."))
    senior_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("Senior leader concerns are escalated to"),
        help_text=_("If nobody is chosen: the first senior leader, else the principal."))

    def __str__(self) -> str:
        return f"Concern settings for {self.school_id}"
