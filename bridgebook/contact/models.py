"""The contact log, termly contact coverage and home visits.

- ``ContactRecord``: one conversation between a member of staff and a pupil's family (a
  call, a meeting in school, a home visit, a video call, an appointment, a parents'
  evening), with the household reached. A message sent is not contact and never makes one.
  ``source_key`` ties a record to what made it ("visit:3", "appointment:12"): one record
  per source, however often it is asked.
- ``FollowUp``: something promised in a conversation, with whose it is and by when.
- ``HomeVisit``: a planned visit to a household, with its purpose, staff (in pairs where the
  school requires), the colleague alerted if the visiting staff do not check out (the
  "buddy"), and what came of it.
- ``ContactSettings``: a school's rules for home visits (pairs, alert and escalation
  minutes, the senior leader) and for the termly reminder.
- ``StaffPhone``: a member of staff's mobile number, for lone-working alerts by text.
- ``TermReminder``: a class teacher reminded this term (so the daily job reminds once).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.models import School, Term
from bridgebook.people.codes import LANGUAGE_CHOICES
from bridgebook.people.models import Contact, Household, Pupil, SchoolClass

# messaging.Message.kind of the advice shared after a home visit (at most 16 characters).
VISIT_ADVICE = "visit_advice"


class ContactRecord(models.Model):
    class How(models.TextChoices):
        PHONE = "phone", _("Phone call")
        IN_SCHOOL = "in_school", _("In school")
        HOME_VISIT = "home_visit", _("Home visit")
        VIDEO = "video", _("Video call")
        APPOINTMENT = "appointment", _("Appointment")
        PARENTS_EVENING = "parents_evening", _("Parents’ evening")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="contact_records")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="contact_records")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="contact_records")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="contact_records")
    happened_at = models.DateTimeField(_("when"))
    how = models.CharField(_("how"), max_length=20, choices=How.choices)
    about = models.TextField(_("what about"))
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    source_key = models.CharField(max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source_key"], condition=~Q(source_key=""),
                                    name="contact_record_unique_source"),
        ]
        indexes = [models.Index(fields=["pupil", "happened_at"]),
                   models.Index(fields=["school", "happened_at"])]

    def __str__(self) -> str:
        return f"{self.get_how_display()} about {self.pupil_id} on {self.happened_at:%Y-%m-%d}"


class FollowUp(models.Model):
    record = models.ForeignKey(ContactRecord, on_delete=models.CASCADE,
                               related_name="follow_ups")
    what = models.CharField(_("follow-up"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="contact_follow_ups")
    due_on = models.DateField(_("due by"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what


class HomeVisit(models.Model):
    class Purpose(models.TextChoices):
        PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
        IT = "it", _("Information technology")
        COMMUNICATION = "communication", _("Communication")
        FAMILY_SUPPORT = "family_support", _("Family support")
        TRANSITION = "transition", _("Transition")
        OTHER = "other", _("Other")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="home_visits")
    household = models.ForeignKey(Household, null=True, on_delete=models.SET_NULL,
                                  related_name="home_visits")
    # Copied from the household when the visit is planned: the alert names where the staff
    # went, even if the family moves afterwards.
    address = models.TextField(_("address"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    purpose_note = models.CharField(_("more about the purpose"), max_length=200, blank=True)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="home_visits_led")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="home_visits_joined")
    buddy = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="home_visits_watched")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("expected end"))
    interpreter_language = models.CharField(_("interpreter for"), max_length=8, blank=True,
                                            choices=LANGUAGE_CHOICES)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.CharField(_("why the visit is cancelled"), max_length=300,
                                     blank=True)
    # Lone working.
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    checked_out_at = models.DateTimeField(null=True, blank=True)
    checked_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    alerted_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # Each channel of each alert, stamped when it went (claimed just before sending and
    # cleared again if sending failed, so the next run of check_home_visits retries it).
    alert_emailed_at = models.DateTimeField(null=True, blank=True)
    alert_texted_at = models.DateTimeField(null=True, blank=True)
    escalation_emailed_at = models.DateTimeField(null=True, blank=True)
    escalation_texted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    # Afterwards.
    outcome = models.TextField(_("outcome"), blank=True)
    advice = models.TextField(_("advice for the family"), blank=True)
    written_up_at = models.DateTimeField(null=True, blank=True)
    written_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="home_visit_ends_after_start"),
        ]
        indexes = [models.Index(fields=["checked_in_at", "checked_out_at"]),
                   models.Index(fields=["pupil", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} visit on {self.starts_at:%Y-%m-%d}"

    @property
    def staff_ids(self) -> set[int]:
        return {self.lead_id, self.second_id} - {None}

    @property
    def is_out(self) -> bool:
        """Checked in and not out yet: the staff are in the home now (or should have left)."""
        return bool(self.checked_in_at and not self.checked_out_at)

    @property
    def source_key(self) -> str:
        return f"visit:{self.pk}"

    @property
    def is_planned(self) -> bool:
        """Not cancelled and nobody checked in yet: it may still be changed or cancelled."""
        return not self.cancelled_at and not self.checked_in_at and not self.written_up_at

    @property
    def named_ids(self) -> set[int]:
        """The people named on the visit: the visiting staff, the colleague to alert and
        whoever it escalated to."""
        return {self.lead_id, self.second_id, self.buddy_id, self.escalated_to_id} - {None}

    def can_write_up(self, now=None) -> bool:
        """Written up once checked in, or (nobody checked in) once it has started and
        someone confirms it happened; never a cancelled or future visit."""
        if self.cancelled_at or self.written_up_at:
            return False
        return bool(self.checked_in_at) or (now or timezone.now()) >= self.starts_at


class ContactSettings(models.Model):
    """A school's rules for home visits and the termly reminder (defaults until saved)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE,
                                  related_name="contact_settings")
    pairs_required = models.BooleanField(
        _("Home visits are made in pairs"), default=False,
        help_text=_("A visit cannot be planned with one member of staff alone."))
    alert_after_minutes = models.PositiveSmallIntegerField(
        _("Minutes after the expected end before the colleague is alerted"), default=15)
    escalate_after_minutes = models.PositiveSmallIntegerField(
        _("Minutes after that alert before a senior leader is alerted"), default=30,
        help_text=_("If nobody has acknowledged the first alert by then."))
    senior_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("Senior leader to escalate to"),
        help_text=_("If nobody is chosen, the principal."))
    remind_weeks_before = models.PositiveSmallIntegerField(
        _("Weeks before the end of term to remind class teachers"), default=3)

    def __str__(self) -> str:
        return f"Contact settings for {self.school_id}"

    @property
    def alert_after(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.alert_after_minutes)

    @property
    def escalate_after(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.escalate_after_minutes)


class StaffPhone(models.Model):
    """A member of staff's mobile number, used only for lone-working alerts."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="staff_phone")
    mobile = models.CharField(_("Mobile number"), max_length=20)

    def __str__(self) -> str:
        return self.mobile


class TermReminder(models.Model):
    """A class teacher reminded of the families not yet reached in a term (committed with
    the email sent, so the daily job reminds each of them once a term and tries again
    the next day when sending failed)."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    families = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "school_class", "user"],
                                               name="term_reminder_once")]

    def __str__(self) -> str:
        return f"Reminder for class {self.school_class_id} in term {self.term_id}"
