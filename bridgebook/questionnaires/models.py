"""Baseline questionnaires: what a school asks families about their child, and their answers.

- A school's **templates** (``QuestionnaireTemplate``) hold its **questions**, each about
  a topic (behaviour, communication, sleep...) and of a kind: a choice, a scale, free
  text, or a picture choice with OpenMoji symbols. Every school starts with the standard
  baseline (``standard.py``) and edits it; a removed question is kept (``removed_at``) so
  the answers given to it stay readable.
- A **round** (``QuestionnaireRound``) is a template sent for some pupils on a date
  ("Autumn term 2026 baseline"); it keeps the questions it was sent with, in order.
- A **request** (``QuestionnaireRequest``) is one pupil and one contact: every contact
  entitled to information about the pupil, never a restricted one, each separately, so
  separated parents answer separately and never see each other's answers.
- An **answer** per request and question: the options chosen (a scale's point is one), text
  in the language it was written in, and an optional voice recording (``VoiceRecording``:
  kept under a random token, served only through ``questionnaires:recording``).

Staff read a request's answers once the family member sends them to school.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.models import School
from bridgebook.people.models import Contact, Pupil


class Topic(models.TextChoices):
    """What the questions are about, in the order a questionnaire asks them (the baseline
    areas of the Mapledown policy, and the NAS Quality of Life question of what matters to
    the pupil and the family now and for the future)."""

    BEHAVIOUR = "behaviour", _("Behaviour")
    COMMUNICATION = "communication", _("Communication")
    SLEEP = "sleep", _("Sleep")
    EATING = "eating", _("Eating and drinking")
    TOILETING = "toileting", _("Toileting")
    MOBILITY = "mobility", _("Moving about")
    ENJOYS = "enjoys", _("What your child enjoys")
    UPSETS = "upsets", _("What upsets your child")
    MATTERS = "matters", _("What matters to your family")


TOPIC_ORDER = {value: index for index, value in enumerate(Topic.values)}


class Kind(models.TextChoices):
    CHOICE = "choice", _("Choice")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Free text")
    PICTURE = "picture", _("Picture choice (with symbols)")


class QuestionnaireTemplate(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE,
                               related_name="questionnaire_templates")
    name = models.CharField(_("name"), max_length=120)
    intro = models.TextField(_("what families read first"), blank=True)
    # The baseline every school starts with (one per school, made on first use).
    is_standard = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_standard", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school"], condition=models.Q(is_standard=True),
                                    name="questionnaire_one_standard_per_school"),
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """One question of a template. ``options`` (choice and picture choice) is a list of
    {"key", "label", "symbol"}: the key never changes once given, so answers keep
    meaning what they meant when the wording of an option is changed."""

    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE,
                                 related_name="questions")
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    hint = models.CharField(_("hint"), max_length=300, blank=True)
    options = models.JSONField(default=list, blank=True)
    multiple = models.BooleanField(_("families may choose more than one"), default=False)
    scale_max = models.PositiveSmallIntegerField(_("points on the scale"), default=5)
    low_label = models.CharField(_("what 1 means"), max_length=80, blank=True)
    high_label = models.CharField(_("what the top of the scale means"), max_length=80,
                                  blank=True)
    position = models.PositiveIntegerField(default=0)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["template", "position", "id"]
        indexes = [models.Index(fields=["template", "position"])]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in (Kind.CHOICE, Kind.PICTURE)

    def option_label(self, key: str) -> str:
        for option in self.options:
            if option.get("key") == key:
                return option.get("label", key)
        return key

    def option_symbol(self, key: str) -> str:
        for option in self.options:
            if option.get("key") == key:
                return option.get("symbol", "")
        return ""


class QuestionnaireRound(models.Model):
    """A template sent for some pupils on a date; ``question_ids`` are the questions it
    was sent with, in the order families answer them."""

    school = models.ForeignKey(School, on_delete=models.CASCADE,
                               related_name="questionnaire_rounds")
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.PROTECT,
                                 related_name="rounds")
    name = models.CharField(_("name"), max_length=120,
                            help_text=_("For example, Autumn term 2026 baseline"))
    sent_on = models.DateField(_("sent on"))
    question_ids = models.JSONField(default=list)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["school", "-sent_on"])]

    def __str__(self) -> str:
        return self.name


class QuestionnaireRequest(models.Model):
    """One pupil's questionnaire for one contact to answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not sent yet")
        SENT = "sent", _("Sent to school")

    round = models.ForeignKey(QuestionnaireRound, on_delete=models.CASCADE,
                              related_name="requests")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE,
                              related_name="questionnaire_requests")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE,
                                related_name="questionnaire_requests")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    answered = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "pupil", "contact"]
        constraints = [
            models.UniqueConstraint(fields=["round", "pupil", "contact"],
                                    name="questionnaire_request_unique"),
        ]
        indexes = [models.Index(fields=["contact", "status"]),
                   models.Index(fields=["pupil", "round"])]

    def __str__(self) -> str:
        return f"{self.round} – {self.pupil} – {self.contact}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Answer(models.Model):
    """A contact's answer to one question: ``choices`` (option keys; a scale's point as
    its number), ``text`` in ``language`` (what a family member wrote in: detected, else
    theirs), and perhaps a voice recording."""

    request = models.ForeignKey(QuestionnaireRequest, on_delete=models.CASCADE,
                                related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=8, default="en")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["request", "question"]
        constraints = [
            models.UniqueConstraint(fields=["request", "question"],
                                    name="questionnaire_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text or ', '.join(self.choices)}"

    @property
    def is_empty(self) -> bool:
        return not self.choices and not self.text.strip() and not self.has_recording

    @property
    def has_recording(self) -> bool:
        return getattr(self, "recording", None) is not None


def recording_path(instance, filename: str) -> str:
    return (f"questionnaires/{instance.school_id}/{timezone.now():%Y/%m}/"
            f"{instance.token}.{instance.extension}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class VoiceRecording(models.Model):
    """A family member's spoken answer, kept with it: checked by its first bytes, stored
    under a random name in the default storage (never served from MEDIA_URL), played only
    through ``questionnaires:recording`` to staff who may see the pupil and to the person
    who recorded it."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="recording")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=40, unique=True, default=new_token)
    file = models.FileField(upload_to=recording_path)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Recording for {self.answer_id}"
