"""Trusts, schools, their calendars, the people who sign in, staff roles and the audit log."""

import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Trust(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(_("name"), max_length=200)
    urn = models.CharField(
        _("URN"), max_length=8, unique=True,
        help_text=_("The school's Unique Reference Number from Get Information about Schools."),
    )
    la_code = models.CharField(_("local authority code"), max_length=3)
    estab = models.CharField(_("establishment number"), max_length=4, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/London", validators=[validate_timezone]
    )
    # Retention is per school (DESIGN.md: SEN files commonly DOB + 31 years, others DOB + 25).
    retention_years_sen = models.PositiveSmallIntegerField(default=31)
    retention_years_other = models.PositiveSmallIntegerField(default=25)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class AcademicYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="academic_years")
    name = models.CharField(_("name"), max_length=20, help_text=_("For example 2026/27"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["school", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="academic_year_unique_name"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")),
                                   name="academic_year_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("name"), max_length=40)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["academic_year", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")),
                                   name="term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.academic_year.name}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class LessonPeriod(models.Model):
    """A lesson in the school day; contact with families is kept out of these times."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="lesson_periods")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    name = models.CharField(_("name"), max_length=60)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        ordering = ["school", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="lesson_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.name}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: staff (with roles) or a family member (linked to a Contact).

    ``is_staff`` only opens Django's admin site; a Bridgebook staff member is someone with a
    StaffRole or a TrustAdministrator row.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email


class Role(models.TextChoices):
    CLASS_TEACHER = "class_teacher", _("Class teacher")
    TEACHING_ASSISTANT = "teaching_assistant", _("Teaching assistant")
    SENCO = "senco", _("SENCO")
    SALT = "salt", _("Speech and language therapist")
    OT = "ot", _("Occupational therapist")
    PHYSIO = "physio", _("Physiotherapist")
    NURSE = "nurse", _("School nurse")
    FAMILY_SUPPORT = "family_support", _("Family support worker")
    EAL_TEACHER = "eal_teacher", _("EAL teacher")
    OFFICE = "office", _("Office")
    PRINCIPAL = "principal", _("Principal")
    # A deputy or assistant head: deals with escalated concerns and conduct towards staff.
    SENIOR_LEADER = "senior_leader", _("Senior leader")
    # Staff of a residential (boarding) house, who see the pupils of their group.
    RESIDENTIAL = "residential", _("Residential care staff")
    POLICY_COORDINATOR = "policy_coordinator", _("Policy coordinator")


class StaffRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        ordering = ["school", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "role"], name="staff_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.school}"


class TrustAdministrator(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="trust_admin_roles")
    trust = models.ForeignKey(Trust, on_delete=models.CASCADE, related_name="administrators")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "trust"], name="trust_admin_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — administrator of {self.trust}"


class AuditEvent(models.Model):
    """Who viewed or changed a record about a child or family, and when."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Removed")
        EXPORT = "export", _("Exported")
        SIGN_IN = "sign_in", _("Signed in")
        INVITE = "invite", _("Invited")
        # Something that would have reached a person was stopped (a court order).
        REFUSE = "refuse", _("Refused")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    pupil = models.ForeignKey("people.Pupil", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["school", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.summary}"
