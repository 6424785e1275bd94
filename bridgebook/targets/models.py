"""A pupil's plan: EHCP outcomes by area of need, the Key Personal Learning Targets (KPLTs)
under them, progress on the school's scale, Engagement Model notes, strategies for home, and
the evidence from school and home that shows each target being met.

A pupil has one current plan at a time (a school year's, or a review's); the next one is made
by copying the outcomes and the targets still being worked on (``actions.do_copy_plan``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.choices import ChoiceLabels
from bridgebook.core.models import School
from bridgebook.people.models import Household, Pupil

# What families are told when a target is set, changed or achieved (``Message.kind``).
TARGET_NOTICE = "target"

# The school's progress scale when it has not chosen its own, lowest first.
DEFAULT_STEPS = [_("Not yet"), _("Emerging"), _("Developing"), _("Secure"), _("Generalised")]


class Area(models.TextChoices):
    """The four broad areas of need of the SEND Code of Practice, and preparing for
    adulthood, which every plan covers from Year 9."""

    COMMUNICATION = "communication", _("Communication and interaction")
    COGNITION = "cognition", _("Cognition and learning")
    SEMH = "semh", _("Social, emotional and mental health")
    SENSORY = "sensory", _("Sensory and/or physical")
    ADULTHOOD = "adulthood", _("Preparing for adulthood")


class EngagementArea(models.TextChoices):
    """The statutory Engagement Model's five areas, for pupils not yet in subject-specific
    learning."""

    EXPLORATION = "exploration", _("Exploration")
    REALISATION = "realisation", _("Realisation")
    ANTICIPATION = "anticipation", _("Anticipation")
    PERSISTENCE = "persistence", _("Persistence")
    INITIATION = "initiation", _("Initiation")


class ProgressScale(models.Model):
    """The steps a school records progress on, lowest first (the default when it has none)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE,
                                  related_name="progress_scale")
    steps = models.JSONField(_("steps"), default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.school}: {', '.join(self.steps)}"


class Plan(models.Model):
    """A pupil's outcomes and targets for a year (or from a review until the next)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="target_plans")
    title = models.CharField(_("name of the plan"), max_length=80,
                             help_text=_("For example, 2026 to 2027, or After the March review"))
    starts_on = models.DateField(_("starts on"))
    is_current = models.BooleanField(default=True)
    engagement_model = models.BooleanField(
        _("uses the Engagement Model"), default=False,
        help_text=_("For a pupil not yet in subject-specific learning: record notes on "
                    "exploration, realisation, anticipation, persistence and initiation."))
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["pupil"], condition=Q(is_current=True),
                                    name="target_plan_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil}: {self.title}"

    @property
    def school(self):
        return self.pupil.school


class Outcome(ChoiceLabels):
    """An EHCP outcome: what the pupil will achieve in an area of need, in the plan's words."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    area = models.CharField(_("area of need"), max_length=16, choices=Area.choices)
    text = models.TextField(_("outcome"), help_text=_("As the EHC plan says it."))
    position = models.PositiveSmallIntegerField(default=0)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def school(self):
        return self.plan.pupil.school


class Target(ChoiceLabels):
    """A Key Personal Learning Target under an outcome."""

    class Status(models.TextChoices):
        OPEN = "open", _("Working on it")
        ACHIEVED = "achieved", _("Achieved")
        CARRIED_OVER = "carried_over", _("Carried over")
        DROPPED = "dropped", _("No longer a target")

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="targets")
    # The outcome's pupil, kept here so a pupil's targets are one query.
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="targets")
    text = models.CharField(_("target"), max_length=300,
                            help_text=_("In plain words a family would use."))
    success_criteria = models.TextField(
        _("how we will know"), blank=True,
        help_text=_("What the pupil will do, how often and where, when the target is met."))
    start_date = models.DateField(_("start date"))
    review_date = models.DateField(_("review date"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="owned_targets",
                              verbose_name=_("who leads it"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.OPEN)
    version = models.PositiveIntegerField(default=1)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="copies")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["pupil", "status"])]

    def __str__(self) -> str:
        return self.text

    @property
    def school(self):
        return self.pupil.school

    @property
    def is_worked_on(self) -> bool:
        """Open, in the pupil's current plan: what evidence and progress are recorded for."""
        return self.status == self.Status.OPEN and self.outcome.plan.is_current


class TargetNotice(models.Model):
    """A change to a target that families are told about: its id is the messages'
    ``source_id``, so each change is told once."""

    class Change(models.TextChoices):
        SET = "set", _("Set")
        CHANGED = "changed", _("Changed")
        ACHIEVED = "achieved", _("Achieved")

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="notices")
    change = models.CharField(max_length=10, choices=Change.choices)
    version = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target", "version", "change"],
                                               name="target_notice_once")]

    def __str__(self) -> str:
        return f"{self.target_id} {self.change} v{self.version}"


class Progress(models.Model):
    """Where a target stood on a day, on the school's scale (``step`` counts from 0)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="progress")
    step = models.PositiveSmallIntegerField(_("progress"))
    note = models.TextField(_("what we saw"), blank=True)
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_on", "pk"]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.step} on {self.recorded_on}"

    @property
    def school(self):
        return self.target.pupil.school


class EngagementNote(ChoiceLabels):
    """A note on one of the Engagement Model's areas, over time."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="engagement_notes")
    area = models.CharField(_("area"), max_length=16, choices=EngagementArea.choices)
    note = models.TextField(_("what we noticed"))
    noticed_on = models.DateField(_("date"))
    target = models.ForeignKey(Target, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="engagement_notes",
                               verbose_name=_("about the target"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-noticed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.area} {self.noticed_on}"

    @property
    def school(self):
        return self.pupil.school


class Strategy(models.Model):
    """What works for the pupil, in plain words, so home and school use the same approach."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="strategies")
    text = models.TextField(_("what works"))
    position = models.PositiveSmallIntegerField(default=0)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def school(self):
        return self.pupil.school

    @property
    def review_ref(self) -> str:
        """The translation review queue's name for this strategy's text."""
        return f"strategy:{self.pk}"


class Evidence(models.Model):
    """Something from school or home that shows progress towards one or more targets: a
    book entry (school's, or the family's own from home), a photo, or a few words."""

    class Source(models.TextChoices):
        BOOK = "book", _("Home-school book")
        PHOTO = "photo", _("Photo")
        HOME = "home", _("From home")
        SCHOOL = "school", _("From school")
        QUESTIONNAIRE = "questionnaire", _("Questionnaire")

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="evidence")
    targets = models.ManyToManyField(Target, related_name="evidence")
    source = models.CharField(max_length=16, choices=Source.choices)
    from_family = models.BooleanField(default=False)
    entry = models.ForeignKey("diary.Entry", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+")
    photo = models.ForeignKey("diary.Photo", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+")
    note = models.TextField(_("what happened"), blank=True)
    happened_on = models.DateField(_("when"))
    language = models.CharField(max_length=8, default="en")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    # What a family member writes is their household's, as in the book, unless shared.
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    shared_with_all = models.BooleanField(
        _("share with everyone who hears from school about this child"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry"], condition=Q(entry__isnull=False),
                                    name="evidence_one_per_entry"),
            models.UniqueConstraint(fields=["photo", "pupil"], condition=Q(photo__isnull=False),
                                    name="evidence_one_per_photo"),
        ]
        indexes = [models.Index(fields=["pupil", "-happened_on"])]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.source} {self.happened_on}"

    @property
    def school(self):
        return self.pupil.school

