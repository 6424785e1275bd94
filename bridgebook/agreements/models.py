"""The home-school agreement and the admissions pack.

- ``Agreement``: a school's agreement and how it is kept (whether the NAS required
  statements are checked, how often it is reviewed).
- ``AgreementVersion``: one dated version; a draft is edited, a published version is never
  changed (a change is a new version, and families are asked again, shown what changed).
- ``Statement``: one statement of a version, in one of the four sections, in plain words and
  in easy read with symbols; ``nas_key`` names the NAS required statement it words.
- ``ReviewView``: a view of parents, carers or pupils gathered while reviewing the
  agreement, and the version it shaped.
- ``Signature``: one person's signature of one version for one pupil: a parent or carer
  (their own, each household separately) or the pupil themselves (by symbol if they need),
  with when, in which language and in which format they read it. Never a condition of
  anything.
- ``PackItem`` / ``PackDelivery``: the admissions pack a school assembles, and what each new
  family has had of it.
- ``PupilSigning``: staff have marked that a pupil has enough understanding to sign
  (by choosing a symbol, or with their name) when a member of staff sits with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from bridgebook.agreements.nas import KEY_CHOICES
from bridgebook.core.models import School
from bridgebook.people.codes import LANGUAGE_CHOICES
from bridgebook.people.models import Contact, Pupil


class Section(models.TextChoices):
    AIMS = "aims", _("Our aims and values")
    SCHOOL = "school", _("What the school will do")
    FAMILY = "family", _("What parents and carers will do")
    PUPIL = "pupil", _("What the school expects of pupils")


# The title an agreement has until the school changes it.
DEFAULT_TITLE = _("Home-school agreement")


def default_title() -> str:
    """The default title as stored: in English, whatever language the page that made the
    agreement was in (a family reads it in theirs from Bridgebook's own translations)."""
    with translation.override("en"):
        return str(DEFAULT_TITLE)


class Agreement(models.Model):
    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="agreement")
    title = models.CharField(_("title"), max_length=200, default=default_title)
    nas_check = models.BooleanField(
        _("check for the NAS required statements"), default=True,
        help_text=_("Switch off if the school is not an NAS school."))
    review_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=24)

    def __str__(self) -> str:
        return f"{self.title} ({self.school})"


class AgreementVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # What changed since the version before, in plain words, shown to families asked again.
    changes = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    review_due = models.DateField(_("review due"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"],
                                    name="agreement_version_unique"),
            # One draft at a time.
            models.UniqueConstraint(fields=["agreement"], condition=Q(status="draft"),
                                    name="agreement_one_draft"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number} ({self.status})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Statement(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE,
                                related_name="statements")
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("statement"))
    easy_read = models.TextField(
        _("easy read"), blank=True,
        help_text=_("Short sentences in everyday words, for pupils and families who need "
                    "them."))
    # Symbol hexcodes (bridgebook.diary.symbols) shown beside the easy-read text.
    symbols = models.JSONField(default=list, blank=True)
    nas_key = models.CharField(_("NAS required statement"), max_length=40, blank=True,
                               choices=KEY_CHOICES)
    # The statement of the version before that this one was copied from (a new draft
    # copies the last published version), so "what changed" is worked out statement by
    # statement: added, changed or removed.
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["version", "section", "order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ReviewView(models.Model):
    class Source(models.TextChoices):
        FAMILIES = "families", _("Parents and carers")
        PUPILS = "pupils", _("Pupils")
        STAFF = "staff", _("Staff")
        GOVERNORS = "governors", _("Governors")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="views")
    # The version this view shaped (the draft it was gathered for).
    version = models.ForeignKey(AgreementVersion, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="views")
    source = models.CharField(_("whose views"), max_length=16, choices=Source.choices)
    gathered_on = models.DateField(_("gathered on"))
    how = models.CharField(_("how they were gathered"), max_length=200, blank=True)
    summary = models.TextField(_("what they said"))
    response = models.TextField(_("what we changed"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-gathered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.gathered_on}"


class Format(models.TextChoices):
    TEXT = "text", _("Written")
    READ_ALOUD = "read_aloud", _("Read aloud")
    EASY_READ = "easy_read", _("Easy read with symbols")
    PDF = "pdf", _("Printed")
    WITH_STAFF = "with_staff", _("Read with a member of staff")


class Signature(models.Model):
    class Signer(models.TextChoices):
        CONTACT = "contact", _("Parent or carer")
        PUPIL = "pupil", _("Pupil")

    class Method(models.TextChoices):
        NAME = "name", _("Typed name")
        SYMBOL = "symbol", _("Symbol")
        PAPER = "paper", _("On paper, recorded by staff")

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT,
                                related_name="signatures")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE,
                              related_name="agreement_signatures")
    signer = models.CharField(max_length=16, choices=Signer.choices)
    # The parent or carer who signed (empty when the pupil signed).
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="agreement_signatures")
    method = models.CharField(max_length=16, choices=Method.choices, default=Method.NAME)
    # The name as typed, or the symbol's hexcode.
    mark = models.CharField(max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    signed_at = models.DateTimeField(default=timezone.now)
    # Who pressed the button: the parent themselves, or the member of staff who recorded a
    # paper signature or sat with the pupil.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "pupil", "contact"],
                                    condition=Q(signer="contact"),
                                    name="agreement_signature_contact_once"),
            models.UniqueConstraint(fields=["version", "pupil"], condition=Q(signer="pupil"),
                                    name="agreement_signature_pupil_once"),
            models.CheckConstraint(
                condition=(Q(signer="contact", contact__isnull=False)
                           | Q(signer="pupil", contact__isnull=True)),
                name="agreement_signature_signer"),
        ]

    def __str__(self) -> str:
        return f"{self.version} signed for {self.pupil_id} by {self.contact_id or 'pupil'}"


class PackItem(models.Model):
    """One document of a school's admissions pack: an uploaded file, or the home-school
    agreement itself (always its current published version)."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("The home-school agreement")
        DOCUMENT = "document", _("A document")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pack_items")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it is, in plain words"), blank=True)
    file = models.FileField(_("file"), upload_to="admissions/", blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["school", "order", "id"]

    def __str__(self) -> str:
        return self.title


class PackDelivery(models.Model):
    """The admissions pack sent to one parent or carer of a new pupil: which items it held,
    when it went, when they first opened it."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="pack_deliveries")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE,
                                related_name="pack_deliveries")
    items = models.ManyToManyField(PackItem, related_name="deliveries")
    # The agreement version the pack carried, if it carried one.
    version = models.ForeignKey(AgreementVersion, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "contact"], name="pack_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"Admissions pack for {self.pupil_id} to {self.contact_id}"


class PupilSigning(models.Model):
    """Staff judged that the pupil has enough understanding to sign the agreement
    themselves, with a member of staff beside them; ``by_symbol``: they sign by choosing a
    symbol rather than writing their name."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE,
                                 related_name="agreement_signing")
    by_symbol = models.BooleanField(_("signs by choosing a symbol"), default=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Pupil {self.pupil_id} signs the agreement"
