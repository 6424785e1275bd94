"""Machine translations kept for reuse, the glossary of school and SEN terms, and the human
review of important texts before they reach a language's families."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.models import School, Trust
from bridgebook.people.codes import LANGUAGE_CHOICES, RTL_LANGUAGES


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache(models.Model):
    """One backend's answer for one text in one language pair.

    The text stored is what the backend was given and gave back, with glossary terms still
    as placeholders, so changing a glossary translation needs no invalidation.
    """

    source_hash = models.CharField(max_length=64)
    source = models.CharField(max_length=8)
    target = models.CharField(max_length=8)
    backend = models.CharField(max_length=40)
    source_text = models.TextField()
    translated_text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_hash", "source", "target", "backend"],
                                    name="translation_cache_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source}→{self.target} {self.source_text[:40]}"


class GlossaryTerm(models.Model):
    """A school or SEN term kept intact by translation, with a plain explanation.

    A term belongs to one school, to a whole trust, or (neither) is one of the standard
    terms every school starts with. A school's own term overrides a trust's, which overrides
    the standard one of the same name.
    """

    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="glossary_terms")
    trust = models.ForeignKey(Trust, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="glossary_terms")
    term = models.CharField(_("term"), max_length=80)
    explanation = models.TextField(
        _("plain explanation"),
        help_text=_("In plain English, as you would explain it to a parent."))
    # Agreed translations of the term itself: {"ur": "...", "pl": "..."}. A language without
    # one keeps the term as it is.
    translations = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["term"]
        constraints = [
            models.CheckConstraint(condition=Q(school__isnull=True) | Q(trust__isnull=True),
                                   name="glossary_term_one_scope"),
            models.UniqueConstraint(fields=["school", "term"], condition=Q(school__isnull=False),
                                    name="glossary_term_unique_school"),
            models.UniqueConstraint(fields=["trust", "term"], condition=Q(trust__isnull=False),
                                    name="glossary_term_unique_trust"),
            models.UniqueConstraint(fields=["term"],
                                    condition=Q(school__isnull=True, trust__isnull=True),
                                    name="glossary_term_unique_standard"),
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def scope(self) -> str:
        if self.school_id:
            return "school"
        if self.trust_id:
            return "trust"
        return "standard"

    def translation_for(self, language: str) -> str:
        return self.translations.get(language) or self.term


class ReviewRequest(models.Model):
    """A human check of one text's translation into one language before it is sent."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        # What asked for it went ahead without the check (an announcement sent to its
        # readers unchecked): it leaves the queue; asking again puts it back.
        WITHDRAWN = "withdrawn", _("No longer needed")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="review_requests")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    # What asked for it, e.g. "announcement:12", so the sender's page can find its own.
    ref = models.CharField(max_length=100)
    purpose = models.CharField(max_length=200, blank=True)
    source_text = models.TextField()
    # The language source_text is written in (an announcement may be written in Polish).
    source_language = models.CharField(_("original language"), max_length=8,
                                       choices=LANGUAGE_CHOICES, default="en")
    machine_text = models.TextField(blank=True)
    machine_backend = models.CharField(max_length=40, blank=True)
    reviewed_text = models.TextField(_("translation"), blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ref", "language"], name="review_request_unique"),
        ]
        indexes = [models.Index(fields=["school", "status", "language"])]

    def __str__(self) -> str:
        return f"{self.ref} ({self.language}): {self.status}"

    @property
    def is_rtl(self) -> bool:
        return self.language in RTL_LANGUAGES
