"""Classes, pupils, households and the contacts who care for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from bridgebook.core.choices import ChoiceLabels
from bridgebook.core.models import School
from bridgebook.people.codes import (
    LANGUAGE_CHOICES,
    AreaOfNeed,
    Channel,
    CommunicationMethod,
    PhotoConsent,
    Relationship,
    language_name,
)


class SchoolClass(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("name"), max_length=60)
    year_group = models.CharField(_("year group"), max_length=20, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ClassStaff", related_name="classes", blank=True
    )

    class Meta:
        ordering = ["school", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="class_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ClassStaff(models.Model):
    """A member of staff working with a class; the class teacher owns termly contact."""

    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE,
                                     related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="class_memberships")
    is_class_teacher = models.BooleanField(_("class teacher"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school_class", "user"], name="class_staff_unique"),
        ]

    def __str__(self) -> str:
        role = "class teacher" if self.is_class_teacher else "staff"
        return f"{self.user} ({role}, {self.school_class})"


class ResidentialGroup(models.Model):
    """A residential (boarding) house or group at a school that boards, whose care staff
    see its pupils (``core.access``: a group-scoped role, as class staff see their class)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE,
                               related_name="residential_groups")
    name = models.CharField(_("name"), max_length=60)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ResidentialStaff", related_name="residential_groups",
        blank=True)

    class Meta:
        ordering = ["school", "name"]
        verbose_name = _("residential group")
        verbose_name_plural = _("residential groups")
        constraints = [
            models.UniqueConstraint(fields=["school", "name"],
                                    name="residential_group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ResidentialStaff(models.Model):
    """A member of staff working in a residential group."""

    group = models.ForeignKey(ResidentialGroup, on_delete=models.CASCADE,
                              related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="residential_memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="residential_staff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.group})"


class Pupil(ChoiceLabels):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    school_class = models.ForeignKey(SchoolClass, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="pupils",
                                     verbose_name=_("class"))
    # Only at a school that boards: the residential group the pupil lives in.
    residential_group = models.ForeignKey(ResidentialGroup, null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="pupils",
                                          verbose_name=_("residential group"))
    legal_first_name = models.CharField(_("legal first name"), max_length=100)
    legal_last_name = models.CharField(_("legal last name"), max_length=100)
    preferred_first_name = models.CharField(_("preferred first name"), max_length=100,
                                            blank=True)
    preferred_last_name = models.CharField(_("preferred last name"), max_length=100,
                                           blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    upn = models.CharField(_("UPN"), max_length=13, blank=True,
                           help_text=_("Unique Pupil Number: a letter and 12 digits."))
    mis_id = models.CharField(_("MIS id"), max_length=40, blank=True)
    admission_date = models.DateField(_("admission date"), null=True, blank=True)
    leaving_date = models.DateField(_("leaving date"), null=True, blank=True)
    has_ehcp = models.BooleanField(_("has an EHC plan"), default=False)
    areas_of_need = models.JSONField(_("areas of need"), default=list, blank=True)
    communication = models.JSONField(_("how they communicate"), default=list, blank=True)
    communication_notes = models.TextField(_("communication notes"), blank=True)
    photo_consent = models.CharField(_("photo consent"), max_length=10,
                                     choices=PhotoConsent.choices, default=PhotoConsent.NONE)
    home_language = models.CharField(_("home language"), max_length=8,
                                     choices=LANGUAGE_CHOICES, default="en")

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "upn"], condition=~Q(upn=""),
                                    name="pupil_unique_upn"),
            models.UniqueConstraint(fields=["school", "mis_id"], condition=~Q(mis_id=""),
                                    name="pupil_unique_mis_id"),
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True) | Q(admission_date__isnull=True)
                | Q(leaving_date__gte=models.F("admission_date")),
                name="pupil_leaves_after_admission",
            ),
        ]
        indexes = [models.Index(fields=["school", "legal_last_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def first_name(self) -> str:
        return self.preferred_first_name or self.legal_first_name

    @property
    def display_name(self) -> str:
        last = self.preferred_last_name or self.legal_last_name
        return f"{self.first_name} {last}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"

    def get_areas_of_need_display(self) -> list[str]:
        labels = dict(AreaOfNeed.choices)
        return [str(labels.get(code, code)) for code in self.areas_of_need]

    def get_communication_display(self) -> list[str]:
        labels = dict(CommunicationMethod.choices)
        return [str(labels.get(code, code)) for code in self.communication]

    @property
    def home_language_name(self) -> str:
        return language_name(self.home_language)


class Household(models.Model):
    """An address where a pupil lives or a contact lives; separated parents have two."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="households")
    address_line_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    home_phone = models.CharField(_("home phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["postcode", "address_line_1"]

    def __str__(self) -> str:
        parts = [self.address_line_1, self.town, self.postcode]
        return ", ".join(part for part in parts if part) or str(_("Address not known"))


class Contact(ChoiceLabels):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contacts")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="contacts", verbose_name=_("household"))
    # One person can be a contact at several schools of a trust (a child at each): one
    # user then holds a contact in each school, and at most one in any school.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="contacts")
    mis_id = models.CharField(_("MIS id"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=20, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email address"), blank=True)
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True,
                              help_text=_("Stored in international format, for example "
                                          "+447700900123."))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES,
                                default="en")
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    literacy_support = models.BooleanField(_("needs help with reading and writing"),
                                           default=False)
    preferred_channels = models.JSONField(_("preferred ways to hear from school"),
                                          default=list, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "mis_id"], condition=~Q(mis_id=""),
                                    name="contact_unique_mis_id"),
            models.UniqueConstraint(fields=["school", "user"], name="contact_one_per_school_user"),
        ]
        indexes = [models.Index(fields=["school", "last_name"]),
                   models.Index(fields=["email"]), models.Index(fields=["mobile"]),
                   # email__iexact: who a signed-in account is, and its court orders.
                   models.Index(Upper("email"), name="contact_email_upper")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def get_preferred_channels_display(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(code, code)) for code in self.preferred_channels]


class PupilContactQuerySet(models.QuerySet):
    def entitled(self):
        """Links that entitle the contact to information: not restricted, and parental
        responsibility or named to receive it (the rule ``is_entitled`` states too)."""
        return self.filter(Q(parental_responsibility=True) | Q(receives_information=True),
                           is_restricted=False)


def is_entitled_to_anyone(contact_id: int) -> bool:
    """Whether a contact may see anything at all (entitled to at least one pupil): who may
    be invited, signed in or sent a sign-in message. One query."""
    return PupilContact.objects.entitled().filter(contact_id=contact_id).exists()


class PupilContact(ChoiceLabels):
    """How a contact relates to one pupil: relationship, responsibility, restriction."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="contact_links")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="pupil_links")
    relationship = models.CharField(_("relationship"), max_length=3,
                                    choices=Relationship.choices)
    parental_responsibility = models.BooleanField(_("has parental responsibility"),
                                                  default=False)
    lives_with_pupil = models.BooleanField(_("lives with the pupil"), default=False)
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)
    receives_information = models.BooleanField(
        _("receives information about the pupil"), default=False,
        help_text=_("For a contact without parental responsibility who should still hear "
                    "from school, such as a carer or grandparent the family named."),
    )
    is_restricted = models.BooleanField(
        _("restricted (for example by a court order)"), default=False,
        help_text=_("A restricted contact sees nothing about this pupil and is sent nothing."),
    )
    restriction_note = models.TextField(_("restriction note"), blank=True)

    objects = PupilContactQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "contact"], name="pupil_contact_unique"),
        ]
        # Court orders are few and read on every request (``core.access``): found without
        # reading every link.
        indexes = [models.Index(fields=["contact"], name="pupil_contact_restricted",
                                condition=Q(is_restricted=True))]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_relationship_display()} of {self.pupil})"

    @property
    def is_entitled(self) -> bool:
        """Whether this contact may see and be sent information about the pupil."""
        if self.is_restricted:
            return False
        return self.parental_responsibility or self.receives_information
